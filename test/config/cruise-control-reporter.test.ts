// The Cruise Control metrics reporter on the brokers (Strimzi's withCruiseControl and
// printMetricReporters): its section, the merged metric.reporters, its jar, and
// Strimzi's refusals of a cluster that cannot hold its topic.
import t from "tap";
import { brokerProperties } from "../../lib/config/broker-properties.js";
import { extraJarFeatures } from "../../lib/config/metrics.js";
import { startScript } from "../../lib/config/start-script.js";
import { exampleModel, exampleModelResult, nodeOf } from "./model.js";

const withCruiseControl = (config: Record<string, string | number> = {}, cruiseControlConfig: Record<string, string> = {}) =>
  exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.cruiseControl = { config: cruiseControlConfig };
    kafka.spec.kafka.config = { ...kafka.spec.kafka.config, ...config };
  });

const section = (properties: Array<[string, string]>) => properties.filter(([key]) => key.startsWith("cruise.control.") || key === "metric.reporters");

t.test("every broker reports over the replication listener with its own certificate", async (t) => {
  const model = withCruiseControl();
  t.same(section(brokerProperties(model, nodeOf(model, "my-cluster-broker-0"))), [
    ["cruise.control.metrics.topic", "strimzi.cruisecontrol.metrics"],
    ["cruise.control.metrics.reporter.ssl.endpoint.identification.algorithm", "HTTPS"],
    ["cruise.control.metrics.reporter.bootstrap.servers", "my-cluster-kafka-brokers:9091"],
    ["cruise.control.metrics.reporter.security.protocol", "SSL"],
    ["cruise.control.metrics.reporter.ssl.truststore.certificates", "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
    ["cruise.control.metrics.reporter.ssl.truststore.type", "PEM"],
    ["cruise.control.metrics.reporter.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}"],
    ["cruise.control.metrics.reporter.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.key}"],
    ["cruise.control.metrics.reporter.ssl.keystore.type", "PEM"],
    ["cruise.control.metrics.topic.auto.create", "true"],
    // num.partitions is unset (Kafka's 1); the example's default.replication.factor is 3.
    ["cruise.control.metrics.topic.num.partitions", "1"],
    ["cruise.control.metrics.topic.replication.factor", "3"],
    ["cruise.control.metrics.topic.min.insync.replicas", "1"],
    ["metric.reporters", "com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter"],
  ]);
  t.same(extraJarFeatures(model, true), ["cruise-control-metrics-reporter"]);
  t.match(startScript(model, nodeOf(model, "my-cluster-broker-0")), "export CLASSPATH='/opt/kafka-hooks/extra/cruise-control-metrics-reporter/*'\n");
});

t.test("controllers run no reporter", async (t) => {
  const model = withCruiseControl();
  t.same(section(brokerProperties(model, nodeOf(model, "my-cluster-controller-3"))), []);
  t.same(extraJarFeatures(model, false), []);
  t.notMatch(startScript(model, nodeOf(model, "my-cluster-controller-3")), "CLASSPATH");
});

t.test("the user's topic settings move into the section, once; the topic name is Cruise Control's", async (t) => {
  const model = withCruiseControl(
    { "cruise.control.metrics.topic.num.partitions": 4, "cruise.control.metrics.topic.replication.factor": 2, "cruise.control.metrics.topic.min.insync.replicas": 2, "cruise.control.metrics.topic.retention.ms": 60000, "metric.reporters": "com.example.Reporter" },
    { "metric.reporter.topic": "my.metrics" },
  );
  t.same(section(brokerProperties(model, nodeOf(model, "my-cluster-broker-1"))), [
    ["cruise.control.metrics.topic", "my.metrics"],
    ["cruise.control.metrics.reporter.ssl.endpoint.identification.algorithm", "HTTPS"],
    ["cruise.control.metrics.reporter.bootstrap.servers", "my-cluster-kafka-brokers:9091"],
    ["cruise.control.metrics.reporter.security.protocol", "SSL"],
    ["cruise.control.metrics.reporter.ssl.truststore.certificates", "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
    ["cruise.control.metrics.reporter.ssl.truststore.type", "PEM"],
    ["cruise.control.metrics.reporter.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-1.crt}"],
    ["cruise.control.metrics.reporter.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-1.key}"],
    ["cruise.control.metrics.reporter.ssl.keystore.type", "PEM"],
    ["cruise.control.metrics.topic.auto.create", "true"],
    ["cruise.control.metrics.topic.num.partitions", "4"],
    ["cruise.control.metrics.topic.replication.factor", "2"],
    ["cruise.control.metrics.topic.min.insync.replicas", "2"],
    ["metric.reporters", "com.example.Reporter,com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter"],
    // Not one of the three Strimzi takes over: the user's own line.
    ["cruise.control.metrics.topic.retention.ms", "60000"],
  ]);
});

t.test("with JMX metrics the reporter leads metric.reporters, JmxReporter after it", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.cruiseControl = {};
    kafka.spec.kafka.metricsConfig = { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "m", key: "k" } } };
  });
  t.same(brokerProperties(model, nodeOf(model, "my-cluster-broker-0")).filter(([key]) => key === "metric.reporters"),
    [["metric.reporters", "com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter,org.apache.kafka.common.metrics.JmxReporter"]]);
  t.same(extraJarFeatures(model, true), ["jmx-prometheus-exporter", "cruise-control-metrics-reporter"]);
});

t.test("a cluster that cannot hold the metrics topic is refused, naming the field", async (t) => {
  const refused = (edit: Parameters<typeof exampleModelResult>[1]) => {
    const result = exampleModelResult("kafka/kafka-persistent.yaml", edit);
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  };
  t.same(refused((kafka, pools) => {
    kafka.spec.cruiseControl = {};
    kafka.spec.kafka.config = {};
    for (const pool of pools) if (pool.metadata.name === "broker") pool.spec.replicas = 1;
  }), ["spec.cruiseControl: needs at least two brokers to move partitions between; this cluster has 1"]);
  t.same(refused((kafka) => {
    kafka.spec.cruiseControl = {};
    kafka.spec.kafka.config = { "cruise.control.metrics.topic.replication.factor": 4 };
  }), ['spec.kafka.config["cruise.control.metrics.topic.replication.factor"]: the metrics topic\'s replication factor 4 is more than the 3 brokers of this cluster']);
  t.same(refused((kafka) => {
    kafka.spec.cruiseControl = {};
    kafka.spec.kafka.config = { "cruise.control.metrics.topic.min.insync.replicas": 2 };
  }), ['spec.kafka.config["cruise.control.metrics.topic.min.insync.replicas"]: the metrics topic\'s min.insync.replicas 2 is more than its replication factor 1']);
  t.same(refused((kafka) => {
    kafka.spec.cruiseControl = {};
    kafka.spec.kafka.config = { "cruise.control.metrics.topic.num.partitions": "many" };
  }), ['spec.kafka.config["cruise.control.metrics.topic.num.partitions"]: many is not an integer']);
  // Without Cruise Control the same settings are the user's, and nothing is refused.
  t.same(refused((kafka) => { kafka.spec.kafka.config = { "cruise.control.metrics.topic.replication.factor": 4 }; }), []);
});
