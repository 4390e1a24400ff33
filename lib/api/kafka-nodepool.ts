// The Strimzi `kafka.strimzi.io/v1` KafkaNodePool custom resource; its spec's
// types are derived from lib/api/schemas/kafka-nodepool.ts.
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import type { kafkaNodePoolSchema } from "./schemas/kafka-nodepool.js";
import type { WithStatus } from "./schemas/resource.js";
import type { jbodVolume, storage } from "./schemas/storage.js";

export type KafkaNodePool = WithStatus<Static<typeof kafkaNodePoolSchema>, KafkaNodePoolStatus>;
export type KafkaNodePoolSpec = KafkaNodePool["spec"];
export type KafkaNodePoolTemplate = NonNullable<KafkaNodePoolSpec["template"]>;
export type ProcessRole = KafkaNodePoolSpec["roles"][number];

export type Storage = Static<typeof storage>;
export type SingleVolumeStorage = Static<typeof jbodVolume>;
export type EphemeralStorage = Extract<SingleVolumeStorage, { type: "ephemeral" }>;
export type PersistentClaimStorage = Extract<SingleVolumeStorage, { type: "persistent-claim" }>;
export type JbodStorage = Extract<Storage, { type: "jbod" }>;

/** Written by the hooks; free-form in the CRD (see WithStatus). */
export interface KafkaNodePoolStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  nodeIds?: number[];
  clusterId?: string;
  roles?: ProcessRole[];
  replicas?: number;
  labelSelector?: string;
}
