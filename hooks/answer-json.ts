// Writing a hook's answer as JSON bytes. The children of a running cluster are
// usually the very same remembered children as on the previous sync (lib/sync/
// remembered.ts): a Kafka's kept as their JSON, a PodSet's pods as a frozen
// array whose JSON is encoded once (lib/encoded-json.ts). Those bytes are written
// again as they are; only the status and the rest are serialized per call. The
// bytes equal JSON.stringify of the whole answer (a test proves it).
import { encodedJson, jsonText } from "../lib/encoded-json.js";
import { EncodedChildren } from "../lib/sync/encoded-children.js";

/** The bytes of children already encoded, if they are. */
function encodedChildren(value: unknown): Buffer | undefined {
  if (value instanceof EncodedChildren) return value.json;
  return Array.isArray(value) && Object.isFrozen(value) ? encodedJson(value) : undefined;
}

export function answerJson(answer: object): Buffer {
  const pieces: Buffer[] = [];
  let text = "{";
  let separator = "";
  for (const [key, value] of Object.entries(answer)) {
    const reused = key === "children" ? encodedChildren(value) : undefined;
    const json: string | undefined = reused ? "" : jsonText(value);
    // JSON.stringify leaves out properties whose value has no JSON form (undefined, functions).
    if (json === undefined) continue;
    text += `${separator}${JSON.stringify(key)}:`;
    separator = ",";
    if (reused) {
      pieces.push(Buffer.from(text), reused);
      text = "";
    } else {
      text += json;
    }
  }
  pieces.push(Buffer.from(`${text}}`));
  return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
}
