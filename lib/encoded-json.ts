// The JSON bytes of remembered (frozen) arrays of children, encoded once: a
// running cluster's answer lists the very same frozen array on every sync, and
// its JSON is 1.2 MiB at 100 nodes. The bytes are also what a remembered result
// costs beyond its objects, so the stage that remembers it counts them
// (lib/memo.ts), and the server writes them (hooks/answer-json.ts).

/** An entry goes when its array does. */
const encoded = new WeakMap<object, Buffer>();

/** `JSON.stringify(children)` as UTF-8 bytes, encoded once per frozen array. */
export function encodedJson(children: readonly unknown[]): Buffer {
  let bytes = encoded.get(children);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(children));
    encoded.set(children, bytes);
  }
  return bytes;
}
