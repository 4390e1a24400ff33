// `spec.kafka.quotas`, as far as it is broker configuration (Strimzi 1.2,
// KafkaBrokerConfigurationBuilder.withQuotas and KafkaCluster's quota checks).
//
// - `strimzi`: the Strimzi quotas plugin (StaticQuotaCallback), configured in
//   server.properties on every node, its admin client on the replication listener.
//   Its jar is not in the apache/kafka image: the plugin is configured only when
//   `spec.kafka.image` names an image of the user's (an IgnoredField Warning says so otherwise).
// - `kafka`: Kafka's built-in quotas need no broker configuration; their values
//   are default user quotas, which the sidecar sets through the Admin API at run
//   time (lib/config/run-time-options.ts), as Strimzi's DefaultKafkaQuotasManager does.
//
// Either way a `client.quota.callback.class` of the user's gives way to the plugin chosen here.
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { CLIENT_QUOTA_CALLBACK_CLASS } from "../model/quotas.js";
import { componentName } from "../names.js";
import type { BrokerProperties } from "../kafka-files/properties.js";
import { replicationClientEntries } from "./replication-client.js";

const STATIC_QUOTA_CALLBACK = "io.strimzi.kafka.quotas.StaticQuotaCallback";
const STATIC = "client.quota.callback.static.";

/** A Java double as Double.toString writes it (`1.0`, `0.25`, `1.0E-4`), as Strimzi prints the ratio. */
export function javaDouble(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return `${value}.0`;
  if (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e7) return String(value);
  const [mantissa = "", exponent = ""] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.replace("+", "")}`;
}

export function quotasEntries(model: KafkaClusterModel, node: KafkaNode): BrokerProperties {
  const quotas = model.strimziQuotas;
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
