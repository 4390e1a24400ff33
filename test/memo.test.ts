import t from "tap";
import { memoize } from "../lib/memo.js";

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
