// The Strimzi `kafka.strimzi.io/v1` KafkaConnect, as the hooks read it; the
// spec's types are derived from its schema (lib/api/schemas/kafka-connect.ts).
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import type { kafkaConnectSchema } from "./schemas/kafka-connect.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaConnect = WithStatus<Static<typeof kafkaConnectSchema>, KafkaConnectStatus>;
export type KafkaConnectSpec = KafkaConnect["spec"];

/** A connector plugin the workers offer, as Connect's `GET /connector-plugins` lists it. */
export interface ConnectorPlugin {
  class: string;
  type: string;
  version?: string;
}

/** Written by the hook; free-form in the CRD (see WithStatus). */
export interface KafkaConnectStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  url?: string;
  connectorPlugins?: ConnectorPlugin[];
  replicas?: number;
  labelSelector?: string;
  [other: string]: unknown;
}
