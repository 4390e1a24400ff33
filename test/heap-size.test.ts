import t from "tap";
import { heapBytes } from "../lib/heap-size.js";

const one = (value: unknown): number => heapBytes([value]);

t.test("strings count a header and a byte per character, in words", async (t) => {
  t.equal(one(""), 16);
  t.equal(one("a"), 24);
  t.equal(one("12345678"), 24);
  t.equal(one("x".repeat(1_000_000)), 16 + 1_000_000);
});

t.test("small integers, booleans and null live in the pointer; other numbers are boxed", async (t) => {
  t.equal(one(7), 0);
  t.equal(one(true), 0);
  t.equal(one(null), 0);
  t.equal(one(undefined), 0);
  t.equal(one(0.5), 16);
  t.equal(one(2 ** 40), 16);
});

t.test("objects, arrays, Maps, Sets, Dates and byte arrays: headers, slots and contents", async (t) => {
  t.equal(one({}), 24);
  t.equal(one({ a: 1, b: "x" }), 24 + 2 * 24 + 24);
  t.equal(one([]), 32);
  t.equal(one(["x", 1]), 32 + 2 * 8 + 24);
  t.equal(one(new Map([["k", "v"]])), 64 + 32 + 24 + 24);
  t.equal(one(new Set(["v"])), 64 + 24 + 24);
  t.equal(one(new Date(0)), 40);
  t.equal(one(Buffer.alloc(100)), 32 + 100);
});

t.test("an object reached twice counts once, over all the values; so does a long text, short ones count each time", async (t) => {
  const shared = { name: "x" };
  t.equal(one([shared, shared]), 32 + 16 + one(shared));
  t.equal(heapBytes([shared, { shared }]), one(shared) + 24 + 24);
  const long = "v".repeat(256);
  t.equal(one([long, `${"v".repeat(255)}v`]), 32 + 16 + one(long), "by content: the same text from two places");
  t.equal(one(["short", "short"]), 32 + 16 + 2 * one("short"));
});

t.test("frozen objects, remembered elsewhere, count nothing when asked", async (t) => {
  const frozen = Object.freeze({ pem: "y".repeat(100) });
  t.equal(heapBytes([{ frozen }], { skipFrozen: true }), 24 + 24);
  t.equal(heapBytes([{ frozen }]), 24 + 24 + one(frozen));
});
