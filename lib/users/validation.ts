// What a KafkaUser's schema cannot say (Strimzi checks these with CEL rules in
// its CRD or in KafkaUserModel.fromCrd): problems name the field, and a user
// with any is reported NotReady with nothing changed in Kafka or its Secret.
import type { KafkaUser } from "../api/kafka-user.js";
import type { ValidationProblem } from "../api/validate.js";
import { MAX_TLS_USER_NAME_LENGTH } from "./principal.js";

export interface UserValidationSettings {
  /** STRIMZI_ACLS_ADMIN_API_SUPPORTED: the cluster's authorization keeps ACLs through the Admin API. */
  readonly aclsAdminApiSupported: boolean;
}

export function kafkaUserProblems(user: KafkaUser, settings: UserValidationSettings): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const auth = user.spec.authentication;
  if (auth?.type === "tls" || auth?.type === "tls-external") {
    if (user.metadata.name.length > MAX_TLS_USER_NAME_LENGTH) {
      problems.push({ path: "metadata.name", message: `must have at most ${MAX_TLS_USER_NAME_LENGTH} characters for TLS authentication: it is the certificate's common name` });
    }
  }
  if (auth !== undefined && auth.type !== "tls") {
    const stray = (["validityDays", "renewalDays"] as const).filter((field) => field in auth);
    for (const field of stray) problems.push({ path: `spec.authentication.${field}`, message: "can be set only with type tls" });
  }
  if (auth?.type === "tls") {
    if ((auth.validityDays === undefined) !== (auth.renewalDays === undefined)) {
      problems.push({ path: `spec.authentication.${auth.validityDays === undefined ? "validityDays" : "renewalDays"}`, message: "must be set together with validityDays and renewalDays, or neither" });
    } else if (auth.validityDays !== undefined && auth.renewalDays !== undefined && auth.renewalDays >= auth.validityDays) {
      problems.push({ path: "spec.authentication.renewalDays", message: "must be less than validityDays" });
    }
  }
  const secretKeyRef = auth?.type === "scram-sha-512" ? auth.password?.valueFrom.secretKeyRef : undefined;
  if (auth?.type === "scram-sha-512" && auth.password && (!secretKeyRef?.name || !secretKeyRef.key)) {
    problems.push({ path: "spec.authentication.password.valueFrom.secretKeyRef", message: "must name a Secret and a key" });
  }
  if (user.spec.authorization && user.spec.authorization.acls.length > 0 && !settings.aclsAdminApiSupported) {
    problems.push({ path: "spec.authorization", message: "simple authorization ACL rules are configured but not supported in the Kafka cluster configuration" });
  }
  return problems;
}

/** The operator reads a SCRAM user's own password from a Secret of its namespace: missing, it refuses the user. */
export const passwordSecretProblem = (secret: string, key: string): string =>
  `spec.authentication.password.valueFrom.secretKeyRef: Secret ${secret} with a non-empty key ${key} does not exist`;
