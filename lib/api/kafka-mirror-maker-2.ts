// The Strimzi `kafka.strimzi.io/v1` KafkaMirrorMaker2, as the hooks and the
// sidecar read it; the spec's types are derived from its schema
// (lib/api/schemas/kafka-mirror-maker-2.ts).
import type { Static } from "typebox";
import type { ConnectorPlugin } from "./kafka-connect.js";
import type { AutoRestartStatus } from "./kafka-connector.js";
import type { Condition } from "./kubernetes.js";
import type { kafkaMirrorMaker2Schema } from "./schemas/kafka-mirror-maker-2.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaMirrorMaker2 = WithStatus<Static<typeof kafkaMirrorMaker2Schema>, KafkaMirrorMaker2Status>;
export type KafkaMirrorMaker2Spec = KafkaMirrorMaker2["spec"];
export type MirrorSpec = KafkaMirrorMaker2Spec["mirrors"][number];
export type MirrorConnectorSpec = NonNullable<MirrorSpec["sourceConnector"]>;
export type MirrorMaker2ClusterSpec = KafkaMirrorMaker2Spec["target"] | MirrorSpec["source"];

/** Written by the hook; free-form in the CRD (see WithStatus). */
export interface KafkaMirrorMaker2Status {
  conditions?: Condition[];
  observedGeneration?: number;
  url?: string;
  /** Connect's `GET /connectors/<name>/status` of each connector, as Strimzi copies it. */
  connectors?: Array<Record<string, unknown>>;
  autoRestartStatuses?: Array<AutoRestartStatus & { connectorName: string }>;
  connectorPlugins?: ConnectorPlugin[];
  replicas?: number;
  labelSelector?: string;
  [other: string]: unknown;
}
