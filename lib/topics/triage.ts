// What the Topic Operator does with one KafkaTopic before asking Kafka
// anything, after BatchingTopicController.updateInternal and deleteInternal:
// deletion, unmanaged, validation, the topic-name change, conflicts between
// KafkaTopics naming one topic, pause, and otherwise a reconcile. Two rules go
// beyond Strimzi (docs/ARCHITECTURE.md, Topic Operator):
// - a KafkaTopic deleted while another live KafkaTopic names the same topic
//   hands the topic over: its finalizer goes, the topic stays (strimzi#12132);
// - a KafkaTopic deleted once its cluster is gone loses its finalizer without
//   Kafka being asked, so it never blocks its namespace's deletion (strimzi#11901).
import { isManaged, TOPIC_FINALIZER, topicNameOf, type KafkaTopic, type KafkaTopicStatus } from "../api/kafka-topic.js";
import { KAFKA_API_VERSION } from "../api/kafka.js";
import { validateKafkaTopic } from "../api/validate.js";
import { TOPIC_MESSAGE, TOPIC_REASON, type TopicFailure } from "./conditions.js";

/** A KafkaTopic as the informer holds it: not yet validated. */
export interface StoredTopic {
  metadata: {
    name: string;
    namespace: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    annotations?: Record<string, string>;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
  spec?: unknown;
  status?: KafkaTopicStatus;
}

export type Triage =
  /** Being deleted without our finalizer, or not ours to act on: nothing to do. */
  | { action: "none" }
  /** Remove our finalizer, leave Kafka alone. */
  | { action: "release"; why: "unmanaged" | "invalid" | "handed-over" | "cluster-gone" }
  /** Delete the topic in Kafka, then remove our finalizer. */
  | { action: "delete"; topicName: string }
  /** Write a failed status; Kafka is not touched. */
  | { action: "fail"; failure: TopicFailure; topicName: string | undefined }
  | { action: "unmanaged" }
  | { action: "paused"; topicName: string }
  | { action: "reconcile"; topic: KafkaTopic; topicName: string };

const PAUSE_ANNOTATION = "strimzi.io/pause-reconciliation";

export const isPaused = (topic: StoredTopic): boolean => topic.metadata.annotations?.[PAUSE_ANNOTATION] === "true";
export const isBeingDeleted = (topic: StoredTopic): boolean => topic.metadata.deletionTimestamp !== undefined;
export const hasFinalizer = (topic: StoredTopic): boolean => topic.metadata.finalizers?.includes(TOPIC_FINALIZER) ?? false;
export const refOf = (topic: StoredTopic): string => `${topic.metadata.namespace}/${topic.metadata.name}`;

/** The topic a KafkaTopic names, read without validation (what conflicts are judged on). */
export function claimedTopicName(topic: StoredTopic): string {
  const spec = topic.spec as { topicName?: unknown } | undefined;
  return typeof spec?.topicName === "string" ? spec.topicName : topic.metadata.name;
}

const isReady = (topic: StoredTopic): boolean => topic.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/**
 * The managed KafkaTopics not being deleted, by the topic they name, each list
 * in the order that decides who manages the topic: the oldest first, then one
 * already Ready (Strimzi's validateSingleManagingResource), then by name, so a
 * tie Strimzi leaves to every party's conflict has one winner.
 */
export function claimants(topics: Iterable<StoredTopic>): Map<string, StoredTopic[]> {
  const byName = new Map<string, StoredTopic[]>();
  for (const topic of topics) {
    if (!isManaged(topic) || isBeingDeleted(topic)) continue;
    const name = claimedTopicName(topic);
    const list = byName.get(name);
    if (list) list.push(topic);
    else byName.set(name, [topic]);
  }
  for (const list of byName.values()) list.sort(claimOrder);
  return byName;
}

function claimOrder(a: StoredTopic, b: StoredTopic): number {
  const created = (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "");
  if (created !== 0) return created;
  const ready = Number(isReady(b)) - Number(isReady(a));
  if (ready !== 0) return ready;
  return refOf(a).localeCompare(refOf(b));
}

export interface TriageContext {
  /** `claimants` of every KafkaTopic the operator selects. */
  claimants: ReadonlyMap<string, readonly StoredTopic[]>;
  /** The Kafka cluster's CA Secret is gone or being deleted: the cluster is being taken down. */
  clusterGone: boolean;
}

/** The KafkaTopic validated, or the failure that names its fields. */
function validated(topic: StoredTopic): KafkaTopic | TopicFailure {
  // Items of a list may come without their kind: the informer's list is the kind's.
  const result = validateKafkaTopic({ apiVersion: KAFKA_API_VERSION, kind: "KafkaTopic", ...topic });
  if (result.ok) return result.value;
  return { reason: TOPIC_REASON.invalidResource, message: result.problems.map((p) => `${p.path} ${p.message}`).join("; ") };
}

const isFailure = (value: KafkaTopic | TopicFailure): value is TopicFailure => "reason" in value;

function triageDeletion(topic: StoredTopic, context: TriageContext): Triage {
  if (!hasFinalizer(topic)) return { action: "none" };
  if (!isManaged(topic)) return { action: "release", why: "unmanaged" };
  if (context.clusterGone) return { action: "release", why: "cluster-gone" };
  // An invalid KafkaTopic never told Kafka anything reliable: its topic is kept.
  if (isFailure(validated(topic))) return { action: "release", why: "invalid" };
  const name = claimedTopicName(topic);
  const previous = topic.status?.topicName;
  if (previous !== undefined && previous !== name) return { action: "fail", failure: { reason: TOPIC_REASON.notSupported, message: TOPIC_MESSAGE.topicNameChanged }, topicName: previous };
  if ((context.claimants.get(name) ?? []).length > 0) return { action: "release", why: "handed-over" };
  return { action: "delete", topicName: name };
}

export function triage(topic: StoredTopic, context: TriageContext): Triage {
  if (isBeingDeleted(topic)) return triageDeletion(topic, context);
  if (!isManaged(topic)) return { action: "unmanaged" };
  const valid = validated(topic);
  if (isFailure(valid)) return { action: "fail", failure: valid, topicName: topic.status?.topicName };
  const name = topicNameOf(valid);
  const previous = topic.status?.topicName;
  if (previous !== undefined && previous !== name) {
    return { action: "fail", failure: { reason: TOPIC_REASON.notSupported, message: TOPIC_MESSAGE.topicNameChanged }, topicName: previous };
  }
  const winner = context.claimants.get(name)?.[0];
  if (winner !== undefined && refOf(winner) !== refOf(topic)) {
    return { action: "fail", failure: { reason: TOPIC_REASON.resourceConflict, message: TOPIC_MESSAGE.managedBy(winner.metadata.namespace, winner.metadata.name) }, topicName: name };
  }
  if (isPaused(topic)) return { action: "paused", topicName: name };
  return { action: "reconcile", topic: valid, topicName: name };
}
