// Every wait of a roll has a budget. Waits for a pod to become ready (one the
// roller restarted, or one it found not ready) share the readiness budget;
// Kafka refusing restarts has the availability budget. A wait over its budget
// goes on (the roller never deletes a pod it was not allowed to) but changes
// reason, so that the Kafka turns NotReady with it and an Event says what is
// wrong and what the user can do. Waiting for a maintenance window has no
// budget: it ends when the window opens, which the status says.
import { WAIT_REASON, type WaitReason } from "../reasons.js";
import { ROLL_ANNOTATION } from "./roll-options.js";
import type { RollWait } from "./roll-status.js";

export interface WaitBudgets {
  readyTimeoutMs: number;
  availabilityTimeoutMs: number;
}

interface Budget {
  /** The wait reasons that count against it: a change among them keeps the start of the wait. */
  reasons: ReadonlySet<WaitReason>;
  exceeded: WaitReason;
  limit: (budgets: WaitBudgets) => number;
  annotation: string;
  advice: string;
}

const BUDGETS: readonly Budget[] = [
  {
    reasons: new Set([WAIT_REASON.podRestarting, WAIT_REASON.awaitingReadiness, WAIT_REASON.podNotReady, WAIT_REASON.podReadinessTimeout]),
    exceeded: WAIT_REASON.podReadinessTimeout,
    limit: (b) => b.readyTimeoutMs,
    annotation: ROLL_ANNOTATION.readyTimeout,
    advice: "No other pod restarts until it is ready: see why with kubectl describe pod and kubectl logs, "
      + "and fix its configuration or its node; the roll goes on by itself once it is ready.",
  },
  {
    reasons: new Set([WAIT_REASON.availabilityCheckFailed, WAIT_REASON.availabilityCheckTimeout]),
    exceeded: WAIT_REASON.availabilityCheckTimeout,
    limit: (b) => b.availabilityTimeoutMs,
    annotation: ROLL_ANNOTATION.availabilityTimeout,
    advice: "Kafka does not let a pod go while that would take a partition below min.insync.replicas or the controller quorum below a majority: "
      + "bring the named partition's replicas or voters back in sync (a broker or controller that is down or lagging), "
      + "or lower the topic's min.insync.replicas; the roll goes on by itself once Kafka agrees.",
  },
];

const budgetOf = (reason: WaitReason): Budget | undefined => BUDGETS.find((b) => b.reasons.has(reason));

/**
 * The wait with its start carried over from the previous pass (or from the
 * restart it waits for), and over its budget turned into the budget's
 * exceeded reason. The message names the start, not the time elapsed, so it
 * stays the same from pass to pass and its Event is not repeated.
 */
export function budgeted(wait: RollWait, previous: RollWait | undefined, now: Date, budgets: WaitBudgets): RollWait {
  const budget = budgetOf(wait.reason);
  const carried = previous?.since !== undefined && (previous.reason === wait.reason || (budget !== undefined && budgetOf(previous.reason) === budget))
    ? previous.since
    : undefined;
  const since = wait.since ?? carried ?? now.toISOString();
  if (!budget) return { ...wait, since };
  const limit = budget.limit(budgets);
  if (now.getTime() - Date.parse(since) <= limit) return { ...wait, since };
  return {
    ...wait,
    reason: budget.exceeded,
    message: `${wait.message}; waiting since ${since}, longer than the ${Math.round(limit / 1000)} s allowed (${budget.annotation}). ${budget.advice}`,
    since,
  };
}
