// Strimzi's labels and annotations, the ones tools select on.
import { operandComponentName } from "./names.js";

export const LABEL = {
  cluster: "strimzi.io/cluster",
  kind: "strimzi.io/kind",
  name: "strimzi.io/name",
  componentType: "strimzi.io/component-type",
  poolName: "strimzi.io/pool-name",
  podName: "strimzi.io/pod-name",
  statefulSetPodName: "statefulset.kubernetes.io/pod-name",
  brokerRole: "strimzi.io/broker-role",
  controllerRole: "strimzi.io/controller-role",
  appName: "app.kubernetes.io/name",
  appInstance: "app.kubernetes.io/instance",
  appPartOf: "app.kubernetes.io/part-of",
  appManagedBy: "app.kubernetes.io/managed-by",
  /** On the namespace kafka-hooks is installed in (manifests/namespace.yaml): where each cluster's NetworkPolicy admits the operator from. */
  operatorNamespace: "kafka-hooks.io/operator",
} as const;

export const ANNOTATION = {
  nextNodeIds: "strimzi.io/next-node-ids",
  removeNodeIds: "strimzi.io/remove-node-ids",
  clusterId: "strimzi.io/cluster-id",
  kafkaVersion: "strimzi.io/kafka-version",
  revision: "strimzi.io/revision",
  /** On a pod: a hash of its node's configuration, so that a configuration change restarts it. */
  configurationHash: "strimzi.io/configuration-hash",
  manualRollingUpdate: "strimzi.io/manual-rolling-update",
  caCertGeneration: "strimzi.io/ca-cert-generation",
  caKeyGeneration: "strimzi.io/ca-key-generation",
  clusterCaCertGeneration: "strimzi.io/cluster-ca-cert-generation",
  clusterCaKeyGeneration: "strimzi.io/cluster-ca-key-generation",
  clientsCaCertGeneration: "strimzi.io/clients-ca-cert-generation",
  serverCertHash: "strimzi.io/server-cert-hash",
  /** On a pod: a hash of what its Kafka clients load from the user's Secrets, so that a changed Secret restarts it (KafkaBridge). */
  authHash: "strimzi.io/auth-hash",
  /** Cruise Control's capacity.json, which it reads only at start. */
  capacityConfigurationHash: "strimzi.io/capacity-configuration-hash",
  forceRenew: "strimzi.io/force-renew",
  forceReplace: "strimzi.io/force-replace",
  /** On the Kafka: `cluster-ca`, `clients-ca` or both (comma-separated), to create a CA whose Secrets were lost. */
  forceNewCa: "kafka-hooks.io/force-new-ca",
  lastAppliedByMetacontroller: "metacontroller.k8s.io/last-applied-configuration",
  /** On the Kafka: `true` removes brokers on scale-down without asking Kafka whether they still host partition replicas (Strimzi's). */
  skipBrokerScaleDownCheck: "strimzi.io/skip-broker-scaledown-check",
  /** On a StrimziPodSet, from the Kafka hook: ids of brokers its pool no longer wants, held until Kafka confirms they host no partition replicas. */
  brokersToRemove: "kafka-hooks.io/brokers-to-remove",
  /** On a StrimziPodSet, from the Kafka hook: a digest of every PodSet of the answer it was written with (lib/podset/podsets-revision.ts). */
  podSetsRevision: "kafka-hooks.io/podsets-revision",
  /** On a StrimziPodSet, from the sidecar: ids of the brokers to remove that host no partition replicas, as Kafka answered. */
  removableBrokers: "kafka-hooks.io/removable-brokers",
  /** On every StrimziPodSet of a cluster, from the sidecar: the `metadata.version` Kafka has finalized, as it names it (`4.3-IV0`). */
  finalizedMetadataVersion: "kafka-hooks.io/metadata-version",
  /** On every StrimziPodSet of a cluster, from the sidecar: why `metadata.version` could not be brought to the one wanted (gone once it is). */
  metadataUpdateFailed: "kafka-hooks.io/metadata-update-failed",
  /**
   * On every StrimziPodSet of a cluster, from the sidecar: auto-rebalancing's record as JSON (lib/rebalance/auto-rebalance-record.ts),
   * `Kafka.status.autoRebalance` and what the sidecar needs to resume (the brokers accounted for, the ones it cordoned).
   */
  autoRebalance: "kafka-hooks.io/auto-rebalance",
  /** On a StrimziPodSet, from the sidecar: why the brokers to remove cannot go yet. */
  brokerRemovalRefused: "kafka-hooks.io/broker-removal-refused",
  /**
   * On a StrimziPodSet, from the Kafka hook: the cluster's `spec.kafka.config` options the sidecar applies to the running
   * nodes, as JSON by scope (lib/config/run-time-options.ts); absent when there are none.
   */
  runTimeConfiguration: "kafka-hooks.io/run-time-configuration",
  /** On a StrimziPodSet, from the sidecar: the run-time configuration every running node of the cluster holds, a copy of the annotation above (what is still to apply is the difference). */
  runTimeConfigurationApplied: "kafka-hooks.io/run-time-configuration-applied",
  /** On a StrimziPodSet, from the sidecar: the hash of a run-time configuration Kafka refused, for which the nodes were restarted once, with Kafka's answer. */
  runTimeConfigurationRefused: "kafka-hooks.io/run-time-configuration-refused",
  /** On a pod, from the sidecar: Kafka refused to apply its run-time configuration, so the roller restarts it (CONFIG_CHANGE_REQUIRES_RESTART). */
  restartForConfiguration: "kafka-hooks.io/restart-for-configuration",
  /** On the Kafka: `true` stops every part of the operator from changing the cluster (Strimzi's). */
  pauseReconciliation: "strimzi.io/pause-reconciliation",
  /** On the Kafka: `true` admits pods labelled strimzi.io/kind=cluster-operator from any namespace to the replication port, as Strimzi does. */
  operatorFromAnyNamespace: "kafka-hooks.io/operator-from-any-namespace",
} as const;

/**
 * Whether a Kafka's reconciliation is paused: the hooks then keep every child as
 * observed and say so in the status, and the sidecar does nothing for it.
 */
export const isReconciliationPaused = (kafka: { metadata: { annotations?: Record<string, string> } }): boolean =>
  kafka.metadata.annotations?.[ANNOTATION.pauseReconciliation] === "true";

export const MANAGED_BY = "kafka-hooks";

const MAX_LABEL_VALUE = 63;

/**
 * A name made a valid label value as Strimzi makes it (Labels.getOrValidInstanceLabelValue):
 * cut to 63 characters, then trailing `.`, `-` and `_` removed. A cluster name may
 * be 58 characters long, so `strimzi-<cluster>` may not fit.
 */
export function validLabelValue(value: string): string {
  return value.slice(0, MAX_LABEL_VALUE).replace(/[-._]+$/, "");
}

/** Labels every object of a Kafka cluster carries, its pods included. */
export function clusterLabels(cluster: string): Record<string, string> {
  return componentLabels(cluster, "kafka");
}

/**
 * Labels of the objects of one component of a Kafka cluster (Strimzi's
 * Labels.generateDefaultLabels): `kafka` for the nodes, `kafka-exporter`, …
 * Dashboards and PodMonitors select on them, and so does the Kafka's network policy.
 */
export function componentLabels(cluster: string, componentType: string): Record<string, string> {
  return {
    [LABEL.appInstance]: cluster,
    [LABEL.appManagedBy]: MANAGED_BY,
    [LABEL.appName]: componentType,
    [LABEL.appPartOf]: validLabelValue(`strimzi-${cluster}`),
    [LABEL.cluster]: cluster,
    [LABEL.componentType]: componentType,
    [LABEL.kind]: "Kafka",
    [LABEL.name]: operandComponentName(cluster, componentType),
  };
}
