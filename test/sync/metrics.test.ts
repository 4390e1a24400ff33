// The Kafka sync with metricsConfig: the user's JMX exporter rules read from their
// ConfigMap into every node's ConfigMap, and a cluster that cannot be given them
// refused with the field named and every child kept.
import t from "tap";
import type { ConfigMap, KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { settledCluster } from "../helpers/example-cluster.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const EXAMPLE = "metrics/kafka-metrics.yaml";
const METRICS = "myproject/kafka-metrics";
/** The nodes' ConfigMaps (the Entity Operator's logging ConfigMaps aside). */
const configMaps = (children: readonly KubeObject[]) => children.filter((c) => c.kind === "ConfigMap" && c.metadata.labels?.["strimzi.io/component-type"] === "kafka") as ConfigMap[];
const revisions = (children: readonly KubeObject[]) => children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")
  .flatMap((ps) => ps.spec.pods.map((p) => p.metadata.annotations?.["strimzi.io/revision"] ?? p.metadata.annotations));
const metricsConfigMap = (request: SyncRequest) => request.related["ConfigMap.v1"]?.[METRICS] as ConfigMap;

t.test("every node's ConfigMap holds the user's rules as JSON", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), testEnvironment());
  const nodes = configMaps(answer.children);
  t.equal(nodes.length, 6);
  const json = nodes[0]?.data?.["metrics-config.json"] ?? "";
  t.ok(nodes.every((c) => c.data?.["metrics-config.json"] === json), "the same rules on every node");
  const rules = JSON.parse(json) as { lowercaseOutputName: boolean; rules: Array<{ pattern: string; name: string }> };
  t.equal(rules.lowercaseOutputName, true);
  t.equal(rules.rules.length, 29);
  t.same(rules.rules[0], { pattern: "kafka.server<type=(.+), name=(.+), clientId=(.+), topic=(.+), partition=(.*)><>Value", name: "kafka_server_$1_$2", type: "GAUGE", labels: { clientId: "$3", topic: "$4", partition: "$5" } });
});

t.test("a change of the rules reaches the nodes' ConfigMaps without restarting a pod (the agent re-reads them)", async (t) => {
  const { request, children } = settledCluster(exampleRequest(EXAMPLE));
  const edited = structuredClone(request);
  metricsConfigMap(edited).data = { "kafka-metrics-config.yml": "lowercaseOutputName: false\nrules:\n- pattern: kafka.server<type=(.+)><>Value\n" };
  const answer = syncKafka(edited, testEnvironment());
  t.same([...new Set(configMaps(answer.children).map((c) => c.data?.["metrics-config.json"]))], ['{"lowercaseOutputName":false,"rules":[{"pattern":"kafka.server<type=(.+)><>Value"}]}']);
  t.same(revisions(answer.children), revisions(children));
});

t.test("rules that cannot be read: NotReady naming the field, every child kept as it was", async (t) => {
  const { request } = settledCluster(exampleRequest(EXAMPLE));
  const cases: Array<{ name: string; edit: (r: SyncRequest) => void; reason: string; message: string }> = [
    {
      name: "ConfigMap deleted",
      edit: (r) => { r.related["ConfigMap.v1"] = {}; },
      reason: "MetricsConfigNotFound",
      message: "spec.kafka.metricsConfig.valueFrom.configMapKeyRef: ConfigMap kafka-metrics does not exist. Nothing was changed.",
    },
    {
      name: "key renamed",
      edit: (r) => { metricsConfigMap(r).data = { "other.yml": "rules: []" }; },
      reason: "MetricsConfigNotFound",
      message: "spec.kafka.metricsConfig.valueFrom.configMapKeyRef: ConfigMap kafka-metrics has no key kafka-metrics-config.yml. Nothing was changed.",
    },
    {
      name: "neither YAML nor JSON",
      edit: (r) => { metricsConfigMap(r).data = { "kafka-metrics-config.yml": "rules: [\n" }; },
      reason: "InvalidResource",
      message: "spec.kafka.metricsConfig.valueFrom.configMapKeyRef: key kafka-metrics-config.yml of ConfigMap kafka-metrics is neither YAML nor JSON: unexpected end of the stream within a flow collection (2:1). Nothing was changed.",
    },
    {
      name: "an allow-list regex that does not compile",
      edit: (r) => { (r.parent.spec as { kafka: { metricsConfig: object } }).kafka.metricsConfig = { type: "strimziMetricsReporter", values: { allowList: ["kafka_(log"] } }; },
      reason: "InvalidResource",
      message: "spec.kafka.metricsConfig.values.allowList[0]: is not a regular expression: Invalid regular expression: /kafka_(log/: Unterminated group. Nothing was changed.",
    },
  ];
  for (const c of cases) {
    const edited = structuredClone(request);
    c.edit(edited);
    const answer = syncKafka(edited, testEnvironment());
    t.same(answer.status.conditions?.map((k) => [k.type, k.reason, k.message]), [["NotReady", c.reason, c.message]], c.name);
    t.same(answer.children, keepObservedChildren(edited.children), `${c.name}: every child kept`);
  }
});

t.test("a new cluster whose rules are missing is not created at all, as in Strimzi", async (t) => {
  const request = exampleRequest(EXAMPLE);
  request.related["ConfigMap.v1"] = {};
  const answer = syncKafka(request, testEnvironment());
  t.same(answer.children, []);
  t.equal(answer.status.conditions?.[0]?.reason, "MetricsConfigNotFound");
});
