import t from "tap";
import { heapBytes } from "../lib/heap-size.js";
import { LastResults, memoize } from "../lib/memo.js";

/** What memoize counts for one entry: its key (each argument prefixed with its length) and its result. */
const memoEntryBytes = (key: string, result: unknown): number => heapBytes([key, result]);

t.test("a remembered function is called once per distinct arguments, and forgets its least recently used beyond its bytes", async (t) => {
  const calls: string[] = [];
  // Room for two entries of this size ("1:a1:b" and "AB"), not three.
  const upper = memoize("test-upper", 2 * memoEntryBytes("1:a1:b", "AB"), (a: string, b: string) => {
    calls.push(`${a}|${b}`);
    return `${a}${b}`.toUpperCase();
  });
  t.equal(upper("a", "b"), "AB");
  t.equal(upper("a", "b"), "AB");
  t.equal(upper("ab", ""), "AB", "arguments are kept apart: ('ab', '') is not ('a', 'b')");
  t.same(calls, ["a|b", "ab|"]);
  upper("c", "d");
  upper("a", "b");
  t.same(calls, ["a|b", "ab|", "c|d", "a|b"], "the least recently used entry was forgotten");
  t.equal(upper.stage.stage, "test-upper");
  t.same(upper.stage.lookups, { recalled: 1, missed: 4 }, "counted for the metrics");
  t.equal(upper.stage.bytes, memoEntryBytes("1:c1:d", "CD") + memoEntryBytes("1:a1:b", "AB"), "and its bytes");
});

t.test("a remembered function keeps `undefined` results, and none larger than its bytes", async (t) => {
  let calls = 0;
  const lookUp = memoize("test-lookup", 200, (text: string) => {
    calls++;
    return text === "none" ? undefined : text.repeat(2);
  });
  t.equal(lookUp("none"), undefined);
  t.equal(lookUp("none"), undefined);
  t.equal(calls, 1, "undefined is a result like any other");
  const large = "x".repeat(200);
  t.equal(lookUp(large), large + large);
  t.equal(lookUp(large), large + large);
  t.equal(calls, 3, "a result larger than the bound is computed every time");
});

t.test("a throwing call is not remembered", async (t) => {
  let calls = 0;
  const parse = memoize("test-parse", 1024, (text: string) => {
    calls++;
    if (text === "bad") throw new Error("unreadable");
    return text.length;
  });
  t.throws(() => parse("bad"));
  t.throws(() => parse("bad"));
  t.equal(calls, 2);
});

t.test("no two argument lists share a key, whatever characters they hold", async (t) => {
  let calls = 0;
  const joined = memoize("test-joined", 4096, (a: string, b: string) => {
    calls++;
    return [a, b];
  });
  t.same(joined("a\0b", ""), ["a\0b", ""]);
  t.same(joined("a", "b\0"), ["a", "b\0"]);
  t.same(joined("1:a", ""), ["1:a", ""]);
  t.same(joined("", "1:a"), ["", "1:a"]);
  t.equal(calls, 4);
});

t.test("a last result is recalled for the same inputs and key only", async (t) => {
  const results = new LastResults<{ spec: { replicas: number } }, { children: string[] }>("test", 4096);
  const built = results.remember("ns/a", { spec: { replicas: 3 } }, { children: ["x"] });
  t.equal(results.recall("ns/a", { spec: { replicas: 3 } }), built, "the same inputs read from another request recall the very same result");
  t.equal(results.recall("ns/a", { spec: { replicas: 4 } }), undefined);
  t.equal(results.recall("ns/b", { spec: { replicas: 3 } }), undefined, "another cluster's result is never recalled");
  t.same(results.lookups, { recalled: 1, missed: 2 }, "counted for the metrics");
});

t.test("a remembered result is frozen, and its inputs are copied", async (t) => {
  const results = new LastResults<{ spec: { replicas: number } }, { children: Array<{ name: string }> }>("test", 4096);
  const inputs = { spec: { replicas: 3 } };
  const result = results.remember("ns/a", inputs, { children: [{ name: "x" }] });
  t.throws(() => { (result.children[0] as { name: string }).name = "y"; }, TypeError, "changing a remembered child fails loudly");
  t.throws(() => { result.children.push({ name: "z" }); }, TypeError);
  inputs.spec.replicas = 5;
  t.equal(results.recall("ns/a", { spec: { replicas: 5 } }), undefined, "inputs changed in place afterwards do not make the old result stand for them");
  t.equal(results.recall("ns/a", { spec: { replicas: 3 } }), result);
});

/** What LastResults counts for one entry: key, inputs and result, and the extra bytes. */
const entryBytes = (key: string, inputs: unknown, result: unknown, extra = 0): number => heapBytes([key, inputs, result]) + extra;

t.test("a result stands until its horizon, and the least recently used is forgotten beyond the bytes", async (t) => {
  const results = new LastResults<number, string>("test", 2 * entryBytes("a", 1, "A"));
  results.remember("a", 1, "A", 1000);
  t.equal(results.recall("a", 1, 1000), "A", "at the horizon it still stands");
  t.equal(results.recall("a", 1, 1001), undefined, "after it, it does not");
  t.equal(results.recall("a", 1, 10), "A", "an earlier clock is within it");
  results.remember("b", 2, "B");
  results.recall("a", 1);
  results.remember("c", 3, "C");
  t.equal(results.recall("b", 2), undefined, "b was the least recently used");
  t.equal(results.recall("a", 1), "A");
  t.equal(results.recall("c", 3), "C");
});

t.test("what is remembered is bounded by bytes: the least recently used go until the new result fits, and one too large is not kept", async (t) => {
  const nodes = (n: number) => Array.from({ length: n }, (_, i) => `node-${i}`);
  // Each result keeps 100 bytes beyond its objects, as an encoded answer would.
  const extra = 100;
  const bytes = (n: number): number => entryBytes("a", 1, nodes(n), extra);
  // Room for results of 4 and 5 nodes and one of a single node, not for two of 4 and one of 5.
  const bound = bytes(1) + bytes(4) + bytes(5);
  const results = new LastResults<number, string[]>("test", bound, () => extra);
  t.equal(results.maxBytes, bound);
  results.remember("a", 1, nodes(4));
  results.remember("b", 2, nodes(4));
  t.equal(results.bytes, 2 * bytes(4), "the bytes held: keys, inputs, results and extra bytes");
  results.recall("a", 1);
  results.remember("c", 3, nodes(5));
  t.equal(results.recall("b", 2), undefined, "b, the least recently used, made room");
  t.ok(results.recall("a", 1) && results.recall("c", 3), "a and c fit together");
  t.equal(results.bytes, bytes(4) + bytes(5));
  const large = nodes(20);
  t.equal(results.remember("d", 4, large), large);
  t.equal(results.recall("d", 4), undefined, "larger than the whole bound: not remembered");
  t.notOk(Object.isFrozen(large), "nor frozen");
  t.ok(results.recall("a", 1) && results.recall("c", 3), "and nothing was forgotten for it");
  results.remember("a", 1, nodes(1));
  results.remember("e", 5, nodes(4));
  t.ok(results.recall("a", 1) && results.recall("c", 3) && results.recall("e", 5), "a remembered again counts only its new bytes");
  results.remember("a", 1, large);
  t.equal(results.recall("a", 1), undefined, "a result too large for the bound replaces the old one by nothing");
});

t.test("inputs that are frozen, remembered results of another stage, count nothing", async (t) => {
  const shared = Object.freeze({ pem: "x".repeat(1000) });
  const results = new LastResults<{ certificate: object; name: string }, string>("test", 1_000_000);
  results.remember("a", { certificate: shared, name: "n" }, "R");
  t.equal(results.bytes, heapBytes(["a", { certificate: null, name: "n" }, "R"]));
});
