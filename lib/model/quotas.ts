// The rules on `spec.kafka.quotas` (Strimzi 1.2, KafkaCluster's quota checks);
// lib/config/quotas.ts renders what they accept, and the sidecar sets the
// `kafka` type's default user quotas.
import type { Kafka, QuotasPlugin } from "../api/kafka.js";
import type { ConfigProblem } from "./broker-count-limits.js";
import { QUOTA_KEY, quotaValues, type Quotas } from "./client-quotas.js";

export const CLIENT_QUOTA_CALLBACK_CLASS = "client.quota.callback.class";

/** The Strimzi quotas plugin, when it is to be configured: chosen, with an image that can have its jar. */
export function strimziQuotasPlugin(kafka: Kafka): QuotasPlugin | undefined {
  const quotas = kafka.spec.kafka.quotas;
  return quotas?.type === "strimzi" && kafka.spec.kafka.image !== undefined ? quotas : undefined;
}

/**
 * The default user quotas Kafka is to hold (Strimzi's DefaultKafkaQuotasManager):
 * the `kafka` type's values; none for the `strimzi` type or no quotas, so that a
 * change of type or the section's removal clears what the `kafka` type set.
 */
export function defaultUserQuotas(kafka: Kafka): Quotas {
  const quotas = kafka.spec.kafka.quotas;
  return quotas?.type === "kafka" ? quotaValues(quotas) : {};
}

export function quotasProblems(kafka: Kafka): ConfigProblem[] {
  const quotas = kafka.spec.kafka.quotas;
  if (quotas?.type === "kafka") {
    // Strimzi's schema takes 0, but Kafka refuses it (ClientQuotaControlManager) and Strimzi's reconciliation then fails.
    return (Object.keys(QUOTA_KEY) as Array<keyof typeof QUOTA_KEY>).filter((field) => quotas[field] === 0)
      .map((field) => ({ path: `spec.kafka.quotas.${field}`, message: "must be greater than 0: Kafka refuses a quota of 0" }));
  }
  if (quotas?.type !== "strimzi" || quotas.minAvailableBytesPerVolume === undefined || quotas.minAvailableRatioPerVolume === undefined) return [];
  return [{ path: "spec.kafka.quotas", message: "minAvailableBytesPerVolume and minAvailableRatioPerVolume are mutually exclusive" }];
}

/** Why the Strimzi quotas plugin is not configured although chosen, if it is not. */
export function strimziQuotasNotConfigured(kafka: Kafka): ConfigProblem | undefined {
  if (kafka.spec.kafka.quotas?.type !== "strimzi" || strimziQuotasPlugin(kafka)) return undefined;
  return {
    path: "spec.kafka.quotas",
    message: "is ignored: the apache/kafka image has no Strimzi quotas plugin (io.strimzi.kafka.quotas.StaticQuotaCallback); set spec.kafka.image to an image with its jar in /opt/kafka/libs",
  };
}

/** Strimzi's QuotasPluginConflict: why the user's callback class was dropped, if it was. */
export function quotasConflict(kafka: Kafka, userConfig: Readonly<Record<string, string>>): ConfigProblem | undefined {
  const quotas = kafka.spec.kafka.quotas;
  if (!quotas || userConfig[CLIENT_QUOTA_CALLBACK_CLASS] === undefined) return undefined;
  return {
    path: "spec.kafka.config",
    message: `Quotas plugin class cannot be configured in .spec.kafka.config, when .spec.kafka.quotas contains configuration of \`${quotas.type}\` plugin. The plugin from .spec.kafka.quotas will be used`,
  };
}

