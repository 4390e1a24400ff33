// The KafkaConnect hook on every Strimzi example, what it builds exactly, and what it must refuse.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { KafkaConnect } from "../../lib/api/kafka-connect.js";
import type { ConfigMap, KubeObject, Role } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { CONNECTOR_PLUGINS_ANNOTATION, syncKafkaConnect } from "../../lib/sync/connect-sync.js";
import { customizeKafkaConnect } from "../../lib/sync/customize.js";
import { connectRequests } from "../helpers/connect-requests.js";
import { exampleConnectRequests, fixtureText } from "../helpers/examples.js";
import { fixturesDir } from "../helpers/paths.js";
import { testEnvironment } from "../helpers/requests.js";

const examples = connectRequests();
const find = (example: string) => {
  const found = examples.find((e) => e.example === example);
  if (!found) throw new Error(`no ${example}`);
  return found.request;
};

const editParent = (request: SyncRequest, edit: (connect: KafkaConnect) => void): SyncRequest => {
  const parent = structuredClone(request.parent) as unknown as KafkaConnect;
  edit(parent);
  return { ...request, parent: parent as unknown as SyncRequest["parent"] };
};

/** The request after Metacontroller applied `children`, the PodSet with `podSet`'s status and annotations. */
function observedAfter(request: SyncRequest, children: readonly KubeObject[], podSet: { status?: object; annotations?: Record<string, string> } = {}): SyncRequest {
  const observed = structuredClone(request.children);
  for (const child of children) {
    const isPodSet = child.kind === "StrimziPodSet";
    const stored = {
      ...structuredClone(child),
      metadata: { ...child.metadata, generation: 1, ...(isPodSet && podSet.annotations ? { annotations: { ...child.metadata.annotations, ...podSet.annotations } } : {}) },
      ...(isPodSet && podSet.status ? { status: podSet.status } : {}),
    };
    const type = typeKey(child.kind, child.apiVersion);
    observed[type] = { ...observed[type], [`${child.metadata.namespace}/${child.metadata.name}`]: stored };
  }
  return { ...request, children: observed };
}

t.test("the corpus: every Strimzi example with a KafkaConnect, and how each answers", async (t) => {
  const answers = examples.map((e) => {
    const status = syncKafkaConnect(e.request, testEnvironment()).status;
    return [e.example, status.conditions?.map((c) => `${c.type} ${c.reason ?? ""}`)];
  });
  t.same(answers, [
    ["connect/kafka-connect-build.yaml", ["NotReady ConnectBuildRunning"]],
    ["connect/kafka-connect.yaml", ["NotReady PodsNotReady"]],
    // Strimzi's metrics examples leave out the group and topics its v1 CRD requires.
    ["metrics/kafka-connect-metrics.yaml", ["NotReady InvalidResource"]],
    ["metrics/strimzi-metrics-reporter/kafka-connect-metrics.yaml", ["NotReady InvalidResource"]],
    ["security/scram-sha-512-auth/connect.yaml", ["NotReady PodsNotReady"]],
    ["security/tls-auth/connect.yaml", ["NotReady PodsNotReady"]],
  ]);
});

t.test("the curl fixtures hold each example's first request (make fixtures)", async (t) => {
  for (const { fixture, request } of exampleConnectRequests()) t.equal(readFileSync(join(fixturesDir, fixture), "utf8"), fixtureText(request), fixture);
});

t.test("connect/kafka-connect.yaml: Strimzi's objects, names and status", async (t) => {
  const answer = syncKafkaConnect(find("connect/kafka-connect.yaml"), testEnvironment());
  t.same(answer.children.map((c) => `${c.kind}/${c.metadata.name}`), [
    "ServiceAccount/my-connect-cluster-connect", "Role/my-connect-cluster-connect", "RoleBinding/my-connect-cluster-connect-connect-role",
    "Service/my-connect-cluster-connect-api", "Service/my-connect-cluster-connect", "Secret/my-connect-cluster-connect-tls-trusted-certs",
    "ConfigMap/my-connect-cluster-connect-config", "PodDisruptionBudget/my-connect-cluster-connect", "StrimziPodSet/my-connect-cluster-connect",
  ]);
  t.same({ ...answer.status, conditions: undefined }, {
    conditions: undefined,
    observedGeneration: 1,
    url: "http://my-connect-cluster-connect-api.myproject.svc:8083",
    replicas: 1,
    labelSelector: "strimzi.io/cluster=my-connect-cluster,strimzi.io/name=my-connect-cluster-connect,strimzi.io/kind=KafkaConnect",
  });
  const role = answer.children.find((c) => c.kind === "Role") as Role & KubeObject;
  // Exactly the Secrets the worker configuration names through strimzisecrets.
  t.same(role.rules, [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["my-connect-cluster-connect-tls-trusted-certs"] }]);
  const pdb = answer.children.find((c) => c.kind === "PodDisruptionBudget");
  t.same(pdb?.["spec"], { minAvailable: 0, selector: { matchLabels: { "strimzi.io/cluster": "my-connect-cluster", "strimzi.io/name": "my-connect-cluster-connect", "strimzi.io/kind": "KafkaConnect" } } });
  const headless = answer.children.find((c) => c.kind === "Service" && c.metadata.name === "my-connect-cluster-connect");
  t.same(headless?.["spec"], {
    type: "ClusterIP", clusterIP: "None", publishNotReadyAddresses: true,
    selector: { "strimzi.io/cluster": "my-connect-cluster", "strimzi.io/name": "my-connect-cluster-connect", "strimzi.io/kind": "KafkaConnect" },
    ports: [{ name: "rest-api", port: 8083, targetPort: "rest-api", protocol: "TCP" }],
  });
  t.notOk(answer.children.some((c) => c.kind === "NetworkPolicy"), "without connector resources users call the REST API: Strimzi makes no policy");
  const configMap = answer.children.find((c) => c.kind === "ConfigMap") as ConfigMap & KubeObject;
  const properties = configMap.data?.["kafka-connect.properties"] ?? "";
  for (const line of [
    "bootstrap.servers=my-cluster-kafka-bootstrap:9093",
    "group.id=my-connect-group", "config.storage.topic=my-connect-configs", "status.storage.topic=my-connect-status", "offset.storage.topic=my-connect-offsets",
    "rest.advertised.host.name=${strimzienv:ADVERTISED_HOSTNAME}", "rest.advertised.port=8083", "plugin.path=/opt/kafka/plugins",
    "admin.ssl.truststore.certificates=${strimzisecrets:myproject/my-connect-cluster-connect-tls-trusted-certs:ca.crt}",
    "config.providers=strimzienv,strimzifile,strimzidir,strimzisecrets",
    "config.providers.strimzisecrets.class=io.strimzi.kafka.KubernetesSecretConfigProvider",
    "key.converter=org.apache.kafka.connect.json.JsonConverter", "value.converter=org.apache.kafka.connect.json.JsonConverter",
    "config.storage.replication.factor=-1",
    "security.protocol=SSL", "admin.security.protocol=SSL",
  ]) t.ok(properties.split("\n").includes(line), line);
  const podSet = answer.children.find((c) => c.kind === "StrimziPodSet") as StrimziPodSet & KubeObject;
  const spec = podSet.spec.podTemplate.spec;
  t.equal(spec.subdomain, "my-connect-cluster-connect");
  t.equal(spec.serviceAccountName, "my-connect-cluster-connect");
  t.same(spec.containers?.[0]?.command, ["/bin/bash", "/opt/kafka/custom-config/kafka_connect_run.sh"]);
  t.equal(spec.containers?.[0]?.image, "apache/kafka:4.3.1");
  t.same(spec.initContainers?.[0]?.command, ["/bin/cp", "-R", "/opt/kafka-extras/kubernetes-config-provider", "/opt/kafka-hooks/extra"]);
  t.same(spec.containers?.[0]?.readinessProbe, { httpGet: { path: "/health", port: "rest-api", scheme: "HTTP" }, initialDelaySeconds: 60, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  t.same(podSet.spec.pods.map((p) => p.metadata.name), ["my-connect-cluster-connect-0"]);
});

t.test("connector resources: a network policy admitting the workers and the operator's sidecar to 8083", async (t) => {
  const request = editParent(find("connect/kafka-connect.yaml"), (c) => { c.metadata.annotations = { "strimzi.io/use-connector-resources": "true" }; });
  const policy = syncKafkaConnect(request, testEnvironment()).children.find((c) => c.kind === "NetworkPolicy");
  t.same(policy?.["spec"], {
    podSelector: { matchLabels: { "strimzi.io/cluster": "my-connect-cluster", "strimzi.io/name": "my-connect-cluster-connect", "strimzi.io/kind": "KafkaConnect" } },
    policyTypes: ["Ingress"],
    ingress: [{
      ports: [{ port: 8083, protocol: "TCP" }],
      from: [
        { podSelector: { matchLabels: { "strimzi.io/cluster": "my-connect-cluster", "strimzi.io/name": "my-connect-cluster-connect", "strimzi.io/kind": "KafkaConnect" } } },
        { namespaceSelector: { matchLabels: { "kafka-hooks.io/operator": "true" } }, podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } },
      ],
    }],
  });
});

t.test("security/scram-sha-512-auth: the password through strimzisecrets for the four clients, and SASL_SSL", async (t) => {
  const answer = syncKafkaConnect(find("security/scram-sha-512-auth/connect.yaml"), testEnvironment());
  const properties = (answer.children.find((c) => c.kind === "ConfigMap") as ConfigMap & KubeObject).data?.["kafka-connect.properties"] ?? "";
  const jaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="my-connect" password="${strimzisecrets:myproject/my-connect:password}";';
  t.same(properties.split("\n").filter((l) => l.includes("sasl.")), [
    "sasl.mechanism=SCRAM-SHA-512", `sasl.jaas.config=${jaas}`,
    "producer.sasl.mechanism=SCRAM-SHA-512", `producer.sasl.jaas.config=${jaas}`,
    "consumer.sasl.mechanism=SCRAM-SHA-512", `consumer.sasl.jaas.config=${jaas}`,
    "admin.sasl.mechanism=SCRAM-SHA-512", `admin.sasl.jaas.config=${jaas}`,
  ]);
  t.ok(properties.includes("\nconsumer.security.protocol=SASL_SSL\n"));
  const role = answer.children.find((c) => c.kind === "Role") as Role & KubeObject;
  t.same(role.rules?.[0]?.resourceNames, ["my-connect", "my-connect-connect-tls-trusted-certs"]);
});

t.test("forbidden config options are dropped with a warning naming each; the user's config.providers come first", async (t) => {
  const request = editParent(find("connect/kafka-connect.yaml"), (c) => {
    c.spec.config = { "group.id": "x", "rest.port": 1, "ssl.protocol": "TLSv1.3", "ssl.keystore.location": "/x", "config.providers": "mine", "key.converter": "my.Converter" };
  });
  const answer = syncKafkaConnect(request, testEnvironment());
  t.same(answer.status.conditions?.filter((c) => c.type === "Warning").map((c) => c.message), [[
    "spec.config: group.id is set by the operator and was ignored",
    "spec.config: rest.port is set by the operator and was ignored",
    "spec.config: ssl.keystore.location is set by the operator and was ignored",
  ].join("; ")]);
  const properties = (answer.children.find((c) => c.kind === "ConfigMap") as ConfigMap & KubeObject).data?.["kafka-connect.properties"] ?? "";
  t.ok(properties.includes("\nconfig.providers=mine,strimzienv,strimzifile,strimzidir,strimzisecrets\n"));
  t.ok(properties.includes("\nkey.converter=my.Converter\n"), "the user's converter replaces Strimzi's default");
  t.ok(properties.includes("\nssl.protocol=TLSv1.3\n"), "an exception to the ssl. prefix");
  t.notOk(properties.includes("group.id=x"));
});

t.test("an invalid edit keeps every observed child and names the field", async (t) => {
  const request = find("connect/kafka-connect.yaml");
  const applied = observedAfter(request, syncKafkaConnect(request, testEnvironment()).children);
  for (const [what, edit, field] of [
    ["replicas below 0", (c: KafkaConnect) => { c.spec.replicas = -1; }, "spec.replicas"],
    // Every worker is written into the PodSet: the fuzz run's 2,147,483,647 replicas hung the hook before the cap.
    ["replicas above 400", (c: KafkaConnect) => { c.spec.replicas = 401; }, "spec.replicas"],
    ["no groupId", (c: KafkaConnect) => { delete (c.spec as Partial<KafkaConnect["spec"]>).groupId; }, "spec.groupId"],
    ["a trusted certificate naming neither", (c: KafkaConnect) => { c.spec.tls = { trustedCertificates: [{ secretName: "my-cluster-cluster-ca-cert" }] }; }, "spec.tls.trustedCertificates[0]"],
    ["a missing Secret", (c: KafkaConnect) => { c.spec.tls = { trustedCertificates: [{ secretName: "nope", certificate: "ca.crt" }] }; }, "spec.tls.trustedCertificates[0].secretName"],
  ] as const) {
    const answer = syncKafkaConnect(editParent(applied, edit), testEnvironment());
    const observed = Object.values(applied.children).flatMap((byName) => Object.values(byName)).map((c) => `${c.kind}/${c.metadata.name}`).sort();
    t.same(answer.children.map((c) => `${c.kind}/${c.metadata.name}`).sort(), observed, `${what}: every observed child kept`);
    const notReady = answer.status.conditions?.find((c) => c.type === "NotReady");
    t.equal(notReady?.reason, "InvalidResource", what);
    t.match(notReady?.message ?? "", field, what);
  }
});

t.test("status: Ready once the PodSet reports every worker ready and current; connectorPlugins from the sidecar's annotation", async (t) => {
  const request = find("connect/kafka-connect.yaml");
  const children = syncKafkaConnect(request, testEnvironment()).children;
  const plugins = [{ class: "org.apache.kafka.connect.file.FileStreamSourceConnector", type: "source", version: "4.3.1" }];
  const ready = observedAfter(request, children, {
    status: { observedGeneration: 1, pods: 1, readyPods: 1, currentPods: 1 },
    annotations: { [CONNECTOR_PLUGINS_ANNOTATION]: JSON.stringify([...plugins.map((p) => ({ ...p, extra: "dropped" }))]) },
  });
  const answer = syncKafkaConnect(ready, testEnvironment());
  t.same(answer.status.conditions?.map((c) => c.type), ["Ready"]);
  t.same(answer.status.connectorPlugins, plugins);
  const bad = observedAfter(request, children, { status: { observedGeneration: 1, pods: 1, readyPods: 0, currentPods: 1 }, annotations: { [CONNECTOR_PLUGINS_ANNOTATION]: "{not json" } });
  const badAnswer = syncKafkaConnect(bad, testEnvironment());
  t.same(badAnswer.status.conditions?.map((c) => [c.type, c.reason, c.message]), [
    ["NotReady", "PodsNotReady", "waiting for StrimziPodSet my-connect-cluster-connect: 0/1 pods ready, 1/1 current"],
    ["Warning", "InvalidConnectorPlugins", "StrimziPodSet/my-connect-cluster-connect kafka-hooks.io/connector-plugins: is ignored: it is not JSON"],
  ]);
  t.equal(badAnswer.status.connectorPlugins, undefined);
  t.equal(badAnswer.children.length, children.length, "a bad annotation never fails the sync");
});

t.test("customize asks for exactly the Secrets and ConfigMaps the spec names", async (t) => {
  const parent = find("security/tls-auth/connect.yaml").parent;
  t.same(customizeKafkaConnect(parent).relatedResources, [{ apiVersion: "v1", resource: "secrets", namespace: "myproject", names: ["my-cluster-cluster-ca-cert", "my-connect"] }]);
});
