// The annotations a user sets on a KafkaConnector to ask for one action:
// Strimzi's, which the reconciler removes once it has acted, and our GitOps-safe
// forms, which stay (a Git repository holds them) and act once per value.
//
// Why two forms: Argo CD or Flux re-apply an annotation the operator removed, and
// `strimzi.io/restart: "true"` would then restart the connector on every sync.
// `kafka-hooks.io/restart: <token>` restarts it once for each new token; the
// token acted on is recorded in `kafka-hooks.io/restarted`, which is not in Git,
// so neither a GitOps tool nor a new sidecar leader acts on it twice.
import type { KafkaConnector } from "../api/kafka-connector.js";

export const CONNECTOR_ANNOTATION = {
  restart: "strimzi.io/restart",
  restartTask: "strimzi.io/restart-task",
  offsets: "strimzi.io/connector-offsets",
  pauseReconciliation: "strimzi.io/pause-reconciliation",
  /** On the KafkaConnect: `"true"` hands its connectors to KafkaConnector resources. */
  useConnectorResources: "strimzi.io/use-connector-resources",
  /** GitOps-safe restart: any token; the connector restarts once per new token. */
  gitOpsRestart: "kafka-hooks.io/restart",
  /** Written by the sidecar: the last `kafka-hooks.io/restart` token it acted on. */
  gitOpsRestarted: "kafka-hooks.io/restarted",
  /** GitOps-safe task restart: `<task id>:<token>`; the task restarts once per new value. */
  gitOpsRestartTask: "kafka-hooks.io/restart-task",
  /** Written by the sidecar: the last `kafka-hooks.io/restart-task` value it acted on. */
  gitOpsRestartedTask: "kafka-hooks.io/restarted-task",
} as const;

type Annotated = Pick<KafkaConnector, "metadata">;
const annotation = (connector: Annotated, key: string): string | undefined => connector.metadata.annotations?.[key];

export interface RestartRequest {
  includeTasks: boolean;
  onlyFailed: boolean;
  /** What to write on success: removes Strimzi's annotation, or records the GitOps token. */
  done: Record<string, string | null>;
}

const INCLUDE_TASKS = "includetasks";
const ONLY_FAILED = "onlyfailed";

/**
 * Strimzi's `strimzi.io/restart` (KafkaConnectAssemblyOperator.hasRestartAnnotation,
 * restartAnnotationIsValid): absent, blank or containing "false" is no request;
 * otherwise "true", or any of `includeTasks` and `onlyFailed` comma-separated
 * (not both kinds). Then our GitOps form.
 */
export function restartRequest(connector: Annotated): RestartRequest | { invalid: string } | undefined {
  const value = annotation(connector, CONNECTOR_ANNOTATION.restart);
  if (value !== undefined && value.trim() !== "" && !value.includes("false")) {
    const words = value.split(",").map((w) => w.trim().toLowerCase());
    const booleans = words.filter((w) => w === "true").length;
    const args = words.filter((w) => w === INCLUDE_TASKS || w === ONLY_FAILED).length;
    if (booleans + args !== words.length || (booleans > 0 && args > 0)) return { invalid: "Invalid annotation format" };
    // Strimzi tests the raw value with a case-sensitive contains.
    return { includeTasks: value.includes("includeTasks"), onlyFailed: value.includes("onlyFailed"), done: { [CONNECTOR_ANNOTATION.restart]: null } };
  }
  const token = annotation(connector, CONNECTOR_ANNOTATION.gitOpsRestart);
  if (token !== undefined && token !== "" && token !== annotation(connector, CONNECTOR_ANNOTATION.gitOpsRestarted)) {
    return { includeTasks: false, onlyFailed: false, done: { [CONNECTOR_ANNOTATION.gitOpsRestarted]: token } };
  }
  return undefined;
}

export interface RestartTaskRequest {
  task: number;
  done: Record<string, string | null>;
}

const TASK_ID = /^\s*-?\d+\s*$/;

/**
 * Strimzi's `strimzi.io/restart-task: <id>` (an integer; anything else or a
 * negative id asks for nothing), then our GitOps form `<id>:<token>`.
 */
export function restartTaskRequest(connector: Annotated): RestartTaskRequest | undefined {
  const value = annotation(connector, CONNECTOR_ANNOTATION.restartTask);
  if (value !== undefined && TASK_ID.test(value) && Number(value) >= 0) {
    return { task: Number(value), done: { [CONNECTOR_ANNOTATION.restartTask]: null } };
  }
  const gitOps = annotation(connector, CONNECTOR_ANNOTATION.gitOpsRestartTask);
  const match = gitOps === undefined ? null : /^(\d+):(.+)$/.exec(gitOps);
  if (match && gitOps !== annotation(connector, CONNECTOR_ANNOTATION.gitOpsRestartedTask)) {
    return { task: Number(match[1]), done: { [CONNECTOR_ANNOTATION.gitOpsRestartedTask]: gitOps ?? null } };
  }
  return undefined;
}

export type OffsetsOperation = "list" | "alter" | "reset";

/** Strimzi's `strimzi.io/connector-offsets` (KafkaConnectorOffsetsAnnotation): list, alter, reset or none. */
export function offsetsOperation(connector: Annotated): OffsetsOperation | { invalid: string } | undefined {
  const value = annotation(connector, CONNECTOR_ANNOTATION.offsets);
  if (value === undefined || value === "none") return undefined;
  if (value === "list" || value === "alter" || value === "reset") return value;
  return { invalid: `No enum constant io.strimzi.operator.cluster.model.KafkaConnectorOffsetsAnnotation.${value}` };
}

export const isConnectorReconciliationPaused = (connector: Annotated): boolean =>
  annotation(connector, CONNECTOR_ANNOTATION.pauseReconciliation) === "true";

export const usesConnectorResources = (connect: { metadata?: { annotations?: Record<string, string> } }): boolean =>
  connect.metadata?.annotations?.[CONNECTOR_ANNOTATION.useConnectorResources] === "true";
