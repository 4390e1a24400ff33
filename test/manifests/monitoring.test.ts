// manifests/monitoring/: the PodMonitors scrape the ports our pods have, the
// dashboard and the rules read only metrics that exist (ours as the hooks and
// the sidecar register them; Kafka's as Strimzi's JMX exporter rules name
// them), and every alert has promtool tests that see it fire and stay quiet.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import type { Registry } from "prom-client";
import t from "tap";
import { createHookMetrics } from "../../hooks/metrics.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { createSyncMemory } from "../../lib/sync/remembered.js";
import { createSidecarMetrics } from "../../sidecar/metrics.js";
import { openApiError } from "../helpers/openapi.js";
import { repoRoot, sharedDir } from "../helpers/paths.js";
import { metricNames } from "../helpers/promql.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import { readDocuments, theOnly, yamlFilesUnder, type KubeDocument } from "./documents.js";
import { kustomizeCommand, run } from "./kustomize.js";

const monitoringDir = join(repoRoot, "manifests", "monitoring");

interface Kustomization {
  namespace?: string;
  resources: string[];
  configMapGenerator: Array<{ name: string; files: string[]; options: { labels: Record<string, string> } }>;
}
const kustomization = readDocuments(join(monitoringDir, "kustomization.yaml"))[0]?.object as unknown as Kustomization;
const objects = kustomization.resources.flatMap((file) => readDocuments(join(monitoringDir, file)).map((d) => d.object));
const ofKind = (kind: string): KubeDocument[] => objects.filter((o) => o.kind === kind);

interface Rule { alert?: string; record?: string; expr: string }
interface PrometheusRule extends KubeDocument { spec: { groups: Array<{ name: string; rules: Rule[] }> } }
const rules = (ofKind("PrometheusRule") as PrometheusRule[]).flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((rule) => ({ file: r.metadata?.name ?? "", ...rule }))));

interface Panel { title?: string; targets?: Array<{ expr?: string }>; panels?: Panel[] }
interface Dashboard { uid: string; panels: Panel[]; templating: { list: Array<{ query?: unknown; definition?: string }> } }
const dashboardFile = join(monitoringDir, "dashboards", "kafka-hooks.json");
const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8")) as Dashboard;
const panelsOf = (panels: readonly Panel[]): Panel[] => panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);
const dashboardExprs = [
  ...panelsOf(dashboard.panels).flatMap((p) => (p.targets ?? []).flatMap((target) => (target.expr ? [target.expr] : []))),
  ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition.replace(/^label_values\(([^,]+),.*$/, "$1")] : [])),
];

/** Every series name a registry's metrics expose: a histogram's as its buckets, sum and count. */
async function exposedNames(registry: Registry): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    // prom-client types it as an enum it does not export; the value is the exposition's type name.
    if (String(metric.type) === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${metric.name}${suffix}`);
    else names.add(metric.name);
  }
  return names;
}

/** What the hooks (with a key pool) and the sidecar register, from their own modules. */
async function ourMetricNames(): Promise<{ all: Set<string>; own: Set<string> }> {
  const hooks = createHookMetrics(createSyncMemory().stages, { keyPool: { available: 0, waitedFor: 0 }, caExpiries: () => [] });
  const sidecar = createSidecarMetrics({ isLeader: () => false, clusters: () => [], cachedObjects: () => ({}), now: () => new Date(0) });
  const all = new Set([...await exposedNames(hooks.registry), ...await exposedNames(sidecar.registry)]);
  // The process and Node.js metrics prom-client adds are not ours to chart.
  const own = new Set([...all].filter((n) => !/^kafka_hooks_(sidecar_)?(process|nodejs)_/.test(n)));
  return { all, own };
}

t.test("the PromQL reader finds the metric names and nothing else", async (t) => {
  t.strictSame(metricNames('histogram_quantile(0.99, sum by (hook, le) (rate(kafka_hooks_duration_seconds_bucket{namespace=~"$namespace", le!="x y"}[$__rate_interval]))) > 5'),
    ["kafka_hooks_duration_seconds_bucket"]);
  t.strictSame(metricNames('sum(a) < 1 or absent(b) and on (pod) group_left (x) c{d="e"} / ignoring (f) d offset 5m'), ["a", "b", "c", "d"]);
  t.strictSame(metricNames("max by (resource_namespace) (x) / 1000 - time() < 14 * 24 * 3600"), ["x"]);
});

t.test("every metric the dashboard charts is one the hooks or the sidecar register, and each of theirs is charted", async (t) => {
  const { all, own } = await ourMetricNames();
  const charted = new Set(dashboardExprs.flatMap(metricNames));
  t.ok(dashboardExprs.length >= 20, `${dashboardExprs.length} expressions`);
  for (const name of charted) t.ok(all.has(name), `${name} is registered`);
  // A histogram is charted through its buckets or its sum and count.
  const base = (name: string): string => name.replace(/_(bucket|sum|count)$/, "");
  for (const name of own) t.ok([...charted].some((c) => base(c) === base(name)), `${name} is charted`);
  t.notOk(all.has("kafka_hooks_calls"), "the oracle tells a made-up name from a registered one");
});

t.test("every kafka-hooks metric the rules read is registered", async (t) => {
  const { all } = await ourMetricNames();
  const ours = rules.flatMap((r) => metricNames(r.expr)).filter((n) => n.startsWith("kafka_hooks_") || n.startsWith("strimzi_"));
  t.ok(ours.length >= 8, `${ours.length} uses`);
  for (const name of ours) t.ok(all.has(name), `${name} is registered`);
});

interface JmxRule { pattern: string; name?: string }

/** The series name Strimzi's JMX exporter rules give an MBean attribute: the first rule whose pattern matches it whole. */
function jmxExporterName(config: { lowercaseOutputName?: boolean; rules: JmxRule[] }, bean: string): string | undefined {
  for (const rule of config.rules) {
    const match = new RegExp(`^${rule.pattern}$`).exec(bean);
    if (!match || !rule.name) continue;
    const name = rule.name.replace(/\$(\d+)/g, (_, n: string) => match[Number(n)] ?? "");
    return config.lowercaseOutputName ? name.toLowerCase() : name;
  }
  return undefined;
}

t.test("every Kafka metric the cluster rules read is what Strimzi's JMX exporter rules name the MBean it stands for", async (t) => {
  const configMap = readDocuments(join(sharedDir, "strimzi-examples", "metrics", "kafka-metrics.yaml")).map((d) => d.object)
    .find((o) => o.kind === "ConfigMap" && o.metadata?.name === "kafka-metrics") as KubeDocument & { data: Record<string, string> };
  const config = yaml.load(configMap.data["kafka-metrics-config.yml"] ?? "") as { lowercaseOutputName?: boolean; rules: JmxRule[] };
  // Kafka's MBeans (KRaft: ReplicaManager on brokers, ControllerMetadataMetrics and QuorumControllerMetrics on controllers).
  const beans: Record<string, string> = {
    kafka_server_replicamanager_underreplicatedpartitions: "kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value",
    kafka_server_replicamanager_underminisrpartitioncount: "kafka.server<type=ReplicaManager, name=UnderMinIsrPartitionCount><>Value",
    kafka_controller_kafkacontroller_offlinepartitionscount: "kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value",
    kafka_controller_kafkacontroller_activecontrollercount: "kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value",
    kafka_controller_kafkacontroller_fencedbrokercount: "kafka.controller<type=KafkaController, name=FencedBrokerCount><>Value",
  };
  // Series of Prometheus itself and of the kubelet.
  const external = new Set(["up", "kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes"]);
  const kafka = [...new Set(rules.flatMap((r) => metricNames(r.expr)))].filter((n) => !n.startsWith("kafka_hooks_") && !n.startsWith("strimzi_") && !external.has(n)).sort();
  t.strictSame(kafka, Object.keys(beans).sort(), "each has its MBean");
  for (const [name, bean] of Object.entries(beans)) t.equal(jmxExporterName(config, bean), name, bean);
  t.equal(jmxExporterName(config, "kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Count"), "kafka_server_replicamanager_underreplicatedpartitions_count", "the oracle tells attributes apart");
});

t.test("every alert has a promtool test in which it fires and one in which it does not", async (t) => {
  interface AlertTest { alertname: string; exp_alerts?: unknown[] }
  interface RuleTests { rule_files: string[]; tests: Array<{ alert_rule_test?: AlertTest[] }> }
  const testFiles = yamlFilesUnder(join(repoRoot, "test", "rules"));
  const suites = testFiles.map((f) => ({ file: relative(repoRoot, f), tests: yaml.load(readFileSync(f, "utf8")) as RuleTests }));
  const alerts = rules.filter((r) => r.alert !== undefined);
  t.ok(alerts.length >= 16, `${alerts.length} alerts`);
  for (const rule of alerts) {
    const cases = suites.filter((s) => s.tests.rule_files.includes(`${rule.file}.yaml`))
      .flatMap((s) => s.tests.tests.flatMap((c) => c.alert_rule_test ?? [])).filter((c) => c.alertname === rule.alert);
    t.ok(cases.some((c) => (c.exp_alerts ?? []).length > 0), `${rule.alert} fires`);
    t.ok(cases.some((c) => (c.exp_alerts ?? []).length === 0), `${rule.alert} stays quiet`);
  }
  t.strictSame(rules.filter((r) => r.alert === undefined), [], "no recording rules to test otherwise");
});

t.test("the operator's PodMonitor selects our pods and scrapes the ports they serve /metrics on", async (t) => {
  const deployment = theOnly("Deployment", "kafka-hooks") as KubeDocument & { spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ name: string; env?: Array<{ name: string; value?: string }>; ports?: Array<{ name: string; containerPort: number }> }> } } } };
  const monitor = objects.find((o) => o.kind === "PodMonitor" && o.metadata?.name === "kafka-hooks") as KubeDocument & { spec: { selector: { matchLabels: Record<string, string> }; podMetricsEndpoints: Array<{ port: string; path: string }> } };
  const labels = deployment.spec.template.metadata.labels;
  for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) t.equal(labels[key], value, key);
  const { containers } = deployment.spec.template.spec;
  const portOf = (container: string, name: string): number | undefined => containers.find((c) => c.name === container)?.ports?.find((p) => p.name === name)?.containerPort;
  const env = (container: string, name: string): string | undefined => containers.find((c) => c.name === container)?.env?.find((e) => e.name === name)?.value;
  t.strictSame(monitor.spec.podMetricsEndpoints.map((e) => [e.port, e.path]), [["metrics", "/metrics"], ["sidecar-health", "/metrics"]]);
  t.equal(String(portOf("hooks", "metrics")), env("hooks", "METRICS_PORT"), "the hooks serve /metrics alone on METRICS_PORT");
  t.equal(String(portOf("sidecar", "sidecar-health")), env("sidecar", "HEALTH_PORT"), "the sidecar serves /metrics beside /healthz");
  t.not(portOf("hooks", "metrics"), portOf("hooks", "https"), "never on the hooks port");

  const policy = ofKind("NetworkPolicy")[0] as KubeDocument & { spec: { podSelector: { matchLabels: Record<string, string> }; ingress: Array<{ ports: Array<{ port: number }> }> } };
  t.equal(openApiError(policy), undefined);
  for (const [key, value] of Object.entries(policy.spec.podSelector.matchLabels)) t.equal(labels[key], value, `the policy selects the pods by ${key}`);
  t.strictSame(policy.spec.ingress.flatMap((i) => i.ports.map((p) => p.port)).sort(), [portOf("hooks", "metrics"), portOf("sidecar", "sidecar-health")].sort(), "it admits the metrics ports, and no other");
});

t.test("the Kafka PodMonitor selects the node pods the Kafka hook builds, on Strimzi's port name, with Strimzi's target labels", async (t) => {
  const monitor = objects.find((o) => o.kind === "PodMonitor" && o.metadata?.name === "kafka-resources-metrics") as KubeDocument & { spec: { selector: { matchExpressions: Array<{ key: string; operator: string; values: string[] }> }; namespaceSelector: { any?: boolean }; podMetricsEndpoints: Array<{ port: string; path: string; relabelings: Array<{ targetLabel?: string; regex: string; action: string }> }> } };
  const { children } = syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), testEnvironment());
  const podLabels = (children.filter((c) => c.kind === "StrimziPodSet") as StrimziPodSet[]).map((p) => p.spec.podTemplate.metadata?.labels ?? {});
  t.ok(podLabels.length >= 2, `${podLabels.length} PodSets`);
  for (const labels of podLabels) {
    for (const { key, operator, values } of monitor.spec.selector.matchExpressions) t.ok(operator === "In" && values.includes(labels[key] ?? ""), `${labels["strimzi.io/name"]}: ${key}`);
  }
  t.equal(monitor.spec.namespaceSelector.any, true, "clusters live in any namespace");
  const [endpoint] = monitor.spec.podMetricsEndpoints;
  t.strictSame([endpoint?.port, endpoint?.path], ["tcp-prometheus", "/metrics"]);
  t.strictSame(endpoint?.relabelings.map((r) => r.targetLabel ?? `${r.action} ${r.regex}`),
    ["labelmap __meta_kubernetes_pod_label_(strimzi_io_.+)", "namespace", "kubernetes_pod_name", "node_name", "node_ip"]);
});

t.test("the kustomization names every file of the directory, in our namespace, and the dashboard's ConfigMap is labelled for Grafana's sidecar", async (t) => {
  const named = [...kustomization.resources, ...kustomization.configMapGenerator.flatMap((g) => g.files)].map((f) => join(monitoringDir, f)).sort();
  const files = [...yamlFilesUnder(monitoringDir).filter((f) => !f.endsWith("kustomization.yaml")), dashboardFile].sort();
  t.strictSame(named, files);
  t.equal(kustomization.namespace, "kafka-hooks");
  for (const object of objects) t.equal(object.metadata?.namespace, "kafka-hooks", `${object.kind} ${object.metadata?.name}`);
  const [generator] = kustomization.configMapGenerator;
  t.equal(generator?.options.labels.grafana_dashboard, "1");
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: generator?.name, namespace: "kafka-hooks", labels: generator?.options.labels }, data: { "kafka-hooks.json": readFileSync(dashboardFile, "utf8") } };
  t.equal(openApiError(configMap), undefined);
  t.equal(dashboard.uid, "kafka-hooks");
});

const command = kustomizeCommand();

t.test("kustomize builds the directory into those objects and the dashboard's ConfigMap", { skip: "skip" in command ? command.skip : false }, async (t) => {
  const [program, ...args] = "argv" in command ? command.argv : [];
  const built = yaml.loadAll(run(program ?? "", [...args, monitoringDir])) as KubeDocument[];
  const identity = (o: KubeDocument): string => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
  const configMap = built.find((o) => o.kind === "ConfigMap") as KubeDocument & { data: Record<string, string> };
  const byIdentity = (list: readonly KubeDocument[]): KubeDocument[] => [...list].sort((a, b) => identity(a).localeCompare(identity(b)));
  t.strictSame(byIdentity(built.filter((o) => o !== configMap)), byIdentity(objects), "the resources, as written");
  t.equal(identity(configMap), "ConfigMap kafka-hooks/kafka-hooks-dashboard", "named without a hash, which Grafana's sidecar would see as another dashboard");
  t.strictSame(configMap.metadata?.labels, { grafana_dashboard: "1", "app.kubernetes.io/name": "kafka-hooks" });
  t.strictSame(configMap.data, { "kafka-hooks.json": readFileSync(dashboardFile, "utf8") });
});
