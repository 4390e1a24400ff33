// The Strimzi `kafka.strimzi.io/v1` KafkaBridge, as the hooks read it; the
// spec's types are derived from its schema (lib/api/schemas/kafka-bridge.ts).
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import type { kafkaBridgeSchema } from "./schemas/kafka-bridge.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaBridge = WithStatus<Static<typeof kafkaBridgeSchema>, KafkaBridgeStatus>;
export type KafkaBridgeSpec = KafkaBridge["spec"];
export type KafkaBridgeHttpConfig = NonNullable<KafkaBridgeSpec["http"]>;
export type { CertSecretSource, ClientTls, KafkaClientAuthentication } from "./kafka-clients.js";
export type KafkaBridgeTemplate = NonNullable<KafkaBridgeSpec["template"]>;

/** Written by the hook; free-form in the CRD (see WithStatus). */
export interface KafkaBridgeStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  url?: string;
  replicas?: number;
  labelSelector?: string;
  [other: string]: unknown;
}
