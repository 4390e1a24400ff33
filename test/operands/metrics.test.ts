// Metrics on the Kafka nodes' pods: the init container that brings the jars, the
// port Strimzi's PodMonitor scrapes, and the labels it selects by.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import t from "tap";
import type { Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { podTemplateSpec } from "../../lib/operands/brokers/kafka-pod.js";
import { networkPolicy } from "../../lib/operands/brokers/network-policy.js";
import { expandPodSet } from "../../lib/podset/expand.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleModel } from "../config/model.js";
import { fixturesDir } from "../helpers/paths.js";
import { restrictedViolations } from "../helpers/pod-security.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const brokerPod = (example: string) => {
  const model = exampleModel(example);
  const pool = model.pools.find((p) => p.name === "broker");
  if (!pool) throw new Error(`${example} has no broker pool`);
  return podTemplateSpec(model, pool).spec;
};

t.test("jmxPrometheusExporter: an init container copies the agent into an emptyDir the Kafka container reads", async (t) => {
  const spec = brokerPod("metrics/kafka-metrics.yaml");
  t.same(spec.initContainers, [{
    name: "kafka-extras",
    image: "kafka-hooks-kafka-extras:6ef06beb8ad042c9",
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/cp", "-R", "/opt/kafka-extras/jmx-prometheus-exporter", "/opt/kafka-hooks/extra"],
    volumeMounts: [{ name: "kafka-extras", mountPath: "/opt/kafka-hooks/extra" }],
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
    terminationMessagePolicy: "FallbackToLogsOnError",
  }]);
  t.same(spec.volumes?.filter((v) => v.name === "kafka-extras"), [{ name: "kafka-extras", emptyDir: {} }]);
  const kafka = spec.containers[0];
  t.same(kafka?.volumeMounts?.filter((m) => m.name === "kafka-extras"), [{ name: "kafka-extras", mountPath: "/opt/kafka-hooks/extra", readOnly: true }]);
  t.same(kafka?.ports?.at(-1), { name: "tcp-prometheus", containerPort: 9404, protocol: "TCP" });
  t.same(restrictedViolations(spec), [], "the init container keeps the pod within Pod Security restricted");
});

t.test("strimziMetricsReporter: the init container copies the reporter's jars instead", async (t) => {
  const spec = brokerPod("metrics/strimzi-metrics-reporter/kafka-metrics.yaml");
  t.same(spec.initContainers?.map((c) => c.command), [["/bin/cp", "-R", "/opt/kafka-extras/strimzi-metrics-reporter", "/opt/kafka-hooks/extra"]]);
  t.same(spec.containers[0]?.ports?.at(-1), { name: "tcp-prometheus", containerPort: 9404, protocol: "TCP" });
});

t.test("KAFKA_EXTRAS_IMAGE of the hooks names the image the nodes pull instead, e.g. from the installation's own registry", async (t) => {
  const mirrored = "registry.example.com/platform/kafka-extras:6ef06beb8ad042c9";
  const answer = syncKafka(exampleRequest("metrics/kafka-metrics.yaml"), { ...testEnvironment(), kafkaExtrasImage: mirrored });
  const podSets = answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet");
  t.same(podSets.map((p) => p.spec.podTemplate?.spec?.initContainers?.map((c) => c.image)), [[mirrored], [mirrored]]);
});

t.test("template.initContainer applies to the init container, the pool's over the Kafka's, field by field", async (t) => {
  const model = exampleModel("metrics/kafka-metrics.yaml", (kafka, pools) => {
    kafka.spec.kafka.template = { initContainer: { env: [{ name: "FROM_KAFKA", value: "1" }], securityContext: { runAsNonRoot: true } } };
    const broker = pools.find((p) => p.metadata.name === "broker");
    if (broker) broker.spec.template = { initContainer: { securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, runAsUser: 2000 }, volumeMounts: [{ name: "extra", mountPath: "/extra" }] } };
  });
  const init = (pool: string) => {
    const found = model.pools.find((p) => p.name === pool);
    if (!found) throw new Error(`no pool ${pool}`);
    return podTemplateSpec(model, found).spec.initContainers?.[0];
  };
  t.same(init("broker"), {
    name: "kafka-extras",
    image: "kafka-hooks-kafka-extras:6ef06beb8ad042c9",
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/cp", "-R", "/opt/kafka-extras/jmx-prometheus-exporter", "/opt/kafka-hooks/extra"],
    env: [{ name: "FROM_KAFKA", value: "1" }],
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, runAsUser: 2000 },
    volumeMounts: [{ name: "kafka-extras", mountPath: "/opt/kafka-hooks/extra" }, { name: "extra", mountPath: "/extra" }],
    terminationMessagePolicy: "FallbackToLogsOnError",
  });
  t.same(init("controller")?.securityContext, { runAsNonRoot: true }, "the Kafka's, where the pool says nothing");
  t.same(init("controller")?.volumeMounts, [{ name: "kafka-extras", mountPath: "/opt/kafka-hooks/extra" }]);
});

t.test("without metricsConfig: no init container, no emptyDir, no mount, no metrics port", async (t) => {
  const spec = brokerPod("kafka/kafka-persistent.yaml");
  t.equal(spec.initContainers, undefined);
  t.same(spec.volumes?.map((v) => v.name), ["cluster-ca", "clients-ca", "strimzi-tmp"]);
  t.notOk(spec.containers[0]?.volumeMounts?.some((m) => m.name === "kafka-extras"));
  t.notOk(spec.containers[0]?.ports?.some((p) => p.containerPort === 9404));
  t.notOk(networkPolicy(exampleModel("kafka/kafka-persistent.yaml"), []).spec?.ingress?.some((r) => r.ports?.some((p) => p.port === 9404)));
});

t.test("the network policy opens the metrics port to all, as Strimzi's", async (t) => {
  const ingress = networkPolicy(exampleModel("metrics/kafka-metrics.yaml"), []).spec?.ingress ?? [];
  t.same(ingress.filter((r) => r.ports?.some((p) => p.port === 9404)), [{ ports: [{ port: 9404, protocol: "TCP" }] }]);
});

interface PodMonitor {
  spec: {
    selector: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
    podMetricsEndpoints: Array<{ port: string; path: string }>;
  };
}

/** A label selector as Kubernetes evaluates it (the operators PodMonitors use). */
function selects(selector: PodMonitor["spec"]["selector"], labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return byLabel && (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In": return labels[key] !== undefined && values.includes(labels[key]);
      case "NotIn": return labels[key] === undefined || !values.includes(labels[key]);
      case "Exists": return labels[key] !== undefined;
      case "DoesNotExist": return labels[key] === undefined;
      default: throw new Error(`unknown selector operator ${operator}`);
    }
  });
}

t.test("Strimzi's PodMonitor kafka-resources-metrics selects every node pod and finds its metrics port", async (t) => {
  const monitor = yaml.load(readFileSync(join(fixturesDir, "strimzi", "kafka-resources-metrics.yaml"), "utf8")) as PodMonitor;
  t.same(monitor.spec.podMetricsEndpoints.map((e) => [e.port, e.path]), [["tcp-prometheus", "/metrics"]]);
  for (const example of ["metrics/kafka-metrics.yaml", "metrics/strimzi-metrics-reporter/kafka-metrics.yaml"]) {
    const answer = syncKafka(exampleRequest(example), testEnvironment());
    const pods: Pod[] = answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").flatMap(expandPodSet);
    t.same(pods.map((p) => p.metadata?.name), [
      "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2",
      "my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5",
    ], example);
    for (const pod of pods) {
      const name = `${example} ${pod.metadata?.name}`;
      t.ok(selects(monitor.spec.selector, pod.metadata?.labels ?? {}), `${name}: selected`);
      const ports = pod.spec?.containers.flatMap((c) => c.ports ?? []).filter((p) => p.name === "tcp-prometheus");
      t.same(ports, [{ name: "tcp-prometheus", containerPort: 9404, protocol: "TCP" }], `${name}: the endpoint's port`);
      // The relabelling turns strimzi.io/* pod labels into the labels Strimzi's dashboards group by.
      t.match(pod.metadata?.labels, { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-kafka", "strimzi.io/pool-name": /^(broker|controller)$/ }, `${name}: dashboard labels`);
    }
  }
  const plain = syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), testEnvironment());
  const plainPods = plain.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").flatMap(expandPodSet);
  t.ok(plainPods.every((p) => !p.spec?.containers.some((c) => c.ports?.some((port) => port.name === "tcp-prometheus"))), "no metrics, nothing to scrape");
});
