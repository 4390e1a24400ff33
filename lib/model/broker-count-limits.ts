// Options of `spec.kafka.config` that cannot exceed the number of brokers: a
// cluster with fewer brokers could never create its internal topics (consumer
// offsets, transactions) or any topic with the default factor. Strimzi refuses
// such a Kafka before touching anything (KafkaCluster.validateIntConfigProperty,
// called from KafkaCluster.fromCrd); so does this. `min.insync.replicas` is not
// checked, as in Strimzi.
import { formatPath } from "../api/schemas/fields.js";

const LIMITED_BY_BROKERS: readonly string[] = [
  "default.replication.factor",
  "offsets.topic.replication.factor",
  "transaction.state.log.replication.factor",
  "transaction.state.log.min.isr",
];

// Java's Integer.parseInt of the value's text: an optional sign and digits, within an int.
const INTEGER = /^[+-]?\d+$/;
const MAX_INT = 2 ** 31 - 1;
const MIN_INT = -(2 ** 31);

export interface ConfigProblem {
  path: string;
  message: string;
}

export function brokerCountProblems(config: Record<string, string | number | boolean> | undefined, brokers: number): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of LIMITED_BY_BROKERS) {
    const value = config?.[key];
    if (value === undefined) continue;
    const path = formatPath(["spec", "kafka", "config", key]);
    const text = String(value);
    const parsed = INTEGER.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed > MAX_INT || parsed < MIN_INT) {
      problems.push({ path, message: `${text} is not an integer` });
    } else if (parsed > brokers) {
      problems.push({ path, message: `is ${parsed}, but this cluster has only ${brokers} broker${brokers === 1 ? "" : "s"}: set it to ${brokers}${brokers > 1 ? " or less" : ""}` });
    }
  }
  return problems;
}
