// The Topic Operator against a real API server and a real Kafka node (KRaft,
// mutual TLS): KafkaTopics applied with kubectl, the operator in process with
// the Entity Operator's RBAC (Strimzi's rules, as the Entity Operator's Role
// carries them) and the contract's env, reading its TLS material from the
// Secrets the env names; Kafka's state read back with our admin client.
// Strimzi's example reaches Ready with the partitions and configs it asks, and
// each rule holds on the real broker: partitions grow and never shrink, out-of-
// band configs are reverted, replication-factor changes are refused, unmanaged
// and paused KafkaTopics leave Kafka alone, the older of two KafkaTopics wins
// and hands the topic over without it being deleted, invalid ones touch
// nothing, the finalizer deletes the topic, a restart mid-batch loses nothing,
// and a KafkaTopic whose cluster is gone is released.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import yaml from "js-yaml";
import { pino } from "pino";
import { topicOperatorConfig } from "../../../entity-operator/config.js";
import { connectKafka } from "../../../entity-operator/kafka-connection.js";
import { startTopicOperator, type RunningTopicOperator } from "../../../entity-operator/topic-operator/topic-operator.js";
import type { TopicDescription } from "../../../lib/topics/kafka-state.js";
import { sharedDir } from "../../helpers/paths.js";
import { eventually } from "./cluster.js";
import type { JsonMap } from "./rest.js";
import { CLUSTER, NS, startTopicOperatorBed } from "./topic-operator-bed.js";

const WAIT_MS = 90_000;

const bed = await startTopicOperatorBed({ fullReconciliationIntervalMs: 2000 });
t.teardown(() => bed.stop());
const { cluster, kafka, kubeConfig } = bed;
const config = topicOperatorConfig(bed.env);
const apply = (objects: object[]): Promise<string> => cluster.kubectl(["apply", "-f", "-"], objects.map((o) => yaml.dump(o)).join("---\n"));
const logger = pino({ level: "debug" }, pino.destination({ dest: join(cluster.dir, "topic-operator.log"), sync: true }));

async function startOperator(settings = config): Promise<{ operator: RunningTopicOperator; stop: () => Promise<void> }> {
  const admin = await connectKafka(kubeConfig, settings);
  const operator = await startTopicOperator(settings, { kubeConfig, admin, logger });
  return { operator, stop: async () => { await operator.stop(); await admin.close(); } };
}
let running = await startOperator();
t.teardown(() => running.stop());

const context = (): string => readFileSync(join(cluster.dir, "topic-operator.log"), "utf8").split("\n").slice(-15).join("\n");
const ref = (name: string) => ({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaTopic", metadata: { name, namespace: NS } });
const kafkaTopic = (name: string, spec: JsonMap, metadata: JsonMap = {}): JsonMap => ({
  ...ref(name), metadata: { name, namespace: NS, labels: { "strimzi.io/cluster": CLUSTER }, ...metadata }, spec,
});
// kubectl, not the bed's REST client: two DELETEs in a row through it got 400 from this server (left for the bed's owner).
const remove = (kind: string, name: string): Promise<string> => cluster.kubectl(["delete", kind, name, "-n", NS, "--wait=false"]);
const patch = async (name: string, body: JsonMap): Promise<void> => {
  const reply = await cluster.api.request("PATCH", await cluster.api.path("kafka.strimzi.io/v1", "KafkaTopic", NS, name), body, "application/merge-patch+json");
  if (reply.status !== 200) throw new Error(`PATCH ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
};
const describe = async (name: string): Promise<TopicDescription | undefined> => {
  const result = (await kafka.describeTopics([name])).get(name);
  if (result?.ok) return result.value;
  if (result?.error.code === "UNKNOWN_TOPIC_OR_PARTITION") return undefined;
  throw new Error(`describe ${name}: ${JSON.stringify(result)}`);
};
const topicConfig = (d: TopicDescription | undefined, key: string) => d?.configs.find((c) => c.name === key);
type Status = { conditions?: { type: string; status: string; reason?: string; message?: string }[]; topicName?: string; topicId?: string; observedGeneration?: number };
/** The status once its first condition is `type` `status` for the resource's current generation. */
const condition = (name: string, type: string, status = "True") => eventually(`KafkaTopic ${name} ${type}=${status}`, async () => {
  const object = await cluster.api.find(ref(name));
  const s = object?.["status"] as Status | undefined;
  const generation = (object?.["metadata"] as { generation?: number } | undefined)?.generation;
  const first = s?.conditions?.[0];
  return first?.type === type && first.status === status && s?.observedGeneration === generation ? s : undefined;
}, WAIT_MS, context);

t.test("Strimzi's example reaches Ready; the topic has its partitions and configs, the KafkaTopic the finalizer", async (t) => {
  const example = yaml.load(readFileSync(join(sharedDir, "strimzi-examples", "topic", "kafka-topic.yaml"), "utf8")) as JsonMap;
  await cluster.kubectl(["apply", "-n", NS, "-f", "-"], yaml.dump(example));
  const status = await condition("my-topic", "Ready");
  const described = await describe("my-topic");
  t.equal(described?.partitions.length, 1);
  t.strictSame(described?.partitions.map((p) => p.replicas.length), [1]);
  t.strictSame(topicConfig(described, "retention.ms"), { name: "retention.ms", value: "7200000", setOnTopic: true });
  t.strictSame(topicConfig(described, "segment.bytes"), { name: "segment.bytes", value: "1073741824", setOnTopic: true });
  t.equal(status.topicName, "my-topic");
  t.equal(status.topicId, described?.topicId, "the id Kafka gave, as Strimzi writes it");
  t.equal(status.conditions?.length, 1);
  const object = await cluster.api.get(ref("my-topic"));
  t.strictSame((object["metadata"] as { finalizers?: string[] }).finalizers, ["strimzi.io/topic-operator"]);
});

t.test("partitions grow; a decrease is refused and Kafka keeps them", async (t) => {
  await patch("my-topic", { spec: { partitions: 3 } });
  await condition("my-topic", "Ready");
  t.equal((await describe("my-topic"))?.partitions.length, 3);
  await patch("my-topic", { spec: { partitions: 2 } });
  const status = await condition("my-topic", "Ready", "False");
  t.strictSame(status.conditions?.map((c) => [c.reason, c.message]), [["NotSupported", "Decreasing partitions not supported"]]);
  t.equal((await describe("my-topic"))?.partitions.length, 3);
  await patch("my-topic", { spec: { partitions: 3 } });
  await condition("my-topic", "Ready");
});

t.test("a config changed in Kafka is reverted; one changed in the spec is applied", async (t) => {
  await kafka.alterTopicConfigs(new Map([["my-topic", [{ name: "max.message.bytes", op: "set", value: "2000000" }, { name: "retention.ms", op: "set", value: "1000" }]]]));
  t.equal(topicConfig(await describe("my-topic"), "max.message.bytes")?.setOnTopic, true, "the change reached Kafka");
  await eventually("the resync to revert the change", async () => {
    const d = await describe("my-topic");
    return topicConfig(d, "max.message.bytes")?.setOnTopic === false && topicConfig(d, "retention.ms")?.value === "7200000" ? true : undefined;
  }, WAIT_MS, context);
  await patch("my-topic", { spec: { config: { "retention.ms": 3600000, "cleanup.policy": ["compact", "delete"] } } });
  await condition("my-topic", "Ready");
  await eventually("the spec's config in Kafka", async () => {
    const d = await describe("my-topic");
    return topicConfig(d, "retention.ms")?.value === "3600000" && topicConfig(d, "cleanup.policy")?.value === "compact,delete" ? d : undefined;
  }, WAIT_MS, context);
});

t.test("a replication-factor change is refused while Cruise Control does not run", async (t) => {
  await patch("my-topic", { spec: { replicas: 2 } });
  const status = await condition("my-topic", "Ready", "False");
  t.strictSame(status.conditions?.map((c) => [c.reason, c.message]), [["NotSupported", "Replication factor change not supported, but required for partitions [0, 1, 2]"]]);
  await patch("my-topic", { spec: { replicas: 1 } });
  await condition("my-topic", "Ready");
});

t.test("paused: Kafka is left alone until the annotation goes", async (t) => {
  await patch("my-topic", { metadata: { annotations: { "strimzi.io/pause-reconciliation": "true" } } });
  const paused = await condition("my-topic", "ReconciliationPaused");
  t.equal(paused.topicId, undefined, "no topicId while paused, as Strimzi");
  await patch("my-topic", { spec: { partitions: 5 } });
  await condition("my-topic", "ReconciliationPaused");
  t.equal((await describe("my-topic"))?.partitions.length, 3);
  await patch("my-topic", { metadata: { annotations: { "strimzi.io/pause-reconciliation": null } } });
  await condition("my-topic", "Ready");
  t.equal((await describe("my-topic"))?.partitions.length, 5);
});

t.test("invalid KafkaTopics: a condition naming the field, nothing in Kafka", async (t) => {
  await cluster.api.create(kafkaTopic("bad-name", { topicName: "orders/eu", partitions: 1 }));
  await cluster.api.create(kafkaTopic("bad-config", { partitions: 1, config: { "retention.ms": { days: 1 } } }));
  const badName = await condition("bad-name", "Ready", "False");
  t.strictSame(badName.conditions?.map((c) => [c.reason, c.message]), [["InvalidResource", "spec.topicName must contain only ASCII letters, digits, '.', '_' and '-', as Kafka's topic names do"]]);
  const badConfig = await condition("bad-config", "Ready", "False");
  t.strictSame(badConfig.conditions?.map((c) => [c.reason, c.message]), [["InvalidResource", 'spec.config["retention.ms"] must be a string, number, boolean or a list of them']]);
  t.equal(await describe("bad-config"), undefined, "no topic created");
  const object = await cluster.api.get(ref("bad-config"));
  t.equal((object["metadata"] as { finalizers?: string[] }).finalizers, undefined, "no finalizer either");
  await remove("kafkatopic", "bad-name");
  await remove("kafkatopic", "bad-config");
});

t.test("two KafkaTopics for one topic: the older wins; deleting it hands the topic over, never deleting it", async (t) => {
  await cluster.api.create(kafkaTopic("orders", { topicName: "orders", partitions: 2 }));
  const first = await condition("orders", "Ready");
  await cluster.api.create(kafkaTopic("orders-copy", { topicName: "orders", partitions: 2 }));
  const copy = await condition("orders-copy", "Ready", "False");
  t.strictSame(copy.conditions?.map((c) => [c.reason, c.message]), [["ResourceConflict", "Managed by Ref{namespace='kafka', name='orders'}"]]);
  await remove("kafkatopic", "orders");
  const handedOver = await condition("orders-copy", "Ready");
  t.equal(await cluster.api.find(ref("orders")), undefined, "the first KafkaTopic is gone");
  const described = await describe("orders");
  t.equal(described?.topicId, first.topicId, "the same topic: never deleted in between");
  t.equal(handedOver.topicId, first.topicId);
});

t.test("unmanaged: nothing in Kafka; deleting the KafkaTopic leaves the topic", async (t) => {
  await patch("orders-copy", { metadata: { annotations: { "strimzi.io/managed": "false" } } });
  const status = await condition("orders-copy", "Unmanaged");
  t.equal(status.topicName, undefined);
  await remove("kafkatopic", "orders-copy");
  await eventually("the unmanaged KafkaTopic to go", async () => ((await cluster.api.find(ref("orders-copy"))) ? undefined : true), WAIT_MS, context);
  t.ok(await describe("orders"), "the topic stays");
});

t.test("deleting a managed KafkaTopic deletes the topic, then the finalizer goes", async (t) => {
  await remove("kafkatopic", "my-topic");
  await eventually("the KafkaTopic to go", async () => ((await cluster.api.find(ref("my-topic"))) ? undefined : true), WAIT_MS, context);
  await eventually("the topic to go", async () => ((await describe("my-topic")) ? undefined : true), WAIT_MS, context);
  t.pass("gone from Kubernetes and from Kafka");
});

t.test("a restart of the operator mid-batch loses nothing", async (t) => {
  const names = Array.from({ length: 500 }, (_, i) => `restart-${String(i).padStart(3, "0")}`);
  // Applied while the operator is down, then taken ten at a time: an idle machine once made all 500 Ready while kubectl still applied them.
  await running.stop();
  await apply(names.map((name) => kafkaTopic(name, { partitions: 1, config: { "retention.ms": 600000 } })));
  running = await startOperator({ ...config, maxBatchSize: 10 });
  await eventually("the first batch done", async () => {
    const items = await cluster.api.list("kafka.strimzi.io/v1", "KafkaTopic", NS);
    return items.some((i) => (i["status"] as Status | undefined)?.conditions?.[0]?.type === "Ready" && String((i["metadata"] as { name: string }).name).startsWith("restart-")) ? true : undefined;
  }, WAIT_MS, context);
  await running.stop();
  const readyAtStop = (await cluster.api.list("kafka.strimzi.io/v1", "KafkaTopic", NS))
    .filter((i) => String((i["metadata"] as { name: string }).name).startsWith("restart-") && (i["status"] as Status | undefined)?.conditions?.[0]?.type === "Ready").length;
  t.ok(readyAtStop < names.length, `stopped with ${readyAtStop} of ${names.length} Ready`);
  running = await startOperator();
  await eventually("every KafkaTopic Ready", async () => {
    const items = await cluster.api.list("kafka.strimzi.io/v1", "KafkaTopic", NS);
    const ready = items.filter((i) => String((i["metadata"] as { name: string }).name).startsWith("restart-") && (i["status"] as Status | undefined)?.conditions?.[0]?.type === "Ready");
    return ready.length === names.length ? true : undefined;
  }, WAIT_MS, context);
  // CreateTopics answers before the new partitions reach the broker's metadata: the last ones may still be unknown for a moment.
  const inKafka = await eventually("every topic in Kafka's metadata", async () => {
    const described = await kafka.describeTopics(names);
    const found = [...described.values()].filter((r) => r.ok && r.value.partitions.length === 1).length;
    return found === names.length ? found : undefined;
  }, WAIT_MS, context);
  t.equal(inKafka, names.length, "every topic in Kafka");
});

t.test("once the cluster is gone, a deleted KafkaTopic is released without Kafka", async (t) => {
  await remove("secret", `${CLUSTER}-cluster-ca-cert`);
  await remove("kafkatopic", "restart-000");
  await eventually("the KafkaTopic to go", async () => ((await cluster.api.find(ref("restart-000"))) ? undefined : true), WAIT_MS, context);
  t.ok(await describe("restart-000"), "Kafka was not asked to delete the topic");
});
