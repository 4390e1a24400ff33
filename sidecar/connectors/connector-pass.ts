// One KafkaConnector's pass against its Connect cluster, in Strimzi's order
// (AbstractConnectOperator.maybeCreateOrUpdateConnector): read the connector's
// configuration; create it (404) or update it (different), else bring its state
// to the spec's and act on the annotations; then read its status, auto-restart
// it when it failed, and read its topics. Every decision is lib/connectors';
// this runs the calls. A call that fails ends the pass with NotReady, but for
// the annotations' operations, which leave a Warning and their annotation.
import type { AutoRestartStatus, KafkaConnector } from "../../lib/api/kafka-connector.js";
import { autoRestartStep } from "../../lib/connectors/auto-restart.js";
import type { ConnectorStateInfo } from "../../lib/connectors/connect-rest.js";
import { listedOffsetsConfigMap, offsetsToAlter, type OffsetsConfigMap } from "../../lib/connectors/offsets.js";
import {
  configAction, forbiddenOptionsWarning, notStopped, OFFSETS_DONE, operationWarning, requestedOperations, stateAction,
  type ConnectorFailure, type ConnectorWarning, type Operation,
} from "../../lib/connectors/plan.js";
import type { ConnectorOutcome } from "../../lib/connectors/status.js";
import type { ConnectApi } from "./connect-api.js";
import type { ConfigMap, ConnectorKube } from "./connector-kube.js";

export interface ConnectorPassOptions {
  api: ConnectApi;
  kube: Pick<ConnectorKube, "readConfigMap" | "writeConfigMap">;
  /** Writes what an operation asks once it succeeded, on the resource whose annotation asked for it. */
  annotate: (annotations: Record<string, string | null>) => Promise<void>;
  /** What the annotations ask of this connector: the KafkaConnector's own when undefined (a KafkaMirrorMaker2 names its connectors in its own). */
  requested?: { operations: Operation[]; warnings: ConnectorWarning[] };
  now: () => Date;
}

/** The reason Strimzi's status names for a failure: the class of its exception. */
export function failureOf(error: unknown): ConnectorFailure {
  const reason = typeof error === "object" && error !== null && typeof (error as { reason?: unknown }).reason === "string"
    ? (error as { reason: string }).reason
    : "Throwable";
  return { reason, message: error instanceof Error ? error.message : String(error) };
}

class OperationFailed extends Error {}

export async function connectorPass(connector: KafkaConnector, options: ConnectorPassOptions): Promise<ConnectorOutcome> {
  const { api } = options;
  const name = connector.metadata.name;
  const spec = connector.spec;
  const forbidden = forbiddenOptionsWarning(connector);
  const warnings: ConnectorWarning[] = forbidden ? [forbidden] : [];
  try {
    const action = configAction(name, spec, await api.config(name));
    if (action.kind === "create") {
      await api.create(action.body);
      return await finish(connector, options, await api.status(name), warnings, true);
    }
    if (action.kind === "update") {
      await api.putConfig(name, action.config);
      await changeState(connector, api, await api.status(name));
      return await finish(connector, options, await api.status(name), warnings, false);
    }
    await changeState(connector, api, await api.status(name));
    const requested = options.requested ?? requestedOperations(connector);
    warnings.push(...requested.warnings);
    for (const operation of requested.operations) {
      try {
        await runOperation(connector, operation, options);
      } catch (error) {
        warnings.push(operationWarning(name, operation, error instanceof Error ? error.message : String(error)));
      }
    }
    return await finish(connector, options, await api.status(name), warnings, true);
  } catch (error) {
    return { failure: failureOf(error), warnings };
  }
}

async function changeState(connector: KafkaConnector, api: ConnectApi, status: ConnectorStateInfo): Promise<void> {
  const name = connector.metadata.name;
  const step = stateAction(name, connector.spec, status);
  if (step === undefined) return;
  if (typeof step === "object") throw Object.assign(new Error(step.message), { reason: step.reason });
  if (step === "pause") await api.pause(name);
  else if (step === "stop") await api.stop(name);
  else await api.resume(name);
}

/** Auto-restart (not after an update: Strimzi's update path carries no auto-restart record) and the topics. */
async function finish(connector: KafkaConnector, options: ConnectorPassOptions, status: ConnectorStateInfo, warnings: ConnectorWarning[], autoRestarts: boolean): Promise<ConnectorOutcome> {
  const name = connector.metadata.name;
  let state = status;
  let autoRestart: AutoRestartStatus | undefined;
  if (autoRestarts) {
    const step = autoRestartStep(connector.spec, connector.status?.autoRestart, status, options.now());
    autoRestart = step.autoRestart;
    if (step.restart) {
      // A failed restart is counted all the same (Strimzi's autoRestartConnector), and the pass goes on.
      state = await options.api.restart(name, true, true).then((after) => after ?? status, () => status);
    }
  }
  const topics = await options.api.topics(name);
  return { state, topics, warnings, ...(autoRestart ? { autoRestart } : {}) };
}

async function runOperation(connector: KafkaConnector, operation: Operation, options: ConnectorPassOptions): Promise<void> {
  const { api, kube, annotate } = options;
  const name = connector.metadata.name;
  const namespace = connector.metadata.namespace;
  const requireStopped = async (): Promise<void> => {
    const reason = notStopped(await api.status(name));
    if (reason) throw new OperationFailed(reason);
  };
  switch (operation.kind) {
    case "listOffsets": {
      const offsets = await api.offsets(name);
      const existing = await kube.readConfigMap(namespace, operation.configMap);
      const desired = listedOffsetsConfigMap(connector, operation.configMap, offsets, existing as OffsetsConfigMap | undefined);
      await kube.writeConfigMap(desired as ConfigMap, existing);
      await annotate(OFFSETS_DONE);
      return;
    }
    case "alterOffsets": {
      await requireStopped();
      const read = offsetsToAlter(namespace, operation.configMap, await kube.readConfigMap(namespace, operation.configMap));
      if ("error" in read) throw new OperationFailed(read.error);
      await api.alterOffsets(name, read.offsets);
      await annotate(OFFSETS_DONE);
      return;
    }
    case "resetOffsets":
      await requireStopped();
      await api.resetOffsets(name);
      await annotate(OFFSETS_DONE);
      return;
    case "restart":
      await api.restart(name, operation.includeTasks, operation.onlyFailed);
      await annotate(operation.done);
      return;
    case "restartTask":
      await api.restartTask(name, operation.task);
      await annotate(operation.done);
      return;
  }
}
