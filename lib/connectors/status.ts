// A KafkaConnector's status as Strimzi writes it
// (KafkaConnectAssemblyOperator.maybeUpdateConnectorStatus): one Ready or
// NotReady condition (reason: the class of Strimzi's exception) plus Warnings,
// observedGeneration, Connect's status of the connector and its tasks, tasksMax,
// the topics it uses (sorted) and the auto-restart record. A paused resource
// gets ReconciliationPaused and keeps its observedGeneration. Conditions keep
// their lastTransitionTime while type and status hold, so an unchanged
// connector's status is written once.
import type { AutoRestartStatus, KafkaConnector, KafkaConnectorStatus } from "../api/kafka-connector.js";
import type { Condition } from "../api/kubernetes.js";
import { condition } from "../status/conditions.js";
import { connectorHasFailed, failedTaskIds, type ConnectorStateInfo } from "./connect-rest.js";
import type { ConnectorFailure, ConnectorWarning } from "./plan.js";

export interface ConnectorOutcome {
  /** Connect's last answer to GET /connectors/<name>/status. */
  state?: ConnectorStateInfo;
  topics?: readonly string[];
  autoRestart?: AutoRestartStatus;
  warnings: readonly ConnectorWarning[];
  failure?: ConnectorFailure;
}

/** Why a connector whose calls all succeeded is still not ready: itself or some task failed. */
function readinessFailure(state: ConnectorStateInfo | undefined): ConnectorFailure | undefined {
  if (!state) return undefined;
  if (connectorHasFailed(state)) return { reason: "Throwable", message: "Connector has failed, see connectorStatus for more details." };
  const failed = failedTaskIds(state);
  return failed.length === 0 ? undefined : { reason: "Throwable", message: `The following tasks have failed: ${failed.join(", ")}, see connectorStatus for more details.` };
}

function warningConditions(warnings: readonly ConnectorWarning[], now: Date, previous: readonly Condition[] | undefined): Condition[] {
  return warnings.map((w) => {
    const before = previous?.find((c) => c.type === "Warning" && c.reason === w.reason && c.message === w.message);
    return { type: "Warning", status: "True", lastTransitionTime: before?.lastTransitionTime ?? now.toISOString(), reason: w.reason, message: w.message };
  });
}

export function connectorStatus(connector: Pick<KafkaConnector, "metadata" | "spec" | "status">, outcome: ConnectorOutcome, now: Date): KafkaConnectorStatus {
  const previous = connector.status?.conditions;
  const failure = outcome.failure ?? readinessFailure(outcome.state);
  const ready = failure
    ? condition("NotReady", failure.reason, failure.message, now, previous)
    : condition("Ready", undefined, undefined, now, previous);
  const status: KafkaConnectorStatus = { conditions: [ready, ...warningConditions(outcome.warnings, now, previous)] };
  if (connector.metadata.generation !== undefined) status.observedGeneration = connector.metadata.generation;
  if (outcome.autoRestart) status.autoRestart = outcome.autoRestart;
  if (outcome.state) status.connectorStatus = { ...outcome.state };
  status.tasksMax = connector.spec.tasksMax ?? outcome.state?.tasks.length ?? 0;
  if (outcome.topics) status.topics = [...outcome.topics].sort();
  return status;
}

/** A resource with `strimzi.io/pause-reconciliation: "true"`: nothing is asked of Connect. */
export function pausedConnectorStatus(connector: Pick<KafkaConnector, "status">, warnings: readonly ConnectorWarning[], now: Date): KafkaConnectorStatus {
  const previous = connector.status?.conditions;
  return {
    conditions: [condition("ReconciliationPaused", undefined, undefined, now, previous), ...warningConditions(warnings, now, previous)],
    observedGeneration: connector.status?.observedGeneration ?? 0,
    tasksMax: 0,
  };
}

/** A connector that cannot be reconciled at all (invalid, no Connect cluster, Connect unreachable): NotReady with the reason. */
export const failedConnectorStatus = (connector: Pick<KafkaConnector, "metadata" | "spec" | "status">, failure: ConnectorFailure, warnings: readonly ConnectorWarning[], now: Date): KafkaConnectorStatus =>
  connectorStatus(connector, { failure, warnings }, now);
