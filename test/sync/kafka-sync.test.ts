import t from "tap";
import { ANNOTATION } from "../../lib/labels.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { seededRandom } from "../../lib/environment.js";
import { settledCluster } from "../helpers/example-cluster.js";
import { nextRequest, observe } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";
// A fresh environment per sync: the cluster id is the first thing a first sync draws from it.
const env = () => testEnvironment();
const expectedClusterId = seededRandom("test")(16).toString("base64url");

const names = (children: readonly KubeObject[]) => children.map((c) => `${c.kind}/${c.metadata.name}`);
const podSets = (children: readonly KubeObject[]) => children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet");
const podNames = (children: readonly KubeObject[]) => Object.fromEntries(podSets(children).map((ps) => [ps.metadata.name, ps.spec.pods.map((p) => p.metadata.name)]));

function pool(request: SyncRequest, name: string): KafkaNodePool {
  return request.related[POOLS]?.[`myproject/${name}`] as KafkaNodePool;
}


t.test("a first sync of the persistent example builds the whole cluster", async (t) => {
  const answer = syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), env());
  const caSecret = answer.children.find((c) => c.metadata.name === "my-cluster-cluster-ca-cert") as unknown as { data: Record<string, string> };
  const clusterCa = Buffer.from(caSecret.data["ca.crt"] ?? "", "base64").toString();
  t.same(names(answer.children), [
    "StrimziPodSet/my-cluster-broker", "StrimziPodSet/my-cluster-controller",
    "ConfigMap/my-cluster-broker-0", "ConfigMap/my-cluster-broker-1", "ConfigMap/my-cluster-broker-2",
    "ConfigMap/my-cluster-controller-3", "ConfigMap/my-cluster-controller-4", "ConfigMap/my-cluster-controller-5",
    "Secret/my-cluster-cluster-ca-cert", "Secret/my-cluster-cluster-ca", "Secret/my-cluster-clients-ca-cert", "Secret/my-cluster-clients-ca",
    "Secret/my-cluster-trustbundle", "Secret/my-cluster-broker-0", "Secret/my-cluster-broker-1", "Secret/my-cluster-broker-2",
    "Secret/my-cluster-controller-3", "Secret/my-cluster-controller-4", "Secret/my-cluster-controller-5",
    "Secret/my-cluster-cluster-operator-certs",
    "Service/my-cluster-kafka-bootstrap", "Service/my-cluster-kafka-brokers",
    "PodDisruptionBudget/my-cluster-kafka", "ServiceAccount/my-cluster-kafka", "NetworkPolicy/my-cluster-network-policy-kafka",
    // The Entity Operator (spec.entityOperator), in Strimzi's order.
    "ServiceAccount/my-cluster-entity-operator", "Role/my-cluster-entity-operator", "NetworkPolicy/my-cluster-entity-operator",
    "PodDisruptionBudget/my-cluster-entity-operator", "RoleBinding/my-cluster-entity-topic-operator-role", "RoleBinding/my-cluster-entity-user-operator-role",
    "ConfigMap/my-cluster-entity-topic-operator-config", "ConfigMap/my-cluster-entity-user-operator-config",
    "Secret/my-cluster-entity-topic-operator-certs", "Secret/my-cluster-entity-user-operator-certs", "Deployment/my-cluster-entity-operator",
  ]);
  t.same(answer.status, {
    conditions: [{
      type: "NotReady", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "PodsNotReady",
      message: "waiting for my-cluster-broker not yet reconciled; my-cluster-controller not yet reconciled; Deployment my-cluster-entity-operator not yet reconciled",
    }],
    observedGeneration: 1,
    listeners: [
      { name: "plain", addresses: [{ host: "my-cluster-kafka-bootstrap.myproject.svc", port: 9092 }], bootstrapServers: "my-cluster-kafka-bootstrap.myproject.svc:9092" },
      // A TLS listener's clients trust the cluster CA.
      { name: "tls", addresses: [{ host: "my-cluster-kafka-bootstrap.myproject.svc", port: 9093 }], bootstrapServers: "my-cluster-kafka-bootstrap.myproject.svc:9093", certificates: [clusterCa] },
    ],
    kafkaNodePools: [{ name: "broker" }, { name: "controller" }],
    clusterId: expectedClusterId,
    kafkaVersion: "4.3.1",
    kafkaMetadataVersion: "4.3-IV0",
    podSetsRevision: answer.children.find((c) => c.kind === "StrimziPodSet")?.metadata.annotations?.[ANNOTATION.podSetsRevision],
  });
});

t.test("Ready once every PodSet reports all its pods ready and current", async (t) => {
  const first = exampleRequest("kafka/kafka-persistent.yaml");
  const answer = syncKafka(first, env());
  const halfReady = { ...nextRequest(first, answer), children: observe(answer.children, first.children, { readyPods: (ps) => (ps.metadata.name.endsWith("broker") ? 2 : 3) }) };
  t.same(syncKafka(halfReady, env()).status.conditions?.[0], {
    type: "NotReady", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "PodsNotReady",
    message: "waiting for my-cluster-broker 2/3 ready, 3/3 current",
  });
  const ready = syncKafka(nextRequest(first, answer), env());
  t.same(ready.status.conditions, [{ type: "Ready", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z" }]);
  t.equal(ready.status.operatorLastSuccessfulVersion, "0.1.0");
});

t.test("a steady-state sync answers exactly what it answered before", async (t) => {
  const first = exampleRequest("kafka/kafka-jbod.yaml");
  const answer = syncKafka(first, env());
  const second = syncKafka(nextRequest(first, answer), testEnvironment("another seed"));
  t.same(second.children, answer.children);
});

t.test("the cluster id survives a status wipe and is never regenerated for an existing cluster", async (t) => {
  const first = exampleRequest("kafka/kafka-persistent.yaml");
  const answer = syncKafka(first, env());
  t.equal(answer.status.clusterId, expectedClusterId);
  const other = testEnvironment("a different seed");

  const withStatus = syncKafka(nextRequest(first, answer), other);
  t.equal(withStatus.status.clusterId, expectedClusterId);

  const wiped = nextRequest(first, answer);
  delete (wiped.parent as { status?: unknown }).status;
  const afterWipe = syncKafka(wiped, other);
  t.equal(afterWipe.status.clusterId, expectedClusterId);
  t.same(afterWipe.children, answer.children);

  // Children that lost their annotation: the status still knows the id.
  const stripped = nextRequest(first, answer);
  for (const ps of Object.values(stripped.children["StrimziPodSet.core.strimzi.io/v1"] ?? {})) delete ps.metadata.annotations?.["strimzi.io/cluster-id"];
  t.equal(syncKafka(stripped, other).status.clusterId, expectedClusterId);

  // Neither: refuse, change nothing.
  delete (stripped.parent as { status?: unknown }).status;
  const refused = syncKafka(stripped, other);
  t.equal(refused.status.conditions?.[0]?.reason, "ClusterIdMissing");
  t.same(refused.children, keepObservedChildren(stripped.children));
  t.same(new Set(names(refused.children)), new Set(names(answer.children)));
});

t.test("node ids follow the pools through scale-up, scale-down and a new pool", async (t) => {
  const first = exampleRequest("kafka/kafka-persistent.yaml");
  let request = first;
  let answer = syncKafka(request, env());
  t.same(podNames(answer.children), {
    "my-cluster-broker": ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"],
    "my-cluster-controller": ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"],
  });

  request = nextRequest(request, answer);
  pool(request, "broker").spec.replicas = 5;
  answer = syncKafka(request, env());
  t.same(podNames(answer.children)["my-cluster-broker"], ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6", "my-cluster-broker-7"]);

  request = nextRequest(request, answer);
  const broker = pool(request, "broker");
  broker.spec.replicas = 3;
  broker.metadata.annotations = { "strimzi.io/remove-node-ids": "[1, 6]" };
  answer = syncKafka(request, env());
  t.same(podNames(answer.children)["my-cluster-broker"], ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6", "my-cluster-broker-7"],
    "brokers 1 and 6 keep running until Kafka confirms they host no partition replicas");
  const brokerPodSet = answer.children.find((c) => c.metadata.name === "my-cluster-broker");
  t.equal(brokerPodSet?.metadata.annotations?.["kafka-hooks.io/brokers-to-remove"], "1,6", "the PodSet asks the sidecar");
  t.equal(answer.status.conditions?.[0]?.reason, "ScaleDownPending");

  // The sidecar's answer, as it writes it on the PodSet.
  request = nextRequest(request, answer);
  const observedBrokers = request.children[typeKey("StrimziPodSet", STRIMZI_PODSET_API_VERSION)]?.["myproject/my-cluster-broker"];
  if (observedBrokers) observedBrokers.metadata.annotations = { ...observedBrokers.metadata.annotations, "kafka-hooks.io/removable-brokers": "1,6" };
  answer = syncKafka(request, env());
  t.same(podNames(answer.children)["my-cluster-broker"], ["my-cluster-broker-0", "my-cluster-broker-2", "my-cluster-broker-7"]);

  request = nextRequest(request, answer);
  const added = structuredClone(pool(request, "broker"));
  added.metadata = { name: "big", namespace: "myproject", labels: { "strimzi.io/cluster": "my-cluster" }, annotations: { "strimzi.io/next-node-ids": "[100-110]" } };
  added.spec.replicas = 2;
  (request.related[POOLS] as Record<string, KubeObject>)["myproject/big"] = added;
  answer = syncKafka(request, env());
  t.same(podNames(answer.children), {
    "my-cluster-big": ["my-cluster-big-100", "my-cluster-big-101"],
    "my-cluster-broker": ["my-cluster-broker-0", "my-cluster-broker-2", "my-cluster-broker-7"],
    "my-cluster-controller": ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"],
  });
  t.same(answer.status.kafkaNodePools, [{ name: "big" }, { name: "broker" }, { name: "controller" }]);
});

t.test("invalid input: a NotReady condition names the field, and every existing child is kept as it was", async (t) => {
  const first = exampleRequest("kafka/kafka-persistent.yaml");
  const answer = syncKafka(first, env());
  const settled = nextRequest(first, answer);
  const kept = keepObservedChildren(settled.children);
  t.same(new Set(names(kept)), new Set(names(answer.children)));
  for (const child of kept) {
    const desired = answer.children.find((c) => c.kind === child.kind && c.metadata.name === child.metadata.name);
    t.same(child, desired, `${child.kind}/${child.metadata.name} re-emitted exactly as last desired`);
  }

  const cases: Array<{ name: string; change: (r: SyncRequest) => void; reason: string; message: string }> = [
    {
      name: "bad listener type",
      change: (r) => { (r.parent.spec as { kafka: { listeners: Array<{ type: string }> } }).kafka.listeners[0]!.type = "bogus"; },
      reason: "InvalidResource",
      message: /spec\.kafka\.listeners\[0\]\.type: must be one of/.source,
    },
    {
      name: "pool without roles",
      change: (r) => { pool(r, "broker").spec.roles = []; },
      reason: "InvalidResource",
      message: /KafkaNodePool\/broker spec\.roles: /.source,
    },
    {
      name: "no controller",
      change: (r) => { pool(r, "controller").spec.roles = ["broker"]; },
      reason: "NoControllerNodes",
      message: /KafkaNodePool: no node pool with the controller role has replicas/.source,
    },
    {
      name: "no broker",
      change: (r) => { pool(r, "broker").spec.replicas = 0; },
      reason: "NoBrokerNodes",
      message: /KafkaNodePool: no node pool with the broker role has replicas/.source,
    },
    {
      name: "duplicate node ids",
      change: (r) => {
        const ps = r.children["StrimziPodSet.core.strimzi.io/v1"]?.["myproject/my-cluster-controller"] as StrimziPodSet;
        ps.spec.pods[0]!.metadata.name = "my-cluster-controller-1";
      },
      reason: "DuplicateNodeIds",
      message: /KafkaNodePool\/controller: node id 1 is also used by KafkaNodePool\/broker/.source,
    },
    {
      name: "duplicate listener port",
      change: (r) => { (r.parent.spec as { kafka: { listeners: Array<{ port: number }> } }).kafka.listeners[1]!.port = 9092; },
      reason: "InvalidResource",
      message: /spec\.kafka\.listeners\[1\]\.port: listener tls: port 9092 is already the port of listener plain \(listeners\[0\]\)/.source,
    },
    {
      name: "no pools at all",
      change: (r) => { r.related[POOLS] = {}; },
      reason: "NoNodePools",
      message: /no KafkaNodePool has the label strimzi.io\/cluster=my-cluster/.source,
    },
  ];
  for (const c of cases) {
    const request = structuredClone(settled);
    c.change(request);
    const rejected = syncKafka(request, env());
    t.equal(rejected.status.conditions?.length, 1, c.name);
    t.match(rejected.status.conditions?.[0], { type: "NotReady", status: "True", reason: c.reason, message: new RegExp(c.message) }, c.name);
    t.match(rejected.status.conditions?.[0]?.message, /Nothing was changed\.$/, c.name);
    t.same(rejected.children, keepObservedChildren(request.children), `${c.name}: children kept`);
    t.equal(rejected.status.clusterId, expectedClusterId, `${c.name}: cluster id kept in status`);
    t.same(rejected.status.listeners, answer.status.listeners, `${c.name}: listeners kept in status`);
  }
});

t.test("forbidden config options are dropped and reported as a Warning", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const kafkaSpec = (request.parent.spec as { kafka: { config: Record<string, unknown> } }).kafka;
  kafkaSpec.config = { ...kafkaSpec.config, "listeners": "PLAINTEXT://:1234", "node.id": 7, "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384" };
  const answer = syncKafka(request, env());
  t.same(answer.status.conditions?.filter((c) => c.type === "Warning"), [{
    type: "Warning", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "ForbiddenConfigOption",
    message: "spec.kafka.config: options managed by the operator were ignored: listeners, node.id",
  }]);
  const config = answer.children.find((c) => c.metadata.name === "my-cluster-broker-0") as unknown as { data: Record<string, string> };
  t.match(config.data["server.properties"], /^ssl\.cipher\.suites=TLS_AES_256_GCM_SHA384$/m);
  t.notMatch(config.data["server.properties"], /PLAINTEXT:\/\/:1234/);
  t.match(config.data["server.properties"], /^node\.id=0$/m);
});

t.test("names too long for a pod's hostname or the certificate subject are refused, naming the field", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const name = "a".repeat(59);
  request.parent.metadata.name = name;
  for (const pool of Object.values(request.related[POOLS] ?? {})) pool.metadata.labels = { ...pool.metadata.labels, "strimzi.io/cluster": name };
  const answer = syncKafka(request, env());
  t.equal(answer.status.conditions?.[0]?.message,
    `metadata.name: the pod name ${name}-controller-3 is 72 characters; the Kafka's and pool's names together must leave it at most 63; `
    + `metadata.name: is 59 characters; at most 58 (the nodes' certificate subject ${name}-kafka must fit in 64). Nothing was changed.`);
  t.same(answer.children, []);
});

t.test("a Kafka re-created after everything but its kept claims was deleted finds the cluster id on the claims", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const claim = (name: string, id: string) => ({
    apiVersion: "v1", kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "myproject", labels: { "strimzi.io/cluster": "my-cluster" }, annotations: { "strimzi.io/cluster-id": id } },
  });
  request.related["PersistentVolumeClaim.v1"] = { "myproject/data-0-my-cluster-controller-3": claim("data-0-my-cluster-controller-3", "kept-id") };
  t.equal(syncKafka(request, env()).status.clusterId, "kept-id");
  request.related["PersistentVolumeClaim.v1"]["myproject/data-0-my-cluster-controller-4"] = claim("data-0-my-cluster-controller-4", "other-id");
  t.match(syncKafka(request, env()).status.conditions?.[0], {
    reason: "ClusterIdMissing",
    message: /disagree on the cluster id \(PersistentVolumeClaim\/data-0-my-cluster-controller-3=kept-id, PersistentVolumeClaim\/data-0-my-cluster-controller-4=other-id\)/,
  });
});

t.test("logging comes from the user's ConfigMap for external logging, and changes no pod's revision", async (t) => {
  const { request } = settledCluster(exampleRequest("kafka/kafka-persistent.yaml"));
  const revisions = (answer: ReturnType<typeof syncKafka>) => answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")
    .flatMap((ps) => ps.spec.pods.map((p) => p.metadata.annotations?.["strimzi.io/configuration-hash"]));
  const logging = (answer: ReturnType<typeof syncKafka>) => (answer.children.find((c) => c.metadata.name === "my-cluster-broker-0") as { data?: Record<string, string> }).data?.["log4j2.properties"];
  const before = syncKafka(request, env());

  const external = structuredClone(request);
  (external.parent.spec as { kafka: { logging?: object } }).kafka.logging = { type: "external", valueFrom: { configMapKeyRef: { name: "my-logging", key: "log4j2.properties" } } };
  const missing = syncKafka(external, env());
  t.match(missing.status.conditions, [{ type: "Ready" }, { type: "Warning", reason: "ExternalLoggingNotFound", message: /ConfigMap my-logging does not exist; the default logging is used/ }]);
  t.equal(logging(missing), logging(before));

  const own = "monitorInterval=30\nrootLogger.level=DEBUG\nrootLogger.appenderRef.console.ref=STDOUT\n";
  external.related["ConfigMap.v1"] = { "myproject/my-logging": { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "my-logging", namespace: "myproject" }, data: { "log4j2.properties": own } } };
  const read = syncKafka(external, env());
  t.equal(logging(read), own, "the user's file, as it is");
  t.notOk(read.status.conditions?.some((c) => c.reason === "ExternalLoggingNotFound"));
  t.same(revisions(read), revisions(before), "log4j2 re-reads its file: no pod restarts for a logging change");
  t.same(revisions(missing), revisions(before));
});
