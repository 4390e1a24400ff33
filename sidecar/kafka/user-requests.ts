// The User Operator's Kafka requests in the protocol's terms: ACL bindings and
// user quotas as lib/users words them, mapped onto Kafka's codes and back; also
// the default user's quotas (`spec.kafka.quotas` of type `kafka`).
import {
  AclOperations, AclPermissionTypes, ClientQuotaEntityTypes, ClientQuotaMatchTypes, ResourcePatternTypes, ResourceTypes,
  type Acl, type AclFilter, type AclOperationValue, type alterClientQuotasV1, type ClientQuotaKeyValue, type describeAclsV3,
  type describeClientQuotasV0, type ResourcePatternTypeValue, type ResourceTypeValue,
} from "@platformatic/kafka";
import type { AclBinding, AclOperation, AclResourceType } from "../../lib/users/acls.js";
import { QUOTA_KEY, type QuotaChanges, type QuotaKey, type Quotas } from "../../lib/model/client-quotas.js";

/** Kafka's ScramMechanism.SCRAM_SHA_512. */
export const SCRAM_SHA_512 = 2;

export interface ScramCredential {
  readonly user: string;
  readonly iterations: number;
  readonly salt: Buffer;
  readonly saltedPassword: Buffer;
}

const RESOURCE_TYPE: Record<AclResourceType, ResourceTypeValue> = {
  topic: ResourceTypes.TOPIC, group: ResourceTypes.GROUP, cluster: ResourceTypes.CLUSTER, transactionalId: ResourceTypes.TRANSACTIONAL_ID,
};
const OPERATION: Record<AclOperation, AclOperationValue> = {
  All: AclOperations.ALL, Read: AclOperations.READ, Write: AclOperations.WRITE, Create: AclOperations.CREATE, Delete: AclOperations.DELETE,
  Alter: AclOperations.ALTER, Describe: AclOperations.DESCRIBE, ClusterAction: AclOperations.CLUSTER_ACTION, DescribeConfigs: AclOperations.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperations.ALTER_CONFIGS, IdempotentWrite: AclOperations.IDEMPOTENT_WRITE,
};
const PATTERN: Record<AclBinding["patternType"], ResourcePatternTypeValue> = { literal: ResourcePatternTypes.LITERAL, prefix: ResourcePatternTypes.PREFIXED };

const reverse = <K extends string, V>(map: Record<K, V>): Map<V, K> => new Map(Object.entries(map).map(([k, v]) => [v as V, k as K]));
const RESOURCE_TYPE_NAME = reverse(RESOURCE_TYPE);
const OPERATION_NAME = reverse(OPERATION);
const PATTERN_NAME = reverse(PATTERN);

export function aclOf(binding: AclBinding): Acl {
  return {
    resourceType: RESOURCE_TYPE[binding.resourceType],
    resourceName: binding.resourceName,
    resourcePatternType: PATTERN[binding.patternType],
    principal: binding.principal,
    host: binding.host,
    operation: OPERATION[binding.operation],
    permissionType: binding.permission === "allow" ? AclPermissionTypes.ALLOW : AclPermissionTypes.DENY,
  };
}

/** Every binding of one principal (or all, for null), on any resource. */
export function aclFilter(principal: string | null): AclFilter {
  return {
    resourceType: ResourceTypes.ANY, resourceName: null, resourcePatternType: ResourcePatternTypes.ANY,
    principal, host: null, operation: AclOperations.ANY, permissionType: AclPermissionTypes.ANY,
  };
}

/**
 * The bindings Kafka answered, in lib/users' words. A binding a KafkaUser cannot
 * express (a user resource, a token operation) is left out: nothing here ever
 * deletes what it cannot name.
 */
export function bindingsOf(resources: readonly describeAclsV3.DescribeAclsResponseResource[]): AclBinding[] {
  return resources.flatMap((resource) => {
    const resourceType = RESOURCE_TYPE_NAME.get(resource.resourceType);
    const patternType = PATTERN_NAME.get(resource.resourcePatternType);
    if (resourceType === undefined || patternType === undefined) return [];
    return resource.acls.flatMap((acl) => {
      const operation = OPERATION_NAME.get(acl.operation);
      const permission = acl.permissionType === AclPermissionTypes.ALLOW ? "allow" : acl.permissionType === AclPermissionTypes.DENY ? "deny" : undefined;
      if (operation === undefined || permission === undefined) return [];
      return [{ principal: acl.principal, resourceType, resourceName: resource.resourceName, patternType, host: acl.host, operation, permission }];
    });
  });
}

/** Every entity that names a user (alone: user and client-id pairs are not the User Operator's). */
export const USER_QUOTAS_FILTER: describeClientQuotasV0.DescribeClientQuotasRequestComponent[] = [
  { entityType: ClientQuotaEntityTypes.USER, matchType: ClientQuotaMatchTypes.ANY },
];

/** The default user's entity alone (Kafka's `<default>` user; Strimzi's ClientQuotaFilterComponent.ofDefaultEntity). */
export const DEFAULT_USER_QUOTAS_FILTER: describeClientQuotasV0.DescribeClientQuotasRequestComponent[] = [
  { entityType: ClientQuotaEntityTypes.USER, matchType: ClientQuotaMatchTypes.DEFAULT },
];

const QUOTA_KEYS = new Set<string>(Object.values(QUOTA_KEY));

/** Each entity that is a user alone, by its name (null for the default user), with its quotas. */
function userEntities(entries: readonly describeClientQuotasV0.DescribeClientQuotasResponseEntry[]): Array<[string | null, Quotas]> {
  return entries.flatMap((entry) => {
    const [entity] = entry.entity;
    if (entry.entity.length !== 1 || entity?.entityType !== ClientQuotaEntityTypes.USER) return [];
    return [[entity.entityName ?? null, Object.fromEntries(entry.values.filter((v) => QUOTA_KEYS.has(v.key)).map((v) => [v.key, v.value])) as Quotas]];
  });
}

export function quotasOf(entries: readonly describeClientQuotasV0.DescribeClientQuotasResponseEntry[]): Map<string, Quotas> {
  return new Map(userEntities(entries).flatMap(([user, quotas]) => (user === null ? [] : [[user, quotas]])));
}

/** The default user's quotas; none when Kafka holds no such entity. */
export function defaultUserQuotasOf(entries: readonly describeClientQuotasV0.DescribeClientQuotasResponseEntry[]): Quotas {
  return userEntities(entries).find(([user]) => user === null)?.[1] ?? {};
}

/** The alterations of one user entity (null: the default user); none when nothing changes. */
export function quotaEntry(user: string | null, change: QuotaChanges): alterClientQuotasV1.AlterClientQuotasRequestEntry[] {
  const ops = (Object.entries(change) as Array<[QuotaKey, number | null]>).map(([key, value]): alterClientQuotasV1.AlterClientQuotasRequestOp =>
    // The library's key type lists three keys; Kafka also takes controller_mutation_rate (KIP-599), and the codec writes any string.
    (value === null ? { key: key as ClientQuotaKeyValue, remove: true } : { key: key as ClientQuotaKeyValue, value, remove: false }));
  return ops.length === 0 ? [] : [{ entities: [{ entityType: ClientQuotaEntityTypes.USER, entityName: user }], ops }];
}

export function quotaEntries(changes: ReadonlyMap<string, QuotaChanges>): alterClientQuotasV1.AlterClientQuotasRequestEntry[] {
  return [...changes].flatMap(([user, change]) => quotaEntry(user, change));
}
