// Remembering the results of pure, costly functions across hook calls. A running
// cluster sends the same certificates on every sync; checking a signature or
// parsing a private key again each time costs more than the rest of the sync.
// Bounded, so memory does not grow with the number of requests served.

export function memoize<Args extends string[], Result>(fn: (...args: Args) => Result, capacity: number): (...args: Args) => Result {
  const results = new Map<string, Result>();
  return (...args: Args): Result => {
    // The texts themselves are the key (a Map hashes a string far faster than a
    // cryptographic digest does); each is prefixed with its length, so no two
    // argument lists make the same key.
    const key = args.map((arg) => `${arg.length}:${arg}`).join("");
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
