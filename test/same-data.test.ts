import t from "tap";
import { sameData } from "../lib/same-data.js";

t.test("JSON-like data compares by content, whatever the property order", async (t) => {
  t.ok(sameData({ a: [1, "x", { b: null }], c: true }, { c: true, a: [1, "x", { b: null }] }));
  t.notOk(sameData({ a: [1, 2] }, { a: [2, 1] }), "array order matters");
  t.notOk(sameData({ a: 1 }, { a: 1, b: undefined }), "a key holding undefined is still a key");
  t.notOk(sameData({ a: "x" }, { a: "y" }));
  t.notOk(sameData([], {}));
  t.notOk(sameData(null, {}));
  t.notOk(sameData(1, "1"));
  t.ok(sameData(Number.NaN, Number.NaN) === false, "NaN is never the same, so nothing is recalled for it");
});

t.test("long texts read twice compare equal; one changed character does not", async (t) => {
  const text = "MIIB".repeat(100_000);
  const again = JSON.parse(JSON.stringify(text)) as string;
  t.ok(sameData({ pem: text }, { pem: again }));
  t.notOk(sameData({ pem: text }, { pem: `${again.slice(0, -1)}X` }));
});

t.test("Maps, Sets and Dates compare by content; functions and class instances by identity", async (t) => {
  t.ok(sameData(new Map([["a", { x: 1 }]]), new Map([["a", { x: 1 }]])));
  t.notOk(sameData(new Map([["a", { x: 1 }]]), new Map([["a", { x: 2 }]])));
  t.notOk(sameData(new Map([["a", 1]]), new Map([["b", 1]])));
  t.ok(sameData(new Set(["a", "b"]), new Set(["b", "a"])));
  t.notOk(sameData(new Set(["a"]), new Set(["b"])));
  t.ok(sameData(new Date(5), new Date(5)));
  t.notOk(sameData(new Date(5), new Date(6)));
  const f = () => 1;
  t.ok(sameData({ f }, { f }));
  t.notOk(sameData({ f }, { f: () => 1 }));
  t.notOk(sameData(Buffer.from("a"), Buffer.from("a")), "a Buffer is not plain data: only the same Buffer is the same");
  t.notOk(sameData(new Map(), {}), "a Map is not an object with no keys");
});
