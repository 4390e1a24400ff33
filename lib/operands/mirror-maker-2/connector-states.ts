// The contract between the sidecar, which reconciles a KafkaMirrorMaker2's
// connectors over REST, and the hook, which alone writes its status
// (Metacontroller replaces the whole status on every sync): the sidecar records
// what Connect answered in an annotation on the workers' StrimziPodSet; the
// hook copies it into `status.connectors` and `status.autoRestartStatuses`, and
// a connector that failed makes the resource NotReady, as in Strimzi.
import type { AutoRestartStatus, KafkaConnector } from "../../api/kafka-connector.js";
import type { StrimziPodSet } from "../../api/strimzi-podset.js";
import { connectorStatus, type ConnectorOutcome } from "../../connectors/status.js";
import type { ModelProblem } from "../../model/types.js";
import { REASON } from "../../reasons.js";

/** On the StrimziPodSet `<name>-mirrormaker2`: the JSON of MirrorMaker2ConnectorStates. */
export const MIRROR_MAKER_2_CONNECTORS_ANNOTATION = "kafka-hooks.io/mirror-maker-2-connectors";

export interface MirrorMaker2ConnectorStates {
  /** Connect's GET /connectors/<name>/status of each connector, in the spec's order. */
  connectors: Array<Record<string, unknown>>;
  autoRestartStatuses: Array<AutoRestartStatus & { connectorName: string }>;
  /** Connectors whose calls failed or which (or whose tasks) are FAILED, with why. */
  failures: Array<{ connector: string; message: string }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function parse(text: string): MirrorMaker2ConnectorStates | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { connectors, autoRestartStatuses, failures } = parsed;
  if (!Array.isArray(connectors) || !connectors.every(isRecord)) return undefined;
  if (!Array.isArray(autoRestartStatuses) || !autoRestartStatuses.every((a) => isRecord(a) && typeof a["connectorName"] === "string")) return undefined;
  if (!Array.isArray(failures) || !failures.every((f) => isRecord(f) && typeof f["connector"] === "string" && typeof f["message"] === "string")) return undefined;
  return parsed as unknown as MirrorMaker2ConnectorStates;
}

/** The sidecar's record on the observed PodSet; a value that is not one is a Warning, never a failed sync. */
export function mirrorMaker2ConnectorStates(podSet: StrimziPodSet | undefined): { states?: MirrorMaker2ConnectorStates; failed?: string; warning?: ModelProblem } {
  const text = podSet?.metadata.annotations?.[MIRROR_MAKER_2_CONNECTORS_ANNOTATION];
  if (text === undefined) return {};
  const states = parse(text);
  if (!states) {
    return { warning: { reason: REASON.invalidMirrorMaker2Connectors, path: `StrimziPodSet/${podSet?.metadata.name ?? ""} ${MIRROR_MAKER_2_CONNECTORS_ANNOTATION}`, message: "is ignored: it is not {connectors, autoRestartStatuses, failures}" } };
  }
  const failed = states.failures.length === 0 ? undefined : states.failures.map((f) => `${f.connector}: ${f.message}`).join("; ");
  return { states, ...(failed !== undefined ? { failed } : {}) };
}

/**
 * The sidecar's record of the connectors' last passes, in the spec's order (a
 * connector not passed yet is left out): Connect's status of each, their
 * auto-restart records, and why each that is not ready is not, as the
 * connector's own NotReady condition says it.
 */
export function connectorStatesRecord(passes: ReadonlyArray<{ connector: KafkaConnector; outcome: ConnectorOutcome }>, now: Date): MirrorMaker2ConnectorStates {
  const record: MirrorMaker2ConnectorStates = { connectors: [], autoRestartStatuses: [], failures: [] };
  for (const { connector, outcome } of passes) {
    const name = connector.metadata.name;
    if (outcome.state) record.connectors.push({ ...outcome.state });
    if (outcome.autoRestart) record.autoRestartStatuses.push({ ...outcome.autoRestart, connectorName: name });
    const [readiness] = connectorStatus(connector, outcome, now).conditions ?? [];
    if (readiness?.type === "NotReady") record.failures.push({ connector: name, message: readiness.message ?? "" });
  }
  return record;
}
