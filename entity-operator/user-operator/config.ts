// The user-operator container's settings, from the env Strimzi's cluster operator
// gives its User Operator (EntityUserOperator.getEnvVars), so that the Entity
// Operator's env and users' `template.userOperatorContainer.env` overrides keep
// their meaning.
import { DEFAULT_CA_RENEWAL_DAYS, DEFAULT_CA_VALIDITY_DAYS } from "../../lib/pki/certificate-authority.js";
import { LABEL } from "../../lib/labels.js";
import { DEFAULT_SCRAM_PASSWORD_LENGTH } from "../../lib/users/scram-password.js";
import { ConfigInvalid, positiveInteger, required, type Env } from "../config.js";
import type { UserOperatorSettings } from "./reconciler.js";

export interface UserOperatorConfig {
  readonly settings: UserOperatorSettings;
  /** STRIMZI_KAFKA_BOOTSTRAP_SERVERS: the replication listener (9091), mutual TLS. */
  readonly bootstrap: string;
  /** STRIMZI_LABELS: the KafkaUsers this operator serves (`strimzi.io/cluster=<cluster>`). */
  readonly labelSelector: string;
  /** The Kafka cluster, from STRIMZI_LABELS: names the ownership record. */
  readonly cluster: string;
  /** STRIMZI_FULL_RECONCILIATION_INTERVAL_MS: every KafkaUser and every owned name, this often. */
  readonly fullReconciliationIntervalMs: number;
  /** STRIMZI_CLUSTER_CA_CERT_SECRET_NAME (`ca.crt`) and STRIMZI_EO_KEY_SECRET_NAME (`entity-operator.crt`, `entity-operator.key`), in the CA namespace. */
  readonly clusterCaCertSecretName: string;
  readonly operatorSecretName: string;
}

const DEFAULT_FULL_RECONCILIATION_INTERVAL_MS = 120_000;
/** Our option, not Strimzi's: `true` deletes every principal in Kafka without a KafkaUser, as Strimzi's User Operator always does. */
export const SWEEP_UNOWNED_ENV = "KAFKA_HOOKS_DELETE_UNOWNED_USERS";

const flag = (env: Env, name: string, fallback: boolean): boolean => (env[name] === undefined || env[name] === "" ? fallback : env[name] === "true");

export function parseUserOperatorEnv(env: Env): UserOperatorConfig {
  const namespace = required(env, "STRIMZI_NAMESPACE");
  const labelSelector = required(env, "STRIMZI_LABELS");
  const cluster = labelSelector.split(",").map((l) => l.split("=")).find(([key]) => key === LABEL.cluster)?.[1];
  if (!cluster) throw new ConfigInvalid(`STRIMZI_LABELS must select ${LABEL.cluster}=<cluster>: "${labelSelector}"`);
  const ignored = env["STRIMZI_IGNORED_USERS_PATTERN"];
  let ignoredUsers: RegExp | undefined;
  try {
    ignoredUsers = ignored ? new RegExp(`^(?:${ignored})$`) : undefined;
  } catch (error) {
    throw new ConfigInvalid(`STRIMZI_IGNORED_USERS_PATTERN is not a regular expression: ${(error as Error).message}`);
  }
  const caNamespace = env["STRIMZI_CA_NAMESPACE"] || namespace;
  return {
    bootstrap: required(env, "STRIMZI_KAFKA_BOOTSTRAP_SERVERS"),
    labelSelector,
    cluster,
    fullReconciliationIntervalMs: positiveInteger(env, "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", DEFAULT_FULL_RECONCILIATION_INTERVAL_MS),
    clusterCaCertSecretName: required(env, "STRIMZI_CLUSTER_CA_CERT_SECRET_NAME"),
    operatorSecretName: required(env, "STRIMZI_EO_KEY_SECRET_NAME"),
    settings: {
      namespace,
      caNamespace,
      caCertSecretName: required(env, "STRIMZI_CA_CERT_NAME"),
      caKeySecretName: required(env, "STRIMZI_CA_KEY_NAME"),
      secret: {
        secretPrefix: env["STRIMZI_SECRET_PREFIX"] ?? "",
        caValidityDays: positiveInteger(env, "STRIMZI_CA_VALIDITY", DEFAULT_CA_VALIDITY_DAYS),
        caRenewalDays: positiveInteger(env, "STRIMZI_CA_RENEWAL", DEFAULT_CA_RENEWAL_DAYS),
        maintenanceWindows: (env["STRIMZI_MAINTENANCE_TIME_WINDOWS"] ?? "").split(";").map((w) => w.trim()).filter((w) => w !== ""),
        pkcs12: flag(env, "STRIMZI_PKCS12_KEYSTORE_GENERATION", true),
        scramPasswordLength: positiveInteger(env, "STRIMZI_SCRAM_SHA_PASSWORD_LENGTH", DEFAULT_SCRAM_PASSWORD_LENGTH),
      },
      aclsAdminApiSupported: flag(env, "STRIMZI_ACLS_ADMIN_API_SUPPORTED", true),
      sweepUnowned: flag(env, SWEEP_UNOWNED_ENV, false),
      ignoredUsers,
    },
  };
}
