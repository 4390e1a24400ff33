import t from "tap";
import { answerJson } from "../../hooks/answer-json.js";
import { stringifyDeep } from "../../lib/encoded-json.js";
import { childObjects, EncodedChildren } from "../../lib/sync/encoded-children.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { createSyncMemory } from "../../lib/sync/remembered.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

t.test("the answer's bytes are JSON.stringify of the answer, with children remembered or not", async (t) => {
  const env = testEnvironment("answer-json");
  const memory = createSyncMemory();
  let request = exampleRequest("kafka/kafka-persistent.yaml");
  for (let sync = 0; sync < 4; sync++) {
    const answer = syncKafka(request, env, memory);
    t.equal(answerJson(answer).toString("utf8"), JSON.stringify(answer), `sync ${sync}`);
    t.equal(answerJson(answer).toString("utf8"), JSON.stringify(answer), `sync ${sync}, written a second time`);
    request = nextRequest(request, { ...answer, children: childObjects(answer.children) });
  }
  const settled = syncKafka(request, env, memory).children;
  t.ok(settled instanceof EncodedChildren, "a settled cluster's children are remembered, as their JSON");
  t.equal(answerJson({ children: settled }).toString("utf8"), JSON.stringify({ children: settled }));
});

t.test("properties without a JSON form are left out, non-ASCII text is UTF-8, and any key order is kept", async (t) => {
  const children = Object.freeze([{ kind: "ConfigMap", data: { note: "Grüße 🚀" } }]);
  for (const answer of [
    { status: { a: 1 }, children, resyncAfterSeconds: 5 },
    { children, status: { note: "日本" } },
    { status: {}, children: [{ kind: "Secret" }], resyncAfterSeconds: undefined },
    { status: {}, skipped: () => 1, children },
    { children },
  ]) {
    t.equal(answerJson(answer).toString("utf8"), JSON.stringify(answer));
  }
});

t.test("a child nested deeper than JSON.stringify can write is written all the same", async (t) => {
  const samples: unknown[] = [
    { a: [1, "two", null, true, undefined, () => 3], b: undefined, "c\"d": { e: -0.5, f: [] }, g: {}, h: "Grüße 🚀\n" },
    [undefined, [[]], {}], "text", 7, null, false,
  ];
  for (const sample of samples) t.equal(stringifyDeep(sample), JSON.stringify(sample), JSON.stringify(sample));
  t.equal(stringifyDeep(undefined), undefined);
  const levels = 20_000;
  const text = `${'{"a":['.repeat(levels)}1${"]}".repeat(levels)}`;
  const deep = JSON.parse(text) as unknown;
  // Frozen, as remembered children are: Node.js 26 writes deeply nested plain objects without recursion, frozen ones not.
  for (let level = deep as { a: unknown[] } | number; typeof level === "object"; level = level.a[0] as { a: unknown[] } | number) Object.freeze(Object.freeze(level).a);
  t.throws(() => JSON.stringify(deep), RangeError, "too deep for JSON.stringify");
  const answer = { status: { x: 1 }, children: [{ kind: "StrimziPodSet", spec: deep }] };
  t.equal(answerJson(answer).toString("utf8"), `{"status":{"x":1},"children":[{"kind":"StrimziPodSet","spec":${text}}]}`);
  const frozen = { status: {}, children: Object.freeze([{ kind: "StrimziPodSet", spec: deep }]) };
  t.equal(answerJson(frozen).toString("utf8"), `{"status":{},"children":[{"kind":"StrimziPodSet","spec":${text}}]}`);
});
