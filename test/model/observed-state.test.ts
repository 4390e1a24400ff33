// The readers of untrusted observed state, with exact outputs: how deep a
// resource nests (lib/api/nesting.ts), what of a status is read
// (lib/status/observed-status.ts), and which pod names carry a node id
// (lib/model/observed-podsets.ts).
import t from "tap";
import { MAX_NESTING, tooDeeplyNested } from "../../lib/api/nesting.js";
import { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { nodeIdOf } from "../../lib/model/observed-podsets.js";
import { observedStatus, withObservedStatus } from "../../lib/status/observed-status.js";

const nested = (levels: number): Record<string, unknown> => {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 1; i < levels; i++) {
    const next: Record<string, unknown> = {};
    at.a = next;
    at = next;
  }
  return root;
};

t.test("nesting: the field is named down to the free-form node that allowed it", async (t) => {
  t.equal(MAX_NESTING, 100);
  t.equal(tooDeeplyNested(nested(100)), undefined, "100 levels");
  t.equal(tooDeeplyNested(nested(101)), "a", "101 levels; without a schema, everything is free-form: the first key is named");
  t.equal(tooDeeplyNested(nested(100_000)), "a", "any depth, no stack used");
  t.equal(tooDeeplyNested({ b: 1, c: [[[]]] }, undefined, 3), "c");
  t.equal(tooDeeplyNested("text"), undefined);
  const kafka = { spec: { kafka: { config: { "min.insync.replicas": nested(200) }, template: { pod: { affinity: { nodeAffinity: nested(200) } } } } } };
  t.equal(tooDeeplyNested(kafka, kafkaSchema), 'spec.kafka.template.pod.affinity.nodeAffinity', "the last field found first");
  delete (kafka.spec.kafka as { template?: unknown }).template;
  t.equal(tooDeeplyNested(kafka, kafkaSchema), 'spec.kafka.config["min.insync.replicas"]');
});

t.test("statuses: what is not in the hooks' shape is left out", async (t) => {
  t.equal(observedStatus("Ready"), undefined);
  t.equal(observedStatus([1]), undefined);
  t.equal(observedStatus(null), undefined);
  const good = { type: "Ready", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z" };
  t.strictSame(observedStatus({
    conditions: [null, 7, "Ready", {}, { type: 5, status: "True" }, { type: "Ready", status: "Maybe" }, { type: "NotReady", status: "True", reason: 3 }, good],
    clusterId: 5,
    nodeIds: [0, 1, 2],
    listeners: [{ name: "plain", addresses: [{ host: "h", port: 9092 }] }],
    kafkaVersion: "4.3.1",
    deep: nested(100),
    observedGeneration: 3,
  }), {
    conditions: [good],
    nodeIds: [0, 1, 2],
    listeners: [{ name: "plain", addresses: [{ host: "h", port: 9092 }] }],
    kafkaVersion: "4.3.1",
    observedGeneration: 3,
  });
  t.strictSame(observedStatus({ conditions: "Ready", nodeIds: [0, -1], listeners: [null], observedGeneration: "1", operatorLastSuccessfulVersion: {} }), {});
  t.strictSame(observedStatus({ nodeIds: [2 ** 31 - 1, 2 ** 31] }), {});
  const pool = { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaNodePool", metadata: { name: "p" } };
  t.equal(withObservedStatus(pool), pool, "no status, the same object");
  t.strictSame(withObservedStatus({ ...pool, status: 5 }), pool, "a status that is not an object is dropped");
});

t.test("node ids in pod names are Kafka's: 0 to 2^31-1, no sign, no leading zero, no exponent", async (t) => {
  for (const [text, id] of [["0", 0], ["7", 7], ["2147483647", 2147483647]] as const) t.equal(nodeIdOf(text), id, text);
  for (const text of ["", "007", "-1", "+1", "1e20", "100000000000000000000", "2147483648", "1.0", " 1", "0x1"]) t.equal(nodeIdOf(text), undefined, text);
});
