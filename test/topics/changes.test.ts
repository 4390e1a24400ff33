// Spec against Kafka's state: config sets and reverts, partitions that only
// grow, replication-factor changes refused, with Strimzi's messages.
import t from "tap";
import { partitionsAwayFromReplicas, reassignmentTargetFactor, topicChanges } from "../../lib/topics/changes.js";
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

t.test("a reassignment heading to the spec's factor on every partition that differs is no change to report", async (t) => {
  t.strictSame(partitionsAwayFromReplicas({ replicas: 3 }, described([[1], [2], [1]])), [0, 1, 2]);
  t.strictSame(partitionsAwayFromReplicas({ replicas: 1 }, described([[1], [2]])), [], "the factor the spec asks: none");
  t.strictSame(partitionsAwayFromReplicas({}, described([[1], [2]])), [], "no replicas in the spec: none");
  t.strictSame(topicChanges({ replicas: 3 }, described([[1], [2]]), new Map([[0, 3], [1, 3]])), { config: [] });
  t.strictSame(topicChanges({ replicas: 3 }, described([[1], [2]]), new Map([[0, 3]])).replicasRefused,
    { reason: "NotSupported", message: "Replication factor change not supported, but required for partitions [0, 1]" }, "one partition not under way: reported");
  t.strictSame(topicChanges({ replicas: 3 }, described([[1], [2]]), new Map([[0, 2], [1, 2]])).replicasRefused?.reason, "NotSupported", "heading to another factor");
  // KIP-455: during a reassignment from [1, 2, 3] to [4, 5] Kafka lists replicas [1, 2, 3, 4, 5], adding [4, 5], removing [1, 2, 3].
  t.equal(reassignmentTargetFactor({ replicas: [1, 2, 3, 4, 5], removingReplicas: [1, 2, 3] }), 2);
  t.equal(reassignmentTargetFactor({ replicas: [1, 2, 3], removingReplicas: [] }), 3);
});
