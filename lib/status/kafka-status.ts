// The Kafka status, in Strimzi's shape. Metacontroller replaces the whole status
// on every sync, so fields that must outlive a failed sync are carried forward.
import type { Condition } from "../api/kubernetes.js";
import type { Kafka, KafkaAutoRebalanceStatus, KafkaStatus, ListenerStatus } from "../api/kafka.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION } from "../labels.js";
import type { HeldBrokers } from "../model/broker-removal.js";
import { kafkaListenerName, type ListenerAddresses } from "../model/listener-addresses.js";
import type { KafkaClusterModel } from "../model/types.js";
import { podName } from "../names.js";
import { REASON, RECONCILIATION_PAUSED, type Reason } from "../reasons.js";
import type { RollForecast } from "../roller/forecast.js";
import { condition, warningConditions } from "./conditions.js";
import { exceededWait, rollConditions, rollWarnings } from "./roll-conditions.js";

export const OPERATOR_VERSION = "0.1.0";

interface Problem {
  reason: string;
  path: string;
  message: string;
}

/** A resource's (a Kafka's, a KafkaBridge's) status the hooks write: its conditions and observed generation, and fields that are carried forward. */
type StatusOf = { conditions?: Condition[]; observedGeneration?: number };

export interface ListenerTrust {
  /** The cluster CA's current certificate, PEM: what clients of a TLS listener trust. */
  clusterCaCertificatePem: string;
  /** Listeners that serve a certificate of their own (`brokerCertChainAndKey`): its chain, by Kafka listener name. */
  ownCertificates: ReadonlyMap<string, string>;
}

/**
 * Strimzi's `status.listeners`: where clients bootstrap (left out while Kubernetes is still
 * providing it; the Ready condition says what is awaited) and, for TLS listeners, the
 * certificate to trust.
 */
export function listenerStatuses(addresses: ListenerAddresses, trust: ListenerTrust): ListenerStatus[] {
  return addresses.listeners.map(({ listener, bootstrap }) => {
    const known = "addresses" in bootstrap ? bootstrap.addresses : undefined;
    const certificate = trust.ownCertificates.get(kafkaListenerName(listener)) ?? trust.clusterCaCertificatePem;
    return {
      name: listener.name,
      ...(known ? { addresses: known, bootstrapServers: known.map((a) => `${a.host}:${a.port}`).join(",") } : {}),
      ...(listener.tls ? { certificates: [certificate] } : {}),
    };
  });
}

/**
 * Why the cluster is not ready yet, or undefined when every desired pod is ready and current,
 * or out of date only for a restart that waits for a maintenance window. A PodSet this sync
 * changes is not reconciled yet: its status describes the pods of the old one.
 */
export function podSetReadiness(
  desired: readonly StrimziPodSet[],
  observed: readonly StrimziPodSet[],
  roll: Pick<RollForecast, "postponedPods" | "changedPodSets"> = { postponedPods: new Map(), changedPodSets: new Set() },
): string | undefined {
  const waiting: string[] = [];
  for (const podSet of desired) {
    const seen = observed.find((o) => o.metadata.name === podSet.metadata.name);
    const want = podSet.spec.pods.length;
    const status = seen?.status;
    const upToDate = seen !== undefined && status?.observedGeneration !== undefined && status.observedGeneration === seen.metadata.generation
      && seen.spec.pods.length === want && !roll.changedPodSets.has(podSet.metadata.name);
    const ready = status?.readyPods ?? 0;
    const current = status?.currentPods ?? 0;
    const postponed = roll.postponedPods.get(podSet.metadata.name) ?? 0;
    if (!upToDate || ready !== want || current + postponed < want || status?.pods !== want) {
      waiting.push(`${podSet.metadata.name} ${upToDate ? `${ready}/${want} ready, ${current}/${want} current` : "not yet reconciled"}`);
    }
  }
  return waiting.length > 0 ? waiting.join("; ") : undefined;
}

/** What the Ready condition says of brokers held on a scale-down, if any are. */
export function brokerRemovalStatus(cluster: string, held: readonly HeldBrokers[]): { reason: Reason; waitingFor: string } | undefined {
  if (held.length === 0) return undefined;
  const parts = held.map(({ pool, held: ids, refused, poolDeleted, brokerRole }) => {
    const pods = `${ids.map((id) => podName(cluster, pool, id)).join(", ")}${poolDeleted ? ` (KafkaNodePool ${pool} was deleted)` : ""}`;
    const what = brokerRole ? `the broker role of ${pods}` : `the removal of ${pods}`;
    return refused
      ? `${what}, which Kafka refuses: ${refused}. Move their partition replicas away (a KafkaRebalance in remove-brokers mode does), or annotate the Kafka with ${ANNOTATION.skipBrokerScaleDownCheck}=true to remove them anyway`
      : `${what}, until Kafka confirms they host no partition replicas`;
  });
  return { reason: held.some((h) => h.refused) ? REASON.scaleDownBlocked : REASON.scaleDownPending, waitingFor: parts.join("; ") };
}

export function kafkaStatus(input: {
  kafka: Kafka;
  model: KafkaClusterModel;
  listeners: ListenerStatus[];
  warnings: readonly Problem[];
  /** Listener addresses Kubernetes has not provided yet; they come first in the condition. */
  pendingAddresses: readonly string[];
  waitingFor: string | undefined;
  /** Brokers held on a scale-down (lib/model/broker-removal.ts): the reason and what is waited for. */
  brokerRemoval?: { reason: Reason; waitingFor: string };
  /** Node or operator certificates still to be issued in coming syncs (the key budget). */
  issuingCertificates?: boolean;
  /** Which pods will restart and why the roll waits (lib/roller/forecast.ts). */
  roll?: RollForecast;
  /** `status.autoRebalance`, from the sidecar's record; none while auto-rebalancing is off. */
  autoRebalance?: KafkaAutoRebalanceStatus;
  /** The answer's PodSets revision: Metacontroller writes the status after the children, so the sidecar reads it as "all applied". */
  podSetsRevision: string;
  now: Date;
}): KafkaStatus {
  const { kafka, model, now, roll } = input;
  const previous = kafka.status?.conditions;
  const waiting = [
    ...input.pendingAddresses,
    ...(input.brokerRemoval ? [input.brokerRemoval.waitingFor] : []),
    ...(input.waitingFor !== undefined ? [input.waitingFor] : []),
  ];
  // A roll over its budget needs the user: it says so in the NotReady reason, after the addresses Kubernetes still owes.
  const exceeded = input.waitingFor !== undefined ? exceededWait(roll) : undefined;
  const reason = input.pendingAddresses.length > 0 ? REASON.listenerAddressesPending
    : input.brokerRemoval?.reason ?? exceeded?.reason ?? (input.issuingCertificates ? REASON.issuingCertificates : REASON.podsNotReady);
  const readiness: Condition = waiting.length === 0
    ? condition("Ready", undefined, undefined, now, previous)
    : condition("NotReady", reason, `waiting for ${waiting.join("; ")}${exceeded ? `: ${exceeded.message}` : ""}`, now, previous);
  const warnings = [...input.warnings, ...(roll ? rollWarnings(roll) : [])];
  return {
    conditions: [readiness, ...(roll ? rollConditions(roll, now, previous) : []), ...warningConditions(warnings, now, previous)],
    observedGeneration: kafka.metadata.generation ?? 0,
    listeners: input.listeners,
    kafkaNodePools: model.pools.map((p) => ({ name: p.name })),
    clusterId: model.clusterId,
    // What runs and what Kafka has finalized, not what the spec asks for.
    kafkaVersion: model.runningKafkaVersion,
    kafkaMetadataVersion: model.finalizedMetadataVersion ?? kafka.status?.kafkaMetadataVersion ?? model.metadataVersion,
    ...(input.autoRebalance ? { autoRebalance: input.autoRebalance } : {}),
    podSetsRevision: input.podSetsRevision,
    ...(waiting.length === 0
      ? { operatorLastSuccessfulVersion: OPERATOR_VERSION }
      : kafka.status?.operatorLastSuccessfulVersion ? { operatorLastSuccessfulVersion: kafka.status.operatorLastSuccessfulVersion } : {}),
  };
}

/**
 * The status of a resource (a Kafka, a KafkaBridge) whose reconciliation is paused, as Strimzi writes it: the one
 * condition ReconciliationPaused; the last known facts (cluster id, listeners, versions) stay.
 */
export function pausedKafkaStatus<S extends StatusOf = KafkaStatus>(previousStatus: S | undefined, generation: number | undefined, now: Date): S {
  return {
    ...previousStatus,
    conditions: [condition(RECONCILIATION_PAUSED, undefined, undefined, now, previousStatus?.conditions)],
    observedGeneration: generation ?? 0,
    // S's own fields are kept as they were; the two replaced have StatusOf's types.
  } as S;
}

/**
 * The status of a resource (a Kafka, a KafkaBridge) whose request could not be acted on: the last known
 * facts (cluster id, listeners, versions) stay, the conditions say what is wrong.
 */
export function rejectedKafkaStatus<S extends StatusOf = KafkaStatus>(previousStatus: S | undefined, generation: number | undefined, problems: readonly Problem[], now: Date): S {
  const first = problems[0];
  const message = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
  return {
    ...previousStatus,
    conditions: [condition("NotReady", first?.reason ?? REASON.invalidResource, `${message}. Nothing was changed.`, now, previousStatus?.conditions)],
    observedGeneration: generation ?? 0,
  } as S;
}
