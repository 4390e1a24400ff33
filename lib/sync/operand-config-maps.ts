// What an operand that is its own parent (a KafkaBridge, a KafkaConnect) reads of the user's
// ConfigMaps: the Prometheus JMX Exporter's rules and an external logging file.
import yaml from "js-yaml";
import type { ConfigMap } from "../api/kubernetes.js";
import type { Logging, MetricsConfig } from "../api/kafka.js";
import { objectsOfType, type ObjectsByType } from "../metacontroller.js";
import type { ModelProblem } from "../model/types.js";
import { externalBridgeLogging } from "../operands/bridge/logging.js";
import { REASON } from "../reasons.js";

const configMapNamed = (related: ObjectsByType, name: string): ConfigMap | undefined =>
  objectsOfType(related, "ConfigMap", "v1").find((c) => c.metadata.name === name) as ConfigMap | undefined;

/** The Prometheus JMX Exporter's rules, YAML or JSON in the user's ConfigMap, as JSON (Strimzi's metrics-config.json). */
export function metricsConfigJson(spec: { metricsConfig?: MetricsConfig }, related: ObjectsByType): { json?: string; problem?: ModelProblem } {
  const metrics = spec.metricsConfig;
  if (metrics?.type !== "jmxPrometheusExporter") return {};
  const ref = metrics.valueFrom?.configMapKeyRef;
  const path = "spec.metricsConfig.valueFrom.configMapKeyRef";
  const problem = (message: string): { problem: ModelProblem } => ({ problem: { reason: REASON.invalidResource, path, message } });
  if (!ref?.name || !ref.key) return problem("must name a ConfigMap and a key");
  const configMap = configMapNamed(related, ref.name);
  if (!configMap) return problem(`ConfigMap ${ref.name} does not exist`);
  const text = configMap.data?.[ref.key];
  if (text === undefined) return problem(`ConfigMap ${ref.name} has no key ${ref.key}`);
  try {
    return { json: JSON.stringify(yaml.load(text) ?? {}) };
  } catch {
    return problem(`ConfigMap ${ref.name} key ${ref.key} is neither YAML nor JSON`);
  }
}

export function externalLogging(spec: { logging?: Logging }, related: ObjectsByType): { properties?: string; warning?: ModelProblem } {
  const ref = externalBridgeLogging(spec);
  if (!ref) return {};
  const properties = ref.key === undefined || ref.name === undefined ? undefined : configMapNamed(related, ref.name)?.data?.[ref.key];
  if (properties !== undefined) return { properties };
  return { warning: { reason: REASON.externalLoggingNotFound, path: "spec.logging.valueFrom.configMapKeyRef", message: `ConfigMap ${ref.name} key ${ref.key} does not exist; the default logging is used until it does` } };
}

