// What a broker writes for Cruise Control (Strimzi's KafkaBrokerConfigurationBuilder.withCruiseControl):
// its metrics reporter dials the replication listener through the brokers Service (the bootstrap
// Service would not reach brokers that are not ready yet while they start) with the node's own
// certificate, and creates the metrics topic Cruise Control reads. Strimzi reads the key material
// through its Kubernetes Secret provider; here, as for every client inside a node, through the
// mounted files (replication-client.ts).
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import type { BrokerProperties } from "../kafka-files/properties.js";
import { replicationClientEntries } from "./replication-client.js";

/** The reporter's class, in the cruise-control-metrics-reporter jar. */
export const CRUISE_CONTROL_METRICS_REPORTER = "com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter";

const REPORTER_PREFIX = "cruise.control.metrics.reporter.";

/** The reporter's entries on a broker while Cruise Control runs; none on a controller. */
export function cruiseControlReporterEntries(model: Pick<KafkaClusterModel, "name" | "cruiseControlReporter">, node: KafkaNode): BrokerProperties {
  const reporter = model.cruiseControlReporter;
  if (!reporter || !node.isBroker) return [];
  return [
    ["cruise.control.metrics.topic", reporter.topicName],
    [`${REPORTER_PREFIX}ssl.endpoint.identification.algorithm`, "HTTPS"],
    ...replicationClientEntries(REPORTER_PREFIX, model.name, node),
    ["cruise.control.metrics.topic.auto.create", "true"],
    ["cruise.control.metrics.topic.num.partitions", String(reporter.numPartitions)],
    ["cruise.control.metrics.topic.replication.factor", String(reporter.replicationFactor)],
    ["cruise.control.metrics.topic.min.insync.replicas", String(reporter.minInSyncReplicas)],
  ];
}

/** The reporter classes that lead a broker's `metric.reporters`. */
export const cruiseControlReporters = (model: Pick<KafkaClusterModel, "cruiseControlReporter">, node: KafkaNode): string[] =>
  (model.cruiseControlReporter && node.isBroker ? [CRUISE_CONTROL_METRICS_REPORTER] : []);
