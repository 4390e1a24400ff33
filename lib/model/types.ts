// The validated model of one Kafka cluster, as its resources and observed PodSets
// say: built once per sync from the Kafka and its KafkaNodePools. The builders
// read it once the observed addresses are added (observed-cluster.ts).
import type { GenericKafkaListener, KafkaAuthorization, Logging, Rack, MetricsConfig, KafkaClusterTemplate, QuotasPlugin, TieredStorage } from "../api/kafka.js";
import type { JvmOptions, Probe } from "../api/common.js";
import type { KafkaNodePoolTemplate, ProcessRole } from "../api/kafka-nodepool.js";
import type { ResourceRequirements } from "../api/kubernetes.js";
import type { Reason } from "../reasons.js";
import type { Quotas } from "./client-quotas.js";
import type { CruiseControlReporter } from "./cruise-control-reporter.js";

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

/** Something wrong with the resources or the observations, with the field it is about. */
export interface ModelProblem {
  reason: Reason;
  path: string;
  message: string;
}

/**
 * The cluster as its resources and observed PodSets say: what `buildClusterModel`
 * returns. What only the other observed objects say (listener addresses, racks,
 * the user's logging file) is added by the next stage, `ObservedClusterModel`.
 */
export interface KafkaClusterModel {
  name: string;
  namespace: string;
  clusterId: string;
  /** `spec.kafka.version`: what the nodes are to run. */
  kafkaVersion: string;
  /** The metadata version new storage is formatted with: during a version change, the one the cluster has finalized (lib/model/version-change.ts). */
  metadataVersion: string;
  /** The version the nodes run: during a roll, the one rolled from; the spec's before any node runs. */
  runningKafkaVersion: string;
  /** `metadata.version` as Kafka finalized it when the sidecar last read it. */
  finalizedMetadataVersion?: string;
  image: string;
  /** The image of the init container that brings extra jars (lib/kafka-files/extra-jars.ts). */
  kafkaExtrasImage: string;
  /** The project's own image, which the Entity Operator's containers run unless their spec names another. */
  entityOperatorImage: string;
  listeners: GenericKafkaListener[];
  /** `spec.kafka.config` with forbidden keys removed, values as Kafka reads them. */
  userConfig: Record<string, string>;
  authorization?: KafkaAuthorization;
  rack?: Rack;
  logging?: Logging;
  metricsConfig?: MetricsConfig;
  jvmOptions?: JvmOptions;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  template?: KafkaClusterTemplate;
  /** The Kafka's `kafka-hooks.io/operator-from-any-namespace` annotation: the network policy admits the sidecar from any namespace. */
  operatorFromAnyNamespace: boolean;
  tieredStorage?: TieredStorage;
  /** `spec.kafka.quotas` of type `strimzi`, when the image can carry its plugin. */
  strimziQuotas?: QuotasPlugin;
  /** `spec.kafka.quotas` of type `kafka`: the default user quotas the sidecar sets; none otherwise. */
  defaultUserQuotas: Quotas;
  /** The Cruise Control metrics reporter every broker runs, while `spec.cruiseControl` is set. */
  cruiseControlReporter?: CruiseControlReporter;
  pools: NodePoolModel[];
  /** Every node of the cluster, by ascending node id. */
  nodes: KafkaNode[];
}
