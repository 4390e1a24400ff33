// Which pod of a cluster to restart next, or why to wait. One pod at a time;
// unready pods first (they serve nothing, and a pod stuck on an old
// configuration is often why it is unready); then controllers, the active
// controller last; then brokers. A ready pod is restarted only while every other
// pod is ready, and only after the Kafka availability checks that the caller runs
// on the candidates. Restarts that only bring new certificates wait for a
// maintenance time window; configuration and revision changes do not. With
// per-rack rolls the caller may restart several broker candidates of one rack
// together (lib/roller/rack-groups.ts); the plan then waits for all of them.
import { WAIT_REASON, type WaitReason } from "../reasons.js";
import { CERTIFICATE_REASONS, type RestartReason } from "./restart-reasons.js";
import { nextWindowStart, withinMaintenanceWindows } from "./maintenance-window.js";

/** What the roller sees of a pod: `missing` is in its PodSet but not created yet. */
export type PodState = "ready" | "unready" | "missing" | "terminating";

export interface RollNode {
  pod: string;
  podSet: string;
  nodeId: number;
  controller: boolean;
  broker: boolean;
  state: PodState;
  reasons: readonly RestartReason[];
}

export interface RollInput {
  nodes: readonly RollNode[];
  now: Date;
  maintenanceTimeWindows?: readonly string[];
  activeController?: number;
  /** The roller's previous restart, read back from the roll status; `group` lists every pod restarted with `pod`. */
  lastRestart?: { pod: string; at: string; group?: readonly string[] };
  /** How long a restarted pod may take to become ready before an unready pod after it may be restarted. */
  readinessTimeoutMs: number;
}

/** Which availability checks a pod needs before it is deleted: none for an unready pod. */
export type AvailabilityCheck = "controller" | "broker";

export interface RestartCandidate {
  pod: string;
  podSet: string;
  nodeId: number;
  reasons: readonly RestartReason[];
  checks: readonly AvailabilityCheck[];
}

export type RollPlan =
  | { action: "none" }
  /**
   * `since` is when the wait began, when the plan knows it (the restart it waits for);
   * `until` when it ends, when the plan knows it (the next maintenance time window).
   */
  | { action: "wait"; pending: string[]; next?: string; reason: WaitReason; message: string; since?: string; until?: string }
  /** Restart the first candidate whose checks pass; candidates are in order and alike in rank. */
  | { action: "restart"; pending: string[]; candidates: RestartCandidate[] };

/** Controller-only, then dual-role, then broker-only. */
const roleRank = (node: RollNode): number => (node.controller ? (node.broker ? 1 : 0) : 2);

/** The order a roll visits pods in, unready ones first and the active controller last among controllers. */
export function rollOrder(nodes: readonly RollNode[], activeController: number | undefined): RollNode[] {
  const rank = (node: RollNode): number[] => [
    node.state === "ready" ? 1 : 0,
    node.controller ? 0 : 1,
    node.controller && node.nodeId === activeController ? 1 : 0,
    roleRank(node),
    node.nodeId,
  ];
  return [...nodes].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) {
      const d = (ra[i] ?? 0) - (rb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
}

const onlyCertificates = (node: RollNode): boolean => node.reasons.every((r) => CERTIFICATE_REASONS.has(r));

const checksFor = (node: RollNode): AvailabilityCheck[] =>
  node.state !== "ready" ? [] : [...(node.controller ? ["controller" as const] : []), ...(node.broker ? ["broker" as const] : [])];

const candidate = (node: RollNode): RestartCandidate =>
  ({ pod: node.pod, podSet: node.podSet, nodeId: node.nodeId, reasons: node.reasons, checks: checksFor(node) });

const names = (nodes: readonly RollNode[]): string => nodes.map((n) => n.pod).join(", ");

export function planRoll(input: RollInput): RollPlan {
  const ordered = rollOrder(input.nodes, input.activeController);
  const pendingNodes = ordered.filter((n) => n.reasons.length > 0);
  if (pendingNodes.length === 0) return { action: "none" };
  const pending = pendingNodes.map((n) => n.pod);

  const window = withinMaintenanceWindows(input.maintenanceTimeWindows, input.now);
  const eligible = pendingNodes.filter((n) => window.within || !onlyCertificates(n));
  const next = eligible[0]?.pod;
  const wait = (reason: WaitReason, message: string, since?: string, until?: string): RollPlan =>
    ({ action: "wait", pending, ...(next ? { next } : {}), reason, message, ...(since ? { since } : {}), ...(until ? { until } : {}) });

  const last = input.lastRestart;
  const lastPods = new Set(last ? last.group ?? [last.pod] : []);
  // A wait for the roller's own restart began with it; others begin when first seen (the caller carries them).
  const sinceLast = (nodes: readonly RollNode[]): string | undefined => (last && nodes.some((n) => lastPods.has(n.pod)) ? last.at : undefined);
  const restarting = ordered.filter((n) => n.state === "terminating" || n.state === "missing");
  if (restarting.length > 0) {
    return wait(
      WAIT_REASON.podRestarting,
      `waiting for ${names(restarting)} to be ${restarting.every((n) => n.state === "missing") ? "created" : "deleted and created again"}`,
      sinceLast(restarting),
    );
  }
  const awaited = ordered.filter((n) => lastPods.has(n.pod) && n.state !== "ready");
  if (last && awaited.length > 0 && input.now.getTime() - Date.parse(last.at) < input.readinessTimeoutMs) {
    return wait(WAIT_REASON.awaitingReadiness, `waiting for ${names(awaited)}, restarted at ${last.at}, to become ready`, last.at);
  }
  const unreadyEligible = eligible.find((n) => n.state === "unready");
  if (unreadyEligible) return { action: "restart", pending, candidates: [candidate(unreadyEligible)] };
  const unready = ordered.filter((n) => n.state === "unready");
  if (unready.length > 0) {
    return wait(WAIT_REASON.podNotReady, `no pod is restarted while ${names(unready)} ${unready.length > 1 ? "are" : "is"} not ready`, sinceLast(unready));
  }
  if (eligible.length === 0) {
    const invalid = window.invalid.map((w) => w.message).join("; ");
    const opens = nextWindowStart(input.maintenanceTimeWindows, input.now);
    const message = `${names(pendingNodes)} ${pendingNodes.length > 1 ? "wait" : "waits"} for a maintenance time window to restart for new certificates`
      + `${opens ? `; the next one opens at ${opens.toISOString()}` : "; none opens within the next four years"}${invalid ? ` (ignored: ${invalid})` : ""}`;
    return wait(WAIT_REASON.outsideMaintenanceWindow, message, undefined, opens?.toISOString());
  }
  // Candidates share the first one's rank: a broker never goes before a pending controller,
  // nor the active controller before another controller.
  const first = eligible[0] as RollNode;
  const isActive = (n: RollNode): boolean => n.controller && n.nodeId === input.activeController;
  const sameRank = (n: RollNode): boolean => n.controller === first.controller && isActive(n) === isActive(first);
  return { action: "restart", pending, candidates: eligible.filter(sameRank).map(candidate) };
}
