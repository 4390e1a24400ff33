// Kubernetes resource quantities (`100Gi`, `1.5T`, `500M`, `1e9`) compared exactly:
// a PVC may be grown but never shrunk, so `1Gi` against `1073741824` must be equal.
// Written here: client libraries' quantity parsers return a float or an
// integer and refuse fractions of a unit (`1.5Gi`), and lib/ takes no Kubernetes
// client; exact fractions of bigints compare every quantity the API server accepts.

/** A quantity as an exact fraction. */
interface Exact {
  numerator: bigint;
  denominator: bigint;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export function parseQuantity(text: string): Exact | undefined {
  const match = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign = "", number = "", suffix = "", exponent] = match;
  const [whole = "", fraction = ""] = number.split(".");
  let numerator = BigInt(`${whole || "0"}${fraction}`) * (sign === "-" ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  const binary = BINARY[suffix];
  const decimal = exponent !== undefined ? Number(exponent) : DECIMAL[suffix] ?? 0;
  if (binary !== undefined) numerator *= 2n ** BigInt(binary);
  else if (decimal >= 0) numerator *= 10n ** BigInt(decimal);
  else denominator *= 10n ** BigInt(-decimal);
  return { numerator, denominator };
}

/** Negative when a < b, zero when equal, positive when a > b; undefined when either is not a quantity. */
export function compareQuantities(a: string, b: string): number | undefined {
  const [x, y] = [parseQuantity(a), parseQuantity(b)];
  if (!x || !y) return undefined;
  const difference = x.numerator * y.denominator - y.numerator * x.denominator;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

const DECIMAL_SUFFIX: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const BINARY_SUFFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/**
 * A quantity as the API server stores it (apimachinery's Quantity.CanonicalizeBytes):
 * binary suffixes stay binary when the value is a whole number of at least 1024
 * (`1024Mi` is `1Gi`, `1.5Gi` is `1536Mi`), exponents stay exponents, everything
 * else is decimal with the largest suffix that keeps the number whole (`1000m` is
 * `1`, `0.5` is `500m`, `2000` is `2k`); precision below a nano is rounded up.
 * What the hooks write inside a list (a container's resources) must be in this
 * form, or Metacontroller sees a difference on every sync. Undefined when `text`
 * is not a quantity.
 */
export function canonicalQuantity(text: string): string | undefined {
  const exact = parseQuantity(text);
  if (!exact) return undefined;
  if (exact.numerator === 0n) return "0";
  const trimmed = text.trim();
  const binary = /[KMGTPE]i$/.test(trimmed);
  const exponentForm = /[eE][+-]?\d+$/.test(trimmed);
  const whole = exact.numerator % exact.denominator === 0n;
  if (binary && whole) {
    let value = exact.numerator / exact.denominator;
    if (value <= -1024n || value >= 1024n) {
      let power = 0;
      while (power < BINARY_SUFFIX.length - 1 && value % 1024n === 0n) {
        value /= 1024n;
        power++;
      }
      return `${value}${BINARY_SUFFIX[power]}`;
    }
  }
  // The denominator is a power of ten: the value is mantissa × 10^exponent.
  let mantissa = exact.numerator;
  let exponent = -(exact.denominator.toString().length - 1);
  if (exponent < -9) {
    const scale = 10n ** BigInt(-9 - exponent);
    mantissa = mantissa >= 0n ? (mantissa + scale - 1n) / scale : mantissa / scale;
    exponent = -9;
  }
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const over = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(over);
  exponent -= over;
  const suffix = exponentForm ? undefined : DECIMAL_SUFFIX[exponent];
  return `${mantissa}${suffix ?? (exponent === 0 ? "" : `e${exponent}`)}`;
}
