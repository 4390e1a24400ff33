// The Strimzi `kafka.strimzi.io/v1` KafkaNodePool custom resource.
import type { Condition, KubeObject, ObjectMeta, ResourceRequirements } from "./kubernetes.js";
import type { ContainerTemplate, JvmOptions, PodTemplate, ResourceTemplate } from "./common.js";

export type ProcessRole = "controller" | "broker";

export interface EphemeralStorage {
  type: "ephemeral";
  id?: number;
  sizeLimit?: string;
  kraftMetadata?: "shared";
}

export interface PersistentClaimStorage {
  type: "persistent-claim";
  id?: number;
  size?: string;
  class?: string;
  selector?: Record<string, string>;
  deleteClaim?: boolean;
  kraftMetadata?: "shared";
  volumeAttributesClass?: string;
}

export type SingleVolumeStorage = EphemeralStorage | PersistentClaimStorage;

export interface JbodStorage {
  type: "jbod";
  volumes: SingleVolumeStorage[];
}

export type Storage = SingleVolumeStorage | JbodStorage;

export interface KafkaNodePoolTemplate {
  podSet?: ResourceTemplate;
  pod?: PodTemplate;
  perPodService?: ResourceTemplate;
  perPodRoute?: ResourceTemplate;
  perPodIngress?: ResourceTemplate;
  persistentVolumeClaim?: ResourceTemplate;
  kafkaContainer?: ContainerTemplate;
  initContainer?: ContainerTemplate;
}

export interface KafkaNodePoolSpec {
  replicas: number;
  roles: ProcessRole[];
  storage: Storage;
  resources?: ResourceRequirements;
  jvmOptions?: JvmOptions;
  template?: KafkaNodePoolTemplate;
}

export interface KafkaNodePoolStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  nodeIds?: number[];
  clusterId?: string;
  roles?: ProcessRole[];
  replicas?: number;
  labelSelector?: string;
}

export interface KafkaNodePool extends KubeObject {
  apiVersion: "kafka.strimzi.io/v1";
  kind: "KafkaNodePool";
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: KafkaNodePoolSpec;
  status?: KafkaNodePoolStatus;
}
