// Strimzi's auto-restart of failed connectors and tasks
// (AbstractConnectOperator.autoRestartFailedConnectorAndTasks, shouldAutoRestart,
// shouldResetAutoRestartStatus): a failed connector or task is restarted
// (connector and failed tasks) after a back-off of n² + n minutes after the n-th
// restart, at most an hour, and at most `maxRestarts` times; once it has run
// without failing for longer than the back-off, the count is forgotten.
import type { AutoRestartStatus, KafkaConnectorSpec } from "../api/kafka-connector.js";
import { connectorHasFailed, failedTaskIds, type ConnectorStateInfo } from "./connect-rest.js";

const MINUTE_MS = 60_000;

export const autoRestartBackOffMinutes = (count: number): number => Math.min(count * count + count, 60);

/** Whole minutes since the last restart, as Java's ChronoUnit.MINUTES.between counts them. */
const minutesSince = (timestamp: string, now: Date): number => Math.trunc((now.getTime() - Date.parse(timestamp)) / MINUTE_MS);

export function shouldAutoRestart(previous: AutoRestartStatus | undefined, maxRestarts: number | undefined, now: Date): boolean {
  if (previous?.lastRestartTimestamp === undefined) return true;
  return (maxRestarts === undefined || previous.count < maxRestarts)
    && minutesSince(previous.lastRestartTimestamp, now) >= autoRestartBackOffMinutes(previous.count);
}

export function shouldResetAutoRestart(previous: AutoRestartStatus | undefined, now: Date): boolean {
  return previous?.lastRestartTimestamp !== undefined && previous.count > 0
    && minutesSince(previous.lastRestartTimestamp, now) > autoRestartBackOffMinutes(previous.count);
}

/** StatusUtils.incrementAutoRestartStatus: counted whether or not the restart call succeeds. */
export const incrementAutoRestart = (previous: AutoRestartStatus | undefined, now: Date): AutoRestartStatus =>
  ({ ...previous, count: (previous?.count ?? 0) + 1, lastRestartTimestamp: now.toISOString() });

export interface AutoRestartStep {
  /** Restart the connector and its failed tasks now (POST restart?includeTasks=true&onlyFailed=true). */
  restart: boolean;
  /** The status's autoRestart after this pass. */
  autoRestart: AutoRestartStatus | undefined;
}

export function autoRestartStep(spec: KafkaConnectorSpec, previous: AutoRestartStatus | undefined, status: ConnectorStateInfo, now: Date): AutoRestartStep {
  if (spec.autoRestart?.enabled !== true) return { restart: false, autoRestart: undefined };
  const failing = connectorHasFailed(status) || failedTaskIds(status).length > 0;
  if (failing) {
    return shouldAutoRestart(previous, spec.autoRestart.maxRestarts, now)
      ? { restart: true, autoRestart: incrementAutoRestart(previous, now) }
      : { restart: false, autoRestart: previous };
  }
  return { restart: false, autoRestart: shouldResetAutoRestart(previous, now) ? undefined : previous };
}
