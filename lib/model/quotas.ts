// The rules on `spec.kafka.quotas` (Strimzi 1.2, KafkaCluster's quota checks);
// lib/config/quotas.ts renders what they accept.
import type { Kafka, QuotasPlugin } from "../api/kafka.js";
import type { ConfigProblem } from "./broker-count-limits.js";

export const CLIENT_QUOTA_CALLBACK_CLASS = "client.quota.callback.class";

/** The Strimzi quotas plugin, when it is to be configured: chosen, with an image that can have its jar. */
export function strimziQuotasPlugin(kafka: Kafka): QuotasPlugin | undefined {
  const quotas = kafka.spec.kafka.quotas;
  return quotas?.type === "strimzi" && kafka.spec.kafka.image !== undefined ? quotas : undefined;
}

export function quotasProblems(kafka: Kafka): ConfigProblem[] {
  const quotas = kafka.spec.kafka.quotas;
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

