// The roll in the Kafka status, before and while it happens:
//   RollingUpdate     the pods that will restart, each with Strimzi's restart reasons
//   RollWaiting       why the roller waits now (its reason is the roller's: which partition, ISR, voter, pod)
//   RestartPostponed  certificate-only restarts that wait for a maintenance time window, and until when
//   RunTimeConfigurationUpdate  options the sidecar applies to the running nodes, restarting no node for them
// A wait over its budget also becomes the NotReady reason (kafkaStatus), so
// health checks and alerts see it.
import type { Condition } from "../api/kubernetes.js";
import { REASON, RESTARTS_PENDING, ROLL_CONDITION, RUN_TIME_UPDATE_PENDING, WAIT_REASON } from "../reasons.js";
import type { PodRestartForecast, RollForecast } from "../roller/forecast.js";
import { condition } from "./conditions.js";

/** Pods with the same reasons together, groups in the order their first pod rolls. */
function describeRestarts(restarts: readonly PodRestartForecast[]): string {
  const groups = new Map<string, string[]>();
  for (const restart of restarts) {
    const key = restart.reasons.length > 0 ? restart.reasons.join(", ") : "out of date";
    groups.set(key, [...(groups.get(key) ?? []), restart.pod]);
  }
  return [...groups.entries()].map(([reasons, pods]) => `${pods.join(", ")} (${reasons})`).join("; ");
}

function postponedMessage(postponed: readonly PodRestartForecast[], windowOpens: string | undefined): string {
  const when = windowOpens ? `the next maintenance time window, which opens at ${windowOpens}` : "a maintenance time window (none opens within the next four years)";
  return `${describeRestarts(postponed)} ${postponed.length > 1 ? "wait" : "waits"} for ${when}, to restart for new certificates`;
}

const TIMEOUTS: ReadonlySet<string> = new Set([WAIT_REASON.podReadinessTimeout, WAIT_REASON.availabilityCheckTimeout]);

/** The roller's wait when it is over its budget: the Kafka's NotReady reason and message then. */
export function exceededWait(roll: RollForecast | undefined): { reason: string; message: string } | undefined {
  const waiting = roll?.waiting;
  return waiting && TIMEOUTS.has(waiting.reason) ? { reason: waiting.reason, message: waiting.message } : undefined;
}

export function rollConditions(roll: RollForecast, now: Date, previous: readonly Condition[] | undefined): Condition[] {
  const immediate = roll.restarts.filter((r) => !r.postponed);
  const postponed = roll.restarts.filter((r) => r.postponed);
  const waiting = roll.waiting;
  return [
    ...(immediate.length > 0 ? [condition(ROLL_CONDITION.rollingUpdate, RESTARTS_PENDING, `will restart ${describeRestarts(immediate)}`, now, previous)] : []),
    // A maintenance window wait is the RestartPostponed condition's; a wait with nothing left to restart is over.
    ...(waiting && waiting.reason !== WAIT_REASON.outsideMaintenanceWindow && immediate.length > 0
      ? [condition(ROLL_CONDITION.rollWaiting, waiting.reason, waiting.message, now, previous)]
      : []),
    ...(postponed.length > 0
      ? [condition(ROLL_CONDITION.restartPostponed, WAIT_REASON.outsideMaintenanceWindow, postponedMessage(postponed, roll.windowOpens), now, previous)]
      : []),
    ...(roll.runTimeChanges.length > 0
      ? [condition(ROLL_CONDITION.runTimeConfigurationUpdate, RUN_TIME_UPDATE_PENDING, `will apply ${roll.runTimeChanges.join(", ")} at run time, restarting no node for them`, now, previous)]
      : []),
  ];
}

/** Roll annotations that were ignored, as warnings of the Kafka status. */
export const rollWarnings = (roll: RollForecast): Array<{ reason: string; path: string; message: string }> =>
  roll.problems.map((message) => ({ reason: REASON.invalidRollOption, path: "metadata.annotations", message }));
