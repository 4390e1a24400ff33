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
  secrets?: Array<{ key: string; secretName: string }>;
}

export interface CertAndKeySecretSource {
  secretName: string;
  certificate: string;
  key: string;
}

export interface GenericKafkaListenerConfiguration {
  brokerCertChainAndKey?: CertAndKeySecretSource;
  class?: string;
  externalTrafficPolicy?: "Local" | "Cluster";
  loadBalancerSourceRanges?: string[];
  bootstrap?: Record<string, unknown>;
  brokers?: Array<Record<string, unknown>>;
  ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  ipFamilies?: Array<"IPv4" | "IPv6">;
  createBootstrapService?: boolean;
  finalizers?: string[];
  useServiceDnsDomain?: boolean;
  maxConnections?: number;
  maxConnectionCreationRate?: number;
  preferredNodePortAddressType?: string;
  publishNotReadyAddresses?: boolean;
  hostTemplate?: string;
  advertisedHostTemplate?: string;
  advertisedPortTemplate?: string;
  allocateLoadBalancerNodePorts?: boolean;
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
  podDisruptionBudget?: ResourceTemplate & { maxUnavailable?: number };
  kafkaContainer?: ContainerTemplate;
  initContainer?: ContainerTemplate;
  serviceAccount?: ResourceTemplate;
  podSet?: ResourceTemplate;
  persistentVolumeClaim?: ResourceTemplate;
  clusterCaCert?: ResourceTemplate;
  [other: string]: unknown;
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
  jmxOptions?: Record<string, unknown>;
  metricsConfig?: MetricsConfig;
  logging?: Logging;
  template?: KafkaClusterTemplate;
  tieredStorage?: Record<string, unknown>;
  quotas?: Record<string, unknown>;
}

export interface CertificateAuthority {
  generateCertificateAuthority?: boolean;
  generateSecretOwnerReference?: boolean;
  validityDays?: number;
  renewalDays?: number;
  certificateExpirationPolicy?: "renew-certificate" | "replace-key";
}

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
