// A connector's configuration as Connect holds it, from its KafkaConnector
// (Strimzi's AbstractConnectOperator.asJson and needsReconfiguring): the spec's
// config as strings, less the options the spec's own fields set, plus
// `connector.class`, `tasks.max`, `connector.plugin.version` and `name`.
import { FORBIDDEN_CONNECTOR_OPTIONS, type KafkaConnectorSpec } from "../api/kafka-connector.js";
import { sameData } from "../same-data.js";

export type ConnectorConfig = Record<string, string>;

/** The configuration PUT or POSTed for the connector `name`; GET /connectors/<name>/config answers the same map. */
export function desiredConnectorConfig(name: string, spec: KafkaConnectorSpec): ConnectorConfig {
  const config: ConnectorConfig = {};
  for (const [key, value] of Object.entries(spec.config ?? {})) {
    if (!(FORBIDDEN_CONNECTOR_OPTIONS as readonly string[]).includes(key)) config[key] = String(value);
  }
  if (spec.tasksMax !== undefined) config["tasks.max"] = String(spec.tasksMax);
  if (spec.version !== undefined) config["connector.plugin.version"] = spec.version;
  config.name = name;
  config["connector.class"] = spec.class ?? "";
  return config;
}

/** Whether Connect's configuration differs from the desired one: any key added, missing or changed. */
export const needsReconfiguring = (desired: ConnectorConfig, actual: ConnectorConfig): boolean => !sameData(desired, actual);
