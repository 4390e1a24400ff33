// The annotations a user sets on a KafkaMirrorMaker2 to restart one of its
// connectors or one task of it (Strimzi's KafkaMirrorMaker2AssemblyOperator:
// `strimzi.io/restart-connector: <connector>[:includeTasks,onlyFailed]`,
// `strimzi.io/restart-connector-task: <connector>:<task>`, removed once acted
// on), and our GitOps-safe forms, which stay and act once per value as
// KafkaConnector's do (lib/connectors/annotations.ts): the value acted on is
// recorded beside them. They become the connector pass's operations, whose
// `done` patch is written on the KafkaMirrorMaker2.
import type { KafkaMirrorMaker2 } from "../../api/kafka-mirror-maker-2.js";
import type { ConnectorWarning, Operation } from "../../connectors/plan.js";

export const MIRROR_MAKER_2_CONNECTOR_ANNOTATION = {
  restartConnector: "strimzi.io/restart-connector",
  restartConnectorTask: "strimzi.io/restart-connector-task",
  /** GitOps-safe restart: `<connector>:<token>`; the connector restarts once per new value. */
  gitOpsRestartConnector: "kafka-hooks.io/restart-connector",
  /** Written by the sidecar: the last `kafka-hooks.io/restart-connector` value it acted on. */
  gitOpsRestartedConnector: "kafka-hooks.io/restarted-connector",
  /** GitOps-safe task restart: `<connector>:<task>:<token>`; the task restarts once per new value. */
  gitOpsRestartConnectorTask: "kafka-hooks.io/restart-connector-task",
  /** Written by the sidecar: the last `kafka-hooks.io/restart-connector-task` value it acted on. */
  gitOpsRestartedConnectorTask: "kafka-hooks.io/restarted-connector-task",
} as const;

const A = MIRROR_MAKER_2_CONNECTOR_ANNOTATION;
type Annotated = Pick<KafkaMirrorMaker2, "metadata">;
const annotation = (mm2: Annotated, key: string): string | undefined => mm2.metadata.annotations?.[key];

const RESTART_ARGS = new Set(["includetasks", "onlyfailed"]);
/** Annotations.ANNO_STRIMZI_IO_RESTART_CONNECTOR_TASK_PATTERN. */
const CONNECTOR_TASK = /^(.+):(\d+)$/;
const GITOPS_CONNECTOR_TASK = /^(.+):(\d+):([^:]+)$/;

/**
 * Strimzi's restart of `connector` (hasRestartAnnotation: the value contains the
 * name; restartAnnotationIsValid: `<name>[:<args>]`, args includeTasks and
 * onlyFailed in any case), then our GitOps form.
 */
function restartOperation(mm2: Annotated, connector: string): Operation | ConnectorWarning | undefined {
  const value = annotation(mm2, A.restartConnector);
  if (value !== undefined && value.includes(connector)) {
    const parts = value.split(":");
    const valid = parts.length <= 2 && parts[0]?.toLowerCase() === connector.toLowerCase()
      && (parts[1] === undefined || parts[1].split(",").every((arg) => RESTART_ARGS.has(arg.trim().toLowerCase())));
    if (!valid) return { reason: "RestartConnector", message: "Invalid annotation format" };
    // Strimzi tests the raw value with a case-sensitive contains.
    return { kind: "restart", includeTasks: value.includes("includeTasks"), onlyFailed: value.includes("onlyFailed"), done: { [A.restartConnector]: null } };
  }
  const gitOps = annotation(mm2, A.gitOpsRestartConnector);
  if (gitOps !== undefined && gitOps.startsWith(`${connector}:`) && gitOps.length > connector.length + 1 && gitOps !== annotation(mm2, A.gitOpsRestartedConnector)) {
    return { kind: "restart", includeTasks: false, onlyFailed: false, done: { [A.gitOpsRestartedConnector]: gitOps } };
  }
  return undefined;
}

/** Strimzi's getRestartTaskAnnotationTaskID for `connector`, then our GitOps form. */
function restartTaskOperation(mm2: Annotated, connector: string): Operation | undefined {
  const strimzi = CONNECTOR_TASK.exec(annotation(mm2, A.restartConnectorTask)?.trim() ?? "");
  if (strimzi && strimzi[1] === connector) return { kind: "restartTask", task: Number(strimzi[2]), done: { [A.restartConnectorTask]: null } };
  const value = annotation(mm2, A.gitOpsRestartConnectorTask);
  const gitOps = GITOPS_CONNECTOR_TASK.exec(value ?? "");
  if (gitOps && gitOps[1] === connector && value !== annotation(mm2, A.gitOpsRestartedConnectorTask)) {
    return { kind: "restartTask", task: Number(gitOps[2]), done: { [A.gitOpsRestartedConnectorTask]: value ?? null } };
  }
  return undefined;
}

/** What the KafkaMirrorMaker2's annotations ask of its connector `connector`, in Strimzi's order (restart, then a task's). */
export function mirrorMaker2ConnectorOperations(mm2: Annotated, connector: string): { operations: Operation[]; warnings: ConnectorWarning[] } {
  const operations: Operation[] = [];
  const warnings: ConnectorWarning[] = [];
  const restart = restartOperation(mm2, connector);
  if (restart && "kind" in restart) operations.push(restart);
  else if (restart) warnings.push(restart);
  const restartTask = restartTaskOperation(mm2, connector);
  if (restartTask) operations.push(restartTask);
  return { operations, warnings };
}
