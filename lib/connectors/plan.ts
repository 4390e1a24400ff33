// What the connector reconciler asks Connect to do for one KafkaConnector,
// decided from what Connect answered, with Strimzi's semantics
// (AbstractConnectOperator.maybeCreateOrUpdateConnector, updateState,
// manageConnectorOffsets, maybeRestartConnector, maybeRestartConnectorTask).
// The sidecar sequences the calls as Strimzi does; each decision is here.
import { forbiddenConnectorOptions, type KafkaConnector } from "../api/kafka-connector.js";
import { offsetsOperation, restartRequest, restartTaskRequest } from "./annotations.js";
import { desiredConnectorConfig, needsReconfiguring, type ConnectorConfig } from "./config.js";
import type { ConnectorStateInfo } from "./connect-rest.js";

/** A Warning condition's reason and message, as Strimzi's StatusUtils.buildWarningCondition takes them. */
export interface ConnectorWarning {
  reason: string;
  message: string;
}

/** What ends a reconcile with NotReady: the reason is the class of Strimzi's exception, for tools that match on it. */
export interface ConnectorFailure {
  reason: string;
  message: string;
}

export type ConfigAction =
  | { kind: "create"; body: { name: string; config: ConnectorConfig; initial_state?: "RUNNING" | "PAUSED" | "STOPPED" } }
  | { kind: "update"; config: ConnectorConfig }
  | { kind: "none" };

/** POST /connectors when Connect has no such connector (GET config answered 404), PUT its config when it differs. */
export function configAction(name: string, spec: KafkaConnector["spec"], current: ConnectorConfig | undefined): ConfigAction {
  const desired = desiredConnectorConfig(name, spec);
  if (current === undefined) {
    return { kind: "create", body: { name, config: desired, ...(spec.state ? { initial_state: spec.state.toUpperCase() as "RUNNING" | "PAUSED" | "STOPPED" } : {}) } };
  }
  return needsReconfiguring(desired, current) ? { kind: "update", config: desired } : { kind: "none" };
}

export type StateAction = "pause" | "stop" | "resume";

/**
 * The call that brings the connector to `spec.state` (running when unset) from
 * the state Connect reports. UNASSIGNED and RESTARTING are passing states that
 * usually end RUNNING: nothing is done until the next pass.
 */
export function stateAction(name: string, spec: KafkaConnector["spec"], status: ConnectorStateInfo): StateAction | ConnectorFailure | undefined {
  const target = spec.state ?? "running";
  switch (status.connector.state) {
    case "RUNNING":
      return target === "paused" ? "pause" : target === "stopped" ? "stop" : undefined;
    case "PAUSED":
      return target === "running" ? "resume" : target === "stopped" ? "stop" : undefined;
    case "STOPPED":
      return target === "running" ? "resume" : target === "paused" ? "pause" : undefined;
    case "FAILED":
      if (target === "paused") return { reason: "NoStackTraceThrowable", message: `Connector ${name} cannot be paused since it is in failed state.` };
      return target === "stopped" ? "stop" : undefined;
    default:
      return undefined;
  }
}

export type Operation =
  | { kind: "listOffsets"; configMap: string }
  | { kind: "alterOffsets"; configMap: string }
  | { kind: "resetOffsets" }
  | { kind: "restart"; includeTasks: boolean; onlyFailed: boolean; done: Record<string, string | null> }
  | { kind: "restartTask"; task: number; done: Record<string, string | null> };

/** The annotation an offsets operation removes once it succeeded. */
export const OFFSETS_DONE = { "strimzi.io/connector-offsets": null } as const;

/**
 * What the annotations ask for, in Strimzi's order (offsets, restart, restart
 * of a task), on a connector whose configuration was already right; requests
 * that cannot be acted on become Warnings and leave their annotation in place.
 */
export function requestedOperations(connector: Pick<KafkaConnector, "metadata" | "spec" | "kind">): { operations: Operation[]; warnings: ConnectorWarning[] } {
  const operations: Operation[] = [];
  const warnings: ConnectorWarning[] = [];
  const offsets = offsetsOperation(connector);
  if (typeof offsets === "object") {
    warnings.push({ reason: "ManageOffsets", message: `Encountered error getting connector offsets annotation. ${offsets.invalid}` });
  } else if (offsets === "list") {
    const configMap = connector.spec.listOffsets?.toConfigMap.name;
    if (configMap === undefined) warnings.push({ reason: "ListOffsets", message: `Failed to list the connector offsets due to missing property listOffsets in ${connector.kind} CR.` });
    else operations.push({ kind: "listOffsets", configMap });
  } else if (offsets === "alter") {
    const configMap = connector.spec.alterOffsets?.fromConfigMap.name;
    if (configMap === undefined) warnings.push({ reason: "AlterOffsets", message: `Failed to alter the connector offsets due to missing property alterOffsets in ${connector.kind} CR.` });
    else operations.push({ kind: "alterOffsets", configMap });
  } else if (offsets === "reset") {
    operations.push({ kind: "resetOffsets" });
  }
  const restart = restartRequest(connector);
  if (restart && "invalid" in restart) warnings.push({ reason: "RestartConnector", message: restart.invalid });
  else if (restart) operations.push({ kind: "restart", ...restart });
  const restartTask = restartTaskRequest(connector);
  if (restartTask) operations.push({ kind: "restartTask", ...restartTask });
  return { operations, warnings };
}

/** The Warning an operation leaves when its calls failed; its annotation stays, so the next pass tries again. */
export function operationWarning(name: string, operation: Operation, error: string): ConnectorWarning {
  switch (operation.kind) {
    case "listOffsets": return { reason: "ListOffsets", message: `Encountered error listing connector offsets. ${error}` };
    case "alterOffsets": return { reason: "AlterOffsets", message: `Encountered error altering connector offsets. ${error}` };
    case "resetOffsets": return { reason: "ResetOffsets", message: `Encountered error resetting connector offsets. ${error}` };
    case "restart": return { reason: "RestartConnector", message: `Failed to restart connector ${name}. ${error}` };
    case "restartTask": return { reason: "RestartConnectorTask", message: `Failed to restart connector task ${name}:${operation.task}. ${error}` };
  }
}

/** Offsets are altered or reset only on a stopped connector (verifyConnectorStopped); the message when it is not. */
export const notStopped = (status: ConnectorStateInfo): string | undefined =>
  status.connector.state === "STOPPED" ? undefined : "Connector is not in STOPPED state";

/** Ours: configuration keys Strimzi drops without a word are named in a Warning. */
export function forbiddenOptionsWarning(connector: Pick<KafkaConnector, "spec">): ConnectorWarning | undefined {
  const keys = forbiddenConnectorOptions(connector.spec);
  return keys.length === 0 ? undefined : {
    reason: "ForbiddenConfigOption",
    message: `spec.config: ${keys.join(", ")} ignored: spec.class, spec.tasksMax, spec.version and the resource's name set them`,
  };
}

/** Connectors Connect runs that no KafkaConnector of the cluster names: Strimzi deletes them. */
export const connectorsToDelete = (running: readonly string[], declared: readonly string[]): string[] => {
  const wanted = new Set(declared);
  return running.filter((name) => !wanted.has(name)).sort();
};
