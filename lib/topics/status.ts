// A KafkaTopic's status as Strimzi's Topic Operator writes it
// (updateStatusForSuccess, updateStatusForException): one condition, Ready,
// Unmanaged or ReconciliationPaused True, plus warnings, or Ready False with
// the reason and message; the topic's name and id; observedGeneration. A
// condition keeps its lastTransitionTime while its type and status stay, so
// a resync of unchanged topics writes nothing.
import type { KafkaTopicStatus } from "../api/kafka-topic.js";
import type { Condition } from "../api/kubernetes.js";
import { sameData } from "../same-data.js";
import type { SettledType, TopicFailure } from "./conditions.js";
import type { ReplicasChange } from "./replicas-change.js";

export type TopicOutcome =
  /** `replicasChange`: the change Cruise Control carries out (replicas-change.ts), when there is one. */
  | { settled: SettledType; topicName?: string; topicId?: string; warnings?: readonly Condition[]; replicasChange?: ReplicasChange }
  | { failure: TopicFailure; topicName?: string; topicId?: string };

function transitionTime(previous: KafkaTopicStatus | undefined, type: string, status: Condition["status"], now: string): string {
  const same = previous?.conditions?.find((c) => c.type === type && c.status === status);
  return same?.lastTransitionTime ?? now;
}

export function topicStatus(previous: KafkaTopicStatus | undefined, outcome: TopicOutcome, generation: number | undefined, now: string): KafkaTopicStatus {
  const status: KafkaTopicStatus = {};
  if ("settled" in outcome) {
    status.conditions = [
      { type: outcome.settled, status: "True", lastTransitionTime: transitionTime(previous, outcome.settled, "True", now) },
      ...(outcome.warnings ?? []),
    ];
    if (outcome.replicasChange) status.replicasChange = outcome.replicasChange;
  } else {
    const { reason, message } = outcome.failure;
    status.conditions = [{ type: "Ready", status: "False", lastTransitionTime: transitionTime(previous, "Ready", "False", now), reason, message }];
    // A failure leaves a replication-factor change where it was (Strimzi builds on the previous status).
    if (previous?.replicasChange) status.replicasChange = previous.replicasChange;
  }
  if (generation !== undefined) status.observedGeneration = generation;
  if (outcome.topicName !== undefined) status.topicName = outcome.topicName;
  if (outcome.topicId !== undefined) status.topicId = outcome.topicId;
  return status;
}

/**
 * The JSON merge patch that turns `previous` into `next`, or undefined when
 * they are the same: fields `next` lacks are set to null (removed).
 */
export function statusPatch<S extends object>(previous: S | undefined, next: S): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  const before = (previous ?? {}) as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const value = after[key];
    if (value === undefined) patch[key] = null;
    else if (!sameData(before[key], value)) patch[key] = value;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}
