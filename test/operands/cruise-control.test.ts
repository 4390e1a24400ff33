// Cruise Control (`spec.cruiseControl`) through the Kafka hook and its pure parts:
// cruisecontrol.properties with Strimzi's defaults and goal checks, capacity.json for
// single, JBOD and ephemeral storage, the REST API's users and their Secrets, Strimzi's
// objects in Strimzi's order, the Deployment's readiness, and refusals that change nothing.
import { X509Certificate } from "node:crypto";
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { Deployment, KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest, type SyncResponse } from "../../lib/metacontroller.js";
import { parseCertificate } from "../../lib/pki/inspect.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { parseUsersFile } from "../../lib/operands/cruise-control/api-users.js";
import { cruiseControlGate } from "../../lib/operands/cruise-control/gate.js";
import { capacityConfiguration, capacityJson, javaDouble } from "../../lib/operands/cruise-control/capacity.js";
import { cruiseControlProperties, GOALS, HARD_GOALS } from "../../lib/operands/cruise-control/configuration.js";
import { exampleModel } from "../config/model.js";
import { keytool, needsKeytool, withFiles } from "../pki/tools.js";
import { nextRequest } from "../helpers/observe.js";
import { openApiError } from "../helpers/openapi.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import type { Environment } from "../../lib/environment.js";

const EXAMPLE = "cruise-control/kafka-cruise-control.yaml";
/** A kafka-extras image built with Cruise Control's jars, as an operator that builds them names it. */
const CC_EXTRAS_IMAGE = "registry.example.com/kafka-extras-with-cruise-control:1";
/** The operator of such an image: the gate is on (lib/operands/cruise-control/gate.ts). */
const ccEnvironment = (seed?: string): Environment => ({ ...testEnvironment(seed), cruiseControlExtrasImage: CC_EXTRAS_IMAGE });
const SECRETS = typeKey("Secret", "v1");
const goal = (name: string) => `com.linkedin.kafka.cruisecontrol.analyzer.goals.${name}`;

const named = (answer: SyncResponse, kind: string, name: string): KubeObject | undefined => answer.children.find((c) => c.kind === kind && c.metadata.name === name);
const text = (secret: KubeObject | undefined, key: string): string => Buffer.from((secret as Secret | undefined)?.data?.[key] ?? "", "base64").toString("utf8");
const configFile = (answer: SyncResponse, key: string): string => ((named(answer, "ConfigMap", "my-cluster-cruise-control-config") as { data?: Record<string, string> } | undefined)?.data?.[key] ?? "");

function requestWith(edit: (kafka: Kafka) => void): SyncRequest {
  const request = exampleRequest(EXAMPLE);
  edit(request.parent as unknown as Kafka);
  return request;
}

t.test("Java's Double.toString, which Strimzi's capacity figures are printed with", async (t) => {
  t.same([1, 0.5, 2.345, 100000, 102400, 95367.431640625, 10485760, 0.0005, 0].map(javaDouble),
    ["1.0", "0.5", "2.345", "100000.0", "102400.0", "95367.431640625", "1.048576E7", "5.0E-4", "0.0"]);
});

t.test("capacity.json: a single volume's size, JBOD volumes keyed by the brokers' log.dirs, ephemeral sizes", async (t) => {
  // kafka-persistent: brokers 0-2 with JBOD persistent volumes 0 (100Gi) and 1 (100Gi).
  const jbod = exampleModel("kafka/kafka-jbod.yaml");
  const jbodCapacity = capacityConfiguration({ spec: {}, model: jbod });
  t.same(jbodCapacity.brokerCapacities.map((b) => [b.brokerId, b.capacity.DISK]), jbod.nodes.filter((n) => n.isBroker).map((n) => [n.nodeId, {
    [`/var/lib/kafka/data-0/kafka-log${n.nodeId}`]: "102400.0",
    [`/var/lib/kafka/data-1/kafka-log${n.nodeId}`]: "102400.0",
  }]));
  const single = exampleModel("kafka/kafka-persistent.yaml", (_kafka, pools) => {
    for (const pool of pools) if (pool.metadata.name === "broker") pool.spec.storage = { type: "persistent-claim", size: "100G" };
  });
  t.same(capacityConfiguration({ spec: {}, model: single }).brokerCapacities[0]?.capacity.DISK, "95367.431640625", "100G in MiB, as a double");
  const ephemeral = exampleModel("kafka/kafka-ephemeral.yaml");
  t.same(capacityConfiguration({ spec: {}, model: ephemeral }).brokerCapacities[0]?.capacity.DISK, { "/var/lib/kafka/data-0/kafka-log0": "100000" }, "no sizeLimit: Strimzi's 100000 MiB");
  const limited = exampleModel("kafka/kafka-persistent.yaml", (_kafka, pools) => {
    for (const pool of pools) if (pool.metadata.name === "broker") pool.spec.storage = { type: "ephemeral", sizeLimit: "2Gi" };
  });
  const limitedCapacity = capacityConfiguration({ spec: {}, model: limited });
  const entry = (id: number) => `    {
      "brokerId": ${id},
      "capacity": {
        "DISK": "2048.0",
        "CPU": {
          "num.cores": "1.0"
        },
        "NW_IN": "10000.0",
        "NW_OUT": "10000.0"
      },
      "doc": "Capacity for Broker ${id}"
    }`;
  t.equal(capacityJson(limitedCapacity), `{
  "brokerCapacities": [
${[0, 1, 2].map(entry).join(",\n")}
  ]
}`, "controllers have no entry; defaults for CPU and network");
});

t.test("capacity.json: the JBOD paths are the very log.dirs the brokers' server.properties list", async (t) => {
  const jbod = exampleModel("kafka/kafka-jbod.yaml");
  const answer = syncKafka(requestWith(() => {}), ccEnvironment());
  t.ok(answer.children.length > 0);
  const capacity = capacityConfiguration({ spec: {}, model: jbod });
  for (const broker of capacity.brokerCapacities) {
    const node = jbod.nodes.find((n) => n.nodeId === broker.brokerId);
    const pool = jbod.pools.find((p) => p.name === node?.pool);
    const logDirs = pool?.volumes.map((v) => `${v.id === undefined ? "/var/lib/kafka/data" : `/var/lib/kafka/data-${v.id}`}/kafka-log${broker.brokerId}`);
    t.same(Object.keys(broker.capacity.DISK as Record<string, string>), logDirs, `broker ${broker.brokerId}`);
  }
});

t.test("capacity.json: CPU from an override, the common figure, the pool's request or limit; network from overrides", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", (_kafka, pools) => {
    for (const pool of pools) if (pool.metadata.name === "broker") pool.spec.resources = { requests: { cpu: "500m" }, limits: { cpu: "2" } };
  });
  const spec = { brokerCapacity: { inboundNetwork: "10000KB/s", overrides: [
    { brokers: [0], cpu: "2.345", outboundNetwork: "40000KiB/s" },
    { brokers: [0, 1], cpu: "4000m", inboundNetwork: "60000KiB/s" },
    { brokers: [7], cpu: "9" },
  ] } };
  const capacity = capacityConfiguration({ spec, model });
  t.same(capacity.brokerCapacities.map((b) => [b.brokerId, b.capacity.CPU["num.cores"], b.capacity.NW_IN, b.capacity.NW_OUT]), [
    [0, "2.345", "9765.625", "40000.0"], // the first override naming broker 0 wins whole; its inbound is the common 10000KB/s (10^7 bytes)
    [1, "4.0", "60000.0", "10000.0"],
    [2, "0.5", "9765.625", "10000.0"], // the pool's request
  ]);
  t.equal(capacity.inboundNetworkConfigured, true);
  t.equal(capacity.outboundNetworkConfigured, false, "brokers 1 and 2 have no outbound figure");
  t.equal(capacity.inboundHomogeneous, false);
  const limitOnly = exampleModel("kafka/kafka-persistent.yaml", (_kafka, pools) => {
    for (const pool of pools) if (pool.metadata.name === "broker") pool.spec.resources = { limits: { cpu: "1500m" } };
  });
  t.equal(capacityConfiguration({ spec: {}, model: limitOnly }).brokerCapacities[0]?.capacity.CPU["num.cores"], "1.5");
});

const DEFAULTS_WITHOUT_NETWORK = [
  "RackAwareGoal", "RackAwareDistributionGoal", "MinTopicLeadersPerBrokerGoal", "ReplicaCapacityGoal", "DiskCapacityGoal", "CpuCapacityGoal",
  "ReplicaDistributionGoal", "DiskUsageDistributionGoal", "CpuUsageDistributionGoal", "TopicReplicaDistributionGoal", "LeaderReplicaDistributionGoal",
].map(goal).join(",");

t.test("cruisecontrol.properties: Strimzi's defaults in key order, network goals only with network capacities", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml");
  const capacity = capacityConfiguration({ spec: {}, model });
  t.same(cruiseControlProperties({ spec: {}, kafkaConfig: { "default.replication.factor": 3 }, capacity }), [
    ["broker.metric.sample.store.topic", "strimzi.cruisecontrol.modeltrainingsamples"],
    ["broker.metrics.window.ms", "300000"],
    ["completed.user.task.retention.time.ms", "86400000"],
    ["default.goals", DEFAULTS_WITHOUT_NETWORK],
    ["goals", GOALS.join(",")],
    ["hard.goals", [goal("RackAwareGoal"), goal("ReplicaCapacityGoal"), goal("DiskCapacityGoal"), goal("CpuCapacityGoal")].join(",")],
    ["metric.reporter.topic", "strimzi.cruisecontrol.metrics"],
    ["num.broker.metrics.windows", "20"],
    ["num.partition.metrics.windows", "1"],
    ["partition.metric.sample.store.topic", "strimzi.cruisecontrol.partitionmetricsamples"],
    ["partition.metrics.window.ms", "300000"],
    ["sample.store.topic.replication.factor", "3"],
    ["webserver.auth.credentials.file", "/opt/cruise-control/api-auth-config/cruise-control.authFile"],
    ["webserver.security.enable", "true"],
    ["webserver.ssl.enable", "true"],
  ]);
  const network = capacityConfiguration({ spec: { brokerCapacity: { inboundNetwork: "100MiB/s", outboundNetwork: "100MiB/s" } }, model });
  const withNetwork = new Map(cruiseControlProperties({ spec: {}, kafkaConfig: {}, capacity: network }));
  t.equal(withNetwork.get("default.goals"), GOALS.join(","), "every goal once every broker's network capacity is known");
  t.equal(withNetwork.get("hard.goals"), HARD_GOALS.join(","));
  t.equal(withNetwork.has("sample.store.topic.replication.factor"), false, "without default.replication.factor, Cruise Control's own");
  const heterogeneous = capacityConfiguration({ spec: { brokerCapacity: { inboundNetwork: "100MiB/s", outboundNetwork: "100MiB/s", overrides: [{ brokers: [1], inboundNetwork: "200MiB/s" }] } }, model });
  t.equal(new Map(cruiseControlProperties({ spec: {}, kafkaConfig: {}, capacity: heterogeneous })).get("default.goals"),
    GOALS.filter((g) => g !== goal("LeaderBytesInDistributionGoal")).join(","), "LeaderBytesInDistributionGoal needs equal inbound capacities");
});

t.test("cruisecontrol.properties: the user's values in their defaults' places, forbidden keys dropped, anomaly goals within the default goals", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml");
  const capacity = capacityConfiguration({ spec: {}, model });
  const properties = cruiseControlProperties({
    spec: { config: {
      "partition.metrics.window.ms": 10000, "bootstrap.servers": "elsewhere:9092", "ssl.protocol": "TLSv1.3", "webserver.http.port": 1234,
      "default.goals": `${goal("RackAwareGoal")}, ${goal("ReplicaCapacityGoal")}`, "max.replicas.per.broker": 5000,
    } },
    kafkaConfig: {},
    capacity,
  });
  t.same(properties.map(([k]) => k), [
    "broker.metric.sample.store.topic", "broker.metrics.window.ms", "completed.user.task.retention.time.ms", "default.goals", "goals", "hard.goals",
    "metric.reporter.topic", "num.broker.metrics.windows", "num.partition.metrics.windows", "partition.metric.sample.store.topic",
    "partition.metrics.window.ms", "webserver.auth.credentials.file", "webserver.security.enable", "webserver.ssl.enable",
    "ssl.protocol", "max.replicas.per.broker", "anomaly.detection.goals",
  ]);
  const byKey = new Map(properties);
  t.equal(byKey.get("partition.metrics.window.ms"), "10000");
  t.equal(byKey.get("anomaly.detection.goals"), `${goal("RackAwareGoal")}, ${goal("ReplicaCapacityGoal")}`,
    "Cruise Control's anomaly goals include goals outside these default goals: replaced by them, as Strimzi's checkGoals does");
  const kept = new Map(cruiseControlProperties({ spec: { config: { "anomaly.detection.goals": goal("RackAwareGoal") } }, kafkaConfig: {}, capacity }));
  t.equal(kept.get("anomaly.detection.goals"), goal("RackAwareGoal"), "anomaly goals among the default goals stay");
});

t.test("the users file: Jetty's format, Strimzi's roles, each name once", async (t) => {
  t.same(parseUsersFile("alice: secret1, VIEWER\nbob : secret2 , USER\n"), { users: [{ name: "alice", password: "secret1", role: "VIEWER" }, { name: "bob", password: "secret2", role: "USER" }] });
  t.same(parseUsersFile(""), { users: [] });
  t.same(parseUsersFile("alice: secret1\n"), { problem: "line 1 is not in the HashLoginService format `username: password, ROLE`" }, "the message never holds the line, which holds a password");
  t.same(parseUsersFile("alice: a, VIEWER\nalice: b, USER"), { problem: "the username alice is given twice" });
  t.same(parseUsersFile("alice: a, OWNER"), { problem: "line 1 has the unknown role OWNER" });
});

const USERS_SECRET = (file: string): KubeObject => ({
  apiVersion: "v1", kind: "Secret", metadata: { name: "cc-users", namespace: "myproject" }, data: { "users.txt": Buffer.from(file).toString("base64") },
});

function withUsers(file: string | undefined): SyncRequest {
  const request = requestWith((kafka) => {
    kafka.spec.cruiseControl = { apiUsers: { type: "hashLoginService", valueFrom: { secretKeyRef: { name: "cc-users", key: "users.txt" } } } };
  });
  if (file !== undefined) request.related[SECRETS] = { ...request.related[SECRETS], "myproject/cc-users": USERS_SECRET(file) };
  return request;
}

t.test("the API Secret: passwords generated once and kept, the Topic Operator's user, the user's users after them", async (t) => {
  const first = syncKafka(withUsers("alice: wonderland1, VIEWER\n"), ccEnvironment("first"));
  const api = named(first, "Secret", "my-cluster-cruise-control-api");
  const rebalance = text(api, "rebalance-operator.password");
  const health = text(api, "healthcheck.password");
  const topicOperator = text(named(first, "Secret", "my-cluster-entity-topic-operator-cc-api"), "topic-operator.apiAdminPassword");
  for (const password of [rebalance, health, topicOperator]) t.match(password, /^[A-Za-z][A-Za-z0-9]{15}$/);
  t.equal(text(named(first, "Secret", "my-cluster-entity-topic-operator-cc-api"), "topic-operator.apiAdminName"), "topic-operator");
  t.equal(text(api, "cruise-control.authFile"),
    `rebalance-operator: ${rebalance}, ADMIN\nhealthcheck: ${health}, USER\ntopic-operator: ${topicOperator}, ADMIN\nalice: wonderland1, VIEWER\n`);
  // Another seed would generate other passwords: the next sync keeps what the Secrets hold.
  const second = syncKafka(nextRequest(withUsers("alice: wonderland1, VIEWER\n"), first), ccEnvironment("second"));
  t.same(named(second, "Secret", "my-cluster-cruise-control-api"), api, "the API Secret is kept byte for byte");
  t.equal(text(named(second, "Secret", "my-cluster-entity-topic-operator-cc-api"), "topic-operator.apiAdminPassword"), topicOperator);
  const deployment = (answer: SyncResponse) => named(answer, "Deployment", "my-cluster-cruise-control") as Deployment | undefined;
  t.equal(deployment(second)?.spec?.template.metadata?.annotations?.["strimzi.io/auth-hash"], deployment(first)?.spec?.template.metadata?.annotations?.["strimzi.io/auth-hash"]);
  const changed = syncKafka(nextRequest(withUsers("alice: wonderland2, VIEWER\n"), first), ccEnvironment("second"));
  t.not(deployment(changed)?.spec?.template.metadata?.annotations?.["strimzi.io/auth-hash"], deployment(first)?.spec?.template.metadata?.annotations?.["strimzi.io/auth-hash"],
    "a changed user password restarts Cruise Control, which reads the file at start");
  t.notMatch(JSON.stringify(deployment(changed)), /wonderland/);
});

t.test("refusals name the field and keep every child", async (t) => {
  const running = syncKafka(exampleRequest(EXAMPLE), ccEnvironment());
  const cases: Array<[string, (kafka: Kafka) => void, SyncRequest | undefined, string]> = [
    ["a missing users Secret", () => {}, withUsers(undefined), "spec.cruiseControl.apiUsers.valueFrom.secretKeyRef: Secret cc-users does not exist"],
    ["a reserved username", () => {}, withUsers("healthcheck: x, USER"), "spec.cruiseControl.apiUsers.valueFrom.secretKeyRef: key users.txt of Secret cc-users: the username healthcheck is reserved (healthcheck, rebalance-operator, topic-operator)"],
    ["an ADMIN", () => {}, withUsers("mallory: x, ADMIN"), "spec.cruiseControl.apiUsers.valueFrom.secretKeyRef: key users.txt of Secret cc-users: user mallory has the role ADMIN, which only the operator's users may have"],
    ["a line not in the format", () => {}, withUsers("mallory"), "spec.cruiseControl.apiUsers.valueFrom.secretKeyRef: key users.txt of Secret cc-users: line 1 is not in the HashLoginService format `username: password, ROLE`"],
    ["self-healing", (kafka) => { kafka.spec.cruiseControl = { config: { "self.healing.goals": goal("RackAwareGoal") } }; }, undefined,
      'spec.cruiseControl.config["self.healing.goals"]: Cruise Control\'s self-healing is not supported: remove it'],
    ["the Strimzi Metrics Reporter", (kafka) => { kafka.spec.cruiseControl = { metricsConfig: { type: "strimziMetricsReporter" } }; }, undefined,
      "spec.cruiseControl.metricsConfig.type: the Strimzi Metrics Reporter is not supported for Cruise Control, whose metrics are JMX only: use jmxPrometheusExporter"],
  ];
  for (const [what, edit, given, message] of cases) {
    const request = nextRequest(given ?? requestWith(edit), running);
    const answer = syncKafka(request, ccEnvironment());
    const notReady = (answer.status as { conditions?: Array<{ type: string; reason?: string; message?: string }> }).conditions?.find((c) => c.type === "NotReady");
    t.equal(notReady?.reason, "InvalidResource", what);
    t.match(notReady?.message ?? "", message, what);
    t.same(answer.children.map((c) => `${c.kind}/${c.metadata.name}`).sort(), running.children.map((c) => `${c.kind}/${c.metadata.name}`).sort(), `${what}: every child kept`);
  }
});

t.test("forbidden options are dropped with a Warning naming them", async (t) => {
  const answer = syncKafka(requestWith((kafka) => { kafka.spec.cruiseControl = { config: { "bootstrap.servers": "x:1", "capacity.config.file": "/x", "ssl.protocol": "TLSv1.3" } }; }), ccEnvironment());
  const warning = (answer.status as { conditions?: Array<{ reason?: string; message?: string }> }).conditions?.find((c) => c.reason === "ForbiddenConfigOption");
  t.equal(warning?.message, "spec.cruiseControl.config: options managed by the operator were ignored: bootstrap.servers, capacity.config.file");
  t.notMatch(configFile(answer, "cruisecontrol.properties"), /bootstrap\.servers|capacity\.config\.file/);
  t.match(configFile(answer, "cruisecontrol.properties"), "ssl.protocol=TLSv1.3\n");
});

t.test("Strimzi's objects in Strimzi's order; the certificate serves the REST API and is a client of the brokers", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), ccEnvironment());
  const children = answer.children.filter((c) => c.metadata.labels?.["strimzi.io/name"] === "my-cluster-cruise-control");
  t.same(children.map((c) => `${c.kind}/${c.metadata.name}`), [
    "NetworkPolicy/my-cluster-network-policy-cruise-control", "ServiceAccount/my-cluster-cruise-control", "ConfigMap/my-cluster-cruise-control-config",
    "Secret/my-cluster-cruise-control-certs", "Secret/my-cluster-entity-topic-operator-cc-api", "Secret/my-cluster-cruise-control-api",
    "Service/my-cluster-cruise-control", "PodDisruptionBudget/my-cluster-cruise-control", "Deployment/my-cluster-cruise-control",
  ]);
  for (const child of children) t.equal(openApiError(child), undefined, `${child.kind} is a valid Kubernetes object`);
  const selector = { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-cruise-control" };
  t.same((named(answer, "NetworkPolicy", "my-cluster-network-policy-cruise-control") as { spec?: unknown }).spec, {
    podSelector: { matchLabels: selector },
    policyTypes: ["Ingress"],
    ingress: [{
      ports: [{ port: 9090, protocol: "TCP" }],
      from: [
        { namespaceSelector: { matchLabels: { "kafka-hooks.io/operator": "true" } }, podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } },
        { podSelector: { matchLabels: { "strimzi.io/name": "my-cluster-entity-operator" } } },
      ],
    }],
  });
  const brokersPolicy = named(answer, "NetworkPolicy", "my-cluster-network-policy-kafka") as { spec?: { ingress?: Array<{ ports?: Array<{ port?: number }>; from?: unknown[] }> } };
  t.same(brokersPolicy.spec?.ingress?.find((r) => r.ports?.[0]?.port === 9091)?.from?.filter((peer) => JSON.stringify(peer).includes("cruise-control")),
    [{ podSelector: { matchLabels: { "strimzi.io/name": "my-cluster-cruise-control" } } }], "the brokers admit it to the replication port");
  const certs = named(answer, "Secret", "my-cluster-cruise-control-certs");
  t.same(Object.keys((certs as Secret).data ?? {}), ["cruise-control.crt", "cruise-control.key", "cruise-control.p12", "cruise-control.password"]);
  const certificate = parseCertificate(text(certs, "cruise-control.crt"));
  t.equal(certificate.subject, "O=io.strimzi, CN=my-cluster-cruise-control");
  t.same([...certificate.dnsNames].sort(), ["localhost", "my-cluster-cruise-control", "my-cluster-cruise-control.myproject", "my-cluster-cruise-control.myproject.svc", "my-cluster-cruise-control.myproject.svc.cluster.local"]);
  t.same(new X509Certificate(text(certs, "cruise-control.crt")).keyUsage, ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], "serverAuth and clientAuth");
  t.same((named(answer, "Service", "my-cluster-cruise-control") as { spec?: unknown }).spec, {
    type: "ClusterIP", selector, ports: [{ name: "rest-api", port: 9090, targetPort: 9090, protocol: "TCP" }],
  });
});

t.test("the Deployment: apache/kafka with Cruise Control's jars from the kafka-extras image, Strimzi's environment, hashes that roll it", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), ccEnvironment());
  const deployment = named(answer, "Deployment", "my-cluster-cruise-control") as Deployment;
  const pod = deployment.spec?.template;
  const container = pod?.spec?.containers[0];
  t.equal(container?.image, "apache/kafka:4.3.1");
  t.same(container?.command, ["/bin/bash", "/opt/cruise-control/custom-config/cruise-control-run.sh"]);
  t.same(container?.env, [
    { name: "CRUISE_CONTROL_JMX_EXPORTER_ENABLED", value: "false" },
    { name: "STRIMZI_KAFKA_BOOTSTRAP_SERVERS", value: "my-cluster-kafka-bootstrap:9091" },
    { name: "STRIMZI_KAFKA_GC_LOG_ENABLED", value: "false" },
    { name: "STRIMZI_CC_API_SSL_ENABLED", value: "true" },
    { name: "STRIMZI_CC_API_AUTH_ENABLED", value: "true" },
    { name: "API_HEALTHCHECK_USERNAME", value: "healthcheck" },
    { name: "API_PORT", value: "9090" },
    { name: "API_HEALTHCHECK_PATH", value: "/kafkacruisecontrol/state" },
  ]);
  t.same(pod?.spec?.initContainers?.map((c) => [c.name, c.image, c.command]),
    [["kafka-extras", CC_EXTRAS_IMAGE, ["/bin/cp", "-R", "/opt/kafka-extras/cruise-control", "/opt/kafka-hooks/extra"]]], "the jars from the operator's image");
  const broker = (named(answer, "StrimziPodSet", "my-cluster-broker") as { spec?: { podTemplate?: { spec?: { initContainers?: Array<{ image?: string; command?: string[] }> } } } }).spec?.podTemplate?.spec;
  t.same(broker?.initContainers?.map((c) => [c.image, c.command]),
    [[CC_EXTRAS_IMAGE, ["/bin/cp", "-R", "/opt/kafka-extras/cruise-control-metrics-reporter", "/opt/kafka-hooks/extra"]]], "the brokers' reporter from the same image");
  t.same(container?.readinessProbe, { tcpSocket: { port: "rest-api" }, initialDelaySeconds: 15, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  t.same(Object.keys(pod?.metadata?.annotations ?? {}), [
    "strimzi.io/auth-hash", "strimzi.io/capacity-configuration-hash", "strimzi.io/cluster-ca-cert-generation", "strimzi.io/cluster-ca-key-generation",
    "strimzi.io/configuration-hash", "strimzi.io/server-cert-hash",
  ]);
  const windowed = syncKafka(requestWith((kafka) => { kafka.spec.cruiseControl = { config: { "partition.metrics.window.ms": 10000 } }; }), ccEnvironment());
  const annotations = (a: SyncResponse) => (named(a, "Deployment", "my-cluster-cruise-control") as Deployment).spec?.template.metadata?.annotations ?? {};
  t.not(annotations(windowed)["strimzi.io/configuration-hash"], annotations(answer)["strimzi.io/configuration-hash"], "a configuration change rolls it");
  t.equal(annotations(windowed)["strimzi.io/capacity-configuration-hash"], annotations(answer)["strimzi.io/capacity-configuration-hash"]);
  const capacity = syncKafka(requestWith((kafka) => { kafka.spec.cruiseControl = { brokerCapacity: { cpu: "2" } }; }), ccEnvironment());
  t.not(annotations(capacity)["strimzi.io/capacity-configuration-hash"], annotations(answer)["strimzi.io/capacity-configuration-hash"], "a capacity change rolls it");
});

t.test("the Kafka is Ready once Cruise Control's Deployment is", async (t) => {
  const first = syncKafka(exampleRequest(EXAMPLE), ccEnvironment());
  const notReady = syncKafka(nextRequest(exampleRequest(EXAMPLE), first, { readyReplicas: (d) => (d.metadata?.name === "my-cluster-cruise-control" ? 0 : 1) }), ccEnvironment());
  const conditions = (a: SyncResponse) => (a.status as { conditions?: Array<{ type: string; status: string; message?: string }> }).conditions ?? [];
  t.equal(conditions(notReady).find((c) => c.type === "Ready"), undefined);
  t.match(conditions(notReady).find((c) => c.type === "NotReady")?.message, "Deployment my-cluster-cruise-control 0/1 ready, 1/1 updated");
  const ready = syncKafka(nextRequest(exampleRequest(EXAMPLE), first), ccEnvironment());
  t.equal(conditions(ready).find((c) => c.type === "Ready")?.status, "True");
});

t.test("turning Cruise Control on rolls every broker, not the controllers, and the forecast says so", async (t) => {
  const without = requestWith((kafka) => { delete kafka.spec.cruiseControl; });
  const running = syncKafka(without, ccEnvironment());
  const settled = syncKafka(nextRequest(without, running), ccEnvironment());
  const enabled = nextRequest(without, settled);
  (enabled.parent as unknown as Kafka).spec.cruiseControl = {};
  const answer = syncKafka(enabled, ccEnvironment());
  const rolling = (answer.status as { conditions?: Array<{ type: string; message?: string }> }).conditions?.find((c) => c.type === "RollingUpdate");
  t.match(rolling?.message ?? "", /^will restart my-cluster-broker-0, my-cluster-broker-1, my-cluster-broker-2 \(/);
  t.notMatch(rolling?.message ?? "", "controller");
});

t.test("Java opens the keystore and truststore the start script names, with the passwords beside them", needsKeytool, async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), ccEnvironment());
  const certs = named(answer, "Secret", "my-cluster-cruise-control-certs");
  const ca = named(answer, "Secret", "my-cluster-cluster-ca-cert");
  const raw = (secret: KubeObject | undefined, key: string) => Buffer.from((secret as Secret | undefined)?.data?.[key] ?? "", "base64");
  withFiles({ "cruise-control.p12": raw(certs, "cruise-control.p12"), "ca.p12": raw(ca, "ca.p12") }, (dir) => {
    const keystore = keytool(dir, "-list", "-storetype", "PKCS12", "-keystore", "cruise-control.p12", "-storepass", text(certs, "cruise-control.password"));
    t.equal(keystore.status, 0, keystore.stderr);
    t.match(keystore.stdout, "Your keystore contains 1 entry");
    t.match(keystore.stdout, /cruise-control, .*PrivateKeyEntry/);
    const truststore = keytool(dir, "-list", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", text(ca, "ca.password"));
    t.equal(truststore.status, 0, truststore.stderr);
    t.match(truststore.stdout, /trustedCertEntry/);
  });
});

t.test("gate off (no CRUISE_CONTROL_EXTRAS_IMAGE): the answer is the one without spec.cruiseControl, plus a Warning naming it", async (t) => {
  const without = requestWith((kafka) => { delete kafka.spec.cruiseControl; });
  const plain = syncKafka(without, testEnvironment());
  const answer = syncKafka(exampleRequest(EXAMPLE), testEnvironment());
  t.same(answer.children, plain.children, "no Cruise Control object, no metrics reporter on any broker, no init container");
  t.notMatch(JSON.stringify(answer.children), /cruise-control|cruisecontrol/);
  const conditions = (a: SyncResponse) => (a.status as { conditions?: Array<{ type: string; status?: string; reason?: string; message?: string }> }).conditions ?? [];
  t.same(conditions(answer).filter((c) => c.type === "Warning").map((c) => [c.reason, c.message]), [["IgnoredField",
    "spec.cruiseControl: Cruise Control is not deployed and the brokers get no metrics reporter: the kafka-extras image lacks cruise-control and "
    + "cruise-control-metrics-reporter (Maven Central serves no com.linkedin.cruisecontrol artifact), and pods without them would not start; "
    + "set CRUISE_CONTROL_EXTRAS_IMAGE on the operator to a kafka-extras image that carries them"]]);
  t.same(conditions(answer).filter((c) => c.type !== "Warning"), conditions(plain), "everything else reconciles as without it");

  // Adding the section to a running cluster rolls nothing and changes no child.
  const running = syncKafka(without, testEnvironment());
  const settled = syncKafka(nextRequest(without, running), testEnvironment());
  const enabled = nextRequest(without, settled);
  (enabled.parent as unknown as Kafka).spec.cruiseControl = {};
  const added = syncKafka(enabled, testEnvironment());
  t.same(added.children, settled.children);
  t.same(conditions(added).filter((c) => c.type === "RollingUpdate"), [], "no roll forecast");
  t.equal(conditions(added).find((c) => c.type === "Ready")?.status, "True");
});

t.test("gate on: the operator's image turns it on; once jars.txt pins the jars, the default image does", async (t) => {
  t.same(cruiseControlGate(CC_EXTRAS_IMAGE), { on: true, kafkaExtrasImage: CC_EXTRAS_IMAGE });
  t.same(cruiseControlGate(undefined, []), { on: true });
  t.equal(cruiseControlGate(undefined).on, false);
  const on = syncKafka(exampleRequest(EXAMPLE), ccEnvironment());
  t.same(on.children.filter((c) => c.metadata.labels?.["strimzi.io/name"] === "my-cluster-cruise-control").map((c) => c.kind),
    ["NetworkPolicy", "ServiceAccount", "ConfigMap", "Secret", "Secret", "Secret", "Service", "PodDisruptionBudget", "Deployment"]);
  t.match((named(on, "ConfigMap", "my-cluster-broker-0") as { data?: Record<string, string> }).data?.["server.properties"],
    "metric.reporters=com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter\n");
  t.same((on.status as { conditions?: Array<{ type: string }> }).conditions?.filter((c) => c.type === "Warning"), [], "no Warning");
});

t.test("autoRebalance: with the gate on, no Warning and the sidecar's record on the PodSets is the status; with it off, named in a Warning of its own", async (t) => {
  const example = "cruise-control/kafka-cruise-control-auto-rebalancing.yaml";
  const warnings = (a: SyncResponse) => ((a.status as { conditions?: Array<{ type: string; reason?: string; message?: string }> }).conditions ?? [])
    .filter((c) => c.type === "Warning").map((c) => [c.reason, c.message]);
  const first = syncKafka(exampleRequest(example), ccEnvironment());
  t.same(warnings(first), []);
  t.equal((first.status as { autoRebalance?: unknown }).autoRebalance, undefined, "none before the sidecar's first record");

  const status = { state: "RebalanceOnScaleUp", lastTransitionTime: "2026-12-06T12:00:00.000Z", modes: [{ mode: "add-brokers", brokers: [3] }] };
  const record = JSON.stringify({ revision: 2, status, brokers: [0, 1, 2, 3], cordoned: [] });
  const next = nextRequest(exampleRequest(example), first);
  const podSets = Object.values(next.children[typeKey("StrimziPodSet", "core.strimzi.io/v1")] ?? {});
  t.ok(podSets.length > 0);
  for (const podSet of podSets) podSet.metadata.annotations = { ...podSet.metadata.annotations, "kafka-hooks.io/auto-rebalance": record };
  const recorded = syncKafka(next, ccEnvironment());
  t.strictSame((recorded.status as { autoRebalance?: unknown }).autoRebalance, status);
  t.same(recorded.children.map((c) => c.metadata.name), first.children.map((c) => c.metadata.name), "the record changes no child");

  const off = syncKafka(exampleRequest(example), testEnvironment());
  t.same(warnings(off).map(([reason]) => reason), ["IgnoredField"], "one condition per reason");
  t.equal(warnings(off)[0]?.[1]?.split("; ").at(-1), "spec.cruiseControl.autoRebalance: is ignored: Cruise Control is not deployed, so brokers are not rebalanced on scaling");
  t.equal((syncKafka(next, testEnvironment()).status as { autoRebalance?: unknown }).autoRebalance, undefined, "no status with the gate off, whatever the PodSets say");
});
