// How a KafkaUser is named towards Kafka and in Kubernetes (Strimzi's
// KafkaUserModel.getUserName and getSecretName).
import type { KafkaUser } from "../api/kafka-user.js";

/** A TLS certificate carries at most 64 characters of common name (RFC 5280, OpenSSL). */
export const MAX_TLS_USER_NAME_LENGTH = 64;

/** The name Kafka knows a certificate user by: its certificate's subject. */
export const tlsUserName = (name: string): string => `CN=${name}`;

/**
 * The Kafka user name (principal without `User:`): `CN=<name>` for certificate
 * users (tls, tls-external), the bare name for SCRAM users and users without authentication.
 */
export function kafkaUserName(user: Pick<KafkaUser, "metadata" | "spec">): string {
  const type = user.spec.authentication?.type;
  return type === "tls" || type === "tls-external" ? tlsUserName(user.metadata.name) : user.metadata.name;
}

/** The other form of the user's name, whose ACLs and quotas a change of authentication leaves behind. */
export function otherKafkaUserName(user: Pick<KafkaUser, "metadata" | "spec">): string {
  const name = kafkaUserName(user);
  return name === user.metadata.name ? tlsUserName(name) : user.metadata.name;
}

/** The KafkaUser a Kafka user name belongs to: `CN=` taken off. */
export const kafkaUserOfName = (userName: string): string => userName.replace(/^CN=/, "");

export const userSecretName = (secretPrefix: string, user: string): string => `${secretPrefix}${user}`;
