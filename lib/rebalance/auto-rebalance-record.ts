// What auto-rebalancing needs to remember between the sidecar's passes, kept on
// the cluster rather than in the sidecar (a restart or a new leader resumes from
// it): Strimzi's `Kafka.status.autoRebalance`, which the Kafka hook copies into the
// status (Metacontroller writes the status whole), the brokers accounted for (a
// broker Kafka has registered and unfenced that is not among them was added), and
// the brokers the sidecar cordoned. The sidecar writes it as JSON on every
// StrimziPodSet of the cluster (`kafka-hooks.io/auto-rebalance`).
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION } from "../labels.js";
import { requestedRemovals, unconfirmedRemovals } from "../model/broker-removal.js";
import { metadataFeatureLevel } from "../model/kafka-versions.js";
import type { AutoRebalanceMode, AutoRebalanceState, AutoRebalanceStatus } from "./auto-rebalance.js";

/** KIP-1066's per-broker option: `*` keeps Kafka from placing new partition replicas on any of the broker's log dirs. */
export const CORDONED_LOG_DIRS = "cordoned.log.dirs";
/** Kafka cordons log dirs from this metadata version on (MetadataVersion.isCordonedLogDirsSupported). */
export const CORDONING_LEVEL = metadataFeatureLevel("4.3-IV0") ?? Number.POSITIVE_INFINITY;

export interface AutoRebalanceRecord {
  /** One more on every write: PodSets written in the middle of a pass may disagree, and the highest is the last. */
  revision: number;
  status: AutoRebalanceStatus;
  /** Brokers accounted for, ascending. */
  brokers: number[];
  /** Brokers whose log dirs the sidecar cordoned and has not uncordoned yet, ascending (gone ones too: Kafka keeps a broker's options for its id). */
  cordoned: number[];
}

const STATES: readonly AutoRebalanceState[] = ["Idle", "RebalanceOnScaleDown", "RebalanceOnScaleUp"];
const MODES: readonly AutoRebalanceMode[] = ["add-brokers", "remove-brokers"];
const isIds = (value: unknown): value is number[] => Array.isArray(value) && value.every((id) => Number.isInteger(id) && id >= 0);
const sorted = (ids: Iterable<number>): number[] => [...new Set(ids)].sort((a, b) => a - b);

function isStatus(value: unknown): value is AutoRebalanceStatus {
  if (typeof value !== "object" || value === null) return false;
  const { state, lastTransitionTime, modes } = value as Record<string, unknown>;
  return STATES.includes(state as AutoRebalanceState) && typeof lastTransitionTime === "string"
    && (modes === undefined || (Array.isArray(modes) && modes.every((m: { mode?: unknown; brokers?: unknown }) =>
      typeof m === "object" && m !== null && MODES.includes(m.mode as AutoRebalanceMode) && isIds(m.brokers))));
}

/** The record in an annotation; anything unreadable is no record. */
export function parseAutoRebalanceRecord(raw: string | undefined): AutoRebalanceRecord | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { revision, status, brokers, cordoned } = parsed as Record<string, unknown>;
  if (!Number.isInteger(revision) || !isStatus(status) || !isIds(brokers) || !isIds(cordoned)) return undefined;
  return { revision: revision as number, status, brokers, cordoned };
}

/** The last record written on the cluster's PodSets, if any. */
export function recordedAutoRebalance(podSets: readonly StrimziPodSet[]): AutoRebalanceRecord | undefined {
  let last: AutoRebalanceRecord | undefined;
  for (const podSet of podSets) {
    const record = parseAutoRebalanceRecord(podSet.metadata.annotations?.[ANNOTATION.autoRebalance]);
    if (record && (last === undefined || record.revision > last.revision)) last = record;
  }
  return last;
}

/** The annotation's value, keys in a fixed order so that an unchanged record reads the same. */
export const autoRebalanceAnnotation = (record: AutoRebalanceRecord): string =>
  JSON.stringify({ revision: record.revision, status: record.status, brokers: record.brokers, cordoned: record.cordoned });

/** The next record, with the revision raised only when something changed (an unchanged one is not written again). */
export function nextRecord(previous: AutoRebalanceRecord | undefined, next: Omit<AutoRebalanceRecord, "revision">): AutoRebalanceRecord {
  const revision = previous?.revision ?? 0;
  const same = previous !== undefined && autoRebalanceAnnotation({ ...next, revision }) === autoRebalanceAnnotation(previous);
  return { ...next, revision: same ? revision : revision + 1 };
}

/**
 * The brokers the scale-down check holds because Kafka refused to let them go
 * (they host partition replicas): Strimzi's scalingDownBlockedNodes. A broker
 * the check has not answered about yet is not blocked: it may be empty.
 */
export function scaleDownBlocked(podSets: readonly StrimziPodSet[]): number[] {
  return sorted(podSets.flatMap((podSet) => (podSet.metadata.annotations?.[ANNOTATION.brokerRemovalRefused] === undefined ? [] : unconfirmedRemovals(podSet))));
}

/** Every broker the hook asks to remove, confirmed empty or not: they stay cordoned until they are gone. */
export const leavingBrokers = (podSets: readonly StrimziPodSet[]): number[] => sorted(podSets.flatMap(requestedRemovals));

/**
 * The brokers added since the record, from the cluster's brokers and those Kafka
 * has registered and unfenced, and the brokers accounted for next. A cluster
 * without a record has added none: its brokers are where it starts from (Strimzi
 * too counts no added broker on a new cluster).
 */
export function addedBrokers(accounted: readonly number[] | undefined, brokers: readonly number[], unfenced: ReadonlySet<number>): { added: number[]; accounted: number[] } {
  if (accounted === undefined) return { added: [], accounted: sorted(brokers) };
  const known = new Set(accounted);
  const present = new Set(brokers);
  const added = sorted(brokers.filter((id) => !known.has(id) && unfenced.has(id)));
  return { added, accounted: sorted([...accounted.filter((id) => present.has(id)), ...added]) };
}

/** The brokers of the remove-brokers rebalance a status runs, if it runs one. */
export const removingBrokers = (status: AutoRebalanceStatus): number[] =>
  (status.state === "RebalanceOnScaleDown" ? status.modes?.find((m) => m.mode === "remove-brokers")?.brokers ?? [] : []);

/**
 * Which brokers to cordon and which to uncordon: the brokers of a running
 * remove-brokers rebalance are cordoned, so that no new partition lands on them
 * while Cruise Control empties them, and stay so until they are gone. A broker
 * cordoned that stays after all (the scale-down was undone) is uncordoned once
 * Kafka can be asked (it is unfenced), as is one that comes back under the id of
 * one removed while cordoned.
 */
export function cordoning(input: { removing: readonly number[]; cordoned: readonly number[]; leaving: readonly number[]; unfenced: ReadonlySet<number> }): { cordon: number[]; uncordon: number[] } {
  const leaving = new Set(input.leaving);
  const wanted = new Set([...input.removing, ...input.cordoned.filter((id) => leaving.has(id))]);
  return {
    cordon: sorted([...wanted].filter((id) => !input.cordoned.includes(id))),
    uncordon: sorted(input.cordoned.filter((id) => !wanted.has(id) && input.unfenced.has(id))),
  };
}

/**
 * `Kafka.status.autoRebalance` as the Kafka hook writes it: the sidecar's record
 * while auto-rebalancing is on, the status as it was until the sidecar's first
 * record, none once it is off (Strimzi removes it then).
 */
export function autoRebalanceStatus(enabled: boolean, podSets: readonly StrimziPodSet[], previous: AutoRebalanceStatus | undefined): AutoRebalanceStatus | undefined {
  if (!enabled) return undefined;
  return recordedAutoRebalance(podSets)?.status ?? previous;
}
