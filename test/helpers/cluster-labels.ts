// The labels every child of Strimzi's example cluster `my-cluster` carries, spelled
// out once for tests that assert them exactly.
export const MY_CLUSTER_LABELS = {
  "app.kubernetes.io/instance": "my-cluster",
  "app.kubernetes.io/managed-by": "kafka-hooks",
  "app.kubernetes.io/name": "kafka",
  "app.kubernetes.io/part-of": "strimzi-my-cluster",
  "strimzi.io/cluster": "my-cluster",
  "strimzi.io/component-type": "kafka",
  "strimzi.io/kind": "Kafka",
  "strimzi.io/name": "my-cluster-kafka",
} as const;
