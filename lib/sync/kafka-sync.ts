// The Kafka controller's sync: a Kafka, its pools and the observed children in;
// the desired children and the status out.
import type { ConfigMapKeyRef, Kafka, KafkaStatus } from "../api/kafka.js";
import { KAFKA_API_VERSION } from "../api/kafka.js";
import type { KafkaNodePool } from "../api/kafka-nodepool.js";
import type { ConfigMap, PersistentVolumeClaim } from "../api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION } from "../api/strimzi-podset.js";
import { validateKafka, validateKafkaNodePool } from "../api/validate.js";
import { ignoredFieldWarnings } from "../api/ignored-fields.js";
import { externalLogging } from "../config/logging.js";
import { jmxExporterConfigJson } from "../config/metrics.js";
import { caSettings, podCertificateGenerations } from "../certificates/cluster-certificates.js";
import { observedSecrets } from "../certificates/observed-secrets.js";
import { isReconciliationPaused, LABEL } from "../labels.js";
import { rememberedKey } from "../memo.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { skipsScaleDownCheck, type HeldBrokers } from "../model/broker-removal.js";
import { buildClusterModel } from "../model/cluster.js";
import { destructiveChanges } from "../model/destructive-changes.js";
import { listenerObservations } from "../model/listener-observations.js";
import { pendingListenerAddresses } from "../model/listener-addresses.js";
import { listenerBrokerProblems } from "../model/listener-broker-rules.js";
import { observedClusterModel, type EntityOperatorPart } from "../model/observed-cluster.js";
import { checkObservedPodSets, statusClusterIds } from "../model/observed-podsets.js";
import { claimClusterIds } from "../model/observed-nodes.js";
import type { KafkaClusterModel, ModelProblem } from "../model/types.js";
import { desiredCluster, operandRefusals, operandsWaitingFor, requestedNeeds } from "../operands/kafka-operands.js";
import { REASON } from "../reasons.js";
import { cruiseControlApiUsers } from "../operands/cruise-control/api-users.js";
import { cruiseControlWarnings } from "../operands/cruise-control/configuration.js";
import { autoRebalanceSetAside, cruiseControlGate, withoutCruiseControl } from "../operands/cruise-control/gate.js";
import { autoRebalanceStatus } from "../rebalance/auto-rebalance-record.js";
import { rollForecast } from "../roller/forecast.js";
import { withinMaintenanceWindows } from "../roller/maintenance-window.js";
import { brokerRemovalStatus, kafkaStatus, listenerStatuses, pausedKafkaStatus, rejectedKafkaStatus } from "../status/kafka-status.js";
import { withObservedStatus } from "../status/observed-status.js";
import { undeclaredListenerKinds } from "./child-types.js";
import type { Environment } from "../environment.js";
import { keepObservedChildren } from "./keep-observed.js";
import { childrenFollowedBy, type AnswerChildren } from "./encoded-children.js";
import { withPodSetsRevision } from "../podset/podsets-revision.js";
import { heldRemovedPools } from "./removed-pools.js";
import { rememberedCertificates, rememberedChildren, type SyncMemory } from "./remembered.js";

/** Resync while Kubernetes is still providing listener addresses; their objects' changes usually come first. */
const ADDRESS_RESYNC_SECONDS = 5;

type ExternalLoggingFile = { properties?: string; problem?: ModelProblem } | undefined;

/**
 * The user's log4j2 file for an `external` logging (`path` names it), from the related ConfigMap
 * customize asked for; or why it cannot be read.
 */
function externalLoggingFile(ref: ConfigMapKeyRef | undefined, path: string, related: SyncRequest["related"]): ExternalLoggingFile {
  if (!ref) return undefined;
  const configMap = objectsOfType(related, "ConfigMap", "v1").find((c) => c.metadata.name === ref.name) as ConfigMap | undefined;
  // The schema leaves configMapKeyRef.key optional, as Strimzi's does: no key, no properties.
  const properties = ref.key === undefined ? undefined : configMap?.data?.[ref.key];
  if (properties !== undefined) return { properties };
  const missing = configMap ? `ConfigMap ${ref.name} has no key ${ref.key}` : `ConfigMap ${ref.name} does not exist`;
  return { problem: { reason: REASON.externalLoggingNotFound, path, message: `${missing}; the default logging is used until it does` } };
}

/** The external logging files of the Entity Operator's operators, by operator. */
function entityOperatorLoggingFiles(spec: Kafka["spec"], related: SyncRequest["related"]): Array<{ part: EntityOperatorPart; file: ExternalLoggingFile }> {
  return (["topicOperator", "userOperator"] as const).map((part) => {
    const logging = spec.entityOperator?.[part]?.logging;
    const ref = logging?.type === "external" ? logging.valueFrom?.configMapKeyRef : undefined;
    return { part, file: externalLoggingFile(ref, `spec.entityOperator.${part}.logging.valueFrom.configMapKeyRef`, related) };
  });
}

/**
 * The JMX exporter's rules, as JSON, from the user's ConfigMap; or why they cannot be read, which
 * refuses the sync as Strimzi does (a node would start without its rules, or not at all).
 */
function jmxExporterConfigOf(model: KafkaClusterModel, related: SyncRequest["related"]): { json?: string; problem?: ModelProblem } {
  const metrics = model.metricsConfig;
  const ref = metrics?.type === "jmxPrometheusExporter" ? metrics.valueFrom?.configMapKeyRef : undefined;
  // metricsConfigProblems refused a reference without name or key before the model was built.
  if (!ref?.name || !ref.key) return {};
  const path = "spec.kafka.metricsConfig.valueFrom.configMapKeyRef";
  const configMap = objectsOfType(related, "ConfigMap", "v1").find((c) => c.metadata.name === ref.name) as ConfigMap | undefined;
  const text = configMap?.data?.[ref.key];
  if (text === undefined) {
    const missing = configMap ? `ConfigMap ${ref.name} has no key ${ref.key}` : `ConfigMap ${ref.name} does not exist`;
    return { problem: { reason: REASON.metricsConfigNotFound, path, message: missing } };
  }
  const converted = jmxExporterConfigJson(text);
  if ("problem" in converted) {
    return { problem: { reason: REASON.invalidResource, path, message: `key ${ref.key} of ConfigMap ${ref.name} is neither YAML nor JSON: ${converted.problem}` } };
  }
  return { json: converted.json };
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

/** The Kafka hook's answer; `memory` recalls the costly stages of a cluster whose inputs have not changed (lib/sync/remembered.ts). */
// With a memory, the children may be remembered ones, kept as their JSON (lib/sync/remembered.ts).
export function syncKafka(request: SyncRequest, env: Environment, memory: SyncMemory | undefined): SyncResponse<KafkaStatus, AnswerChildren>;
export function syncKafka(request: SyncRequest, env: Environment): SyncResponse<KafkaStatus>;
export function syncKafka(request: SyncRequest, env: Environment, memory?: SyncMemory): SyncResponse<KafkaStatus, AnswerChildren> {
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
  const gate = validated.value.spec.cruiseControl === undefined ? undefined : cruiseControlGate(env.cruiseControlExtrasImage);
  const kafka = gate?.on === false ? withoutCruiseControl(validated.value) : validated.value;
  const kafkaExtrasImage = (gate?.on === true ? gate.kafkaExtrasImage : undefined) ?? env.kafkaExtrasImage;
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
  const built = buildClusterModel({ kafka, pools: pools.pools, observedPodSets, observedClaims, random: env.random,
    ...(kafkaExtrasImage ? { kafkaExtrasImage } : {}),
    ...(env.entityOperatorImage ? { entityOperatorImage: env.entityOperatorImage } : {}) });
  if (!built.ok) return reject(built.problems);
  const metrics = jmxExporterConfigOf(built.model, request.related);
  const refusals = [
    ...(metrics.problem ? [metrics.problem] : []),
    ...listenerBrokerProblems(built.model).map((p) => ({ reason: REASON.invalidResource, ...p })),
    ...undeclaredListenerKinds(built.model.listeners, request.children),
    ...destructiveChanges(built.model, { podSets: observedPodSets, configMaps: objectsOfType(request.children, "ConfigMap", "v1") }),
    ...operandRefusals(kafka.spec, built.model.namespace),
  ];
  const secrets = observedSecrets(request.children, request.related);
  const apiUsers = kafka.spec.cruiseControl === undefined ? undefined : cruiseControlApiUsers({
    cluster: kafka.metadata.name,
    spec: kafka.spec.cruiseControl,
    topicOperator: kafka.spec.entityOperator?.topicOperator !== undefined,
    secrets,
    random: env.random,
  });
  if (apiUsers?.ok === false) refusals.push(...apiUsers.problems);
  if (refusals.length > 0) return reject(refusals);
  const observations = listenerObservations(kafka, request.children, request.related);
  const logging = externalLoggingFile(externalLogging(built.model), "spec.kafka.logging.valueFrom.configMapKeyRef", request.related);
  const operatorLogging = entityOperatorLoggingFiles(kafka.spec, request.related);
  const cruiseControlLoggingRef = kafka.spec.cruiseControl?.logging?.type === "external" ? kafka.spec.cruiseControl.logging.valueFrom?.configMapKeyRef : undefined;
  const cruiseControlLogging = externalLoggingFile(cruiseControlLoggingRef, "spec.cruiseControl.logging.valueFrom.configMapKeyRef", request.related);
  const model = observedClusterModel(built.model, observations, {
    externalLoggingProperties: logging?.properties,
    jmxExporterConfigJson: metrics.json,
    entityOperatorLoggingProperties: Object.fromEntries(operatorLogging.flatMap(({ part, file }) => (file?.properties !== undefined ? [[part, file.properties]] : []))),
    cruiseControlLoggingProperties: cruiseControlLogging?.properties,
  });
  const addresses = model.listenerAddresses;

  const unknownFields = [...validated.unknownFields, ...pools.unknownFields];
  const warnings = [
    ...built.warnings,
    ...[logging, ...operatorLogging.map(({ file }) => file), cruiseControlLogging].flatMap((file) => (file?.problem ? [file.problem] : [])),
    ...(gate?.on === false ? [gate.warning] : cruiseControlWarnings(kafka.spec)),
    ...[autoRebalanceSetAside(validated.value, gate)].flatMap((w) => w ?? []),
    ...ignoredFieldWarnings(kafka, pools.pools).map((w) => ({ reason: REASON.ignoredField, ...w })),
    ...(unknownFields.length > 0
      ? [{ reason: REASON.unknownFields, path: "spec", message: `unknown fields are ignored: ${unknownFields.join(", ")}` }]
      : []),
  ];
  const cluster = rememberedKey(kafka);
  const needs = requestedNeeds(kafka.spec);
  const certificates = rememberedCertificates(memory, cluster, {
    cas: caSettings(kafka),
    model,
    secrets,
    pods: podCertificateGenerations(observedPodSets),
    clientComponents: needs.clientCertificates,
    withinMaintenanceWindow: withinMaintenanceWindows(kafka.spec.maintenanceTimeWindows, now).within,
    env,
  });
  if (!certificates.ok) return reject(certificates.problems);
  // The hook is still preparing keys or certificates of this sync: it throws this answer away and runs the sync again.
  if (env.prepared?.incomplete === true) return keepChildren(parent.status ?? {});

  const observedPods = observedPodSets.flatMap((ps) => ps.spec.pods.map((p) => p.metadata.name)).sort();
  const desired = rememberedChildren(memory, cluster, {
    spec: kafka.spec, model, certificates: certificates.certificates, observedPods, replicationClients: needs.replicationClients,
    ...(apiUsers?.ok === true ? { cruiseControlApiUsers: apiUsers.users } : {}),
  }, desiredCluster, env.prepared);
  // Taken for later by the hook, which runs the sync again once they are built.
  if (desired === undefined) return keepChildren(parent.status ?? {});
  const { certificatesPending } = desired;
  const removedPools = heldRemovedPools({ cluster: model.name, pools: model.pools.map((p) => p.name), children: request.children, skipCheck: skipsScaleDownCheck(kafka) });
  // A removed pool's PodSet is part of the answer as much as the others: it carries the answer's revision.
  const children = childrenFollowedBy(desired.children, withPodSetsRevision(removedPools.flatMap((p) => p.children), desired.podSetsRevision));
  const heldBrokers: HeldBrokers[] = [...model.pools.flatMap((pool) => (pool.removal ? [{ pool: pool.name, ...pool.removal }] : [])), ...removedPools];
  // Which pods will restart and why, from the change made now and the roller's record on the PodSets.
  const roll = rollForecast({ kafka, desired: desired.podSets, observed: observedPodSets, now });
  const waitingFor = [
    ...(certificatesPending.length > 0 ? [`certificates for ${certificatesPending.join(", ")} (at most ${env.newKeysPerSync} new keys per sync)`] : []),
    ...operandsWaitingFor(desired, { children: request.children, podSets: observedPodSets, roll }),
  ];
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
      podSetsRevision: desired.podSetsRevision,
      autoRebalance: autoRebalanceStatus(kafka.spec.cruiseControl?.autoRebalance !== undefined, observedPodSets, parent.status?.autoRebalance),
    }),
    children,
    ...(resyncAfterSeconds !== undefined ? { resyncAfterSeconds } : {}),
  };
}
