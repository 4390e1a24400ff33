// Metrics on real Kafka: Strimzi's single-node example with spec.kafka.metricsConfig,
// its pod run by the process kubelet, the init container first (cp from the
// kafka-extras image, which install-extras.sh lays out from Maven Central with the
// checksums of images/kafka-extras/jars.txt), then the broker from our unchanged
// start script. Port 9404 must answer GET /metrics with Kafka's own metrics:
// (1) the JMX exporter's agent with Strimzi's example rules (metrics/kafka-metrics.yaml),
// (2) Strimzi's metrics reporter with its default allow-list.
import t from "tap";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import { DEFAULT_METRICS_ALLOW_LIST } from "../../lib/config/metrics.js";
import { exampleObjects, isReady, readiness, startHooks } from "../helpers/scenario.js";
import { NAMESPACE } from "../helpers/requests.js";
import { smallJvms } from "./resources.js";
import { startRealCluster, type RealCluster } from "./real-world.js";

type MetricsConfig = Record<string, unknown>;

async function singleNodeWithMetrics(t: { teardown: (fn: () => unknown) => void }, metricsConfig: MetricsConfig): Promise<{ cluster: RealCluster; pod: Pod }> {
  const hooks = await startHooks();
  t.teardown(() => hooks.close());
  const cluster = await startRealCluster(hooks, "kafka/kafka-single-node.yaml", (o: KubeObject) => {
    smallJvms(o);
    if (o.kind === "Kafka") (o["spec"] as { kafka: Record<string, unknown> }).kafka["metricsConfig"] = metricsConfig;
  });
  t.teardown(() => cluster.stop());
  // The rules' ConfigMap of Strimzi's metrics example, as a user applies it beside the Kafka.
  for (const configMap of exampleObjects("metrics/kafka-metrics.yaml", NAMESPACE, undefined, ["ConfigMap"])) cluster.world.apply(configMap);
  await cluster.until("the node Ready and the Kafka Ready", () => cluster.pods().length === 1 && cluster.pods().every(isReady) && readiness(cluster.kafka()) === "Ready", 300_000);
  const [pod] = cluster.pods();
  if (!pod) throw new Error("no pod");
  return { cluster, pod };
}

/** `GET /metrics` on the pod's metrics port, once it answers (the JMX exporter's server starts with the JVM, the reporter's with Kafka's metrics). */
async function scrape(cluster: RealCluster, pod: Pod, wanted: string): Promise<string> {
  let body = "";
  await cluster.until(`GET http://${pod.status?.podIP}:9404/metrics with ${wanted}`, async () => {
    try {
      const response = await fetch(`http://${pod.status?.podIP ?? ""}:9404/metrics`);
      body = response.ok ? await response.text() : "";
    } catch {
      body = "";
    }
    return body.split("\n").some((line) => line.startsWith(wanted));
  }, 60_000);
  return body;
}

/** The value of an unlabelled sample. */
const sample = (body: string, name: string): number | undefined => {
  const line = body.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
};

const names = (body: string): string[] => [...new Set(body.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0] ?? ""))];

t.test("the JMX exporter's agent serves Kafka's metrics named by Strimzi's example rules", async (t) => {
  const { cluster, pod } = await singleNodeWithMetrics(t, {
    type: "jmxPrometheusExporter",
    valueFrom: { configMapKeyRef: { name: "kafka-metrics", key: "kafka-metrics-config.yml" } },
  });
  t.same(pod.status?.initContainerStatuses?.map((s) => [s.name, s.state?.terminated?.reason, s.state?.terminated?.exitCode]), [["kafka-extras", "Completed", 0]]);
  // The agent's jar is only in the emptyDir the init container filled: the Kafka image has no /opt/kafka-hooks.
  const body = await scrape(cluster, pod, "kafka_server_replicamanager_leadercount");
  // Named by the rules' generic gauge (kafka_$1_$2_$3, lower-cased): the one node is the active controller.
  t.equal(sample(body, "kafka_controller_kafkacontroller_activecontrollercount"), 1);
  t.equal(sample(body, "kafka_server_replicamanager_underreplicatedpartitions"), 0);
  t.ok(sample(body, "kafka_server_replicamanager_leadercount") !== undefined);
  // The KRaft rules: the node's state in the quorum as a label.
  t.match(body, /kafka_server_raftmetrics_current_state\{current_state="leader",?\} 1\.0/);
  // Per-second counters of Kafka's request metrics, by the rules' PerSec pattern.
  t.ok(names(body).includes("kafka_network_requestmetrics_requests_total"), "request counters");
});

t.test("Strimzi's metrics reporter serves Kafka's metrics within its default allow-list", async (t) => {
  const { cluster, pod } = await singleNodeWithMetrics(t, { type: "strimziMetricsReporter" });
  t.same(pod.status?.initContainerStatuses?.map((s) => [s.name, s.state?.terminated?.reason, s.state?.terminated?.exitCode]), [["kafka-extras", "Completed", 0]]);
  const body = await scrape(cluster, pod, "kafka_server_replicamanager_leadercount");
  t.equal(sample(body, "kafka_controller_kafkacontroller_activecontrollercount"), 1);
  t.equal(sample(body, "kafka_server_replicamanager_underreplicatedpartitions"), 0);
  const kafkaNames = names(body).filter((n) => n.startsWith("kafka_"));
  t.ok(kafkaNames.length > 20, `${kafkaNames.length} Kafka metrics`);
  // The reporter matches a metric's name before the text format's suffix (`_total` of a counter, `_info`).
  const allowed = DEFAULT_METRICS_ALLOW_LIST.map((pattern) => new RegExp(`^(${pattern})(_total|_info)?$`));
  t.same(kafkaNames.filter((n) => !allowed.some((r) => r.test(n))), [], "nothing outside the allow-list");
});
