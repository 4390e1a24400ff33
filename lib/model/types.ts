// The validated model of one Kafka cluster: built once per sync from the Kafka,
// its KafkaNodePools and the observed children, then read by every builder.
import type { GenericKafkaListener, KafkaAuthorization, Kafka, Logging, Rack, MetricsConfig, KafkaClusterTemplate } from "../api/kafka.js";
import type { JvmOptions } from "../api/common.js";
import type { KafkaNodePoolTemplate, ProcessRole } from "../api/kafka-nodepool.js";
import type { ResourceRequirements } from "../api/kubernetes.js";
import type { ListenerAddresses } from "./listener-addresses.js";

/** One data volume of a node: a single volume, or one volume of a JBOD array (with an id). */
export interface DataVolume {
  /** JBOD volume id; undefined for a pool whose storage is a single volume. */
  id?: number;
  type: "ephemeral" | "persistent-claim";
  size?: string;
  sizeLimit?: string;
  storageClass?: string;
  selector?: Record<string, string>;
  deleteClaim: boolean;
  volumeAttributesClass?: string;
  /** The volume that holds the KRaft metadata log. Exactly one per node. */
  kraftMetadata: boolean;
}

export interface NodePoolModel {
  name: string;
  roles: ProcessRole[];
  replicas: number;
  /**
   * Ids of brokers the pool no longer wants that keep running (and stay in
   * nodeIds) until Kafka confirms they host no partition replicas; with why
   * not yet, when Kafka has refused. With `brokerRole`, the pool drops the
   * broker role and its nodes keep it (in `roles`) until then.
   */
  removal?: { held: number[]; refused?: string; brokerRole?: true };
  /** Node ids of this pool, ascending. */
  nodeIds: number[];
  volumes: DataVolume[];
  resources?: ResourceRequirements;
  jvmOptions?: JvmOptions;
  template?: KafkaNodePoolTemplate;
}

export interface KafkaNode {
  nodeId: number;
  pool: string;
  podName: string;
  roles: ProcessRole[];
  isController: boolean;
  isBroker: boolean;
}

export interface KafkaClusterModel {
  name: string;
  namespace: string;
  /** The Kafka resource the model was built from, after schema defaults. */
  kafka: Kafka;
  clusterId: string;
  kafkaVersion: string;
  metadataVersion: string;
  image: string;
  listeners: GenericKafkaListener[];
  /** `spec.kafka.config` with forbidden keys removed, values as Kafka reads them. */
  userConfig: Record<string, string>;
  authorization?: KafkaAuthorization;
  rack?: Rack;
  logging?: Logging;
  metricsConfig?: MetricsConfig;
  jvmOptions?: JvmOptions;
  template?: KafkaClusterTemplate;
  pools: NodePoolModel[];
  /** Every node of the cluster, by ascending node id. */
  nodes: KafkaNode[];
  /** Where clients reach each listener, resolved by the Kafka sync from what it observed; absent, from the spec alone. */
  listenerAddresses?: ListenerAddresses;
  /** Each scheduled broker's node-rack file (node-rack.ts), by pod name, resolved by the Kafka sync. */
  nodeRackFiles?: ReadonlyMap<string, string>;
  /** The log4j2 properties an `external` logging configuration points at, read by the Kafka sync from the user's ConfigMap. */
  externalLoggingProperties?: string;
}
