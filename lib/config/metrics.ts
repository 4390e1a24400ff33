// What `spec.kafka.metricsConfig` puts into a Kafka node (Strimzi's MetricsModel
// and KafkaBrokerConfigurationBuilder): the JMX exporter's agent with the user's
// rules as JSON, or Strimzi's metrics reporter configured in server.properties;
// either way the jars the init container brings (lib/kafka-files/extra-jars.ts).
import { load } from "js-yaml";
import type { MetricsConfig } from "../api/kafka.js";
import { EXTRA_JAR_FEATURE, featureClasspath, JMX_EXPORTER_AGENT_JAR, type ExtraJarFeature } from "../kafka-files/extra-jars.js";
import { CONFIG_MOUNT, METRICS_CONFIG_KEY, METRICS_PORT } from "../kafka-files/paths.js";
import type { BrokerProperties } from "../kafka-files/properties.js";
import type { CruiseControlReporter } from "../model/cruise-control-reporter.js";

type WithMetrics = { metricsConfig?: MetricsConfig; userConfig: Record<string, string> };
type WithExtras = Pick<WithMetrics, "metricsConfig"> & { cruiseControlReporter?: CruiseControlReporter };

// Reporter classes of io.strimzi:metrics-reporter 0.2.0, the release Maven Central serves
// (Strimzi 0.4.0's server-metrics-reporter renamed them ServerKafkaMetricsReporter and ServerYammerMetricsReporter).
export const STRIMZI_KAFKA_REPORTER = "io.strimzi.kafka.metrics.KafkaPrometheusMetricsReporter";
/** The Strimzi Metrics Reporter of a client a connector makes (StrimziMetricsReporterConfig.CLIENT_CLASS). */
export const STRIMZI_CLIENT_REPORTER = "io.strimzi.kafka.metrics.prometheus.ClientMetricsReporter";
export const STRIMZI_YAMMER_REPORTER = "io.strimzi.kafka.metrics.YammerPrometheusMetricsReporter";
export const JMX_REPORTER = "org.apache.kafka.common.metrics.JmxReporter";

/** Strimzi's default broker allow-list (KafkaCluster.DEFAULT_METRICS_ALLOW_LIST), which its dashboards rely on. */
export const DEFAULT_METRICS_ALLOW_LIST: readonly string[] = [
  "kafka_cluster_partition.*",
  "kafka_controller_kafkacontroller.*",
  "kafka_controller_controllerstats_uncleanleaderelectionspersec",
  "kafka_log_log_size",
  "kafka_network_requestmetrics.*",
  "kafka_network_socketserver_networkprocessoravgidlepercent",
  "kafka_server_app_info.*",
  "kafka_server_brokertopicmetrics.*",
  "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent",
  "kafka_server_kafkaserver_brokerstate",
  "kafka_server_kafkaserver_clusterid",
  "kafka_server_kafkaserver_linux.*",
  "kafka_server_raft.*",
  "kafka_server_replicamanager.*",
  "kafka_server_request_queue_size",
  "kafka_server_socket_server.*",
];

/** The features of the kafka-extras image a node's configuration uses: none without metrics or Cruise Control. */
export function extraJarFeatures(model: WithExtras, isBroker: boolean): ExtraJarFeature[] {
  const metrics = model.metricsConfig?.type === "jmxPrometheusExporter" ? [EXTRA_JAR_FEATURE.jmxPrometheusExporter]
    : model.metricsConfig?.type === "strimziMetricsReporter" ? [EXTRA_JAR_FEATURE.strimziMetricsReporter] : [];
  // Only brokers report to Cruise Control (Strimzi's withCruiseControl).
  return [...metrics, ...(isBroker && model.cruiseControlReporter ? [EXTRA_JAR_FEATURE.cruiseControlMetricsReporter] : [])];
}

/** The JVM option that starts the JMX exporter on the metrics port with the rules of the node's ConfigMap. */
export function jmxExporterAgentOption(model: Pick<WithMetrics, "metricsConfig">): string | undefined {
  if (model.metricsConfig?.type !== "jmxPrometheusExporter") return undefined;
  return `-javaagent:${JMX_EXPORTER_AGENT_JAR}=${METRICS_PORT}:${CONFIG_MOUNT}/${METRICS_CONFIG_KEY}`;
}

/** The classpath of the reporters a node loads (Strimzi's with its Prometheus libraries, Cruise Control's), when it loads any. */
export function reportersClasspath(model: WithExtras, isBroker: boolean): string | undefined {
  const entries = extraJarFeatures(model, isBroker).filter((f) => f !== EXTRA_JAR_FEATURE.jmxPrometheusExporter).map(featureClasspath);
  return entries.length > 0 ? entries.join(":") : undefined;
}

/**
 * `key` of the user's configuration with `reporters` appended, as Strimzi does: the user's reporters stay,
 * ours follow unless the user named them already; undefined when nothing is to be added.
 */
function withReporters(userConfig: Record<string, string>, key: string, reporters: readonly string[]): [string, string] | undefined {
  const user = userConfig[key];
  // Strimzi's test is a substring match on the user's value; so is this one.
  const missing = reporters.filter((r) => user === undefined || !user.includes(r));
  if (missing.length === 0) return undefined;
  return [key, [...(user !== undefined ? [user] : []), ...missing].join(",")];
}

/**
 * server.properties entries for metrics. The JMX exporter reads Kafka's metrics through JMX, so
 * JmxReporter is named in `metric.reporters` (a user's list without it would switch it off).
 * `leadingReporters` come first in that list, as Strimzi's printMetricReporters puts Cruise
 * Control's reporter before the metrics ones.
 */
export function metricsEntries(model: WithMetrics, leadingReporters: readonly string[] = []): BrokerProperties {
  const metrics = model.metricsConfig;
  const reporters = [
    ...leadingReporters,
    ...(metrics?.type === "jmxPrometheusExporter" ? [JMX_REPORTER] : metrics?.type === "strimziMetricsReporter" ? [STRIMZI_KAFKA_REPORTER] : []),
  ];
  const metricReporters = reporters.length > 0 ? withReporters(model.userConfig, "metric.reporters", reporters) : undefined;
  if (metrics?.type !== "strimziMetricsReporter") return metricReporters ? [metricReporters] : [];
  const entries: BrokerProperties = [
    ["prometheus.metrics.reporter.listener.enable", "true"],
    ["prometheus.metrics.reporter.listener", `http://:${METRICS_PORT}`],
    ["prometheus.metrics.reporter.allowlist", (metrics.values?.allowList ?? DEFAULT_METRICS_ALLOW_LIST).join(",")],
  ];
  for (const entry of [metricReporters, withReporters(model.userConfig, "kafka.metrics.reporters", [STRIMZI_YAMMER_REPORTER])]) if (entry) entries.push(entry);
  return entries;
}

/**
 * YAML aliases share one node however often they are used, and JSON spells each use out: a
 * ConfigMap of a few kilobytes can stand for more than a process can hold. No rules file a
 * ConfigMap can hold (1 MiB) has more values than this.
 */
const MAX_EXPANDED_VALUES = 1_000_000;

/** Whether `value`, aliases spelt out, holds at most MAX_EXPANDED_VALUES values; walked without recursion. */
function expandsWithinBounds(value: unknown): boolean {
  const pending: unknown[] = [value];
  for (let seen = 0; pending.length > 0; seen++) {
    if (seen > MAX_EXPANDED_VALUES) return false;
    const next = pending.pop();
    if (next !== null && typeof next === "object") for (const child of Object.values(next)) pending.push(child);
  }
  return true;
}

/**
 * The JMX exporter's rules (YAML or JSON, from the user's ConfigMap) as the JSON the agent reads,
 * as Strimzi converts them: empty text is `{}`; text that is neither is refused with why.
 */
export function jmxExporterConfigJson(text: string): { json: string } | { problem: string } {
  if (text.trim() === "") return { json: "{}" };
  try {
    const rules = load(text);
    if (!expandsWithinBounds(rules)) return { problem: `its aliases expand to more than ${MAX_EXPANDED_VALUES} values` };
    return { json: JSON.stringify(rules) };
  } catch (error) {
    // A YAML error names the line and column; a RangeError is nesting too deep to convert.
    return { problem: error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error) };
  }
}
