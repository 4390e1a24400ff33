// Java properties files, as java.util.Properties#load reads them (Kafka's
// server.properties and log4j2's properties configuration are both read that way,
// as ISO-8859-1). Entries keep the order they are given in, so the same input
// always renders the same text.

export type PropertyEntries = ReadonlyArray<readonly [string, string]>;

/** Lines of a properties file being put together, in order. */
export type BrokerProperties = Array<[string, string]>;

const hex4 = (code: number): string => code.toString(16).toUpperCase().padStart(4, "0");

// Text that needs no escape at all, the usual case: printable ASCII without a backslash,
// not starting with a space, and in a key without a separator or comment mark.
const PLAIN_VALUE = /^(?! )[\x20-\x5b\x5d-\x7e]*$/;
const PLAIN_KEY = /^(?![#!])[\x21-\x39\x3b\x3c\x3e-\x5b\x5d-\x7e]*$/;

function escape(text: string, isKey: boolean): string {
  if ((isKey ? PLAIN_KEY : PLAIN_VALUE).test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const code = text.charCodeAt(i);
    switch (ch) {
      case "\\": out += "\\\\"; continue;
      case "\n": out += "\\n"; continue;
      case "\r": out += "\\r"; continue;
      case "\t": out += "\\t"; continue;
      case "\f": out += "\\f"; continue;
    }
    // A space ends a key; at the start of a value it would be skipped as separator padding.
    if (ch === " " && (isKey || i === 0)) { out += "\\ "; continue; }
    // In a key these end the key; at the start of a line (only a key starts one) they begin a comment.
    if (isKey && (ch === "=" || ch === ":" || ((ch === "#" || ch === "!") && i === 0))) { out += `\\${ch}`; continue; }
    // load() decodes the file as ISO-8859-1: anything beyond printable ASCII travels as \uXXXX
    // (one escape per UTF-16 unit, which is how load() rebuilds surrogate pairs).
    if (code < 0x20 || code > 0x7e) { out += `\\u${hex4(code)}`; continue; }
    out += ch;
  }
  return out;
}

export const escapePropertyKey = (key: string): string => escape(key, true);
export const escapePropertyValue = (value: string): string => escape(value, false);

/**
 * The text of a properties file: optional comment lines, then one `key=value` line
 * per entry. A key given twice is a bug in the caller (the later one would silently
 * win when Kafka reads the file), so it throws.
 */
export function renderProperties(entries: PropertyEntries, comments: readonly string[] = []): string {
  const seen = new Set<string>();
  const lines = comments.map((c) => `# ${c.replace(/[\r\n]+/g, " ")}`);
  for (const [key, value] of entries) {
    if (seen.has(key)) throw new Error(`property ${key} is set twice`);
    seen.add(key);
    lines.push(`${escapePropertyKey(key)}=${escapePropertyValue(value)}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
