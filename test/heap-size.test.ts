import t from "tap";
import { heapBytes } from "../lib/heap-size.js";

t.test("strings count a header and a byte per character, in words", async (t) => {
  t.equal(heapBytes(""), 16);
  t.equal(heapBytes("a"), 24);
  t.equal(heapBytes("12345678"), 24);
  t.equal(heapBytes("x".repeat(1_000_000)), 16 + 1_000_000);
});

t.test("small integers, booleans and null live in the pointer; other numbers are boxed", async (t) => {
  t.equal(heapBytes(7), 0);
  t.equal(heapBytes(true), 0);
  t.equal(heapBytes(null), 0);
  t.equal(heapBytes(undefined), 0);
  t.equal(heapBytes(0.5), 16);
  t.equal(heapBytes(2 ** 40), 16);
});

t.test("objects, arrays, Maps, Sets, Dates and byte arrays: headers, slots and contents", async (t) => {
  t.equal(heapBytes({}), 24);
  t.equal(heapBytes({ a: 1, b: "x" }), 24 + 2 * 24 + 24);
  t.equal(heapBytes([]), 32);
  t.equal(heapBytes(["x", 1]), 32 + 2 * 8 + 24);
  t.equal(heapBytes(new Map([["k", "v"]])), 64 + 32 + 24 + 24);
  t.equal(heapBytes(new Set(["v"])), 64 + 24 + 24);
  t.equal(heapBytes(new Date(0)), 40);
  t.equal(heapBytes(Buffer.alloc(100)), 32 + 100);
});

t.test("a value reached twice counts twice; frozen objects count nothing when asked", async (t) => {
  const shared = { name: "x" };
  t.equal(heapBytes([shared, shared]), 32 + 16 + 2 * heapBytes(shared));
  const frozen = Object.freeze({ pem: "y".repeat(100) });
  t.equal(heapBytes({ frozen }, { skipFrozen: true }), 24 + 24);
  t.equal(heapBytes({ frozen }), 24 + 24 + heapBytes(frozen));
});
