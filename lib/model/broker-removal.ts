// Strimzi's scale-down check, split between the two halves of the operator. A
// broker whose pool no longer wants it may still host partition replicas;
// deleting its pod then loses them (replication factor 1) or leaves them under
// replicated until someone reassigns them. The hook cannot ask Kafka, so it
// holds such a broker, running, and asks on its PodSet
// (`kafka-hooks.io/brokers-to-remove`); the sidecar asks Kafka and answers on
// the same PodSet (`kafka-hooks.io/removable-brokers`, or why not in
// `kafka-hooks.io/broker-removal-refused`). Only a confirmed broker goes.
// Strimzi's `strimzi.io/skip-broker-scaledown-check: "true"` on the Kafka skips
// the check, as there.
import type { ProcessRole } from "../api/kafka-nodepool.js";
import type { KubeObject } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION, LABEL } from "../labels.js";
import { parseNodeIdRanges } from "./node-ids.js";

export interface BrokerRemovalInput {
  roles: readonly ProcessRole[];
  /** Ids the pool's nodes have now, from its observed PodSet. */
  currentIds: readonly number[];
  /** Ids the pool wants, from its replicas and Strimzi's id annotations. */
  assignedIds: readonly number[];
  observedPodSet: StrimziPodSet | undefined;
  skipCheck: boolean;
}

export interface BrokerRemoval {
  /** The ids the pool's PodSet holds: the wanted ones and the held ones, ascending. */
  nodeIds: number[];
  /** The roles its nodes run with: the broker role stays until Kafka confirms its brokers can lose it. */
  roles: ProcessRole[];
  /** Brokers held; with `brokerRole`, nodes that stay but keep the broker role they are to lose. */
  removal?: { held: number[]; refused?: string; brokerRole?: true };
}

/** Strimzi's escape hatch, on the Kafka. */
export const skipsScaleDownCheck = (kafka: KubeObject): boolean => kafka.metadata.annotations?.[ANNOTATION.skipBrokerScaleDownCheck] === "true";

/** Brokers held on a scale-down, of a pool that is still wanted or was deleted. */
export interface HeldBrokers {
  pool: string;
  held: readonly number[];
  refused?: string;
  poolDeleted?: boolean;
  /** The nodes stay; it is their broker role that is held. */
  brokerRole?: true;
}

/** Ids in an annotation the sidecar wrote; anything unreadable confirms nothing. */
function confirmedIds(podSet: StrimziPodSet | undefined): Set<number> {
  const raw = podSet?.metadata.annotations?.[ANNOTATION.removableBrokers];
  return new Set(raw === undefined ? [] : parseNodeIdRanges(raw) ?? []);
}

/** Whether the pool's running nodes are brokers: the roles they started with, not the ones the pool asks for now. */
function runsBrokers(input: BrokerRemovalInput): boolean {
  const label = input.observedPodSet?.spec?.podTemplate?.metadata?.labels?.[LABEL.brokerRole];
  return label === undefined ? input.roles.includes("broker") : label === "true";
}

export function brokerRemoval(input: BrokerRemovalInput): BrokerRemoval {
  const roles = [...input.roles].sort();
  const wanted = new Set(input.assignedIds);
  const removed = input.currentIds.filter((id) => !wanted.has(id));
  // Nodes that lose the broker role lose their partition replicas as surely as nodes that go.
  const roleDropped = !input.roles.includes("broker") && runsBrokers(input);
  const leaving = roleDropped ? [...input.currentIds] : removed;
  if (!runsBrokers(input) || input.skipCheck || leaving.length === 0) return { nodeIds: [...input.assignedIds], roles };
  const confirmed = confirmedIds(input.observedPodSet);
  const held = leaving.filter((id) => !confirmed.has(id));
  if (held.length === 0) return { nodeIds: [...input.assignedIds], roles };
  const refused = input.observedPodSet?.metadata.annotations?.[ANNOTATION.brokerRemovalRefused];
  return {
    nodeIds: [...new Set([...input.assignedIds, ...held.filter((id) => removed.includes(id))])].sort((a, b) => a - b),
    roles: roleDropped ? [...roles, "broker" as const].sort() : roles,
    removal: { held, ...(refused ? { refused } : {}), ...(roleDropped ? { brokerRole: true as const } : {}) },
  };
}

/** The brokers the hook asks the sidecar about on a PodSet. */
export function requestedRemovals(podSet: StrimziPodSet): number[] {
  const raw = podSet.metadata.annotations?.[ANNOTATION.brokersToRemove];
  return raw === undefined ? [] : parseNodeIdRanges(raw) ?? [];
}

/** The brokers the hook asks about on a PodSet that Kafka has not yet confirmed empty. */
export function unconfirmedRemovals(podSet: StrimziPodSet): number[] {
  const confirmed = confirmedIds(podSet);
  return requestedRemovals(podSet).filter((id) => !confirmed.has(id));
}

/** What Kafka answered about removing the requested brokers. */
export type RemovalVerdict = { removable: true } | { removable: false; reason: string };

/**
 * The sidecar's answer, from Kafka's verdict on each requested broker, as a
 * merge patch of the PodSet's annotations, or undefined when they already say
 * it. With no request (no verdicts), an earlier answer is withdrawn: it must
 * never confirm a later removal of a broker with the same id.
 */
export function removalAnswer(podSet: StrimziPodSet, verdicts: ReadonlyMap<number, RemovalVerdict>): Record<string, string | null> | undefined {
  const removable = [...verdicts].flatMap(([id, v]) => (v.removable ? [id] : []));
  const refusals = [...verdicts.values()].flatMap((v) => (v.removable ? [] : [v.reason]));
  const wanted = {
    [ANNOTATION.removableBrokers]: removable.length > 0 ? removable.join(",") : null,
    [ANNOTATION.brokerRemovalRefused]: refusals.length > 0 ? refusals.join("; ") : null,
  };
  const current = podSet.metadata.annotations ?? {};
  const changed = Object.entries(wanted).some(([key, value]) => (current[key] ?? null) !== value);
  return changed ? wanted : undefined;
}
