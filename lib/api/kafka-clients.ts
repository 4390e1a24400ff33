// How an operand's Kafka clients (the Bridge's, Connect's) reach a Kafka
// cluster, as the hooks read it; the types are derived from the shared schema
// (lib/api/schemas/clients.ts).
import type { Static } from "typebox";
import type { clientAuthentication, clientTls } from "./schemas/clients.js";

export type ClientTls = Static<typeof clientTls>;
export type CertSecretSource = NonNullable<ClientTls["trustedCertificates"]>[number];
export type KafkaClientAuthentication = Static<typeof clientAuthentication>;

/** The part of a Bridge's or Connect's spec that says how its clients reach Kafka. */
export interface KafkaClientsSpec {
  tls?: ClientTls;
  authentication?: KafkaClientAuthentication;
}
