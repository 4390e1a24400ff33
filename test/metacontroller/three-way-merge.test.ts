// The Metacontroller stand-in's three-way merge against the table of
// Metacontroller's own test (pkg/dynamic/apply/apply_test.go, TestMerge): the
// same observed, last applied and desired objects give the same result, list
// maps merged by their key and other lists replaced whole.
import t from "tap";
import { threeWayMerge } from "../helpers/metacontroller-standin.js";

t.test("scalars: desired wins, what the hook stopped setting goes, what others set stays", async (t) => {
  t.same(threeWayMerge({ keep: "other", remove: "other", replace: "other" }, { remove: "old", replace: "old" }, { replace: "new", add: "new" }),
    { keep: "other", replace: "new", add: "new" });
});

t.test("nested objects merge field by field", async (t) => {
  t.same(threeWayMerge({ update: { keep: "other", remove: "other" } }, { update: { remove: "old", replace: "old" } }, { update: { replace: "new", add: "new" } }),
    { update: { keep: "other", replace: "new", add: "new" } });
});

t.test("a list of scalars, or of objects without a common key, is replaced whole", async (t) => {
  t.same(threeWayMerge({ list: [1, 2, 3, { a: true }] }, { list: [4, 5, 6] }, { list: [7, 8, 9, { b: false }] }), { list: [7, 8, 9, { b: false }] });
  t.same(threeWayMerge(
    { notListMap: [{ name: "keep", value: "other" }, { notName: "remove", value: "other" }, { name: "merge", nested: { keep: "other" } }] },
    { notListMap: [{ name: "remove", value: "old" }] },
    { notListMap: [{ name: "add", value: "new" }, { name: "merge", nested: { add: "new" } }] },
  ), { notListMap: [{ name: "add", value: "new" }, { name: "merge", nested: { add: "new" } }] });
});

t.test("list maps merge by name, port and containerPort: observed order first, then new items", async (t) => {
  const merged = threeWayMerge(
    {
      listMap: [{ name: "keep", value: "other" }, { name: "remove", value: "other" }, { name: "merge", nested: { keep: "other" } }],
      ports1: [{ port: 80, keep: "other" }],
      ports2: [{ containerPort: 80, keep: "other" }],
    },
    { listMap: [{ name: "remove", value: "old" }], ports1: [{ port: 80, remove: "old" }] },
    {
      listMap: [{ name: "add", value: "new" }, { name: "merge", nested: { add: "new" } }],
      ports1: [{ port: 80, add: "new" }, { port: 90 }],
      ports2: [{ containerPort: 80 }, { containerPort: 90 }],
    },
  );
  t.same(merged, {
    listMap: [{ name: "keep", value: "other" }, { name: "merge", nested: { keep: "other", add: "new" } }, { name: "add", value: "new" }],
    ports1: [{ port: 80, keep: "other", add: "new" }, { port: 90 }],
    ports2: [{ containerPort: 80, keep: "other" }, { containerPort: 90 }],
  });
});

t.test("a desired value of another shape than the observed one fails, as merge() does", async (t) => {
  t.throws(() => threeWayMerge({ spec: { a: 1 } }, {}, { spec: "text" }), /another shape/);
  t.throws(() => threeWayMerge({ list: [1] }, {}, { list: { a: 1 } }), /another shape/);
});
