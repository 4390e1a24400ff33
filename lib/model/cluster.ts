// Builds the validated model of a Kafka cluster from its custom resources and
// what Metacontroller observed. Every problem is reported with the field it is
// about; a model is returned only when nothing is wrong.
import type { Kafka } from "../api/kafka.js";
import type { KafkaNodePool } from "../api/kafka-nodepool.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import type { PersistentVolumeClaim } from "../api/kubernetes.js";
import { ANNOTATION } from "../labels.js";
import { podName } from "../names.js";
import { REASON } from "../reasons.js";
import { splitUserConfig } from "./forbidden-options.js";
import { resolveClusterId } from "./cluster-id.js";
import { brokerCountProblems } from "./broker-count-limits.js";
import { cruiseControlReporter, REPORTER_TOPIC_KEYS, type CruiseControlReporter } from "./cruise-control-reporter.js";
import { CLIENT_QUOTA_CALLBACK_CLASS, defaultUserQuotas, quotasConflict, quotasProblems, strimziQuotasNotConfigured, strimziQuotasPlugin } from "./quotas.js";
import { tieredStorageProblems } from "./tiered-storage.js";
import { externalLoggingProblems } from "./logging-rules.js";
import { metricsConfigProblems } from "./metrics-rules.js";
import { jvmOptionsProblems } from "./jvm-options.js";
import { DEFAULT_KAFKA_VERSION, chooseMetadataVersion, defaultKafkaImage, findKafkaVersion } from "./kafka-versions.js";
import { skipsScaleDownCheck } from "./broker-removal.js";
import { claimClusterIds, podSetClusterIds, runningKafkaVersions, sidecarMetadataVersion } from "./observed-nodes.js";
import { versionChange } from "./version-change.js";
import { clusterNodeIds } from "./pool-node-ids.js";
import { dataVolumes, storageProblems } from "./storage.js";
import type { KafkaClusterModel, KafkaNode, ModelProblem, NodePoolModel } from "./types.js";
import { listenerProblems, listenerWarnings } from "./listeners.js";
import { KAFKA_EXTRAS_IMAGE } from "../kafka-files/extra-jars.js";
import { DEFAULT_ENTITY_OPERATOR_IMAGE } from "../environment.js";

const MAX_DNS_LABEL = 63;
const MAX_CLUSTER_NAME = 64 - "-kafka".length;

export interface ClusterModelInput {
  kafka: Kafka;
  pools: readonly KafkaNodePool[];
  observedPodSets: readonly StrimziPodSet[];
  /** The cluster's PersistentVolumeClaims (related objects): they outlive the PodSets and remember the cluster id. */
  observedClaims?: readonly PersistentVolumeClaim[];
  random: (bytes: number) => Buffer;
  /** Where the nodes pull the kafka-extras image from, when not under its own name (KAFKA_EXTRAS_IMAGE). */
  kafkaExtrasImage?: string;
  /** The image the Entity Operator runs unless its spec names another (ENTITY_OPERATOR_IMAGE). */
  entityOperatorImage?: string;
}

export type ClusterModelResult =
  | { ok: true; model: KafkaClusterModel; warnings: ModelProblem[] }
  | { ok: false; problems: ModelProblem[] };

export function buildClusterModel(input: ClusterModelInput): ClusterModelResult {
  const { kafka } = input;
  const cluster = kafka.metadata.name;
  const problems: ModelProblem[] = [];
  const warnings: ModelProblem[] = [];
  const pools = [...input.pools].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

  const kafkaVersion = kafka.spec.kafka.version ?? DEFAULT_KAFKA_VERSION;
  const version = findKafkaVersion(kafkaVersion);
  if (!version) {
    problems.push({ reason: REASON.unsupportedKafkaVersion, path: "spec.kafka.version", message: `Kafka ${kafkaVersion} is not supported` });
  }
  // What the cluster has finalized, as the sidecar read it from Kafka; before it has, what the status last said.
  const sidecar = sidecarMetadataVersion(input.observedPodSets);
  const currentMetadataVersion = sidecar.finalized ?? kafka.status?.kafkaMetadataVersion;
  const metadataVersion = version ? chooseMetadataVersion(kafka.spec.kafka.metadataVersion, version, currentMetadataVersion) : undefined;
  if (metadataVersion && !metadataVersion.ok) {
    problems.push({ reason: REASON.invalidResource, path: "spec.kafka.metadataVersion", message: metadataVersion.message });
  }
  const change = version && metadataVersion?.ok
    ? versionChange({ running: runningKafkaVersions(input.observedPodSets), target: version, unchangedMetadataVersion: metadataVersion.metadataVersion, currentMetadataVersion, lookup: findKafkaVersion })
    : undefined;
  if (change && !change.ok) problems.push({ reason: REASON.kafkaUpgradeRefused, path: change.path, message: change.message });
  for (const p of listenerProblems(kafka.spec.kafka.listeners)) problems.push({ reason: REASON.invalidResource, ...p });
  for (const p of [...tieredStorageProblems(kafka), ...quotasProblems(kafka), ...externalLoggingProblems(kafka.spec.kafka.logging), ...metricsConfigProblems(kafka.spec.kafka.metricsConfig), ...jvmOptionsProblems(kafka.spec.kafka.jvmOptions, "spec.kafka.jvmOptions")]) problems.push({ reason: REASON.invalidResource, ...p });

  if (pools.length === 0) {
    problems.push({ reason: REASON.noNodePools, path: "KafkaNodePool", message: `no KafkaNodePool has the label strimzi.io/cluster=${cluster}` });
  }
  for (const pool of pools) {
    for (const p of [...storageProblems(pool.spec.storage), ...jvmOptionsProblems(pool.spec.jvmOptions, "spec.jvmOptions")]) {
      problems.push({ reason: REASON.invalidResource, path: `KafkaNodePool/${pool.metadata.name} ${p.path}`, message: p.message });
    }
  }

  const nodeIds = clusterNodeIds(cluster, pools.map((pool) => ({ pool, valid: true })), input.observedPodSets, skipsScaleDownCheck(kafka));
  problems.push(...nodeIds.problems);
  const poolModels: NodePoolModel[] = pools.map((pool) => ({
    name: pool.metadata.name,
    replicas: pool.spec.replicas,
    ...nodeIds.nodesOf(pool),
    volumes: dataVolumes(pool.spec.storage),
    resources: pool.spec.resources,
    jvmOptions: pool.spec.jvmOptions ?? kafka.spec.kafka.jvmOptions,
    template: pool.spec.template,
  }));
  const nodes: KafkaNode[] = poolModels
    .flatMap((pool) => pool.nodeIds.map((nodeId) => ({
      nodeId,
      pool: pool.name,
      podName: podName(cluster, pool.name, nodeId),
      roles: pool.roles,
      isController: pool.roles.includes("controller"),
      isBroker: pool.roles.includes("broker"),
    })))
    .sort((a, b) => a.nodeId - b.nodeId);
  // A pod's name is its hostname, one DNS label; the nodes' certificate subject is `CN=<cluster>-kafka`, at most 64 characters.
  const longest = nodes.reduce<KafkaNode | undefined>((a, n) => (a && a.podName.length >= n.podName.length ? a : n), undefined);
  if (longest && longest.podName.length > MAX_DNS_LABEL) {
    problems.push({ reason: REASON.invalidResource, path: "metadata.name", message: `the pod name ${longest.podName} is ${longest.podName.length} characters; the Kafka's and pool's names together must leave it at most ${MAX_DNS_LABEL}` });
  }
  if (cluster.length > MAX_CLUSTER_NAME) {
    problems.push({ reason: REASON.invalidResource, path: "metadata.name", message: `is ${cluster.length} characters; at most ${MAX_CLUSTER_NAME} (the nodes' certificate subject ${cluster}-kafka must fit in 64)` });
  }
  // Brokers held on a scale-down are on their way out: a cluster must work without them.
  const leaving = (pool: NodePoolModel): number[] => {
    const assigned = nodeIds.assignedIds(pool.name);
    return (pool.removal?.held ?? []).filter((id) => !assigned.includes(id));
  };
  let ccReporter: CruiseControlReporter | undefined;
  const held = new Set(poolModels.flatMap((pool) => leaving(pool).map((id) => podName(cluster, pool.name, id))));
  const wanted = nodes.filter((n) => !held.has(n.podName));
  if (nodeIds.problems.length === 0 && pools.length > 0) {
    if (!wanted.some((n) => n.isController)) {
      problems.push({ reason: REASON.noControllers, path: "KafkaNodePool", message: "no node pool with the controller role has replicas; a KRaft cluster needs at least one controller" });
    }
    // Brokers that keep their role only until Kafka confirms they can lose it do not count.
    const brokerPools = new Set(pools.filter((p) => p.spec.roles.includes("broker")).map((p) => p.metadata.name));
    if (!wanted.some((n) => n.isBroker && brokerPools.has(n.pool))) {
      problems.push({ reason: REASON.noBrokers, path: "KafkaNodePool", message: "no node pool with the broker role has replicas; a Kafka cluster needs at least one broker" });
    }
    const brokers = wanted.filter((n) => n.isBroker).length;
    for (const p of brokerCountProblems(kafka.spec.kafka.config, brokers)) problems.push({ reason: REASON.invalidResource, ...p });
    const reporter = cruiseControlReporter(kafka.spec, brokers);
    for (const p of reporter.problems) problems.push({ reason: REASON.invalidResource, ...p });
    ccReporter = reporter.reporter;
  }

  const clusterId = resolveClusterId({
    fromChildren: [...podSetClusterIds(input.observedPodSets), ...claimClusterIds(input.observedClaims ?? [])],
    fromStatus: [kafka.status?.clusterId, ...pools.map((p) => p.status?.clusterId)].filter((id): id is string => !!id),
    clusterExists: input.observedPodSets.length > 0,
  }, input.random);
  if (!clusterId.ok) problems.push({ reason: REASON.clusterIdMissing, path: "status.clusterId", message: clusterId.message });

  if (problems.length > 0 || !clusterId.ok || !version || !metadataVersion?.ok || !change?.ok) return { ok: false, problems };

  const config = splitUserConfig(kafka.spec.kafka.config, kafka.spec.kafka.listeners);
  if (config.forbidden.length > 0) {
    warnings.push({
      reason: REASON.forbiddenConfigOption,
      path: "spec.kafka.config",
      message: `options managed by the operator were ignored: ${config.forbidden.join(", ")}`,
    });
  }
  const conflict = quotasConflict(kafka, config.accepted);
  if (conflict) {
    warnings.push({ reason: REASON.quotasPluginConflict, ...conflict });
    delete config.accepted[CLIENT_QUOTA_CALLBACK_CLASS];
  }
  // The reporter section writes these, so the user's section does not repeat them (Strimzi removes them too).
  if (ccReporter) for (const key of Object.values(REPORTER_TOPIC_KEYS)) delete config.accepted[key];
  const unconfigured = strimziQuotasNotConfigured(kafka);
  if (unconfigured) warnings.push({ reason: REASON.ignoredField, ...unconfigured });
  warnings.push(...listenerWarnings(kafka.spec.kafka.listeners));
  if (metadataVersion.notApplied) {
    warnings.push({ reason: REASON.metadataVersionNotApplied, path: "spec.kafka.metadataVersion", message: metadataVersion.notApplied });
  }
  if (sidecar.updateFailed !== undefined) {
    warnings.push({ reason: REASON.metadataUpdateFailed, path: "spec.kafka.metadataVersion", message: sidecar.updateFailed });
  }

  return {
    ok: true,
    warnings,
    model: {
      name: cluster,
      namespace: kafka.metadata.namespace,
      clusterId: clusterId.clusterId,
      kafkaVersion: version.version,
      metadataVersion: change.metadataVersion,
      runningKafkaVersion: change.from,
      ...(sidecar.finalized !== undefined ? { finalizedMetadataVersion: sidecar.finalized } : {}),
      image: kafka.spec.kafka.image ?? defaultKafkaImage(version.version),
      kafkaExtrasImage: input.kafkaExtrasImage ?? KAFKA_EXTRAS_IMAGE,
      entityOperatorImage: input.entityOperatorImage ?? DEFAULT_ENTITY_OPERATOR_IMAGE,
      listeners: kafka.spec.kafka.listeners,
      userConfig: config.accepted,
      authorization: kafka.spec.kafka.authorization,
      rack: kafka.spec.kafka.rack,
      logging: kafka.spec.kafka.logging,
      metricsConfig: kafka.spec.kafka.metricsConfig,
      jvmOptions: kafka.spec.kafka.jvmOptions,
      readinessProbe: kafka.spec.kafka.readinessProbe,
      livenessProbe: kafka.spec.kafka.livenessProbe,
      template: kafka.spec.kafka.template,
      operatorFromAnyNamespace: kafka.metadata.annotations?.[ANNOTATION.operatorFromAnyNamespace] === "true",
      tieredStorage: kafka.spec.kafka.tieredStorage,
      strimziQuotas: strimziQuotasPlugin(kafka),
      defaultUserQuotas: defaultUserQuotas(kafka),
      ...(ccReporter ? { cruiseControlReporter: ccReporter } : {}),
      pools: poolModels,
      nodes,
    },
  };
}
