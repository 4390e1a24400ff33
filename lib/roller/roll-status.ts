// The roller's progress, written as a small JSON annotation on each StrimziPodSet
// of the cluster so that the Kafka hook (which sees its PodSets) can turn it into
// status conditions, and so that a new leader knows the last restart and how
// long the roll has waited.
import type { WaitReason } from "../reasons.js";
import type { RestartReason } from "./restart-reasons.js";
import type { RollPlan } from "./roll-plan.js";

export const ROLL_STATUS_ANNOTATION = "kafka-hooks.io/roll-status";

export interface RollWait {
  reason: WaitReason;
  message: string;
  /** When the roll started waiting for this kind of thing (readiness, Kafka's consent, a window). */
  since?: string;
  /** When the wait ends, if known: the next maintenance time window. */
  until?: string;
}

export interface LastRestart {
  pod: string;
  at: string;
  reasons: RestartReason[];
  /** Every pod restarted together with `pod` (per-rack rolls), `pod` first. */
  group?: string[];
}

export interface RollStatus {
  /** Pods of this PodSet that wait for a restart, in roll order. */
  pending: string[];
  /** Why each pending pod restarts (Strimzi's restart reasons). */
  reasons?: Record<string, RestartReason[]>;
  /** The PodSet's `metadata.generation` the roll was planned on: `pending` is current while it matches. */
  generation?: number;
  /** The pod of the cluster restarted next (or now). */
  next?: string;
  /** Why the cluster's roll waits. */
  waiting?: RollWait;
  /** The cluster's last restart by the roller. */
  lastRestart?: LastRestart;
}

/** What the roller did in one pass over a cluster. */
export type RollOutcome =
  | { kind: "idle" }
  | { kind: "restarted"; restarts: ReadonlyArray<{ pod: string; reasons: readonly RestartReason[] }>; at: string; pending: readonly string[] }
  | ({ kind: "waiting"; next?: string; pending: readonly string[] } & RollWait);

export function rollOutcomeOfPlan(plan: Exclude<RollPlan, { action: "restart" }>): RollOutcome {
  if (plan.action === "none") return { kind: "idle" };
  const { action: _action, ...wait } = plan;
  return { kind: "waiting", ...wait };
}

/** The restart an outcome records, if it restarted anything. */
export function restartOf(outcome: RollOutcome): LastRestart | undefined {
  if (outcome.kind !== "restarted") return undefined;
  const [first, ...others] = outcome.restarts;
  if (!first) return undefined;
  const reasons = [...new Set(outcome.restarts.flatMap((r) => r.reasons))];
  return { pod: first.pod, at: outcome.at, reasons, ...(others.length > 0 ? { group: outcome.restarts.map((r) => r.pod) } : {}) };
}

export interface PodSetRollContext {
  /** The pods the PodSet holds. */
  pods: ReadonlySet<string>;
  generation?: number;
  /** Restart reasons of the cluster's pending pods. */
  reasons: ReadonlyMap<string, readonly RestartReason[]>;
}

/** The roll status of one PodSet. */
export function podSetRollStatus(podSet: PodSetRollContext, outcome: RollOutcome, lastRestart: LastRestart | undefined): RollStatus {
  const restarted = restartOf(outcome) ?? lastRestart;
  const pending = outcome.kind === "idle" ? [] : outcome.pending.filter((pod) => podSet.pods.has(pod));
  const reasons = Object.fromEntries(pending.map((pod) => [pod, [...(podSet.reasons.get(pod) ?? [])]]));
  const next = outcome.kind === "restarted" ? outcome.restarts[0]?.pod : outcome.kind === "waiting" ? outcome.next : undefined;
  const waiting: RollWait | undefined = outcome.kind === "waiting"
    ? { reason: outcome.reason, message: outcome.message, ...(outcome.since ? { since: outcome.since } : {}), ...(outcome.until ? { until: outcome.until } : {}) }
    : undefined;
  return {
    pending,
    ...(pending.length > 0 ? { reasons } : {}),
    ...(podSet.generation !== undefined ? { generation: podSet.generation } : {}),
    ...(next ? { next } : {}),
    ...(waiting ? { waiting } : {}),
    // Only while a roll goes on: it tells the next pass (or leader) whom to wait for.
    ...(outcome.kind !== "idle" && restarted ? { lastRestart: restarted } : {}),
  };
}

/** The roll status an annotation holds; anything unreadable is no status. */
export function readRollStatus(annotations: Record<string, string> | undefined): RollStatus | undefined {
  const text = annotations?.[ROLL_STATUS_ANNOTATION];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as RollStatus).pending)) return undefined;
    return parsed as RollStatus;
  } catch {
    return undefined;
  }
}

/** The latest restart any of the cluster's PodSets records. */
export function latestRestart(statuses: ReadonlyArray<RollStatus | undefined>): LastRestart | undefined {
  let latest: LastRestart | undefined;
  for (const status of statuses) {
    const restart = status?.lastRestart;
    if (restart && typeof restart.at === "string" && (!latest || Date.parse(restart.at) > Date.parse(latest.at))) latest = restart;
  }
  return latest;
}

/** A wait with the pod it is about, when it is about one. */
export type RollWaitFor = RollWait & { next?: string };

/** The wait the cluster's PodSets record (every PodSet records the same one). */
export const recordedWait = (statuses: ReadonlyArray<RollStatus | undefined>): RollWait | undefined =>
  statuses.find((s) => s?.waiting !== undefined)?.waiting;

/** The recorded wait with the pod restarted next, which a wait for one pod is about. */
export function recordedWaitFor(statuses: ReadonlyArray<RollStatus | undefined>): RollWaitFor | undefined {
  const status = statuses.find((s) => s?.waiting !== undefined);
  return status?.waiting ? { ...status.waiting, ...(status.next ? { next: status.next } : {}) } : undefined;
}

export const serializeRollStatus = (status: RollStatus): string => JSON.stringify(status);
