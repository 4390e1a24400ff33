// What a sync remembers of a cluster is recalled only while it still stands:
// the same inputs, the same environment, and a clock before any certificate's
// renewal window.
import { X509Certificate } from "node:crypto";
import t from "tap";
import type { Secret } from "../../lib/api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION } from "../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { Environment } from "../../lib/environment.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { createSyncMemory, type SyncMemory } from "../../lib/sync/remembered.js";
import { settledCluster } from "../helpers/example-cluster.js";
import { exampleRequests } from "../helpers/examples.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import { childObjects, EncodedChildren, type AnswerChildren } from "../../lib/sync/encoded-children.js";

const SECRETS = typeKey("Secret", "v1");
const NODE_SECRET = "my-cluster-broker-0";
const nodeSecret = (request: SyncRequest): Secret => request.children[SECRETS]?.[`myproject/${NODE_SECRET}`] as Secret;
const child = (children: AnswerChildren, name: string): Secret => childObjects(children).find((c) => c.metadata.name === name) as Secret;

function settled(): { request: SyncRequest; env: Environment & { clock: { now: Date } }; memory: SyncMemory } {
  const clock = { now: new Date("2026-11-24T12:00:00.000Z") };
  const env = { ...testEnvironment("remembered"), now: () => clock.now, clock };
  const memory = createSyncMemory();
  const { request } = settledCluster(exampleRequest("kafka/kafka-persistent.yaml"));
  // Settle once more under this environment, so what follows starts from remembered results.
  syncKafka(request, env, memory);
  return { request, env, memory };
}

t.test("a request whose inputs have not changed gets the same children, also after a PodSet status change", async (t) => {
  const { request, env, memory } = settled();
  const first = syncKafka(request, env, memory);
  const again = structuredClone(request);
  for (const podSet of Object.values(again.children[typeKey("StrimziPodSet", STRIMZI_PODSET_API_VERSION)] ?? {})) podSet.metadata.resourceVersion = "99";
  t.equal(syncKafka(again, env, memory).children, first.children);
});

t.test("a changed spec or Secret builds afresh, also when the request is changed in place", async (t) => {
  const { request, env, memory } = settled();
  const first = syncKafka(request, env, memory);
  (request.parent.spec as { kafka: { config: Record<string, unknown> } }).kafka.config["log.retention.hours"] = 1;
  const reconfigured = syncKafka(request, env, memory);
  t.not(reconfigured.children, first.children);
  t.match(JSON.stringify(reconfigured.children), /log\.retention\.hours=1/);

  const secret = nodeSecret(request);
  secret.data = { ...secret.data, [`${NODE_SECRET}.crt`]: Buffer.from("not a certificate").toString("base64") };
  const repaired = syncKafka(request, env, memory);
  t.not(repaired.children, reconfigured.children, "a corrupted node certificate is seen at once");
  t.not(child(repaired.children, NODE_SECRET).data?.[`${NODE_SECRET}.crt`], secret.data[`${NODE_SECRET}.crt`]);
});

t.test("certificates stand until the first one enters its renewal window, under the same moving clock", async (t) => {
  const { request, env, memory } = settled();
  const before = syncKafka(request, env, memory);
  const pem = Buffer.from(nodeSecret(request).data?.[`${NODE_SECRET}.crt`] ?? "", "base64").toString();
  const validTo = Date.parse(new X509Certificate(pem).validTo);
  env.clock.now = new Date(validTo - 29 * 86_400_000);
  const due = syncKafka(request, env, memory);
  t.not(due.children, before.children, "inside the 30-day window the node certificates are renewed");
  t.not(child(due.children, NODE_SECRET).data?.[`${NODE_SECRET}.crt`], nodeSecret(request).data?.[`${NODE_SECRET}.crt`]);
});

t.test("for every example and a run of edits, a remembered answer equals one built afresh", async (t) => {
  const env = testEnvironment("differential");
  const memory = createSyncMemory();
  const edits: Array<[string, (request: SyncRequest) => void]> = [
    ["unchanged", () => undefined],
    ["a PodSet status change", (request) => {
      for (const podSet of Object.values(request.children[typeKey("StrimziPodSet", STRIMZI_PODSET_API_VERSION)] ?? {})) podSet.metadata.resourceVersion = "7";
    }],
    ["a configuration change", (request) => {
      (request.parent.spec as { kafka: { config?: Record<string, unknown> } }).kafka.config = { "log.retention.hours": 7 };
    }],
    ["the change undone", (request) => {
      delete (request.parent.spec as { kafka: { config?: Record<string, unknown> } }).kafka.config;
    }],
    ["an annotation on the Kafka", (request) => {
      request.parent.metadata.annotations = { ...request.parent.metadata.annotations, "strimzi.io/skip-broker-scaledown-check": "true" };
    }],
  ];
  for (const { example, request: first } of exampleRequests()) {
    const { request: settledRequest } = settledCluster(first);
    const request = structuredClone(settledRequest);
    for (const [edit, change] of edits) {
      change(request);
      const remembered = syncKafka(structuredClone(request), env, memory);
      const again = syncKafka(structuredClone(request), env, memory);
      const fresh = syncKafka(structuredClone(request), env);
      t.equal(JSON.stringify(again), JSON.stringify(remembered), `${example}, ${edit}: the same answer twice`);
      t.equal(JSON.stringify(fresh), JSON.stringify(remembered), `${example}, ${edit}: remembered equals afresh`);
    }
  }
});

t.test("a removed pool whose brokers still run is held: its PodSet follows the remembered children, as built afresh", async (t) => {
  const env = testEnvironment("removed-pool");
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const pools = request.related[typeKey("KafkaNodePool", "kafka.strimzi.io/v1")] ?? {};
  const second = structuredClone(pools["myproject/broker"]) as KafkaNodePool;
  second.metadata.name = "second";
  second.spec.replicas = 1;
  pools["myproject/second"] = second;
  const settled = settledCluster(request).request;
  delete settled.related[typeKey("KafkaNodePool", "kafka.strimzi.io/v1")]?.["myproject/second"];
  const memory = createSyncMemory();
  syncKafka(structuredClone(settled), env, memory);
  const remembered = syncKafka(structuredClone(settled), env, memory);
  t.ok(remembered.children instanceof EncodedChildren, "the cluster's children are recalled");
  const kept = remembered.children instanceof EncodedChildren ? remembered.children.kept : [];
  t.same(kept.map((c) => `${c.kind}/${c.metadata.name}`), [
    "Secret/my-cluster-cluster-ca-cert", "Secret/my-cluster-clients-ca-cert",
    "StrimziPodSet/my-cluster-second", "ConfigMap/my-cluster-second-6", "Secret/my-cluster-second-6",
  ], "as objects, the CA certificate Secrets, then the held pool's children");
  t.equal(JSON.stringify(remembered), JSON.stringify(syncKafka(structuredClone(settled), env)), "the same answer as built afresh");
});
