// A topic as Kafka describes it to the Topic Operator: its id, its partitions'
// replicas (Metadata) and its configuration with where each value comes from
// (DescribeConfigs).
export interface PartitionReplicas {
  partition: number;
  replicas: readonly number[];
}

export interface TopicConfigEntry {
  name: string;
  value: string | null;
  /** Set on the topic itself (`DYNAMIC_TOPIC_CONFIG`), not inherited from the brokers or Kafka's defaults. */
  setOnTopic: boolean;
}

export interface TopicDescription {
  name: string;
  topicId: string;
  partitions: readonly PartitionReplicas[];
  configs: readonly TopicConfigEntry[];
}

/** One incremental alter-configs operation on a topic. */
export type ConfigChange = { name: string; op: "set"; value: string } | { name: string; op: "delete" };
