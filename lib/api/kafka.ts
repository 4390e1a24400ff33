// The Strimzi `kafka.strimzi.io/v1` Kafka custom resource, as the hooks read it.
// Every type of the spec is derived from the schema that validates it
// (lib/api/schemas/kafka.ts), under Strimzi's names.
import type { Static } from "typebox";
import type { Condition, LabelSelector } from "./kubernetes.js";
import type { configMapKeyRef, logging, metricsConfig } from "./schemas/common.js";
import type { kafkaSchema } from "./schemas/kafka.js";
import type { WithStatus } from "./schemas/resource.js";
import type { listener } from "./schemas/listeners.js";
import type { cruiseControl, entityOperator, kafkaExporter } from "./schemas/operands.js";

export { KAFKA_API_VERSION } from "./schemas/kafka.js";

export type Kafka = WithStatus<Static<typeof kafkaSchema>, KafkaStatus>;
export type KafkaSpec = Kafka["spec"];
/** `spec.kafka`: settings shared by every node of the cluster. */
export type KafkaClusterSpec = KafkaSpec["kafka"];

export type GenericKafkaListener = Static<typeof listener>;
export type ListenerType = GenericKafkaListener["type"];
export type ListenerAuthentication = NonNullable<GenericKafkaListener["authentication"]>;
export type ListenerAuthenticationType = ListenerAuthentication["type"];
export type GenericKafkaListenerConfiguration = NonNullable<GenericKafkaListener["configuration"]>;
export type CertAndKeySecretSource = NonNullable<GenericKafkaListenerConfiguration["brokerCertChainAndKey"]>;
export type GenericKafkaListenerConfigurationBootstrap = NonNullable<GenericKafkaListenerConfiguration["bootstrap"]>;
export type GenericKafkaListenerConfigurationBroker = NonNullable<GenericKafkaListenerConfiguration["brokers"]>[number];
export type GatewayParentReference = NonNullable<GenericKafkaListenerConfiguration["parentRefs"]>[number];

export type KafkaAuthorization = NonNullable<KafkaClusterSpec["authorization"]>;
export type Rack = NonNullable<KafkaClusterSpec["rack"]>;
export type ConfigMapKeyRef = Static<typeof configMapKeyRef>;
export type Logging = Static<typeof logging>;
export type MetricsConfig = Static<typeof metricsConfig>;
export type KafkaClusterTemplate = NonNullable<KafkaClusterSpec["template"]>;
export type InternalServiceTemplate = NonNullable<KafkaClusterTemplate["bootstrapService"]>;
export type KafkaJmxOptions = NonNullable<KafkaClusterSpec["jmxOptions"]>;
export type TieredStorage = NonNullable<KafkaClusterSpec["tieredStorage"]>;
export type QuotasPlugin = NonNullable<KafkaClusterSpec["quotas"]>;
export type CertificateAuthority = NonNullable<KafkaSpec["clusterCa"]>;

export type EntityOperatorSpec = Static<typeof entityOperator>;
export type CruiseControlSpec = Static<typeof cruiseControl>;
export type KafkaExporterSpec = Static<typeof kafkaExporter>;

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

/** Strimzi's KafkaAutoRebalanceStatus, `status.autoRebalance`. */
export interface KafkaAutoRebalanceStatus {
  state: "Idle" | "RebalanceOnScaleDown" | "RebalanceOnScaleUp";
  lastTransitionTime: string;
  /** The brokers queued by mode. */
  modes?: Array<{ mode: "add-brokers" | "remove-brokers"; brokers: number[] }>;
}

/** Written by the hooks; free-form in the CRD (see WithStatus). */
export interface KafkaStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  listeners?: ListenerStatus[];
  kafkaNodePools?: Array<{ name: string }>;
  clusterId?: string;
  operatorLastSuccessfulVersion?: string;
  kafkaVersion?: string;
  kafkaMetadataVersion?: string;
  /** Copied from the sidecar's record on the PodSets (lib/rebalance/auto-rebalance-record.ts). */
  autoRebalance?: KafkaAutoRebalanceStatus;
  /** kafka-hooks': the revision of the PodSets of the answer this status came with (lib/podset/podsets-revision.ts). */
  podSetsRevision?: string;
  [other: string]: unknown;
}

export type { LabelSelector };
