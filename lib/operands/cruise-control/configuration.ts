// cruisecontrol.properties as Strimzi writes it (CruiseControlConfiguration,
// CruiseControl.updateConfigurationWithDefaults and checkGoals): Strimzi's
// defaults in key order, then the user's `spec.cruiseControl.config` without the
// keys the operator owns. The start script puts the connection settings (Kafka's
// address, TLS, the capacity file) in front of it (deployment.ts).
import type { CruiseControlSpec, KafkaSpec } from "../../api/kafka.js";
import { formatPath } from "../../api/schemas/fields.js";
import { DEFAULT_METRICS_TOPIC, METRICS_TOPIC_CONFIG_KEY } from "../../model/cruise-control-reporter.js";
import type { ModelProblem } from "../../model/types.js";
import { REASON } from "../../reasons.js";
import type { CapacityConfiguration } from "./capacity.js";
import { AUTH_FILE_KEY } from "./names.js";

/** Where the pod finds the API Secret's files. */
export const API_AUTH_MOUNT = "/opt/cruise-control/api-auth-config/";

const goal = (name: string): string => `com.linkedin.kafka.cruisecontrol.analyzer.goals.${name}`;
const RACK_AWARE = goal("RackAwareGoal");
const RACK_AWARE_DISTRIBUTION = goal("RackAwareDistributionGoal");
const MIN_TOPIC_LEADERS = goal("MinTopicLeadersPerBrokerGoal");
const REPLICA_CAPACITY = goal("ReplicaCapacityGoal");
const DISK_CAPACITY = goal("DiskCapacityGoal");
const NETWORK_INBOUND_CAPACITY = goal("NetworkInboundCapacityGoal");
const NETWORK_OUTBOUND_CAPACITY = goal("NetworkOutboundCapacityGoal");
const CPU_CAPACITY = goal("CpuCapacityGoal");
const REPLICA_DISTRIBUTION = goal("ReplicaDistributionGoal");
const POTENTIAL_NETWORK_OUTAGE = goal("PotentialNwOutGoal");
const DISK_USAGE_DISTRIBUTION = goal("DiskUsageDistributionGoal");
const NETWORK_INBOUND_USAGE_DISTRIBUTION = goal("NetworkInboundUsageDistributionGoal");
const NETWORK_OUTBOUND_USAGE_DISTRIBUTION = goal("NetworkOutboundUsageDistributionGoal");
const CPU_USAGE_DISTRIBUTION = goal("CpuUsageDistributionGoal");
const TOPIC_REPLICA_DISTRIBUTION = goal("TopicReplicaDistributionGoal");
const LEADER_REPLICA_DISTRIBUTION = goal("LeaderReplicaDistributionGoal");
const LEADER_BYTES_IN_DISTRIBUTION = goal("LeaderBytesInDistributionGoal");

/** Every goal Strimzi enables, highest priority first (CRUISE_CONTROL_GOALS_LIST). */
export const GOALS: readonly string[] = [
  RACK_AWARE, RACK_AWARE_DISTRIBUTION, MIN_TOPIC_LEADERS, REPLICA_CAPACITY, DISK_CAPACITY, NETWORK_INBOUND_CAPACITY,
  NETWORK_OUTBOUND_CAPACITY, CPU_CAPACITY, REPLICA_DISTRIBUTION, POTENTIAL_NETWORK_OUTAGE, DISK_USAGE_DISTRIBUTION,
  NETWORK_INBOUND_USAGE_DISTRIBUTION, NETWORK_OUTBOUND_USAGE_DISTRIBUTION, CPU_USAGE_DISTRIBUTION, TOPIC_REPLICA_DISTRIBUTION,
  LEADER_REPLICA_DISTRIBUTION, LEADER_BYTES_IN_DISTRIBUTION,
];

/** The goals a proposal must meet (CRUISE_CONTROL_HARD_GOALS_LIST). */
export const HARD_GOALS: readonly string[] = [RACK_AWARE, REPLICA_CAPACITY, DISK_CAPACITY, NETWORK_INBOUND_CAPACITY, NETWORK_OUTBOUND_CAPACITY, CPU_CAPACITY];

/** Cruise Control's own anomaly detection goals, which must be among the default goals. */
const DEFAULT_ANOMALY_DETECTION_GOALS: readonly string[] = [RACK_AWARE, MIN_TOPIC_LEADERS, REPLICA_CAPACITY, DISK_CAPACITY];

/**
 * Goals that cannot be met without a network capacity the user set (filterResourceGoalsWithoutCapacityConfig):
 * a defaulted capacity would make Cruise Control plan against a figure nobody measured.
 */
function withoutUnmeasuredGoals(goals: readonly string[], capacity: CapacityConfiguration): string[] {
  const dropped = new Set<string>();
  if (!capacity.inboundNetworkConfigured) {
    for (const g of [NETWORK_INBOUND_USAGE_DISTRIBUTION, NETWORK_INBOUND_CAPACITY, LEADER_BYTES_IN_DISTRIBUTION]) dropped.add(g);
  } else if (!capacity.inboundHomogeneous) {
    // LeaderBytesInDistributionGoal assumes every broker takes in as much.
    dropped.add(LEADER_BYTES_IN_DISTRIBUTION);
  }
  if (!capacity.outboundNetworkConfigured) {
    for (const g of [NETWORK_OUTBOUND_USAGE_DISTRIBUTION, NETWORK_OUTBOUND_CAPACITY, POTENTIAL_NETWORK_OUTAGE]) dropped.add(g);
  }
  return goals.filter((g) => !dropped.has(g));
}

/** Strimzi's forbidden prefixes and their exceptions (CruiseControlSpec.FORBIDDEN_PREFIXES, 1.2). */
const FORBIDDEN_PREFIXES: readonly string[] = [
  "bootstrap.servers", "client.id", "zookeeper.", "network.", "security.", "failed.brokers.zk.path", "webserver.http.",
  "webserver.api.urlprefix", "webserver.session.path", "webserver.accesslog.", "two.step.", "request.reason.required",
  "metric.reporter.sampler.bootstrap.servers", "capacity.config.file", "self.healing.", "ssl.", "kafka.broker.failure.detection.enable",
  "topic.config.provider.class",
];
const FORBIDDEN_PREFIX_EXCEPTIONS: ReadonlySet<string> = new Set([
  "ssl.cipher.suites", "ssl.protocol", "ssl.enabled.protocols", "webserver.http.cors.enabled", "webserver.http.cors.origin",
  "webserver.http.cors.exposeheaders", "webserver.security.enable", "webserver.ssl.enable",
]);

const isForbidden = (key: string): boolean =>
  !FORBIDDEN_PREFIX_EXCEPTIONS.has(key) && FORBIDDEN_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix));

const SELF_HEALING_GOALS = "self.healing.goals";
const ANOMALY_DETECTION_GOALS = "anomaly.detection.goals";
const DEFAULT_GOALS = "default.goals";

/** A config value as Java's toString prints it: the user's text, numbers and booleans as written. */
const text = (value: unknown): string => String(value);

const goalList = (value: string): string[] => value.split(/\s*,\s*/);

/**
 * What of `spec.cruiseControl` the operator refuses: self-healing, which Strimzi does not
 * support (its checkGoals throws; its forbidden prefix `self.healing.` drops the key first,
 * silently: here the user is told), and the Strimzi Metrics Reporter, which Strimzi's
 * CEL rule refuses (Cruise Control's metrics are JMX only).
 */
export function cruiseControlRefusals(spec: KafkaSpec): ModelProblem[] {
  const cc = spec.cruiseControl;
  if (!cc) return [];
  const problems: ModelProblem[] = [];
  const selfHealing = cc.config?.[SELF_HEALING_GOALS];
  if (selfHealing !== undefined && text(selfHealing).trim() !== "") {
    problems.push({
      reason: REASON.invalidResource,
      path: formatPath(["spec", "cruiseControl", "config", SELF_HEALING_GOALS]),
      message: "Cruise Control's self-healing is not supported: remove it",
    });
  }
  if (cc.metricsConfig?.type === "strimziMetricsReporter") {
    problems.push({
      reason: REASON.invalidResource,
      path: "spec.cruiseControl.metricsConfig.type",
      message: "the Strimzi Metrics Reporter is not supported for Cruise Control, whose metrics are JMX only: use jmxPrometheusExporter",
    });
  }
  return problems;
}

/** The keys of `spec.cruiseControl.config` the operator owns and drops, in a Warning (Strimzi logs them). */
export function cruiseControlWarnings(spec: KafkaSpec): ModelProblem[] {
  const forbidden = Object.keys(spec.cruiseControl?.config ?? {}).filter((key) => key !== SELF_HEALING_GOALS && isForbidden(key)).sort();
  return forbidden.length === 0 ? [] : [{
    reason: REASON.forbiddenConfigOption,
    path: "spec.cruiseControl.config",
    message: `options managed by the operator were ignored: ${forbidden.join(", ")}`,
  }];
}

export interface ConfigurationInput {
  spec: Pick<CruiseControlSpec, "config">;
  /** The brokers' `default.replication.factor`, which the sample store topics take. */
  kafkaConfig: KafkaSpec["kafka"]["config"];
  capacity: CapacityConfiguration;
}

/** cruisecontrol.properties' entries, in Strimzi's order: sorted defaults (a user value keeps its default's place), then the user's other keys. */
export function cruiseControlProperties({ spec, kafkaConfig, capacity }: ConfigurationInput): Array<[string, string]> {
  const entries: Array<[string, string]> = [
    ["partition.metrics.window.ms", "300000"],
    ["num.partition.metrics.windows", "1"],
    ["broker.metrics.window.ms", "300000"],
    ["num.broker.metrics.windows", "20"],
    ["completed.user.task.retention.time.ms", "86400000"],
    ["goals", GOALS.join(",")],
    ["webserver.security.enable", "true"],
    ["webserver.auth.credentials.file", `${API_AUTH_MOUNT}${AUTH_FILE_KEY}`],
    ["webserver.ssl.enable", "true"],
    ["partition.metric.sample.store.topic", "strimzi.cruisecontrol.partitionmetricsamples"],
    ["broker.metric.sample.store.topic", "strimzi.cruisecontrol.modeltrainingsamples"],
    [METRICS_TOPIC_CONFIG_KEY, DEFAULT_METRICS_TOPIC],
    [DEFAULT_GOALS, withoutUnmeasuredGoals(GOALS, capacity).join(",")],
    ["hard.goals", withoutUnmeasuredGoals(HARD_GOALS, capacity).join(",")],
  ];
  const replicationFactor = kafkaConfig?.["default.replication.factor"];
  if (replicationFactor !== undefined) entries.push(["sample.store.topic.replication.factor", text(replicationFactor)]);
  // A Map keeps a key where it was first set: a user value takes its default's place, as in Strimzi's OrderedProperties.
  const properties = new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const [key, value] of Object.entries(spec.config ?? {})) {
    if (value !== undefined && !isForbidden(key)) properties.set(key, text(value));
  }
  // Cruise Control refuses to start with anomaly detection goals outside the default goals (checkGoals).
  const defaultGoals = properties.get(DEFAULT_GOALS) ?? GOALS.join(",");
  const anomalyGoals = goalList(properties.get(ANOMALY_DETECTION_GOALS) ?? DEFAULT_ANOMALY_DETECTION_GOALS.join(","));
  if (anomalyGoals.some((g) => !goalList(defaultGoals).includes(g))) properties.set(ANOMALY_DETECTION_GOALS, defaultGoals);
  return [...properties.entries()];
}
