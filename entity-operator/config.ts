// The Entity Operator's settings (the Topic Operator's here, the User
// Operator's in user-operator/config.ts), from the environment Strimzi's Cluster
// Operator gives its container (EntityTopicOperator.getEnvVars), so a Deployment
// written for Strimzi's image, or a user's env override, works unchanged.
export interface TopicOperatorConfig {
  /** `STRIMZI_RESOURCE_LABELS`, e.g. `strimzi.io/cluster=my-cluster`: the KafkaTopics this operator owns. */
  labelSelector: string;
  bootstrapServers: string;
  /** The namespace whose KafkaTopics are watched. */
  namespace: string;
  /** The Kafka cluster's namespace, where its Secrets are. */
  clusterNamespace: string;
  fullReconciliationIntervalMs: number;
  tls: {
    trustedCertsSecret: string;
    secret: string;
    keyName: string;
    certName: string;
  };
  /** Strimzi's `STRIMZI_MAX_BATCH_SIZE` and `STRIMZI_MAX_BATCH_LINGER_MS`. */
  maxBatchSize: number;
  maxBatchLingerMs: number;
  /** `STRIMZI_CRUISE_CONTROL_ENABLED`: replication-factor changes go through Cruise Control. */
  cruiseControl?: TopicOperatorCruiseControlConfig;
}

/** Strimzi's TopicOperatorConfig for Cruise Control: its address, and the files that hold its trust and the API credentials. */
export interface TopicOperatorCruiseControlConfig {
  host: string;
  port: number;
  rackAware: boolean;
  /** The CA certificate to trust, when Cruise Control speaks HTTPS. */
  caCertFile?: string;
  /** The API user's name and password files, when Cruise Control asks for them. */
  credentials?: { userFile: string; passwordFile: string };
}

export class ConfigInvalid extends Error {}

export type Env = Readonly<Record<string, string | undefined>>;

export function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigInvalid(`${name} is not set`);
  return value;
}

export function positiveInteger(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigInvalid(`${name} must be a positive integer, got "${text}"`);
  return value;
}

// Strimzi's defaults (TopicOperatorConfig).
const FULL_RECONCILIATION_INTERVAL_MS = 120_000;
const MAX_BATCH_SIZE = 100;
const MAX_BATCH_LINGER_MS = 100;

const flag = (env: Env, name: string): boolean => env[name]?.trim().toLowerCase() === "true";

function cruiseControlConfig(env: Env): TopicOperatorCruiseControlConfig | undefined {
  if (!flag(env, "STRIMZI_CRUISE_CONTROL_ENABLED")) return undefined;
  const path = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  return {
    host: env.STRIMZI_CRUISE_CONTROL_HOSTNAME?.trim() || "localhost",
    port: positiveInteger(env, "STRIMZI_CRUISE_CONTROL_PORT", 9090),
    // Strimzi's Topic Operator reads RACK_ENABLED; its Cluster Operator writes RACK_AWARE.
    rackAware: flag(env, "STRIMZI_CRUISE_CONTROL_RACK_ENABLED") || flag(env, "STRIMZI_CRUISE_CONTROL_RACK_AWARE"),
    ...(flag(env, "STRIMZI_CRUISE_CONTROL_SSL_ENABLED") ? { caCertFile: path("STRIMZI_CRUISE_CONTROL_CRT_FILE_PATH", "/etc/cluster-ca-certs/ca.crt") } : {}),
    ...(flag(env, "STRIMZI_CRUISE_CONTROL_AUTH_ENABLED") ? {
      credentials: {
        userFile: path("STRIMZI_CRUISE_CONTROL_API_USER_PATH", "/etc/eto-cc-api/topic-operator.apiAdminName"),
        passwordFile: path("STRIMZI_CRUISE_CONTROL_API_PASS_PATH", "/etc/eto-cc-api/topic-operator.apiAdminPassword"),
      },
    } : {}),
  };
}

export function topicOperatorConfig(env: Env): TopicOperatorConfig {
  const protocol = env.STRIMZI_SECURITY_PROTOCOL?.trim() || "SSL";
  if (protocol !== "SSL") throw new ConfigInvalid(`STRIMZI_SECURITY_PROTOCOL must be SSL (mutual TLS with the Entity Operator's certificate), got "${protocol}"`);
  const namespace = required(env, "STRIMZI_NAMESPACE");
  const cruiseControl = cruiseControlConfig(env);
  return {
    labelSelector: required(env, "STRIMZI_RESOURCE_LABELS"),
    bootstrapServers: required(env, "STRIMZI_KAFKA_BOOTSTRAP_SERVERS"),
    namespace,
    clusterNamespace: env.STRIMZI_CLUSTER_NAMESPACE?.trim() || namespace,
    fullReconciliationIntervalMs: positiveInteger(env, "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", FULL_RECONCILIATION_INTERVAL_MS),
    tls: {
      trustedCertsSecret: required(env, "STRIMZI_TLS_TRUSTED_CERTS_SECRET_NAME"),
      secret: required(env, "STRIMZI_TLS_SECRET_NAME"),
      keyName: required(env, "STRIMZI_TLS_KEY_NAME"),
      certName: required(env, "STRIMZI_TLS_CERT_NAME"),
    },
    maxBatchSize: positiveInteger(env, "STRIMZI_MAX_BATCH_SIZE", MAX_BATCH_SIZE),
    maxBatchLingerMs: positiveInteger(env, "STRIMZI_MAX_BATCH_LINGER_MS", MAX_BATCH_LINGER_MS),
    ...(cruiseControl ? { cruiseControl } : {}),
  };
}
