// The Strimzi `kafka.strimzi.io/v1` KafkaUser, as the user-operator reads it;
// the spec's types are derived from its schema (lib/api/schemas/kafka-user.ts).
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import type { kafkaUserSchema } from "./schemas/kafka-user.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaUser = WithStatus<Static<typeof kafkaUserSchema>, KafkaUserStatus>;
export type KafkaUserSpec = KafkaUser["spec"];
export type KafkaUserAuthentication = NonNullable<KafkaUserSpec["authentication"]>;
export type KafkaUserAclRule = NonNullable<KafkaUserSpec["authorization"]>["acls"][number];
export type KafkaUserQuotas = NonNullable<KafkaUserSpec["quotas"]>;

/** Written by the user-operator, the one writer of a KafkaUser's status. */
export interface KafkaUserStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  username?: string;
  secret?: string;
  [other: string]: unknown;
}
