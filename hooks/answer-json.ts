// Writing a hook's answer as JSON bytes. The children of a running cluster are
// usually the very same frozen array as on the previous sync (lib/sync/
// remembered.ts): their JSON is encoded once (lib/encoded-json.ts) and written
// again as it is; only the status and the rest are serialized per call. The bytes
// equal JSON.stringify of the whole answer (a test proves it).
import { encodedJson, jsonText } from "../lib/encoded-json.js";

export function answerJson(answer: object): Buffer {
  const pieces: Buffer[] = [];
  let text = "{";
  let separator = "";
  for (const [key, value] of Object.entries(answer)) {
    const reused = key === "children" && Array.isArray(value) && Object.isFrozen(value);
    const json: string | undefined = reused ? "" : jsonText(value);
    // JSON.stringify leaves out properties whose value has no JSON form (undefined, functions).
    if (json === undefined) continue;
    text += `${separator}${JSON.stringify(key)}:`;
    separator = ",";
    if (reused) {
      pieces.push(Buffer.from(text), encodedJson(value));
      text = "";
    } else {
      text += json;
    }
  }
  pieces.push(Buffer.from(`${text}}`));
  return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
}
