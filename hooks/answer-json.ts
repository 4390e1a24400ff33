// Writing a hook's answer as JSON bytes. The children of a running cluster are
// usually the very same frozen array as on the previous sync (lib/sync/
// remembered.ts): their JSON, 1.2 MiB at 100 nodes, is encoded once and written
// again as it is; only the status and the rest are serialized per call. The bytes
// equal JSON.stringify of the whole answer (a test proves it).
//
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
function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError) return stringifyDeep(value);
    throw error;
  }
}

/** Encoded JSON of remembered (frozen) children arrays; an entry goes when its array does. */
const encodedChildren = new WeakMap<object, Buffer>();

function childrenJson(children: readonly unknown[]): Buffer {
  let encoded = encodedChildren.get(children);
  if (encoded === undefined) {
    encoded = Buffer.from(stringify(children) as string);
    encodedChildren.set(children, encoded);
  }
  return encoded;
}

export function answerJson(answer: object): Buffer {
  const pieces: Buffer[] = [];
  let text = "{";
  let separator = "";
  for (const [key, value] of Object.entries(answer)) {
    const reused = key === "children" && Array.isArray(value) && Object.isFrozen(value);
    const json: string | undefined = reused ? "" : stringify(value);
    // JSON.stringify leaves out properties whose value has no JSON form (undefined, functions).
    if (json === undefined) continue;
    text += `${separator}${JSON.stringify(key)}:`;
    separator = ",";
    if (reused) {
      pieces.push(Buffer.from(text), childrenJson(value));
      text = "";
    } else {
      text += json;
    }
  }
  pieces.push(Buffer.from(`${text}}`));
  return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
}
