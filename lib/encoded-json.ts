// The JSON bytes of remembered children, encoded once: a running cluster's
// answer lists the very same children on every sync, and their JSON is 1.2 MiB
// at 100 nodes. A PodSet's pods are kept as a frozen array (its sync reads them
// on every call) with their bytes beside it, here; a Kafka's children as their
// bytes alone (lib/sync/encoded-children.ts). The server writes the bytes
// (hooks/answer-json.ts).

// A refused sync re-emits observed children as they are (lib/sync/keep-observed.ts),
// and the API server stores objects nested up to 10,000 levels, deeper than
// JSON.stringify's recursion reaches: such a value is written by a loop instead.

/** JSON.stringify's text of a JSON value (no toJSON, no cycles), written with a stack of its own, so at any depth. */
export function stringifyDeep(root: unknown): string | undefined {
  const text: string[] = [];
  // Each entry is text to write as it is, or a value to write as JSON.
  const pending: Array<{ text: string } | { value: unknown }> = [{ value: root }];
  const hasJson = (v: unknown): boolean => v !== undefined && typeof v !== "function" && typeof v !== "symbol";
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ("text" in next) {
      text.push(next.text);
      continue;
    }
    const { value } = next;
    if (typeof value !== "object" || value === null) {
      text.push(hasJson(value) ? (JSON.stringify(value) as string) : "null");
    } else if (Array.isArray(value)) {
      pending.push({ text: "]" });
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i] }, { text: i > 0 ? "," : "" });
      text.push("[");
    } else {
      const keys = Object.keys(value).filter((key) => hasJson((value as Record<string, unknown>)[key]));
      pending.push({ text: "}" });
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        pending.push({ value: (value as Record<string, unknown>)[key] }, { text: `${i > 0 ? "," : ""}${JSON.stringify(key)}:` });
      }
      text.push("{");
    }
  }
  return hasJson(root) ? text.join("") : undefined;
}

/** JSON.stringify, and for a value nested too deeply for it, the same text from stringifyDeep. */
export function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError) return stringifyDeep(value);
    throw error;
  }
}

/** An entry goes when its array does. */
const encoded = new WeakMap<object, Buffer>();

/** `JSON.stringify(children)` as UTF-8 bytes, encoded once per frozen array. */
export function encodedJson(children: readonly unknown[]): Buffer {
  let bytes = encoded.get(children);
  if (bytes === undefined) {
    bytes = Buffer.from(jsonText(children) as string);
    encoded.set(children, bytes);
  }
  return bytes;
}
