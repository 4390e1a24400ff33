// A KafkaUser's ACL rules as Kafka's ACL bindings (Strimzi's SimpleAclRule), and
// the creations and deletions that take a principal's bindings from what Kafka
// holds to what the user asks for.
import type { KafkaUser } from "../api/kafka-user.js";
import type { ACL_OPERATIONS } from "../api/schemas/kafka-user.js";

export type AclResourceType = "topic" | "group" | "cluster" | "transactionalId";
export type AclOperation = (typeof ACL_OPERATIONS)[number];

/** One ACL binding, in the KafkaUser's words; the Kafka client maps them onto the protocol's codes. */
export interface AclBinding {
  readonly principal: string;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: "literal" | "prefix";
  readonly host: string;
  readonly operation: AclOperation;
  readonly permission: "allow" | "deny";
}

/** Kafka's one cluster resource is named so. */
export const CLUSTER_RESOURCE_NAME = "kafka-cluster";

/** `User:<name>`: the principal Kafka's authorizer matches, for a Kafka user name (lib/users/principal.ts). */
export const userPrincipal = (kafkaUserName: string): string => `User:${kafkaUserName}`;

/** One binding per rule and operation, each once. */
export function desiredAcls(user: Pick<KafkaUser, "spec">, kafkaUserName: string): AclBinding[] {
  const principal = userPrincipal(kafkaUserName);
  const bindings = (user.spec.authorization?.acls ?? []).flatMap((rule) => rule.operations.map((operation): AclBinding => ({
    principal,
    resourceType: rule.resource.type,
    resourceName: rule.resource.type === "cluster" ? CLUSTER_RESOURCE_NAME : rule.resource.name ?? "",
    patternType: rule.resource.type === "cluster" ? "literal" : rule.resource.patternType ?? "literal",
    host: rule.host ?? "*",
    operation,
    permission: rule.type ?? "allow",
  })));
  return unique(bindings);
}

export const aclKey = (b: AclBinding): string =>
  [b.principal, b.resourceType, b.resourceName, b.patternType, b.host, b.operation, b.permission].join("\u0000");

function unique(bindings: readonly AclBinding[]): AclBinding[] {
  return [...new Map(bindings.map((b) => [aclKey(b), b])).values()];
}

export interface AclChanges {
  readonly create: AclBinding[];
  readonly delete: AclBinding[];
}

/** What to create and delete so that a principal holds exactly `desired`; bindings held already stay untouched. */
export function aclChanges(desired: readonly AclBinding[], current: readonly AclBinding[]): AclChanges {
  const held = new Set(current.map(aclKey));
  const wanted = new Set(desired.map(aclKey));
  return { create: desired.filter((b) => !held.has(aclKey(b))), delete: unique(current).filter((b) => !wanted.has(aclKey(b))) };
}
