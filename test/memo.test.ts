import t from "tap";
import { LastResults, memoize } from "../lib/memo.js";

t.test("a remembered function is called once per distinct arguments, and forgets its oldest beyond capacity", async (t) => {
  const calls: string[] = [];
  const upper = memoize((a: string, b: string) => {
    calls.push(`${a}|${b}`);
    return `${a}${b}`.toUpperCase();
  }, 2);
  t.equal(upper("a", "b"), "AB");
  t.equal(upper("a", "b"), "AB");
  t.equal(upper("ab", ""), "AB", "arguments are kept apart: ('ab', '') is not ('a', 'b')");
  t.same(calls, ["a|b", "ab|"]);
  upper("c", "d");
  upper("a", "b");
  t.same(calls, ["a|b", "ab|", "c|d", "a|b"], "the oldest entry was forgotten");
});

t.test("a throwing call is not remembered", async (t) => {
  let calls = 0;
  const parse = memoize((text: string) => {
    calls++;
    if (text === "bad") throw new Error("unreadable");
    return text.length;
  }, 8);
  t.throws(() => parse("bad"));
  t.throws(() => parse("bad"));
  t.equal(calls, 2);
});

t.test("no two argument lists share a key, whatever characters they hold", async (t) => {
  let calls = 0;
  const joined = memoize((a: string, b: string) => {
    calls++;
    return [a, b];
  }, 8);
  t.same(joined("a\0b", ""), ["a\0b", ""]);
  t.same(joined("a", "b\0"), ["a", "b\0"]);
  t.same(joined("1:a", ""), ["1:a", ""]);
  t.same(joined("", "1:a"), ["", "1:a"]);
  t.equal(calls, 4);
});

t.test("a last result is recalled for the same inputs and key only", async (t) => {
  const results = new LastResults<{ spec: { replicas: number } }, { children: string[] }>("test", 4);
  const built = results.remember("ns/a", { spec: { replicas: 3 } }, { children: ["x"] });
  t.equal(results.recall("ns/a", { spec: { replicas: 3 } }), built, "the same inputs read from another request recall the very same result");
  t.equal(results.recall("ns/a", { spec: { replicas: 4 } }), undefined);
  t.equal(results.recall("ns/b", { spec: { replicas: 3 } }), undefined, "another cluster's result is never recalled");
  t.same(results.lookups, { recalled: 1, missed: 2 }, "counted for the metrics");
});

t.test("a remembered result is frozen, and its inputs are copied", async (t) => {
  const results = new LastResults<{ spec: { replicas: number } }, { children: Array<{ name: string }> }>("test", 4);
  const inputs = { spec: { replicas: 3 } };
  const result = results.remember("ns/a", inputs, { children: [{ name: "x" }] });
  t.throws(() => { (result.children[0] as { name: string }).name = "y"; }, TypeError, "changing a remembered child fails loudly");
  t.throws(() => { result.children.push({ name: "z" }); }, TypeError);
  inputs.spec.replicas = 5;
  t.equal(results.recall("ns/a", { spec: { replicas: 5 } }), undefined, "inputs changed in place afterwards do not make the old result stand for them");
  t.equal(results.recall("ns/a", { spec: { replicas: 3 } }), result);
});

t.test("a result stands until its horizon, and the least recently used is forgotten beyond capacity", async (t) => {
  const results = new LastResults<number, string>("test", 2);
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

t.test("what is remembered is bounded by weight: the least recently used go until the new result fits, and one too heavy is not kept", async (t) => {
  const results = new LastResults<number, string[]>("test", 10, (nodes) => nodes.length);
  const nodes = (n: number) => Array.from({ length: n }, (_, i) => `node-${i}`);
  results.remember("a", 1, nodes(4));
  results.remember("b", 2, nodes(4));
  results.recall("a", 1);
  results.remember("c", 3, nodes(5));
  t.equal(results.recall("b", 2), undefined, "b, the least recently used, made room");
  t.ok(results.recall("a", 1) && results.recall("c", 3), "a and c fit together");
  const heavy = nodes(11);
  t.equal(results.remember("d", 4, heavy), heavy);
  t.equal(results.recall("d", 4), undefined, "heavier than the whole capacity: not remembered");
  t.notOk(Object.isFrozen(heavy), "nor frozen");
  t.ok(results.recall("a", 1) && results.recall("c", 3), "and nothing was forgotten for it");
  results.remember("a", 1, nodes(1));
  results.remember("e", 5, nodes(4));
  t.ok(results.recall("a", 1) && results.recall("c", 3) && results.recall("e", 5), "a remembered again weighs only its new weight");
});
