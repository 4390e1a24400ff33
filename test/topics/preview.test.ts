// `render` of KafkaTopics: every Strimzi topic example through the command
// line, exact output, and each of the operator's rules previewed from the
// resources alone (creation with the brokers' defaults, refusals naming the
// field, conflicts within the file, unmanaged, paused, deletions).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { topicPreviews } from "../../lib/topics/preview.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";

const run = promisify(execFile);
const CLI = join(repoRoot, "dist", "cli", "kafka-hooks.js");
const NOW = new Date("2026-11-24T12:00:00Z");
const AT = "2026-11-24T12:00:00Z";

const kt = (name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaTopic", metadata: { name, labels: { "strimzi.io/cluster": "my-cluster" }, ...metadata }, spec }) as KubeObject;

t.test("every example under topic/: render prints the topic created and the status it gets", async (t) => {
  const { stdout, stderr } = await run("node", [CLI, "render", "-n", "myproject", "--now", AT, "-f", join(examplesDir, "topic", "kafka-topic.yaml")]);
  t.equal(stderr, "");
  t.equal(stdout, [
    "kind: KafkaTopicPreview",
    "of: myproject/my-topic",
    "create:",
    "  topicName: my-topic",
    "  partitions: 1",
    "  replicas: 1",
    "  config:",
    "    retention.ms: '7200000'",
    "    segment.bytes: '1073741824'",
    "status:",
    "  conditions:",
    "    - type: Ready",
    "      status: 'True'",
    `      lastTransitionTime: '${AT}'`,
    "  topicName: my-topic",
    "",
  ].join("\n"));
});

t.test("a file without a Kafka, KafkaBridge, KafkaConnect, KafkaMirrorMaker2, KafkaTopic or KafkaUser is refused", async (t) => {
  const failed = await run("node", [CLI, "render", "-f", join(repoRoot, "manifests", "crds", "kafkatopics.kafka.strimzi.io.yaml")]).then(() => undefined, (error: { code: number; stderr: string }) => error);
  t.equal(failed?.code, 1);
  t.match(failed?.stderr, /^no kafka\.strimzi\.io\/v1 Kafka, KafkaBridge, KafkaConnect, KafkaMirrorMaker2, KafkaTopic or KafkaUser in /);
});

t.test("creation: the brokers' defaults for what the spec leaves out, lists joined, spec.topicName, generation", async (t) => {
  const previews = topicPreviews([
    kt("orders", { config: { "cleanup.policy": ["compact", "delete"], "compression.type": "lz4", "unclean.leader.election.enable": false } }, { namespace: "shop", generation: 3 }),
    kt("payments-v1", { topicName: "payments", partitions: 12, replicas: 3 }),
  ], "default", NOW);
  t.strictSame(previews, [
    {
      kind: "KafkaTopicPreview", of: "shop/orders",
      create: { topicName: "orders", partitions: "the brokers' default", replicas: "the brokers' default", config: { "cleanup.policy": "compact,delete", "compression.type": "lz4", "unclean.leader.election.enable": "false" } },
      status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: AT }], observedGeneration: 3, topicName: "orders" },
    },
    {
      kind: "KafkaTopicPreview", of: "default/payments-v1",
      create: { topicName: "payments", partitions: 12, replicas: 3, config: {} },
      status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: AT }], topicName: "payments" },
    },
  ]);
});

t.test("refusals name the field; Kafka is not touched for them", async (t) => {
  const previews = topicPreviews([
    kt("zero", { partitions: 0, replicas: 1 }),
    kt("bad", { topicName: "no spaces allowed", config: { "retention.ms": { nested: 1 } } }),
    kt("renamed", { topicName: "new-name" }, {}),
  ].map((o, i) => (i === 2 ? { ...o, status: { topicName: "old-name" } } as KubeObject : o)), "ns", NOW);
  const failed = (reason: string, message: string, topicName?: string) => ({
    conditions: [{ type: "Ready", status: "False", lastTransitionTime: AT, reason, message }], ...(topicName ? { topicName } : {}),
  });
  t.strictSame(previews, [
    { kind: "KafkaTopicPreview", of: "ns/zero", refused: "InvalidResource: spec.partitions must be >= 1", status: failed("InvalidResource", "spec.partitions must be >= 1") },
    {
      kind: "KafkaTopicPreview", of: "ns/bad",
      refused: "InvalidResource: spec.topicName must contain only ASCII letters, digits, '.', '_' and '-', as Kafka's topic names do; spec.config[\"retention.ms\"] must be a string, number, boolean or a list of them",
      status: failed("InvalidResource", "spec.topicName must contain only ASCII letters, digits, '.', '_' and '-', as Kafka's topic names do; spec.config[\"retention.ms\"] must be a string, number, boolean or a list of them"),
    },
    { kind: "KafkaTopicPreview", of: "ns/renamed", refused: "NotSupported: Changing spec.topicName is not supported", status: failed("NotSupported", "Changing spec.topicName is not supported", "old-name") },
  ]);
});

t.test("two KafkaTopics of the file naming one topic: the older wins, the other is in conflict", async (t) => {
  const previews = topicPreviews([
    kt("late", { topicName: "shared", partitions: 2 }, { creationTimestamp: "2026-11-02T00:00:00Z" }),
    kt("early", { topicName: "shared", partitions: 1 }, { creationTimestamp: "2026-11-01T00:00:00Z" }),
  ], "ns", NOW);
  t.strictSame(previews.map((p) => [p.of, p.create?.partitions, p.refused]), [
    ["ns/late", undefined, "ResourceConflict: Managed by Ref{namespace='ns', name='early'}"],
    ["ns/early", 1, undefined],
  ]);
});

t.test("unmanaged and paused KafkaTopics leave Kafka alone", async (t) => {
  const previews = topicPreviews([
    kt("hands-off", { partitions: 1 }, { annotations: { "strimzi.io/managed": "false" } }),
    kt("on-hold", { partitions: 1 }, { annotations: { "strimzi.io/pause-reconciliation": "true" } }),
  ], "ns", NOW);
  t.strictSame(previews, [
    { kind: "KafkaTopicPreview", of: "ns/hands-off", refused: "strimzi.io/managed is \"false\": Kafka is left alone", status: { conditions: [{ type: "Unmanaged", status: "True", lastTransitionTime: AT }] } },
    { kind: "KafkaTopicPreview", of: "ns/on-hold", refused: "strimzi.io/pause-reconciliation is \"true\": Kafka is left alone", status: { conditions: [{ type: "ReconciliationPaused", status: "True", lastTransitionTime: AT }], topicName: "on-hold" } },
  ]);
});

t.test("KafkaTopics being deleted: the topic deleted, or kept and why", async (t) => {
  const deleting = { deletionTimestamp: "2026-11-24T11:00:00Z", finalizers: ["strimzi.io/topic-operator"] };
  const previews = topicPreviews([
    kt("going", { partitions: 1 }, deleting),
    kt("old-owner", { topicName: "kept" }, deleting),
    kt("new-owner", { topicName: "kept" }),
    kt("unmanaged-going", { partitions: 1 }, { ...deleting, annotations: { "strimzi.io/managed": "false" } }),
    kt("no-finalizer", { partitions: 1 }, { deletionTimestamp: "2026-11-24T11:00:00Z" }),
  ], "ns", NOW);
  t.strictSame(previews.map(({ of, deleteTopic, keepTopic }) => ({ of, deleteTopic, keepTopic })), [
    { of: "ns/going", deleteTopic: "going", keepTopic: undefined },
    { of: "ns/old-owner", deleteTopic: undefined, keepTopic: "another KafkaTopic names the same topic and takes it over" },
    { of: "ns/new-owner", deleteTopic: undefined, keepTopic: undefined },
    { of: "ns/unmanaged-going", deleteTopic: undefined, keepTopic: "strimzi.io/managed is \"false\"" },
    { of: "ns/no-finalizer", deleteTopic: undefined, keepTopic: "it does not carry the strimzi.io/topic-operator finalizer" },
  ]);
  t.equal(previews[0]?.status, undefined, "a KafkaTopic going gets no status");
});
