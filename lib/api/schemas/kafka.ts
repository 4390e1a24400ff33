// Schema of the `kafka.strimzi.io/v1` Kafka. In v1 the nodes' replicas, storage
// and resources live in KafkaNodePools; `spec.kafka` holds what every node shares.
import {
  array, boolean, configMap, enumOf, integer, number, object, requiredWhen, string,
} from "./combinators.js";
import {
  containerTemplate, jvmOptions, logging, metricsConfig, podDisruptionBudgetTemplate, kafkaPodTemplate, probe,
  resourceTemplate, serviceTemplate, stringMap,
} from "./common.js";
import { listener } from "./listeners.js";
import { cruiseControl, entityOperator, kafkaExporter } from "./operands.js";
import { resource } from "./resource.js";

const authorization = object({
  type: enumOf(["simple", "custom"], { description: "Kafka's ACL authorizer (simple) or a class of your own (custom)." }),
  authorizerClass: string({ description: "Authorizer class of a custom authorization." }),
  superUsers: array(string(), { description: "Principals allowed everything." }),
  supportsAdminApi: boolean({ description: "Whether a custom authorizer supports managing ACLs through the Admin API." }),
}, { required: ["type"], rules: [requiredWhen("type", ["custom"], ["authorizerClass"])], description: "Authorization of clients." });

export const rack = object({
  type: enumOf(["topology-label", "environment-variable"], { description: "Where the rack comes from: a node label (the default) or an environment variable." }),
  topologyKey: string({ description: "Node label whose value is the rack, e.g. topology.kubernetes.io/zone." }),
  envVarName: string({ description: "Environment variable whose value is the rack." }),
}, {
  rules: [requiredWhen("type", ["environment-variable"], ["envVarName"], ["topologyKey"])],
  description: "Rack awareness: spreads replicas across racks.",
});

export const jmxOptions = object({
  authentication: object({
    type: enumOf(["password"], { description: "Clients authenticate with a generated user name and password." }),
  }, { required: ["type"], description: "Authentication of JMX clients; none when unset." }),
}, { description: "Remote JMX access to the brokers." });

const template = object({
  pod: kafkaPodTemplate,
  bootstrapService: serviceTemplate("The bootstrap Service."),
  brokersService: serviceTemplate("The headless Service of the brokers."),
  externalBootstrapService: resourceTemplate("The bootstrap Services of external listeners."),
  perPodService: resourceTemplate("The per-node Services of external listeners."),
  externalBootstrapRoute: resourceTemplate("The bootstrap Routes."),
  perPodRoute: resourceTemplate("The per-node Routes."),
  externalBootstrapIngress: resourceTemplate("The bootstrap Ingresses."),
  perPodIngress: resourceTemplate("The per-node Ingresses."),
  persistentVolumeClaim: resourceTemplate("The PersistentVolumeClaims."),
  podDisruptionBudget: podDisruptionBudgetTemplate,
  kafkaContainer: containerTemplate("The Kafka container."),
  initContainer: containerTemplate("The init container."),
  clusterCaCert: resourceTemplate("The Secret with the cluster CA certificate."),
  serviceAccount: resourceTemplate("The ServiceAccount."),
  jmxSecret: resourceTemplate("The Secret with the JMX credentials."),
  clusterRoleBinding: resourceTemplate("The ClusterRoleBinding of the init container."),
  podSet: resourceTemplate("The StrimziPodSets."),
}, { description: "Templates of the cluster's resources." });

const tieredStorage = object({
  type: enumOf(["custom"], { description: "A remote storage manager of your own." }),
  remoteStorageManager: object({
    className: string({ description: "Class of the remote storage manager." }),
    classPath: string({ description: "Class path of the remote storage manager." }),
    config: stringMap("Properties of the remote storage manager, without their prefix."),
  }, { description: "The remote storage manager." }),
}, { required: ["type"], description: "Tiered storage: older log segments moved to remote storage." });

const quotas = object({
  type: enumOf(["kafka", "strimzi"], { description: "Kafka's built-in quotas or the Strimzi quotas plugin." }),
  consumerByteRate: integer({ minimum: 0, description: "Bytes per second each client may fetch from a broker." }),
  producerByteRate: integer({ minimum: 0, description: "Bytes per second each client may produce to a broker." }),
  requestPercentage: integer({ minimum: 0, description: "Share of the broker's threads each client may use, in percent." }),
  controllerMutationRate: number({ minimum: 0, description: "Partitions each client may create or delete per second." }),
  excludedPrincipals: array(string(), { description: "Principals the quotas do not apply to." }),
  minAvailableBytesPerVolume: integer({ minimum: 0, description: "Producers stop when a volume has fewer free bytes." }),
  minAvailableRatioPerVolume: number({ minimum: 0, maximum: 1, description: "Producers stop when a volume's free share falls below this." }),
}, { required: ["type"], description: "Client quotas." });

export const kafkaClusterSpec = object({
  version: string({ description: "Kafka version; the newest supported when unset." }),
  metadataVersion: string({ description: "KRaft metadata version; the version's own when unset." }),
  image: string({ description: "Container image; chosen from the version when unset." }),
  listeners: array(listener, { minItems: 1, description: "How clients reach the brokers." }),
  config: configMap("Broker properties; values are strings, numbers or booleans."),
  authorization,
  rack,
  brokerRackInitImage: string({ description: "Image of the init container that reads the rack." }),
  livenessProbe: probe("Liveness probe of the Kafka container."),
  readinessProbe: probe("Readiness probe of the Kafka container."),
  jvmOptions,
  jmxOptions,
  metricsConfig,
  logging,
  template,
  tieredStorage,
  quotas,
}, { required: ["listeners"], description: "Settings every Kafka node shares." });

const certificateAuthority = (description: string) => object({
  generateCertificateAuthority: boolean({ default: true, description: "Whether the operator creates the CA; false when you provide it." }),
  generateSecretOwnerReference: boolean({ default: true, description: "Whether the CA Secrets are deleted with the Kafka." }),
  validityDays: integer({ minimum: 1, default: 365, description: "Days certificates are valid for." }),
  renewalDays: integer({ minimum: 1, default: 30, description: "Days before expiry during which certificates are renewed." }),
  certificateExpirationPolicy: enumOf(["renew-certificate", "replace-key"], {
    default: "renew-certificate",
    description: "Whether an expiring CA keeps its key (renew-certificate) or gets a new one (replace-key).",
  }),
}, { description });

export const kafkaSpec = object({
  kafka: kafkaClusterSpec,
  entityOperator,
  clusterCa: certificateAuthority("The CA that signs the cluster's own certificates."),
  clientsCa: certificateAuthority("The CA that signs the clients' certificates."),
  cruiseControl,
  kafkaExporter,
  maintenanceTimeWindows: array(string(), { description: "Cron expressions of the windows in which certificates may be renewed." }),
}, { required: ["kafka"], description: "A Kafka cluster; its nodes come from KafkaNodePools." });

export const KAFKA_API_VERSION = "kafka.strimzi.io/v1";

export const kafkaSchema = resource(KAFKA_API_VERSION, "Kafka", kafkaSpec);
