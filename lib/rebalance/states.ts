// Strimzi's KafkaRebalance states (KafkaRebalanceState): the state is the type
// of the status's condition that is True, and each state accepts some values
// of `strimzi.io/rebalance`.
import type { KafkaRebalanceStatus } from "../api/kafka-rebalance.js";

export const REBALANCE_STATES = [
  "New", "PendingProposal", "ProposalReady", "Rebalancing", "Stopped", "NotReady", "Ready", "ReconciliationPaused",
] as const;
export type RebalanceState = (typeof REBALANCE_STATES)[number];

export type RebalanceAnnotation = "approve" | "refresh" | "stop";

/** KafkaRebalanceState's valid annotations, in Strimzi's order (its warning prints them). */
export const VALID_ANNOTATIONS: Record<RebalanceState, readonly RebalanceAnnotation[]> = {
  New: [],
  PendingProposal: ["stop", "refresh"],
  ProposalReady: ["approve", "refresh"],
  Rebalancing: ["stop", "refresh"],
  Stopped: ["refresh"],
  NotReady: ["refresh"],
  Ready: ["refresh"],
  ReconciliationPaused: [],
};

/** Waiting on Cruise Control: looked at again on a timer, not only when the resource changes. */
export const IN_FLIGHT: ReadonlySet<RebalanceState> = new Set(["PendingProposal", "Rebalancing"]);

const isState = (type: string): type is RebalanceState => (REBALANCE_STATES as readonly string[]).includes(type);

/** The state a status records (KafkaRebalanceUtils.rebalanceStateCondition); New without a status. */
export function stateOf(status: KafkaRebalanceStatus | undefined): RebalanceState | undefined {
  if (!status) return "New";
  const condition = status.conditions?.find((c) => c.status === "True" && isState(c.type));
  return condition ? (condition.type as RebalanceState) : undefined;
}

/** `strimzi.io/rebalance` as Strimzi reads it: absent, one of the three, or anything else ("unknown"). */
export function annotationValue(raw: string | undefined): RebalanceAnnotation | "none" | "unknown" {
  if (raw === undefined) return "none";
  return raw === "approve" || raw === "refresh" || raw === "stop" ? raw : "unknown";
}
