// The Strimzi `kafka.strimzi.io/v1` KafkaTopic, as the Topic Operator reads it;
// the spec's types are derived from its schema (lib/api/schemas/kafka-topic.ts).
// The checks here are the ones its schema cannot say: a topic name Kafka
// accepts, and configuration values Strimzi can turn into strings.
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import { formatPath } from "./schemas/fields.js";
import type { kafkaTopicSchema } from "./schemas/kafka-topic.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaTopic = WithStatus<Static<typeof kafkaTopicSchema>, KafkaTopicStatus>;
export type KafkaTopicSpec = KafkaTopic["spec"];

/** Strimzi's, with Cruise Control's replication-factor change (never written while Cruise Control is absent). */
export interface KafkaTopicStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  topicName?: string;
  topicId?: string;
  replicasChange?: { targetReplicas?: number; state?: "pending" | "ongoing"; message?: string; sessionId?: string };
}

/** Strimzi's finalizer: KafkaTopics that Strimzi's Topic Operator managed carry it already. */
export const TOPIC_FINALIZER = "strimzi.io/topic-operator";
/** `"false"`: the operator leaves the topic in Kafka alone, and deleting the KafkaTopic leaves the topic. */
export const MANAGED_ANNOTATION = "strimzi.io/managed";

/** The topic in Kafka: `spec.topicName`, or the resource's name (TopicOperatorUtil.topicName). */
export const topicNameOf = (topic: Pick<KafkaTopic, "metadata" | "spec">): string => topic.spec.topicName ?? topic.metadata.name;

export const isManaged = (topic: Pick<KafkaTopic, "metadata">): boolean => topic.metadata.annotations?.[MANAGED_ANNOTATION] !== "false";

type ConfigScalar = string | number | boolean;
const isScalar = (value: unknown): value is ConfigScalar => typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** A configuration value as Kafka takes it: lists joined with commas (TopicOperatorUtil.configValueAsString). */
export function configValueString(value: unknown): string {
  if (Array.isArray(value)) return value.map(configValueString).join(",");
  return String(value);
}

// Kafka's Topic.validate: at most 249 characters of [a-zA-Z0-9._-], and neither "." nor "..".
const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_NAME_LENGTH = 249;

export interface TopicProblem {
  path: string;
  message: string;
}

function topicNameProblem(name: string): string | undefined {
  if (name === "." || name === "..") return `must not be "${name}"`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `must be at most ${MAX_TOPIC_NAME_LENGTH} characters long, as Kafka's topic names are`;
  if (!TOPIC_NAME.test(name)) return "must contain only ASCII letters, digits, '.', '_' and '-', as Kafka's topic names do";
  return undefined;
}

/** What Kafka would refuse, or Strimzi could not read, in a KafkaTopic that passed its schema. */
export function topicProblems(topic: Pick<KafkaTopic, "metadata" | "spec">): TopicProblem[] {
  const problems: TopicProblem[] = [];
  const name = topicNameOf(topic);
  const nameProblem = topicNameProblem(name);
  if (nameProblem) problems.push({ path: topic.spec.topicName === undefined ? "metadata.name" : "spec.topicName", message: nameProblem });
  for (const [key, value] of Object.entries(topic.spec.config ?? {})) {
    const valid = isScalar(value) || (Array.isArray(value) && value.every(isScalar));
    if (!valid) problems.push({ path: formatPath(["spec", "config", key]), message: "must be a string, number, boolean or a list of them" });
  }
  return problems;
}
