// The Cruise Control metrics reporter every broker runs while `spec.cruiseControl`
// is set (Strimzi's CruiseControlMetricsReporter.fromCrd): the topic it writes to
// and how that topic is created, from `spec.kafka.config` where the user set them.
// Strimzi refuses a Kafka whose cluster cannot hold that topic before touching
// anything; so does this.
import type { KafkaSpec } from "../api/kafka.js";
import { formatPath } from "../api/schemas/fields.js";
import type { ConfigProblem } from "./broker-count-limits.js";

/** Cruise Control's default `metric.reporter.topic`, which the reporter writes and Cruise Control reads. */
export const DEFAULT_METRICS_TOPIC = "strimzi.cruisecontrol.metrics";
/** The key of `spec.cruiseControl.config` that renames it for both. */
export const METRICS_TOPIC_CONFIG_KEY = "metric.reporter.topic";

/** The broker-side keys whose values the reporter section takes over from the user's `spec.kafka.config`. */
export const REPORTER_TOPIC_KEYS = {
  numPartitions: "cruise.control.metrics.topic.num.partitions",
  replicationFactor: "cruise.control.metrics.topic.replication.factor",
  minInSyncReplicas: "cruise.control.metrics.topic.min.insync.replicas",
} as const;

export interface CruiseControlReporter {
  topicName: string;
  numPartitions: number;
  replicationFactor: number;
  minInSyncReplicas: number;
}

// Java's Integer.parseInt: an optional sign and digits, within an int.
const MAX_INT = 2 ** 31 - 1;
function javaInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value <= MAX_INT && value >= -(2 ** 31) ? value : undefined;
}

type UserConfig = Record<string, string | number | boolean> | undefined;

function intOption(config: UserConfig, key: string, fallback: number, problems: ConfigProblem[]): number {
  const value = config?.[key];
  if (value === undefined) return fallback;
  const parsed = javaInt(String(value));
  if (parsed === undefined) problems.push({ path: formatPath(["spec", "kafka", "config", key]), message: `${String(value)} is not an integer` });
  return parsed ?? fallback;
}

/** The reporter of a Kafka with Cruise Control, or why its cluster cannot hold the reporter's topic; nothing without Cruise Control. */
export function cruiseControlReporter(spec: KafkaSpec, brokers: number): { reporter?: CruiseControlReporter; problems: ConfigProblem[] } {
  if (spec.cruiseControl === undefined) return { problems: [] };
  const config = spec.kafka.config;
  const problems: ConfigProblem[] = [];
  const defaultPartitions = intOption(config, "num.partitions", 1, []);
  const defaultReplication = intOption(config, "default.replication.factor", 1, []);
  const reporter: CruiseControlReporter = {
    topicName: String(spec.cruiseControl.config?.[METRICS_TOPIC_CONFIG_KEY] ?? DEFAULT_METRICS_TOPIC),
    numPartitions: intOption(config, REPORTER_TOPIC_KEYS.numPartitions, defaultPartitions, problems),
    replicationFactor: intOption(config, REPORTER_TOPIC_KEYS.replicationFactor, defaultReplication, problems),
    minInSyncReplicas: intOption(config, REPORTER_TOPIC_KEYS.minInSyncReplicas, 1, problems),
  };
  if (brokers < 2) {
    problems.push({ path: "spec.cruiseControl", message: `needs at least two brokers to move partitions between; this cluster has ${brokers}` });
  }
  if (reporter.replicationFactor > brokers) {
    problems.push({
      path: formatPath(["spec", "kafka", "config", REPORTER_TOPIC_KEYS.replicationFactor]),
      message: `the metrics topic's replication factor ${reporter.replicationFactor} is more than the ${brokers} broker${brokers === 1 ? "" : "s"} of this cluster`,
    });
  }
  if (reporter.minInSyncReplicas > reporter.replicationFactor) {
    problems.push({
      path: formatPath(["spec", "kafka", "config", REPORTER_TOPIC_KEYS.minInSyncReplicas]),
      message: `the metrics topic's min.insync.replicas ${reporter.minInSyncReplicas} is more than its replication factor ${reporter.replicationFactor}`,
    });
  }
  return problems.length > 0 ? { problems } : { reporter, problems };
}
