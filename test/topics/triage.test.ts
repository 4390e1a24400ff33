// What the Topic Operator decides for each KafkaTopic before Kafka is asked:
// Strimzi's order (deletion, unmanaged, validation, name change, conflict,
// pause) and the two hand-over rules beyond it.
import t from "tap";
import { claimants, triage, type StoredTopic, type TriageContext } from "../../lib/topics/triage.js";

const topic = (name: string, extra: { spec?: unknown; created?: string; annotations?: Record<string, string>; deleting?: boolean; finalizers?: string[]; status?: StoredTopic["status"] } = {}): StoredTopic => ({
  metadata: {
    name,
    namespace: "kafka",
    creationTimestamp: extra.created ?? "2026-12-01T00:00:00Z",
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
    ...(extra.deleting ? { deletionTimestamp: "2026-12-06T00:00:00Z" } : {}),
    ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    generation: 1,
  },
  spec: extra.spec ?? { partitions: 3 },
  ...(extra.status ? { status: extra.status } : {}),
});

const context = (all: StoredTopic[], clusterGone = false): TriageContext => ({ claimants: claimants(all), clusterGone });
const FINALIZER = ["strimzi.io/topic-operator"];

t.test("a valid managed topic is reconciled under its topic name", async (t) => {
  const a = topic("orders", { spec: { topicName: "Orders.EU", partitions: 3, config: { "retention.ms": 1000 } } });
  const result = triage(a, context([a]));
  t.equal(result.action, "reconcile");
  if (result.action === "reconcile") {
    t.equal(result.topicName, "Orders.EU");
    t.strictSame(result.topic.spec, { topicName: "Orders.EU", partitions: 3, config: { "retention.ms": 1000 } });
  }
});

t.test("unmanaged, paused, invalid and renamed topics", async (t) => {
  const unmanaged = topic("a", { annotations: { "strimzi.io/managed": "false" } });
  t.strictSame(triage(unmanaged, context([unmanaged])), { action: "unmanaged" });
  const paused = topic("b", { annotations: { "strimzi.io/pause-reconciliation": "true" } });
  t.strictSame(triage(paused, context([paused])), { action: "paused", topicName: "b" });
  const invalid = topic("c", { spec: { partitions: 0, config: { "cleanup.policy": { x: 1 } } }, status: { topicName: "c" } });
  t.strictSame(triage(invalid, context([invalid])), {
    action: "fail",
    failure: { reason: "InvalidResource", message: 'spec.partitions must be >= 1' },
    topicName: "c",
  }, "the schema's problems first; Kafka's rules only once the schema passes");
  const badConfig = topic("c2", { spec: { config: { "cleanup.policy": { x: 1 } } } });
  t.strictSame(triage(badConfig, context([badConfig])), {
    action: "fail",
    failure: { reason: "InvalidResource", message: 'spec.config["cleanup.policy"] must be a string, number, boolean or a list of them' },
    topicName: undefined,
  });
  const renamed = topic("d", { spec: { topicName: "d2" }, status: { topicName: "d" } });
  t.strictSame(triage(renamed, context([renamed])), {
    action: "fail", failure: { reason: "NotSupported", message: "Changing spec.topicName is not supported" }, topicName: "d",
  });
});

t.test("two KafkaTopics naming one topic: the older wins, the other is in conflict", async (t) => {
  const older = topic("first", { spec: { topicName: "shared" }, created: "2026-12-01T00:00:00Z" });
  const newer = topic("second", { spec: { topicName: "shared" }, created: "2026-12-02T00:00:00Z" });
  const all = context([newer, older]);
  t.equal(triage(older, all).action, "reconcile");
  t.strictSame(triage(newer, all), {
    action: "fail", failure: { reason: "ResourceConflict", message: "Managed by Ref{namespace='kafka', name='first'}" }, topicName: "shared",
  });
  const tiedReady = topic("zz", { spec: { topicName: "shared" }, created: "2026-12-01T00:00:00Z", status: { conditions: [{ type: "Ready", status: "True" }] } });
  t.strictSame(claimants([older, tiedReady]).get("shared")?.map((k) => k.metadata.name), ["zz", "first"], "a tie goes to the one already Ready");
  const unmanaged = topic("third", { spec: { topicName: "shared" }, created: "2026-11-01T00:00:00Z", annotations: { "strimzi.io/managed": "false" } });
  t.equal(triage(older, context([older, unmanaged])).action, "reconcile", "an unmanaged KafkaTopic claims nothing");
});

t.test("deletion", async (t) => {
  const deleting = topic("gone", { deleting: true, finalizers: FINALIZER });
  t.strictSame(triage(deleting, context([deleting])), { action: "delete", topicName: "gone" });
  t.strictSame(triage(topic("x", { deleting: true }), context([])), { action: "none" }, "without our finalizer");
  t.strictSame(triage(topic("u", { deleting: true, finalizers: FINALIZER, annotations: { "strimzi.io/managed": "false" } }), context([])),
    { action: "release", why: "unmanaged" });
  t.strictSame(triage(deleting, context([deleting], true)), { action: "release", why: "cluster-gone" });
  t.strictSame(triage(topic("i", { deleting: true, finalizers: FINALIZER, spec: { partitions: -1 } }), context([])), { action: "release", why: "invalid" });
  const successor = topic("successor", { spec: { topicName: "gone" }, created: "2026-12-05T00:00:00Z" });
  t.strictSame(triage(deleting, context([deleting, successor])), { action: "release", why: "handed-over" }, "another KafkaTopic takes the topic over");
  const paused = topic("p", { deleting: true, finalizers: FINALIZER, annotations: { "strimzi.io/pause-reconciliation": "true" } });
  t.strictSame(triage(paused, context([paused])), { action: "delete", topicName: "p" }, "as Strimzi: a paused topic is still deleted with its KafkaTopic");
});
