import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { renderProperties, type PropertyEntries } from "../../lib/kafka-files/properties.js";

// Each entry with the line java.util.Properties needs to read it back unchanged.
const CASES: Array<[string, string, string]> = [
  ["key", "value", "key=value"],
  ["a b", " leading and trailing ", "a\\ b=\\ leading and trailing "],
  ["k=1:2", "v=1:2", "k\\=1\\:2=v=1:2"],
  ["#hash", "#not a comment", "\\#hash=#not a comment"],
  ["!bang", "!x", "\\!bang=!x"],
  ["mid#key!", "x", "mid#key!=x"],
  ["back\\slash", "C:\\dir\\", "back\\\\slash=C:\\\\dir\\\\"],
  ["multi", "line1\nline2\r\n", "multi=line1\\nline2\\r\\n"],
  ["tab", "\tx\fy", "tab=\\tx\\fy"],
  ["unicode", "café ☕ 😀", "unicode=caf\\u00E9 \\u2615 \\uD83D\\uDE00"],
  ["ctl", "\u0001\u007f", "ctl=\\u0001\\u007F"],
  ["ключ", "значение", "\\u043A\\u043B\\u044E\\u0447=\\u0437\\u043D\\u0430\\u0447\\u0435\\u043D\\u0438\\u0435"],
  ["provider", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}", "provider=${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}"],
  ["empty", "", "empty="],
  ["", "no key", "=no key"],
];
const entries: PropertyEntries = CASES.map(([k, v]) => [k, v]);

t.test("keys and values are escaped as java.util.Properties reads them", async (t) => {
  for (const [key, value, line] of CASES) t.equal(renderProperties([[key, value]]), `${line}\n`, JSON.stringify(key));
});

t.test("entries keep their order; comments come first and stay on one line", async (t) => {
  t.equal(renderProperties([["b", "1"], ["a", "2"]], ["first", "two\nlines"]), "# first\n# two lines\nb=1\na=2\n");
  t.equal(renderProperties([]), "");
});

t.test("a key given twice is a bug", async (t) => {
  t.throws(() => renderProperties([["a", "1"], ["a", "2"]]), /property a is set twice/);
});

// Prints every entry as UTF-16 code units in hex, so any character survives the trip back.
const READER = `
import java.io.FileInputStream;
import java.util.Properties;
import java.util.TreeMap;

public class ReadProperties {
  static String hex(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(String.format("%04x", (int) c));
    return b.toString();
  }
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    // As Kafka's Utils.loadProps reads server.properties: from a byte stream, so as ISO-8859-1.
    try (FileInputStream in = new FileInputStream(args[0])) { p.load(in); }
    for (var e : new TreeMap<>(p).entrySet()) System.out.println(hex((String) e.getKey()) + " " + hex((String) e.getValue()));
  }
}
`;

const hex = (s: string): string => [...Array(s.length).keys()].map((i) => s.charCodeAt(i).toString(16).padStart(4, "0")).join("");

const javaMissing = spawnSync("java", ["-version"]).status !== 0
  ? "java is not installed: the round trip through java.util.Properties is not checked"
  : false;

t.test("java.util.Properties reads the rendered file back to the same entries", { skip: javaMissing }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "properties-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "ReadProperties.java"), READER);
  // The file is pure ASCII, so writing it as latin1 or UTF-8 gives the same bytes.
  const text = renderProperties(entries, ["a comment"]);
  t.match(text, /^[\x20-\x7e\n]*$/, "only printable ASCII and line ends");
  writeFileSync(join(dir, "test.properties"), text, "latin1");
  const run = spawnSync("java", [join(dir, "ReadProperties.java"), join(dir, "test.properties")], { encoding: "utf8", timeout: 60_000 });
  t.equal(run.status, 0, run.stderr);
  const expected = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${hex(k)} ${hex(v)}`);
  t.strictSame(run.stdout.replace(/\n$/, "").split("\n"), expected);
});
