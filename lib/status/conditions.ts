// Strimzi-shaped conditions. A condition keeps its lastTransitionTime while its
// type and status stay the same, so a status written on every sync does not churn.
import type { Condition } from "../api/kubernetes.js";

export function condition(
  type: string,
  reason: string | undefined,
  message: string | undefined,
  now: Date,
  previous: readonly Condition[] | undefined,
  status: Condition["status"] = "True",
): Condition {
  const before = previous?.find((c) => c.type === type && c.status === status);
  return {
    type,
    status,
    lastTransitionTime: before?.lastTransitionTime ?? now.toISOString(),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** One Warning condition per reason, messages joined: several Warnings of one reason would hide all but one in printer columns. */
export function warningConditions(
  warnings: ReadonlyArray<{ reason: string; path: string; message: string }>,
  now: Date,
  previous: readonly Condition[] | undefined,
): Condition[] {
  const byReason = new Map<string, string[]>();
  for (const w of warnings) byReason.set(w.reason, [...(byReason.get(w.reason) ?? []), `${w.path}: ${w.message}`]);
  return [...byReason.entries()].map(([reason, messages]) => {
    const before = previous?.find((c) => c.type === "Warning" && c.reason === reason);
    return {
      type: "Warning",
      status: "True",
      lastTransitionTime: before?.lastTransitionTime ?? now.toISOString(),
      reason,
      message: messages.join("; "),
    };
  });
}
