// What a managed KafkaTopic asks of its existing topic, after Strimzi's
// BatchingTopicController: config values that differ are set and values set on
// the topic that the spec does not name are deleted (so changes made in Kafka
// are reverted), partitions only grow, and a replication factor other than
// the spec's is reported, unless a partition reassignment already takes each
// such partition to it (Strimzi's KafkaHandler.filterByReassignmentTargetReplicas).
//
// Strimzi keeps a topic as different when any of its partitions has no reassignment
// to the spec's factor, counting partitions that already have it (which it does not
// ask about): so a topic whose last partitions are being reassigned stays NotSupported
// there until they are done. Here only the partitions that differ count.
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

/**
 * The replication factor each reassigned partition is heading to: its replicas
 * without those being removed (KIP-455: the replicas already include those being added).
 */
export const reassignmentTargetFactor = (reassignment: { replicas: readonly number[]; removingReplicas: readonly number[] }): number =>
  new Set(reassignment.replicas.filter((id) => !reassignment.removingReplicas.includes(id))).size;

/**
 * The partitions whose replication factor differs from the spec's, when the
 * topic's partitions agree on one (Strimzi's uniqueReplicationFactor): the ones
 * to ask ListPartitionReassignments about. None otherwise.
 */
export function partitionsAwayFromReplicas(spec: KafkaTopicSpec, described: TopicDescription): number[] {
  const factor = uniqueReplicationFactor(described.partitions);
  if (spec.replicas === undefined || factor === undefined || factor === spec.replicas) return [];
  return described.partitions.filter((p) => p.replicas.length !== spec.replicas).map((p) => p.partition).sort((a, b) => a - b);
}

/** The replication factor of every partition when they agree, else undefined (Strimzi's uniqueReplicationFactor). */
function uniqueReplicationFactor(partitions: TopicDescription["partitions"]): number | undefined {
  const factors = new Set(partitions.map((p) => p.replicas.length));
  return factors.size === 1 ? [...factors][0] : undefined;
}

/** @param reassigning the replication factor each partition under reassignment is heading to (reassignmentTargetFactor). */
export function topicChanges(spec: KafkaTopicSpec, described: TopicDescription, reassigning: ReadonlyMap<number, number> = new Map()): TopicChanges {
  const changes: TopicChanges = { config: configChanges(spec, described.configs) };
  const current = described.partitions.length;
  if (spec.partitions !== undefined && spec.partitions > current) changes.increasePartitionsTo = spec.partitions;
  else if (spec.partitions !== undefined && spec.partitions < current) changes.partitionsRefused = { reason: TOPIC_REASON.notSupported, message: TOPIC_MESSAGE.partitionsDecrease };
  const partitions = partitionsAwayFromReplicas(spec, described);
  if (partitions.some((p) => reassigning.get(p) !== spec.replicas)) {
    changes.replicasRefused = { reason: TOPIC_REASON.notSupported, message: TOPIC_MESSAGE.replicationFactorChange(partitions) };
  }
  return changes;
}
