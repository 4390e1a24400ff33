// Client quotas as Kafka's quota keys for a user entity, and the changes that
// take what Kafka holds to them (Strimzi's QuotaUtils): a KafkaUser's quotas on
// its user, and `spec.kafka.quotas` of type `kafka` on the default user
// (Strimzi's DefaultKafkaQuotasManager).
import type { KafkaUser } from "../api/kafka-user.js";

export const QUOTA_KEY = {
  producerByteRate: "producer_byte_rate",
  consumerByteRate: "consumer_byte_rate",
  requestPercentage: "request_percentage",
  controllerMutationRate: "controller_mutation_rate",
} as const;

export type QuotaKey = (typeof QUOTA_KEY)[keyof typeof QUOTA_KEY];
export type Quotas = Partial<Record<QuotaKey, number>>;

/** The quota fields of a KafkaUser or of `spec.kafka.quotas`, as Strimzi names them. */
export type QuotaFields = Partial<Record<keyof typeof QUOTA_KEY, number>>;

/** The quota keys a resource's fields set. */
export function quotaValues(quotas: QuotaFields): Quotas {
  return Object.fromEntries(Object.entries(QUOTA_KEY).flatMap(([field, key]) => {
    const value = quotas[field as keyof typeof QUOTA_KEY];
    return value === undefined ? [] : [[key, value]];
  }));
}

export const desiredQuotas = (user: Pick<KafkaUser, "spec">): Quotas => quotaValues(user.spec.quotas ?? {});

/** A value to set, or `null` to remove the key; keys already right are left out. */
export type QuotaChanges = Partial<Record<QuotaKey, number | null>>;

export function quotaChanges(desired: Quotas, current: Quotas): QuotaChanges {
  const keys = new Set([...Object.keys(desired), ...Object.keys(current)] as QuotaKey[]);
  return Object.fromEntries([...keys].flatMap((key) => {
    const want = desired[key];
    if (want === current[key]) return [];
    return [[key, want ?? null]];
  }));
}
