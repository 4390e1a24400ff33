// Whether two values hold the same data, by content: what decides that a result
// computed from one request still stands for the next. Strings compare by
// content, which for two equal texts read from two requests is one memory
// comparison, far cheaper than hashing or serializing them.

function sameEntries(a: ReadonlyMap<unknown, unknown>, b: ReadonlyMap<unknown, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (!b.has(key) || !sameData(value, b.get(key))) return false;
  }
  return true;
}

/**
 * JSON-like values, Maps (keys by identity, values by content), Sets of
 * primitives and Dates compare by content; functions and other objects by
 * identity. Property order does not matter.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(a);
  if (prototype !== Object.getPrototypeOf(b) || Array.isArray(b)) return false;
  if (prototype === Object.prototype || prototype === null) {
    // for...in over objects from JSON.parse needs no array of keys; an inherited key is never own in b, so it makes a difference, never a false match.
    let keys = 0;
    for (const key in a) {
      keys++;
      if (!Object.hasOwn(b, key) || !sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
    }
    for (const _key in b) keys--;
    return keys === 0;
  }
  if (a instanceof Map) return sameEntries(a, b as Map<unknown, unknown>);
  if (a instanceof Set) return a.size === (b as Set<unknown>).size && [...a].every((v) => (b as Set<unknown>).has(v));
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  return false;
}
