// What Strimzi's example cluster `my-cluster` always has, spelled out once for the
// tests that assert it exactly: the labels of every child, and the super users
// of its authorizer (its own components' certificate subjects).
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

export const MY_CLUSTER_SUPER_USERS: readonly string[] = [
  "User:CN=my-cluster-kafka,O=io.strimzi",
  "User:CN=my-cluster-entity-topic-operator,O=io.strimzi",
  "User:CN=my-cluster-entity-user-operator,O=io.strimzi",
  "User:CN=my-cluster-kafka-exporter,O=io.strimzi",
  "User:CN=my-cluster-cruise-control,O=io.strimzi",
  "User:CN=cluster-operator,O=io.strimzi",
];
