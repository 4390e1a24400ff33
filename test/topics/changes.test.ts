// Spec against Kafka's state: config sets and reverts, partitions that only
// grow, replication-factor changes refused, with Strimzi's messages.
import t from "tap";
import { topicChanges } from "../../lib/topics/changes.js";
import type { TopicDescription } from "../../lib/topics/kafka-state.js";

const described = (partitions: number[][], configs: TopicDescription["configs"] = []): TopicDescription => ({
  name: "t", topicId: "id", partitions: partitions.map((replicas, partition) => ({ partition, replicas })), configs,
});

t.test("config: differing values set, values set on the topic but not in the spec deleted", async (t) => {
  const state = described([[1]], [
    { name: "retention.ms", value: "604800000", setOnTopic: false },
    { name: "segment.bytes", value: "1073741824", setOnTopic: true },
    { name: "cleanup.policy", value: "compact", setOnTopic: true },
    { name: "max.message.bytes", value: "2000000", setOnTopic: true },
  ]);
  const changes = topicChanges({ config: { "retention.ms": 7200000, "segment.bytes": 1073741824, "cleanup.policy": ["compact", "delete"] } }, state);
  t.strictSame(changes, {
    config: [
      { name: "cleanup.policy", op: "set", value: "compact,delete" },
      { name: "retention.ms", op: "set", value: "7200000" },
      { name: "max.message.bytes", op: "delete" },
    ],
  });
  t.strictSame(topicChanges({}, described([[1]], [{ name: "retention.ms", value: "1", setOnTopic: false }])).config, [], "inherited values are left alone");
});

t.test("partitions grow, never shrink; unset asks for nothing", async (t) => {
  t.strictSame(topicChanges({ partitions: 5 }, described([[1], [1]])), { config: [], increasePartitionsTo: 5 });
  t.strictSame(topicChanges({ partitions: 1 }, described([[1], [1]])), { config: [], partitionsRefused: { reason: "NotSupported", message: "Decreasing partitions not supported" } });
  t.strictSame(topicChanges({}, described([[1], [1]])), { config: [] });
});

t.test("a replication factor other than the spec's is refused, naming the partitions", async (t) => {
  t.strictSame(topicChanges({ replicas: 3 }, described([[1], [2], [1]])).replicasRefused,
    { reason: "NotSupported", message: "Replication factor change not supported, but required for partitions [0, 1, 2]" });
  t.strictSame(topicChanges({ replicas: 1 }, described([[1], [1, 2]])), { config: [] }, "partitions that disagree are being reassigned: Strimzi waits");
  t.strictSame(topicChanges({ partitions: 1, replicas: 2 }, described([[1], [1]])), {
    config: [],
    partitionsRefused: { reason: "NotSupported", message: "Decreasing partitions not supported" },
    replicasRefused: { reason: "NotSupported", message: "Replication factor change not supported, but required for partitions [0, 1]" },
  });
});
