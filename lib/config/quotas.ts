// `spec.kafka.quotas`, as far as it is broker configuration (Strimzi 1.2,
// KafkaBrokerConfigurationBuilder.withQuotas and KafkaCluster's quota checks).
//
// - `strimzi`: the Strimzi quotas plugin (StaticQuotaCallback), configured in
//   server.properties on every node, its admin client on the replication listener.
//   Its jar is not in the apache/kafka image: the plugin is configured only when
//   `spec.kafka.image` names an image of the user's (an IgnoredField Warning says so otherwise).
// - `kafka`: Kafka's built-in quotas need no broker configuration; Strimzi sets
//   their values as default user quotas through the Admin API, which the sidecar
//   does not call yet (ignored-fields.ts warns about each value set).
//
// Either way a `client.quota.callback.class` of the user's gives way to the plugin chosen here.
import type { Kafka, QuotasPlugin } from "../api/kafka.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { componentName } from "../names.js";
import type { BrokerProperties } from "./broker-properties.js";
import type { ConfigProblem } from "./broker-count-limits.js";
import { replicationClientEntries } from "./replication-client.js";

export const CLIENT_QUOTA_CALLBACK_CLASS = "client.quota.callback.class";
const STATIC_QUOTA_CALLBACK = "io.strimzi.kafka.quotas.StaticQuotaCallback";
const STATIC = "client.quota.callback.static.";

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

/** A Java double as Double.toString writes it (`1.0`, `0.25`, `1.0E-4`), as Strimzi prints the ratio. */
export function javaDouble(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return `${value}.0`;
  if (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e7) return String(value);
  const [mantissa = "", exponent = ""] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.replace("+", "")}`;
}

export function quotasEntries(model: KafkaClusterModel, node: KafkaNode): BrokerProperties {
  const quotas = strimziQuotasPlugin(model.kafka);
  if (!quotas) return [];
  const ifSet = (key: string, value: string | undefined): BrokerProperties => (value === undefined ? [] : [[`${STATIC}${key}`, value]]);
  const text = (value: number | undefined): string | undefined => (value === undefined ? undefined : String(value));
  // The nodes' and Cruise Control's own traffic is never throttled.
  const excluded = [
    `User:CN=${componentName(model.name)},O=io.strimzi`,
    `User:CN=${model.name}-cruise-control,O=io.strimzi`,
    ...(quotas.excludedPrincipals ?? []),
  ];
  return [
    [CLIENT_QUOTA_CALLBACK_CLASS, STATIC_QUOTA_CALLBACK],
    ...replicationClientEntries(`${STATIC}kafka.admin.`, model.name, node),
    ...ifSet("produce", text(quotas.producerByteRate)),
    ...ifSet("fetch", text(quotas.consumerByteRate)),
    ...ifSet("storage.per.volume.limit.min.available.bytes", text(quotas.minAvailableBytesPerVolume)),
    ...ifSet("storage.per.volume.limit.min.available.ratio", quotas.minAvailableRatioPerVolume === undefined ? undefined : javaDouble(quotas.minAvailableRatioPerVolume)),
    [`${STATIC}excluded.principal.name.list`, excluded.join(";")],
  ];
}
