// Schema of the `kafka.strimzi.io/v1` KafkaTopic: one Kafka topic, reconciled
// by the Topic Operator of the Entity Operator (entity-operator/topic-operator).
import { freeForm, integer, object, string } from "./combinators.js";
import { KAFKA_API_VERSION } from "./kafka.js";
import { resource } from "./resource.js";

export const kafkaTopicSpec = object({
  topicName: string({ description: "The topic's name in Kafka; metadata.name when unset." }),
  partitions: integer({ minimum: 1, description: "Partitions of the topic; it can grow, never shrink. The broker's num.partitions when unset." }),
  replicas: integer({ minimum: 1, maximum: 32767, description: "Replicas of each partition. The broker's default.replication.factor when unset." }),
  // Values are strings, numbers, booleans or lists of them (joined with commas), checked by validateKafkaTopic:
  // a list cannot be said in the structural subset beside scalars.
  config: freeForm<Record<string, unknown>>("Topic configuration properties."),
}, { description: "A Kafka topic." });

export const kafkaTopicSchema = resource(KAFKA_API_VERSION, "KafkaTopic", kafkaTopicSpec);
