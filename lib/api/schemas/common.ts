// Definitions several Strimzi resources share: templates, probes, JVM options,
// logging and metrics. Embedded Kubernetes types are free-form: Kubernetes
// validates them when the Pod or Service is created, and copying their schemas
// would tie ours to one Kubernetes version.
import type {
  Affinity, EnvVar, HostAlias, LocalObjectReference, PodDNSConfig, PodSecurityContext, ResourceRequirements,
  SecurityContext, Toleration, TopologySpreadConstraint, Volume, VolumeMount,
} from "../kubernetes.js";
import { array, boolean, enumOf, freeForm, integer, map, object, requiredWhen, string } from "./combinators.js";

/** An embedded Kubernetes type `T`, passed on as it is. */
const kubernetes = <T>(kind: string) => freeForm<T>(`A Kubernetes ${kind}, passed on as it is.`);
const kubernetesList = <T>(kind: string) => array(kubernetes<T>(kind));

export const resources = kubernetes<ResourceRequirements>("ResourceRequirements (CPU and memory requests and limits)");

export const stringMap = (description: string) => map(string(), { description });

/** A Kubernetes quantity, as Strimzi accepts it for sizes: `100Gi`, `5Mi`, `1e3`. */
export const quantity = (description: string) => string({ description, pattern: "^([0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$" });

export const metadataTemplate = object({
  labels: stringMap("Labels added to the resource."),
  annotations: stringMap("Annotations added to the resource."),
}, { description: "Labels and annotations added to the resource." });

export const resourceTemplate = (description: string) => object({ metadata: metadataTemplate }, { description });

const podProperties = {
  metadata: metadataTemplate,
  imagePullSecrets: kubernetesList<LocalObjectReference>("LocalObjectReference to a pull secret"),
  securityContext: kubernetes<PodSecurityContext>("PodSecurityContext"),
  terminationGracePeriodSeconds: integer({ minimum: 0, description: "Seconds a stopping pod gets before it is killed." }),
  affinity: kubernetes<Affinity>("Affinity"),
  tolerations: kubernetesList<Toleration>("Toleration"),
  topologySpreadConstraints: kubernetesList<TopologySpreadConstraint>("TopologySpreadConstraint"),
  priorityClassName: string({ description: "Priority class of the pods." }),
  schedulerName: string({ description: "Scheduler of the pods; the default scheduler when unset." }),
  hostAliases: kubernetesList<HostAlias>("HostAlias"),
  dnsPolicy: enumOf(["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"], { description: "DNS policy of the pods." }),
  dnsConfig: kubernetes<PodDNSConfig>("PodDNSConfig"),
  enableServiceLinks: boolean({ description: "Whether Service environment variables are injected into the pods." }),
  tmpDirSizeLimit: quantity("Size of the memory-backed /tmp volume (Strimzi's default is 5Mi)."),
  volumes: kubernetesList<Volume>("Volume added to the pods"),
  hostUsers: boolean({ description: "Whether the pods use the host's user namespace." }),
};

/** Pods of a Deployment (entity operator, Cruise Control, Kafka Exporter). */
export const podTemplate = object(podProperties, { description: "Pod settings." });

/** Kafka's pods, made one by one from a StrimziPodSet, may also have per-pod volumes. */
export const kafkaPodTemplate = object({
  ...podProperties,
  templatedVolumes: kubernetesList<Volume>("Volume added to each pod, whose fields may use per-pod placeholders"),
}, { description: "Pod settings." });

export const containerTemplate = (description: string) => object({
  env: kubernetesList<EnvVar>("EnvVar added to the container"),
  securityContext: kubernetes<SecurityContext>("SecurityContext"),
  volumeMounts: kubernetesList<VolumeMount>("VolumeMount added to the container"),
}, { description });

/** IP family settings of a Service, in Service templates and listener configurations. */
export const ipFamilyProperties = {
  ipFamilyPolicy: enumOf(["SingleStack", "PreferDualStack", "RequireDualStack"], { description: "IP family policy of the Service." }),
  ipFamilies: array(enumOf(["IPv4", "IPv6"]), { description: "IP families of the Service." }),
};

export const serviceTemplate = (description: string) => object({ metadata: metadataTemplate, ...ipFamilyProperties }, { description });

export const podDisruptionBudgetTemplate = object({
  metadata: metadataTemplate,
  maxUnavailable: integer({ minimum: 0, default: 1, description: "Pods that may be evicted at once; 0 blocks voluntary evictions." }),
}, { description: "The PodDisruptionBudget." });

export const deploymentTemplate = object({
  metadata: metadataTemplate,
  deploymentStrategy: enumOf(["RollingUpdate", "Recreate"], { default: "RollingUpdate", description: "How pods are replaced on a change." }),
}, { description: "The Deployment." });

export const probe = (description: string) => object({
  initialDelaySeconds: integer({ minimum: 0, default: 15, description: "Seconds before the first check." }),
  timeoutSeconds: integer({ minimum: 1, default: 5, description: "Seconds a check may take." }),
  periodSeconds: integer({ minimum: 1, default: 10, description: "Seconds between checks." }),
  successThreshold: integer({ minimum: 1, default: 1, description: "Successes in a row that make a failed probe pass." }),
  failureThreshold: integer({ minimum: 1, default: 3, description: "Failures in a row that make a passing probe fail." }),
}, { description });

const heapSize = (description: string) => string({ description, pattern: "^[0-9]+[mMgG]?$" });

export const jvmOptions = object({
  "-XX": stringMap("Advanced -XX options, without the -XX: prefix."),
  "-Xmx": heapSize("Maximum heap size."),
  "-Xms": heapSize("Initial heap size."),
  gcLoggingEnabled: boolean({ default: false, description: "Whether garbage collection is logged." }),
  javaSystemProperties: array(object({ name: string(), value: string() }), { description: "System properties passed with -D." }),
}, { description: "JVM options." });

export const configMapKeyRef = object({
  key: string(),
  name: string(),
  optional: boolean(),
}, { description: "A key of a ConfigMap." });

export const secretKeyRef = object({
  key: string(),
  name: string(),
  optional: boolean(),
}, { description: "A key of a Secret." });

export const logging = object({
  type: enumOf(["inline", "external"], { description: "Loggers given here (inline) or in a ConfigMap (external)." }),
  loggers: stringMap("Logger names and their levels, for inline logging."),
  valueFrom: object({ configMapKeyRef }, { description: "Where external logging configuration is read from." }),
}, { required: ["type"], rules: [requiredWhen("type", ["external"], ["valueFrom"])], description: "Loggers and their levels." });

export const metricsConfig = object({
  type: enumOf(["jmxPrometheusExporter", "strimziMetricsReporter"], { description: "How metrics are exposed." }),
  valueFrom: object({ configMapKeyRef }, { description: "The Prometheus JMX Exporter configuration." }),
  values: object({
    allowList: array(string(), { description: "Regular expressions of the metrics to expose." }),
  }, { description: "Settings of the Strimzi Metrics Reporter." }),
}, { required: ["type"], rules: [requiredWhen("type", ["jmxPrometheusExporter"], ["valueFrom"])], description: "Which metrics are exposed, and how." });
