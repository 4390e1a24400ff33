// The kinds the sidecar watches, each with the collection path its informer
// lists and watches (kube/informer.ts) and the label selector the API server filters by.
import { LABEL } from "../lib/labels.js";
import { resourcePath } from "./kube/paths.js";

export type KindName = "kafkas" | "kafkaNodePools" | "podSets" | "pods" | "claims" | "kafkaRebalances" | "rebalanceConfigMaps" | "kafkaConnects" | "kafkaConnectors" | "kafkaMirrorMaker2s" | "connectPodSets" | "connectPods";

interface KindDescriptor {
  group: string;
  version: string;
  plural: string;
  /** Only objects of Kafka clusters: pods and claims of other programs are none of the sidecar's business. */
  labelSelector?: string;
  /** Reconciled on their own (sidecar/rebalance, sidecar/connectors) rather than as part of a Kafka cluster. */
  notOfAKafka?: true;
}

/** The kinds whose workers run Connect: a KafkaConnect's and a KafkaMirrorMaker2's. */
const CONNECT_WORKERS = `${LABEL.kind} in (KafkaConnect,KafkaMirrorMaker2)`;

export const WATCHED_KINDS: Record<KindName, KindDescriptor> = {
  kafkas: { group: "kafka.strimzi.io", version: "v1", plural: "kafkas" },
  kafkaNodePools: { group: "kafka.strimzi.io", version: "v1", plural: "kafkanodepools", labelSelector: LABEL.cluster },
  // Only the brokers' PodSets: a KafkaConnect named as a Kafka must not join its cluster (its PodSet is `strimzi.io/kind=KafkaConnect`).
  podSets: { group: "core.strimzi.io", version: "v1", plural: "strimzipodsets", labelSelector: `${LABEL.cluster},${LABEL.kind}=Kafka` },
  pods: { group: "", version: "v1", plural: "pods", labelSelector: `${LABEL.kind}=Kafka` },
  claims: { group: "", version: "v1", plural: "persistentvolumeclaims", labelSelector: `${LABEL.kind}=Kafka` },
  // Every KafkaRebalance: one without the cluster label gets a status saying so, as in Strimzi.
  kafkaRebalances: { group: "kafka.strimzi.io", version: "v1", plural: "kafkarebalances", notOfAKafka: true },
  // The proposal ConfigMaps the sidecar writes for KafkaRebalances, read back from the cache.
  rebalanceConfigMaps: { group: "", version: "v1", plural: "configmaps", labelSelector: `${LABEL.kind}=KafkaRebalance`, notOfAKafka: true },
  // The connector reconciler's (sidecar/connectors): Connect clusters, the connectors that name one, and the workers' PodSets.
  kafkaConnects: { group: "kafka.strimzi.io", version: "v1", plural: "kafkaconnects", notOfAKafka: true },
  kafkaConnectors: { group: "kafka.strimzi.io", version: "v1", plural: "kafkaconnectors", labelSelector: LABEL.cluster, notOfAKafka: true },
  // MirrorMaker 2's connectors are reconciled as KafkaConnectors are (sidecar/connectors/mirror-maker-2-connectors.ts); its workers are Connect's.
  kafkaMirrorMaker2s: { group: "kafka.strimzi.io", version: "v1", plural: "kafkamirrormaker2s", notOfAKafka: true },
  connectPodSets: { group: "core.strimzi.io", version: "v1", plural: "strimzipodsets", labelSelector: `${LABEL.cluster},${CONNECT_WORKERS}`, notOfAKafka: true },
  // The Connect roller's (sidecar/connect-roll): the workers, apart from the brokers' pods so that none joins a Kafka's snapshot.
  connectPods: { group: "", version: "v1", plural: "pods", labelSelector: `${LABEL.cluster},${CONNECT_WORKERS}`, notOfAKafka: true },
};

/** The collection path of a kind in one namespace, or in all of them. */
export function collectionPath(kind: KindName, namespace: string | undefined): string {
  return resourcePath(WATCHED_KINDS[kind], namespace);
}
