// The Strimzi `kafka.strimzi.io/v1` KafkaConnector, as the sidecar's connector
// reconciler reads it; the spec's types are derived from its schema
// (lib/api/schemas/kafka-connector.ts). The checks here are the ones the schema
// cannot say: configuration keys the other fields own, values Connect can take.
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import { formatPath } from "./schemas/fields.js";
import type { kafkaConnectorSchema } from "./schemas/kafka-connector.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaConnector = WithStatus<Static<typeof kafkaConnectorSchema>, KafkaConnectorStatus>;
export type KafkaConnectorSpec = KafkaConnector["spec"];

/** Strimzi's AutoRestartStatus. */
export interface AutoRestartStatus {
  count: number;
  /** MirrorMaker 2's connectors only. */
  connectorName?: string;
  lastRestartTimestamp?: string;
}

/** Strimzi's KafkaConnectorStatus. */
export interface KafkaConnectorStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  autoRestart?: AutoRestartStatus;
  connectorStatus?: Record<string, unknown>;
  tasksMax?: number;
  topics?: string[];
}

/** Strimzi's AbstractConnectorSpec.FORBIDDEN_PARAMETERS: the spec's other fields set them. */
export const FORBIDDEN_CONNECTOR_OPTIONS = ["name", "connector.class", "tasks.max", "connector.plugin.version"] as const;

export interface ConnectorProblem {
  path: string;
  message: string;
}

type ConfigScalar = string | number | boolean;
const isScalar = (value: unknown): value is ConfigScalar => typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** What Strimzi or Connect would refuse in a KafkaConnector that passed its schema. */
export function connectorProblems(connector: Pick<KafkaConnector, "spec">): ConnectorProblem[] {
  const problems: ConnectorProblem[] = [];
  if (connector.spec.class === undefined) problems.push({ path: "spec.class", message: "is required" });
  for (const [key, value] of Object.entries(connector.spec.config ?? {})) {
    // Strimzi's OrderedProperties.addIterablePairs refuses anything else ("Unsupported type").
    if (!isScalar(value)) problems.push({ path: formatPath(["spec", "config", key]), message: "must be a string, number or boolean" });
  }
  return problems;
}

/** Configuration keys the spec's own fields set: Strimzi drops them (KafkaConnectorConfiguration), and so do we, with a Warning. */
export const forbiddenConnectorOptions = (spec: KafkaConnectorSpec): string[] =>
  Object.keys(spec.config ?? {}).filter((key) => (FORBIDDEN_CONNECTOR_OPTIONS as readonly string[]).includes(key));
