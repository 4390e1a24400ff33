// The Topic and User Operator containers. Strimzi runs its operator image's start
// scripts; here both run the project's own image in an entity-operator mode
// (`node --max-old-space-size=… dist/entity-operator/main.js topic-operator|user-operator`,
// node-options.ts), keeping
// Strimzi's container names, ports, probes and environment
// (EntityTopicOperator/EntityUserOperator.createContainer and getEnvVars), so
// PodMonitors and users' env overrides keep working. The processes read their TLS
// material from the Secrets the env names, through the Kubernetes API, as
// Strimzi's do; JVM settings have no Node.js process to apply to.
import type { Probe } from "../../api/common.js";
import type { Container, EnvVar, ResourceRequirements, Volume, VolumeMount } from "../../api/kubernetes.js";
import { canonicalResources, httpGetProbe, secretVolume, withTemplateEnv } from "../../builders/deployment.js";
import { CRUISE_CONTROL_API_PORT, cruiseControlName, topicOperatorApiSecretName } from "../cruise-control/names.js";
import { probeTiming, RESTRICTED_CONTAINER_SECURITY_CONTEXT } from "../../builders/pod-template.js";
import { clientCertificateKeys } from "../../certificates/node-certificates.js";
import { REPLICATION_PORT } from "../../kafka-files/paths.js";
import { LABEL } from "../../labels.js";
import { bootstrapServiceName, clientCertsSecretName, clientsCaCertSecretName, clientsCaKeySecretName, clusterCaCertSecretName } from "../../names.js";
import { canonicalQuantity } from "../../volumes/quantity.js";
import { ENTITY_OPERATOR_KEY_NAME, operatorSpec, TOPIC_OPERATOR, USER_OPERATOR, type EntityOperatorInput, type OperatorKind } from "./input.js";
import { operatorConfigMapName } from "./names.js";
import { operatorNodeOptions } from "./node-options.js";

export const LOG4J2_KEY = "log4j2.properties";

/** Health, readiness and metrics port of each operator (Strimzi's HEALTHCHECK_PORT and its name). */
export const HEALTH_PORT: Record<OperatorKind, { name: string; port: number }> = {
  [TOPIC_OPERATOR]: { name: "healthcheck-to", port: 8080 },
  [USER_OPERATOR]: { name: "healthcheck-uo", port: 8081 },
};

/** The container's name, which is also the mode `entity-operator/main.js` runs in. */
export const CONTAINER_NAME: Record<OperatorKind, string> = { [TOPIC_OPERATOR]: "topic-operator", [USER_OPERATOR]: "user-operator" };

const CONFIG_MOUNT: Record<OperatorKind, string> = { [TOPIC_OPERATOR]: "/opt/topic-operator/custom-config/", [USER_OPERATOR]: "/opt/user-operator/custom-config/" };
const CONFIG_VOLUME: Record<OperatorKind, string> = {
  [TOPIC_OPERATOR]: "entity-topic-operator-metrics-and-logging",
  [USER_OPERATOR]: "entity-user-operator-metrics-and-logging",
};
const TMP_VOLUME: Record<OperatorKind, string> = { [TOPIC_OPERATOR]: "strimzi-to-tmp", [USER_OPERATOR]: "strimzi-uo-tmp" };

/** Strimzi's projected token volume (VolumeUtils.createServiceAccountVolume): the operators call the Kubernetes API. */
const API_ACCESS_VOLUME = "kube-api-access";
const API_ACCESS_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
/** What the API server gives a projected token that names no lifetime. */
const TOKEN_EXPIRATION_SECONDS = 3600;
const DEFAULT_MODE = 420;
/** Strimzi's size of a component's memory-backed /tmp (VolumeUtils.STRIMZI_TMP_DIRECTORY_DEFAULT_SIZE). */
const DEFAULT_TMP_SIZE_LIMIT = "5Mi";

/** Strimzi's probe defaults for both operators (EntityOperator.DEFAULT_HEALTHCHECK_OPTIONS); a probe in the spec replaces them whole. */
const DEFAULT_PROBE: Required<Probe> = { initialDelaySeconds: 10, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
/** The Topic Operator's startup probe: two minutes to connect (EntityTopicOperator.fromCrd). */
const DEFAULT_STARTUP_PROBE: Required<Probe> = { ...probeTiming(undefined), failureThreshold: 12 };
const probeOptions = (probe: Probe | undefined, defaults: Required<Probe>): Required<Probe> => (probe === undefined ? defaults : probeTiming(probe));

/** Strimzi's defaults of the clients CA the User Operator signs users' certificates with (CertificateAuthority). */
const DEFAULT_CLIENTS_CA_VALIDITY_DAYS = 365;
const DEFAULT_CLIENTS_CA_RENEWAL_DAYS = 30;

/** An env variable as admission stores it: an empty value is left out. */
const envVar = (name: string, value: string): EnvVar => (value === "" ? { name } : { name, value });

// Strimzi's mounts of Cruise Control's trust and the Topic Operator's API credentials (EntityTopicOperator).
const CC_CA_CERTS_VOLUME = "cluster-ca-certs";
const CC_CA_CERTS_MOUNT = "/etc/cluster-ca-certs/";
const CC_API_VOLUME = "eto-cc-api";
const CC_API_MOUNT = "/etc/eto-cc-api/";

/** Strimzi's env for the Cruise Control integration (EntityTopicOperator.getEnvVars), while the cluster runs Cruise Control. */
function cruiseControlEnv({ cluster, cruiseControl }: EntityOperatorInput): EnvVar[] {
  if (!cruiseControl) return [];
  return [
    envVar("STRIMZI_CRUISE_CONTROL_ENABLED", "true"),
    // Strimzi's Cluster Operator writes RACK_AWARE, which its Topic Operator never reads (it reads RACK_ENABLED): ours reads both.
    envVar("STRIMZI_CRUISE_CONTROL_RACK_AWARE", String(cruiseControl.rackAware)),
    envVar("STRIMZI_CRUISE_CONTROL_HOSTNAME", `${cruiseControlName(cluster.name)}.${cluster.namespace}.svc`),
    envVar("STRIMZI_CRUISE_CONTROL_PORT", String(CRUISE_CONTROL_API_PORT)),
    envVar("STRIMZI_CRUISE_CONTROL_SSL_ENABLED", String(cruiseControl.tls)),
    envVar("STRIMZI_CRUISE_CONTROL_AUTH_ENABLED", String(cruiseControl.auth)),
  ];
}

function topicOperatorEnv({ cluster, spec }: EntityOperatorInput): EnvVar[] {
  const to = spec.topicOperator;
  const keys = clientCertificateKeys(ENTITY_OPERATOR_KEY_NAME);
  return [
    envVar("STRIMZI_RESOURCE_LABELS", `${LABEL.cluster}=${cluster.name}`),
    envVar("STRIMZI_KAFKA_BOOTSTRAP_SERVERS", `${bootstrapServiceName(cluster.name)}:${REPLICATION_PORT}`),
    envVar("STRIMZI_NAMESPACE", to?.watchedNamespace ?? cluster.namespace),
    envVar("STRIMZI_CLUSTER_NAMESPACE", cluster.namespace),
    ...(to?.reconciliationIntervalMs !== undefined ? [envVar("STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", String(to.reconciliationIntervalMs))] : []),
    envVar("STRIMZI_SECURITY_PROTOCOL", "SSL"),
    envVar("STRIMZI_TLS_TRUSTED_CERTS_SECRET_NAME", clusterCaCertSecretName(cluster.name)),
    envVar("STRIMZI_TLS_SECRET_NAME", clientCertsSecretName(cluster.name, TOPIC_OPERATOR)),
    envVar("STRIMZI_TLS_KEY_NAME", keys.privateKey),
    envVar("STRIMZI_TLS_CERT_NAME", keys.certificate),
  ];
}

/** Whether the User Operator manages ACLs: Kafka's authorizer supports the Admin API for them (KafkaAuthorization.supportsAdminApi). */
function aclsAdminApiSupported(authorization: EntityOperatorInput["kafka"]["authorization"]): boolean {
  if (authorization === undefined) return false;
  return authorization.type === "simple" || authorization.supportsAdminApi === true;
}

function userOperatorEnv({ cluster, spec, kafka }: EntityOperatorInput): EnvVar[] {
  const uo = spec.userOperator;
  const clientsCa = kafka.clientsCa;
  const positive = (days: number | undefined, otherwise: number): number => (days !== undefined && days > 0 ? days : otherwise);
  return [
    envVar("STRIMZI_KAFKA_BOOTSTRAP_SERVERS", `${bootstrapServiceName(cluster.name)}:${REPLICATION_PORT}`),
    envVar("STRIMZI_NAMESPACE", uo?.watchedNamespace ?? cluster.namespace),
    envVar("STRIMZI_LABELS", `${LABEL.cluster}=${cluster.name}`),
    ...(uo?.reconciliationIntervalMs !== undefined ? [envVar("STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", String(uo.reconciliationIntervalMs))] : []),
    envVar("STRIMZI_CA_KEY_NAME", clientsCaKeySecretName(cluster.name)),
    envVar("STRIMZI_CA_CERT_NAME", clientsCaCertSecretName(cluster.name)),
    envVar("STRIMZI_CA_NAMESPACE", cluster.namespace),
    envVar("STRIMZI_CA_VALIDITY", String(positive(clientsCa?.validityDays, DEFAULT_CLIENTS_CA_VALIDITY_DAYS))),
    envVar("STRIMZI_CA_RENEWAL", String(positive(clientsCa?.renewalDays, DEFAULT_CLIENTS_CA_RENEWAL_DAYS))),
    envVar("STRIMZI_CLUSTER_CA_CERT_SECRET_NAME", clusterCaCertSecretName(cluster.name)),
    envVar("STRIMZI_EO_KEY_SECRET_NAME", clientCertsSecretName(cluster.name, USER_OPERATOR)),
    envVar("STRIMZI_SECRET_PREFIX", uo?.secretPrefix ?? ""),
    envVar("STRIMZI_ACLS_ADMIN_API_SUPPORTED", String(aclsAdminApiSupported(kafka.authorization))),
    // Cron expressions may hold commas: Strimzi joins them with semicolons.
    ...((kafka.maintenanceTimeWindows ?? []).length > 0 ? [envVar("STRIMZI_MAINTENANCE_TIME_WINDOWS", (kafka.maintenanceTimeWindows ?? []).join(";"))] : []),
  ];
}

/** Each operator's volumes, in Strimzi's order: its /tmp and its logging ConfigMap (the token volume is the pod's, shared). */
export function operatorVolumes({ cluster, spec, cruiseControl }: EntityOperatorInput, operator: OperatorKind): Volume[] {
  const sizeLimit = canonicalQuantity(spec.template?.pod?.tmpDirSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT);
  const tmp: Volume = { name: TMP_VOLUME[operator], emptyDir: { medium: "Memory", ...(sizeLimit !== undefined ? { sizeLimit } : {}) } };
  const config: Volume = { name: CONFIG_VOLUME[operator], configMap: { name: operatorConfigMapName(cluster.name, operator), defaultMode: DEFAULT_MODE } };
  if (operator !== TOPIC_OPERATOR) return [config, tmp];
  const cruiseControlVolumes = cruiseControl
    ? [secretVolume(CC_CA_CERTS_VOLUME, clusterCaCertSecretName(cluster.name)), secretVolume(CC_API_VOLUME, topicOperatorApiSecretName(cluster.name))]
    : [];
  return [tmp, config, ...cruiseControlVolumes];
}

/** The projected ServiceAccount token, CA and namespace, written as admission stores them. */
export function apiAccessVolume(): Volume {
  return {
    name: API_ACCESS_VOLUME,
    projected: {
      defaultMode: DEFAULT_MODE,
      sources: [
        { serviceAccountToken: { path: "token", expirationSeconds: TOKEN_EXPIRATION_SECONDS } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    },
  };
}

/** The container's command, relative to the image's working directory; the benchmarks run the operators with it. */
export function operatorCommand(operator: OperatorKind, resources: ResourceRequirements | undefined): string[] {
  return ["node", ...operatorNodeOptions(resources), "dist/entity-operator/main.js", CONTAINER_NAME[operator]];
}

export function operatorContainer(input: EntityOperatorInput, operator: OperatorKind): Container {
  const { spec, image } = input;
  const own = operatorSpec(spec, operator);
  const template = operator === TOPIC_OPERATOR ? spec.template?.topicOperatorContainer : spec.template?.userOperatorContainer;
  const port = HEALTH_PORT[operator];
  const env = [
    ...(operator === TOPIC_OPERATOR ? [...topicOperatorEnv(input), ...cruiseControlEnv(input)] : userOperatorEnv(input)),
    // Our processes log with pino at one level: the root level of the operator's log4j2 file (logging.ts).
    envVar("LOG_LEVEL", input.logging[operator]?.level ?? "info"),
  ];
  const volumeMounts: VolumeMount[] = [
    { name: API_ACCESS_VOLUME, mountPath: API_ACCESS_MOUNT, readOnly: true },
    { name: TMP_VOLUME[operator], mountPath: "/tmp" },
    { name: CONFIG_VOLUME[operator], mountPath: CONFIG_MOUNT[operator] },
    ...(operator === TOPIC_OPERATOR && input.cruiseControl
      ? [{ name: CC_CA_CERTS_VOLUME, mountPath: CC_CA_CERTS_MOUNT }, { name: CC_API_VOLUME, mountPath: CC_API_MOUNT }]
      : []),
    ...(template?.volumeMounts ?? []),
  ];
  const startupProbe = operator === TOPIC_OPERATOR
    ? { startupProbe: httpGetProbe("/healthy", port.name, probeOptions(spec.topicOperator?.startupProbe, DEFAULT_STARTUP_PROBE)) }
    : {};
  return {
    name: CONTAINER_NAME[operator],
    image: own?.image ?? image,
    command: operatorCommand(operator, own?.resources),
    ports: [{ name: port.name, containerPort: port.port, protocol: "TCP" }],
    env: withTemplateEnv(env, template?.env),
    resources: canonicalResources(own?.resources),
    livenessProbe: httpGetProbe("/healthy", port.name, probeOptions(own?.livenessProbe, DEFAULT_PROBE)),
    readinessProbe: httpGetProbe("/ready", port.name, probeOptions(own?.readinessProbe, DEFAULT_PROBE)),
    ...startupProbe,
    volumeMounts,
    securityContext: template?.securityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT,
  };
}
