// Kubernetes resource quantities (`100Gi`, `1.5T`, `500M`, `1e9`) compared exactly:
// a PVC may be grown but never shrunk, so `1Gi` against `1073741824` must be equal.
// Written here: @kubernetes/client-node's quantityToScalar returns a float or an
// integer and refuses fractions of a unit (`1.5Gi`), and lib/ takes no Kubernetes
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
