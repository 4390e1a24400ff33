// Random edits of a custom resource, the kind users and tools get wrong: wrong
// types, missing and extra fields, huge values, unicode, duplicates. Driven by a
// seeded generator so that a failing case is reproduced by its seed.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** mulberry32: small, fast, good enough to pick mutations. */
export function seededGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every path under `root` (the root itself included), depth first. */
function paths(value: Json, prefix: Path = []): Path[] {
  const here: Path[] = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...prefix, i])));
  if (isObject(value)) return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

function get(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === "number") node = node[step];
    else if (isObject(node) && typeof step === "string") node = node[step];
    else return undefined;
  }
  return node;
}

const STRANGE_VALUES: readonly Json[] = [
  null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -1e308, 1e308, "", " ", "0", "-1", "true", "null",
  "x".repeat(10_000), "ünïcødé ✓ 日本語", "\u0000\u202e", "a.b.c", "${env:HOME}", "../../etc/passwd", "9092",
  [], [null], [1, 2, 3], {}, { unexpected: "field" }, { type: "internal" },
];

function strangeValue(random: () => number): Json {
  return structuredClone(STRANGE_VALUES[Math.floor(random() * STRANGE_VALUES.length)] ?? null);
}

/** One random edit somewhere below `root`; returns a description of it. */
export function mutate(root: Json, random: () => number): string {
  const candidates = paths(root).filter((p) => p.length > 0);
  const path = candidates[Math.floor(random() * candidates.length)];
  if (!path) return "nothing to mutate";
  const parent = get(root, path.slice(0, -1));
  const key = path[path.length - 1] as string | number;
  const where = path.join(".");
  const op = Math.floor(random() * 5);
  if (Array.isArray(parent) && typeof key === "number") {
    if (op === 0) {
      parent.splice(key, 1);
      return `removed ${where}`;
    }
    if (op === 1) {
      parent.push(structuredClone(parent[key] ?? null));
      return `duplicated ${where}`;
    }
    parent[key] = strangeValue(random);
    return `replaced ${where} with ${JSON.stringify(parent[key]).slice(0, 40)}`;
  }
  if (parent !== undefined && isObject(parent) && typeof key === "string") {
    if (op === 0) {
      delete parent[key];
      return `removed ${where}`;
    }
    if (op === 1) {
      parent[`${key}Extra`] = strangeValue(random);
      return `added ${where}Extra`;
    }
    parent[key] = strangeValue(random);
    return `replaced ${where} with ${JSON.stringify(parent[key]).slice(0, 40)}`;
  }
  return `could not mutate ${where}`;
}
