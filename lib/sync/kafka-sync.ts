// The Kafka controller's sync: a Kafka, its pools and the observed children in;
// the desired children and the status out.
import type { Kafka, KafkaStatus } from "../api/kafka.js";
import { KAFKA_API_VERSION } from "../api/kafka.js";
import type { KafkaNodePool } from "../api/kafka-nodepool.js";
import type { ConfigMap, KubeObject, PersistentVolumeClaim } from "../api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION } from "../api/strimzi-podset.js";
import { validateKafka, validateKafkaNodePool } from "../api/validate.js";
import { ignoredFieldWarnings } from "../api/ignored-fields.js";
import { nodeConfigMap } from "../builders/node-configmap.js";
import { externalLogging } from "../config/logging.js";
import { LOG4J2_PROPERTIES_KEY } from "../config/paths.js";
import { networkPolicy } from "../builders/network-policy.js";
import { caSecrets, nodeCertSecret, operatorCertSecret } from "../builders/secrets.js";
import { podCertificateGenerations, type ClusterCertificates } from "../certificates/cluster-certificates.js";
import type { EndEntityCertificate } from "../certificates/node-certificates.js";
import { observedSecrets } from "../certificates/observed-secrets.js";
import { podDisruptionBudget } from "../builders/pod-disruption-budget.js";
import { podSet } from "../builders/podset.js";
import { serviceAccount } from "../builders/service-account.js";
import { bootstrapService, brokersService } from "../builders/services.js";
import { listenerChildren } from "../builders/listener-children.js";
import { shortHash } from "../hash.js";
import { ANNOTATION, isReconciliationPaused, LABEL } from "../labels.js";
import { rememberedKey } from "../memo.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { skipsScaleDownCheck, type HeldBrokers } from "../model/broker-removal.js";
import { buildClusterModel, type ModelProblem } from "../model/cluster.js";
import { destructiveChanges } from "../model/destructive-changes.js";
import { listenerObservations } from "../model/listener-observations.js";
import {
  listenerAddressesOf, pendingListenerAddresses, podsWaitingForAddresses, resolveListenerAddresses,
} from "../model/listener-addresses.js";
import { listenerBrokerProblems } from "../model/listener-broker-rules.js";
import { NODE_ADDRESS_KEY } from "../model/node-addresses.js";
import { NODE_RACK_KEY, nodeRackFiles } from "../model/node-rack.js";
import { checkObservedPodSets, statusClusterIds } from "../model/observed-podsets.js";
import { claimClusterIds } from "../model/observed-nodes.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { operatorCertsSecretName } from "../names.js";
import { REASON } from "../reasons.js";
import { rollForecast } from "../roller/forecast.js";
import { brokerRemovalStatus, kafkaStatus, listenerStatuses, pausedKafkaStatus, podSetReadiness, rejectedKafkaStatus } from "../status/kafka-status.js";
import { withObservedStatus } from "../status/observed-status.js";
import { undeclaredListenerKinds } from "./child-types.js";
import type { Environment } from "./environment.js";
import { keepObservedChildren } from "./keep-observed.js";
import { heldRemovedPools } from "./removed-pools.js";
import { rememberedCertificates, rememberedChildren, type ChildrenInputs, type DesiredCluster } from "./remembered.js";

/** Resync while Kubernetes is still providing listener addresses; their objects' changes usually come first. */
const ADDRESS_RESYNC_SECONDS = 5;

/**
 * The files of facts about the node a broker runs on (its addresses, its rack) are read by Kafka at start only:
 * they stay out of the configuration hash, so a pod that moves is not restarted for them.
 */
function withNodeFacts(configMap: ConfigMap, files: { address: string | undefined; rack: string | undefined }): ConfigMap {
  if (files.address === undefined && files.rack === undefined) return configMap;
  return {
    ...configMap,
    data: {
      ...configMap.data,
      ...(files.address !== undefined ? { [NODE_ADDRESS_KEY]: files.address } : {}),
      ...(files.rack !== undefined ? { [NODE_RACK_KEY]: files.rack } : {}),
    },
  };
}

/** The user's log4j2 file for `external` logging, from the related ConfigMap customize asked for; or why it cannot be read. */
function externalLoggingOf(model: KafkaClusterModel, related: SyncRequest["related"]): { properties?: string; problem?: ModelProblem } | undefined {
  const ref = externalLogging(model);
  if (!ref) return undefined;
  const configMap = objectsOfType(related, "ConfigMap", "v1").find((c) => c.metadata.name === ref.name) as ConfigMap | undefined;
  const properties = configMap?.data?.[ref.key];
  if (properties !== undefined) return { properties };
  const missing = configMap ? `ConfigMap ${ref.name} has no key ${ref.key}` : `ConfigMap ${ref.name} does not exist`;
  return { problem: { reason: REASON.externalLoggingNotFound, path: "spec.kafka.logging.valueFrom.configMapKeyRef", message: `${missing}; the default logging is used until it does` } };
}

/**
 * The part of a node's ConfigMap whose change restarts it: all but the logging,
 * which log4j2 re-reads by itself (monitorInterval), so that a log level changes
 * without a restart, as in Strimzi.
 */
function restartingConfiguration(configMap: ConfigMap): Record<string, string> {
  const { [LOG4J2_PROPERTIES_KEY]: _logging, ...rest } = configMap.data ?? {};
  return rest;
}

/** Pools of this cluster among the related KafkaNodePools, each validated. */
function clusterPools(request: SyncRequest, cluster: string): { pools: KafkaNodePool[]; problems: ModelProblem[]; unknownFields: string[] } {
  const pools: KafkaNodePool[] = [];
  const problems: ModelProblem[] = [];
  const unknownFields: string[] = [];
  for (const related of objectsOfType(request.related, "KafkaNodePool", KAFKA_API_VERSION)) {
    if (related.metadata.labels?.[LABEL.cluster] !== cluster) continue;
    const candidate = withObservedStatus(related);
    const result = validateKafkaNodePool(candidate);
    const where = `KafkaNodePool/${candidate.metadata.name}`;
    if (result.ok) {
      pools.push(result.value);
      unknownFields.push(...result.unknownFields.map((f) => `${where} ${f}`));
    } else {
      problems.push(...result.problems.map((p) => ({ reason: REASON.invalidResource, path: `${where} ${p.path}`, message: p.message })));
    }
  }
  return { pools, problems, unknownFields };
}

/** Builders return typed Kubernetes objects; Metacontroller takes any object with a name. */
const asChild = (object: { apiVersion?: string; kind?: string; metadata?: object }): KubeObject => object as KubeObject;

/** Annotations that restart a pod when the certificates it started with change. */
function certificateAnnotations(certificates: ClusterCertificates, node: KafkaNode, own: EndEntityCertificate | undefined): Record<string, string> {
  // Brokers also serve the listeners' own certificates.
  const served = [own?.certificatePem, ...(node.isBroker ? certificates.listeners.map((l) => l.certificatePem) : [])];
  return {
    [ANNOTATION.clusterCaCertGeneration]: String(certificates.clusterCa.certGeneration),
    [ANNOTATION.clusterCaKeyGeneration]: String(certificates.clusterCa.keyGeneration),
    [ANNOTATION.clientsCaCertGeneration]: String(certificates.clientsCa.certGeneration),
    ...(own?.certificatePem ? { [ANNOTATION.serverCertHash]: shortHash(served.join("")) } : {}),
  };
}

function desiredChildren({ model, certificates, observedPods: observedPodNames }: ChildrenInputs): DesiredCluster {
  const addresses = listenerAddressesOf(model);
  const observedPods = new Set(observedPodNames);
  const perNode = model.nodes.map((node) => ({ node, configMap: nodeConfigMap(model, node), certificate: certificates.nodes.get(node.podName) }));
  // A pod restarts when its configuration or certificates change: their hashes and
  // generations are part of the pod, so the pod's revision changes with them.
  const podAnnotations = new Map(perNode.map(({ node, configMap, certificate }) => [node.podName, {
    [ANNOTATION.configurationHash]: shortHash(JSON.stringify(restartingConfiguration(configMap))),
    ...certificateAnnotations(certificates, node, certificate),
  }]));
  // A new node without a certificate could not start, and a new broker would start advertising
  // an address that is not known yet; each joins once it has what it needs.
  const waitingForAddresses = podsWaitingForAddresses(addresses);
  const heldBack = new Set(perNode
    .filter(({ node, certificate }) => (!certificate?.certificatePem || waitingForAddresses.has(node.podName)) && !observedPods.has(node.podName))
    .map(({ node }) => node.podName));
  const podSets = model.pools.map((pool) => podSet(model, pool, podAnnotations, heldBack));
  const children = [
    ...podSets,
    ...perNode.map(({ node, configMap }) => withNodeFacts(configMap, {
      address: addresses.nodeAddressFiles.get(node.podName),
      rack: model.nodeRackFiles?.get(node.podName),
    })),
    ...caSecrets(model, certificates.clusterCa),
    ...caSecrets(model, certificates.clientsCa),
    ...perNode.flatMap(({ node, certificate }) => (certificate?.certificatePem ? [nodeCertSecret(model, node, certificate, certificates.listeners)] : [])),
    ...(certificates.operator.certificatePem ? [operatorCertSecret(model, certificates.operator)] : []),
    bootstrapService(model),
    brokersService(model),
    ...listenerChildren(model),
    podDisruptionBudget(model),
    serviceAccount(model),
    networkPolicy(model),
  ].map(asChild);
  const pending = (c: EndEntityCertificate | undefined) => c?.state === "stale" || c?.state === "missing";
  const certificatesPending = [
    ...perNode.filter(({ certificate }) => pending(certificate)).map(({ node }) => node.podName),
    ...(pending(certificates.operator) ? [operatorCertsSecretName(model.name)] : []),
  ];
  return { children, podSets, certificatesPending };
}

export function syncKafka(request: SyncRequest, env: Environment): SyncResponse<KafkaStatus> {
  const now = env.now();
  const parent = withObservedStatus(request.parent) as Partial<Kafka> & SyncRequest["parent"];
  const keepChildren = (status: KafkaStatus): SyncResponse<KafkaStatus> => ({ status, children: keepObservedChildren(request.children) });
  const reject = (problems: readonly ModelProblem[]): SyncResponse<KafkaStatus> =>
    keepChildren(rejectedKafkaStatus(parent.status, parent.metadata.generation, problems, now));

  // As in Strimzi, a paused Kafka is not even validated: nothing it says is acted on until it is resumed.
  if (isReconciliationPaused(parent)) return keepChildren(pausedKafkaStatus(parent.status, parent.metadata.generation, now));
  const validated = validateKafka(parent);
  if (!validated.ok) {
    return reject(validated.problems.map((p) => ({ reason: REASON.invalidResource, ...p })));
  }
  const kafka = validated.value;
  const pools = clusterPools(request, kafka.metadata.name);
  if (pools.problems.length > 0) return reject(pools.problems);

  const observedClaims = objectsOfType(request.related, "PersistentVolumeClaim", "v1") as PersistentVolumeClaim[];
  const checked = checkObservedPodSets(
    kafka.metadata.name,
    objectsOfType(request.children, "StrimziPodSet", STRIMZI_PODSET_API_VERSION).map(withObservedStatus),
    [...statusClusterIds([kafka, ...pools.pools]), ...claimClusterIds(observedClaims)],
  );
  if (!checked.ok) return reject(checked.problems);
  const observedPodSets = checked.podSets;
  const built = buildClusterModel({ kafka, pools: pools.pools, observedPodSets, observedClaims, random: env.random });
  if (!built.ok) return reject(built.problems);
  const refusals = [
    ...listenerBrokerProblems(built.model).map((p) => ({ reason: REASON.invalidResource, ...p })),
    ...undeclaredListenerKinds(built.model.listeners, request.children),
    ...destructiveChanges(built.model, { podSets: observedPodSets, configMaps: objectsOfType(request.children, "ConfigMap", "v1") }),
  ];
  if (refusals.length > 0) return reject(refusals);
  const observations = listenerObservations(kafka, request.children, request.related);
  const addresses = resolveListenerAddresses(built.model, observations);
  const rackFiles = nodeRackFiles(built.model, observations);
  const logging = externalLoggingOf(built.model, request.related);
  const model: KafkaClusterModel = {
    ...built.model,
    listenerAddresses: addresses,
    ...(rackFiles.size > 0 ? { nodeRackFiles: rackFiles } : {}),
    ...(logging?.properties !== undefined ? { externalLoggingProperties: logging.properties } : {}),
  };

  const unknownFields = [...validated.unknownFields, ...pools.unknownFields];
  const warnings = [
    ...built.warnings,
    ...(logging?.problem ? [logging.problem] : []),
    ...ignoredFieldWarnings(kafka, pools.pools).map((w) => ({ reason: REASON.ignoredField, ...w })),
    ...(unknownFields.length > 0
      ? [{ reason: REASON.unknownFields, path: "spec", message: `unknown fields are ignored: ${unknownFields.join(", ")}` }]
      : []),
  ];
  const cluster = rememberedKey(kafka);
  const certificates = rememberedCertificates(cluster, {
    model,
    secrets: observedSecrets(request.children, request.related),
    pods: podCertificateGenerations(observedPodSets),
    env,
  });
  if (!certificates.ok) return reject(certificates.problems);

  const observedPods = observedPodSets.flatMap((ps) => ps.spec.pods.map((p) => p.metadata.name)).sort();
  const desired = rememberedChildren(cluster, { model, certificates: certificates.certificates, observedPods }, desiredChildren);
  const { podSets, certificatesPending } = desired;
  const removedPools = heldRemovedPools({ cluster: model.name, pools: model.pools.map((p) => p.name), children: request.children, skipCheck: skipsScaleDownCheck(kafka) });
  const children = removedPools.length === 0 ? desired.children : [...desired.children, ...removedPools.flatMap((p) => p.children)];
  const heldBrokers: HeldBrokers[] = [...model.pools.flatMap((pool) => (pool.removal ? [{ pool: pool.name, ...pool.removal }] : [])), ...removedPools];
  // Which pods will restart and why, from the change made now and the roller's record on the PodSets.
  const roll = rollForecast({ kafka, desired: podSets, observed: observedPodSets, now });
  const waitingFor = [
    certificatesPending.length > 0 ? `certificates for ${certificatesPending.join(", ")} (at most ${env.newKeysPerSync} new keys per sync)` : undefined,
    podSetReadiness(podSets, observedPodSets, roll),
  ].filter((w): w is string => w !== undefined);
  const pendingAddresses = pendingListenerAddresses(addresses);
  const trust = {
    clusterCaCertificatePem: certificates.certificates.clusterCa.authority.certificatePem,
    ownCertificates: new Map(certificates.certificates.listeners.map((l) => [l.listener, l.certificatePem])),
  };
  // The next batch of certificates comes with the next sync; ask for it now. Addresses come when Kubernetes has them.
  const resyncAfterSeconds = certificatesPending.length > 0 ? 1 : pendingAddresses.length > 0 ? ADDRESS_RESYNC_SECONDS : undefined;
  return {
    status: kafkaStatus({
      kafka, model, warnings, now,
      listeners: listenerStatuses(addresses, trust),
      pendingAddresses,
      waitingFor: waitingFor.length > 0 ? waitingFor.join("; ") : undefined,
      issuingCertificates: certificatesPending.length > 0,
      brokerRemoval: brokerRemovalStatus(model.name, heldBrokers),
      roll,
    }),
    children,
    ...(resyncAfterSeconds !== undefined ? { resyncAfterSeconds } : {}),
  };
}
