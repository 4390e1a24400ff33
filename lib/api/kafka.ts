// The Strimzi `kafka.strimzi.io/v1` Kafka custom resource, as the hooks read it.
// Field names follow Strimzi's CRD; lib/api/schemas/kafka.ts is the schema that validates it.
import type { Condition, KubeObject, LabelSelector, NetworkPolicyPeer, ObjectMeta } from "./kubernetes.js";
import type { JvmOptions, PodTemplate, ContainerTemplate, ResourceTemplate, Probe } from "./common.js";

export const KAFKA_API_VERSION = "kafka.strimzi.io/v1";

export type ListenerType = "internal" | "route" | "tlsroute" | "loadbalancer" | "nodeport" | "ingress" | "cluster-ip";
export type ListenerAuthenticationType = "tls" | "scram-sha-512" | "custom";

export interface ListenerAuthentication {
  type: ListenerAuthenticationType;
  sasl?: boolean;
  listenerConfig?: Record<string, unknown>;
}

export interface CertAndKeySecretSource {
  secretName: string;
  certificate: string;
  key: string;
}

interface ListenerAddressSettings {
  host?: string;
  nodePort?: number;
  loadBalancerIP?: string;
  externalIPs?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface GenericKafkaListenerConfigurationBootstrap extends ListenerAddressSettings {
  alternativeNames?: string[];
}

export interface GenericKafkaListenerConfigurationBroker extends ListenerAddressSettings {
  broker: number;
  advertisedHost?: string;
  advertisedPort?: number;
}

export interface GatewayParentReference {
  kind?: string;
  group?: string;
  name?: string;
  namespace?: string;
  port?: number;
  sectionName?: string;
}

export interface GenericKafkaListenerConfiguration {
  brokerCertChainAndKey?: CertAndKeySecretSource;
  class?: string;
  externalTrafficPolicy?: "Local" | "Cluster";
  loadBalancerSourceRanges?: string[];
  bootstrap?: GenericKafkaListenerConfigurationBootstrap;
  brokers?: GenericKafkaListenerConfigurationBroker[];
  ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  ipFamilies?: Array<"IPv4" | "IPv6">;
  createBootstrapService?: boolean;
  finalizers?: string[];
  useServiceDnsDomain?: boolean;
  maxConnections?: number;
  maxConnectionCreationRate?: number;
  preferredNodePortAddressType?: "ExternalIP" | "ExternalDNS" | "InternalIP" | "InternalDNS" | "Hostname";
  publishNotReadyAddresses?: boolean;
  perBrokerAnnotationsTemplate?: Record<string, string>;
  perBrokerLabelsTemplate?: Record<string, string>;
  hostTemplate?: string;
  advertisedHostTemplate?: string;
  advertisedPortTemplate?: string;
  allocateLoadBalancerNodePorts?: boolean;
  parentRefs?: GatewayParentReference[];
}

export interface GenericKafkaListener {
  name: string;
  port: number;
  type: ListenerType;
  tls: boolean;
  authentication?: ListenerAuthentication;
  configuration?: GenericKafkaListenerConfiguration;
  networkPolicyPeers?: NetworkPolicyPeer[];
}

export interface KafkaAuthorization {
  type: "simple" | "custom";
  superUsers?: string[];
  authorizerClass?: string;
  supportsAdminApi?: boolean;
}

export interface Rack {
  topologyKey?: string;
  type?: "topology-label" | "environment-variable";
  envVarName?: string;
}

export interface ConfigMapKeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface Logging {
  type: "inline" | "external";
  loggers?: Record<string, string>;
  valueFrom?: { configMapKeyRef?: ConfigMapKeyRef };
}

export interface MetricsConfig {
  type: "jmxPrometheusExporter" | "strimziMetricsReporter";
  valueFrom?: { configMapKeyRef?: ConfigMapKeyRef };
  values?: { allowList?: string[] };
}

export interface InternalServiceTemplate extends ResourceTemplate {
  ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  ipFamilies?: Array<"IPv4" | "IPv6">;
}

export interface KafkaClusterTemplate {
  pod?: PodTemplate;
  bootstrapService?: InternalServiceTemplate;
  brokersService?: InternalServiceTemplate;
  externalBootstrapService?: ResourceTemplate;
  perPodService?: ResourceTemplate;
  externalBootstrapRoute?: ResourceTemplate;
  perPodRoute?: ResourceTemplate;
  externalBootstrapIngress?: ResourceTemplate;
  perPodIngress?: ResourceTemplate;
  podDisruptionBudget?: ResourceTemplate & { maxUnavailable?: number };
  kafkaContainer?: ContainerTemplate;
  initContainer?: ContainerTemplate;
  serviceAccount?: ResourceTemplate;
  podSet?: ResourceTemplate;
  persistentVolumeClaim?: ResourceTemplate;
  clusterCaCert?: ResourceTemplate;
  jmxSecret?: ResourceTemplate;
  clusterRoleBinding?: ResourceTemplate;
}

export interface KafkaJmxOptions {
  authentication?: { type: "password" };
}

export interface TieredStorage {
  type: "custom";
  remoteStorageManager?: { className?: string; classPath?: string; config?: Record<string, string> };
}

export interface QuotasPlugin {
  type: "kafka" | "strimzi";
  consumerByteRate?: number;
  producerByteRate?: number;
  requestPercentage?: number;
  controllerMutationRate?: number;
  excludedPrincipals?: string[];
  minAvailableBytesPerVolume?: number;
  minAvailableRatioPerVolume?: number;
}

/** `spec.kafka`: settings shared by every node of the cluster. */
export interface KafkaClusterSpec {
  version?: string;
  metadataVersion?: string;
  image?: string;
  listeners: GenericKafkaListener[];
  config?: Record<string, string | number | boolean>;
  authorization?: KafkaAuthorization;
  rack?: Rack;
  brokerRackInitImage?: string;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  jvmOptions?: JvmOptions;
  jmxOptions?: KafkaJmxOptions;
  metricsConfig?: MetricsConfig;
  logging?: Logging;
  template?: KafkaClusterTemplate;
  tieredStorage?: TieredStorage;
  quotas?: QuotasPlugin;
}

export interface CertificateAuthority {
  generateCertificateAuthority?: boolean;
  generateSecretOwnerReference?: boolean;
  validityDays?: number;
  renewalDays?: number;
  certificateExpirationPolicy?: "renew-certificate" | "replace-key";
}

/** Entity operator, Cruise Control and Kafka Exporter are validated but not run by the hooks, so they stay untyped here. */
export interface KafkaSpec {
  kafka: KafkaClusterSpec;
  entityOperator?: Record<string, unknown>;
  clusterCa?: CertificateAuthority;
  clientsCa?: CertificateAuthority;
  cruiseControl?: Record<string, unknown>;
  kafkaExporter?: Record<string, unknown>;
  maintenanceTimeWindows?: string[];
}

export interface ListenerAddress {
  host: string;
  port: number;
}

export interface ListenerStatus {
  name: string;
  addresses?: ListenerAddress[];
  bootstrapServers?: string;
  certificates?: string[];
}

export interface KafkaStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  listeners?: ListenerStatus[];
  kafkaNodePools?: Array<{ name: string }>;
  clusterId?: string;
  operatorLastSuccessfulVersion?: string;
  kafkaVersion?: string;
  kafkaMetadataVersion?: string;
  [other: string]: unknown;
}

export interface Kafka extends KubeObject {
  apiVersion: typeof KAFKA_API_VERSION;
  kind: "Kafka";
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: KafkaSpec;
  status?: KafkaStatus;
}

export type { LabelSelector };
