// The roller's progress, written as a small JSON annotation on each StrimziPodSet
// of the cluster so that the Kafka hook (which sees its PodSets) can turn it into
// a status condition, and so that a new leader knows the last restart.
import type { RestartReason } from "./restart-reasons.js";
import type { RollPlan, WaitReason } from "./roll-plan.js";

export const ROLL_STATUS_ANNOTATION = "kafka-hooks.io/roll-status";

export interface RollStatus {
  /** Pods of this PodSet that wait for a restart, in roll order. */
  pending: string[];
  /** The pod of the cluster restarted next (or now). */
  next?: string;
  /** Why the cluster's roll waits. */
  waiting?: { reason: WaitReason; message: string };
  /** The cluster's last restart by the roller. */
  lastRestart?: { pod: string; at: string; reasons: RestartReason[] };
}

/** What the roller did in one pass over a cluster. */
export type RollOutcome =
  | { kind: "idle" }
  | { kind: "restarted"; pod: string; reasons: readonly RestartReason[]; at: string; pending: readonly string[] }
  | { kind: "waiting"; reason: WaitReason; message: string; next?: string; pending: readonly string[] };

export function rollOutcomeOfPlan(plan: Exclude<RollPlan, { action: "restart" }>): RollOutcome {
  return plan.action === "none"
    ? { kind: "idle" }
    : { kind: "waiting", reason: plan.reason, message: plan.message, ...(plan.next ? { next: plan.next } : {}), pending: plan.pending };
}

/** The roll status of one PodSet, given the pods it holds. */
export function podSetRollStatus(
  podSetPods: ReadonlySet<string>,
  outcome: RollOutcome,
  lastRestart: RollStatus["lastRestart"],
): RollStatus {
  const restarted = outcome.kind === "restarted" ? { pod: outcome.pod, at: outcome.at, reasons: [...outcome.reasons] } : lastRestart;
  const pending = outcome.kind === "idle" ? [] : outcome.pending.filter((pod) => podSetPods.has(pod));
  return {
    pending,
    ...(outcome.kind === "restarted" ? { next: outcome.pod } : outcome.kind === "waiting" && outcome.next ? { next: outcome.next } : {}),
    ...(outcome.kind === "waiting" ? { waiting: { reason: outcome.reason, message: outcome.message } } : {}),
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
export function latestRestart(statuses: ReadonlyArray<RollStatus | undefined>): RollStatus["lastRestart"] {
  let latest: RollStatus["lastRestart"];
  for (const status of statuses) {
    const restart = status?.lastRestart;
    if (restart && typeof restart.at === "string" && (!latest || Date.parse(restart.at) > Date.parse(latest.at))) latest = restart;
  }
  return latest;
}

export const serializeRollStatus = (status: RollStatus): string => JSON.stringify(status);
