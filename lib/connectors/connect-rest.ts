// The shapes of Kafka Connect's REST API the connector reconciler reads
// (org.apache.kafka.connect.runtime.rest.entities: ConnectorStateInfo,
// PluginInfo), and the failure of a call, worded as Strimzi words it.

/** `connector.state` and each task's `state`: Connect's AbstractStatus.State, plus STOPPED for connectors. */
export type ConnectState = "UNASSIGNED" | "RUNNING" | "PAUSED" | "STOPPED" | "FAILED" | "RESTARTING" | "DESTROYED";

export interface TaskStateInfo {
  id: number;
  state: ConnectState;
  worker_id: string;
  trace?: string;
}

/** GET /connectors/<name>/status (ConnectorStateInfo). */
export interface ConnectorStateInfo {
  name: string;
  connector: { state: ConnectState; worker_id: string; trace?: string };
  tasks: TaskStateInfo[];
  type?: "source" | "sink" | "unknown";
}

/** One entry of GET /connector-plugins (PluginInfo). */
export interface ConnectorPlugin {
  class: string;
  type: string;
  version: string;
}

/**
 * A call Connect answered with an unexpected status (Strimzi's
 * ConnectRestException: "GET /connectors/x/config returned 404 (404): <message>").
 */
export class ConnectRestError extends Error {
  readonly reason = "ConnectRestException";

  constructor(readonly method: string, readonly path: string, readonly statusCode: number, detail: string) {
    super(`${method} ${path} returned ${statusCode} (${statusCode}): ${detail}`);
    this.name = "ConnectRestError";
  }
}

/** A call Connect did not answer within its timeout, or could not be reached. */
export class ConnectUnreachableError extends Error {
  readonly reason = "ConnectTimeoutException";

  constructor(readonly method: string, readonly path: string, detail: string) {
    super(`${method} ${path} failed: ${detail}`);
    this.name = "ConnectUnreachableError";
  }
}

export const connectorHasFailed = (status: ConnectorStateInfo): boolean => status.connector.state === "FAILED";

/** Ids of the failed tasks, as Strimzi lists them (failedTaskIds). */
export const failedTaskIds = (status: ConnectorStateInfo): number[] => status.tasks.filter((t) => t.state === "FAILED").map((t) => t.id);
