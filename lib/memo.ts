// Remembering the results of pure, costly functions across hook calls. A running
// cluster sends the same certificates on every sync; checking a signature or
// parsing a private key again each time costs more than the rest of the sync.
// Bounded, so memory does not grow with the number of requests served.
import { createHash } from "node:crypto";

export function memoize<Args extends string[], Result>(fn: (...args: Args) => Result, capacity: number): (...args: Args) => Result {
  const results = new Map<string, Result>();
  return (...args: Args): Result => {
    // A digest, not the arguments themselves: PEM texts are kilobytes each.
    const digest = createHash("sha256");
    for (const arg of args) digest.update(arg).update("\0");
    const key = digest.digest("base64");
    const known = results.get(key);
    if (known !== undefined || results.has(key)) return known as Result;
    const result = fn(...args);
    if (results.size >= capacity) {
      // Oldest first: Map iterates in insertion order.
      const oldest = results.keys().next().value;
      if (oldest !== undefined) results.delete(oldest);
    }
    results.set(key, result);
    return result;
  };
}
