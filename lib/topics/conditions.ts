// The reasons and messages of a KafkaTopic's conditions, exactly as Strimzi's
// Topic Operator writes them (TopicOperatorException.Reason and the messages of
// BatchingTopicController): Argo CD health checks and dashboards match on them.
export const TOPIC_REASON = {
  resourceConflict: "ResourceConflict",
  notSupported: "NotSupported",
  kafkaError: "KafkaError",
  internalError: "InternalError",
  /** Ours: the resource fails its schema or Kafka's naming rules (Strimzi's API server refuses these at admission). */
  invalidResource: "InvalidResource",
} as const;

export type TopicReason = (typeof TOPIC_REASON)[keyof typeof TOPIC_REASON];

/** The condition type of a KafkaTopic that needs nothing: Strimzi's three. */
export type SettledType = "Ready" | "Unmanaged" | "ReconciliationPaused";

export interface TopicFailure {
  reason: TopicReason;
  message: string;
}

export const TOPIC_MESSAGE = {
  topicNameChanged: "Changing spec.topicName is not supported",
  partitionsDecrease: "Decreasing partitions not supported",
  managedBy: (namespace: string, name: string) => `Managed by Ref{namespace='${namespace}', name='${name}'}`,
  // Strimzi prints a Java Set<Integer>: "[0, 1, 2]".
  replicationFactorChange: (partitions: readonly number[]) =>
    `Replication factor change not supported, but required for partitions [${partitions.join(", ")}]`,
} as const;
