// What a managed KafkaTopic asks of its existing topic, after Strimzi's
// BatchingTopicController: config values that differ are set and values set on
// the topic that the spec does not name are deleted (so changes made in Kafka
// are reverted), partitions only grow, and a replication factor other than
// the spec's is reported (Cruise Control, which would change it, does not run yet).
import { configValueString, type KafkaTopicSpec } from "../api/kafka-topic.js";
import { TOPIC_MESSAGE, TOPIC_REASON, type TopicFailure } from "./conditions.js";
import type { ConfigChange, TopicDescription } from "./kafka-state.js";

export interface TopicChanges {
  /** In key order: sets, then deletes. */
  config: ConfigChange[];
  /** The partition count to grow to, when the spec asks for more. */
  increasePartitionsTo?: number;
  /** A partition decrease, refused. */
  partitionsRefused?: TopicFailure;
  /** A replication-factor change, refused while Cruise Control does not run. */
  replicasRefused?: TopicFailure;
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function configChanges(spec: KafkaTopicSpec, configs: TopicDescription["configs"]): ConfigChange[] {
  const wanted = spec.config ?? {};
  const current = new Map(configs.map((c) => [c.name, c]));
  const sets: ConfigChange[] = Object.entries(wanted)
    .map(([name, value]) => ({ name, op: "set" as const, value: configValueString(value) }))
    .filter((change) => current.get(change.name)?.value !== change.value);
  const deletes: ConfigChange[] = configs
    .filter((c) => c.setOnTopic && !Object.hasOwn(wanted, c.name))
    .map((c) => ({ name: c.name, op: "delete" as const }));
  return [...sets.sort(byName), ...deletes.sort(byName)];
}

/** The replication factor of every partition when they agree, else undefined (Strimzi's uniqueReplicationFactor). */
function uniqueReplicationFactor(partitions: TopicDescription["partitions"]): number | undefined {
  const factors = new Set(partitions.map((p) => p.replicas.length));
  return factors.size === 1 ? [...factors][0] : undefined;
}

export function topicChanges(spec: KafkaTopicSpec, described: TopicDescription): TopicChanges {
  const changes: TopicChanges = { config: configChanges(spec, described.configs) };
  const current = described.partitions.length;
  if (spec.partitions !== undefined && spec.partitions > current) changes.increasePartitionsTo = spec.partitions;
  else if (spec.partitions !== undefined && spec.partitions < current) changes.partitionsRefused = { reason: TOPIC_REASON.notSupported, message: TOPIC_MESSAGE.partitionsDecrease };
  const factor = uniqueReplicationFactor(described.partitions);
  if (spec.replicas !== undefined && factor !== undefined && factor !== spec.replicas) {
    const partitions = described.partitions.filter((p) => p.replicas.length !== spec.replicas).map((p) => p.partition).sort((a, b) => a - b);
    changes.replicasRefused = { reason: TOPIC_REASON.notSupported, message: TOPIC_MESSAGE.replicationFactorChange(partitions) };
  }
  return changes;
}
