// The whole loop: the real hooks server over HTTP, driven by the Metacontroller
// stand-in, with a kubelet stand-in making pods ready. Each scenario runs to
// convergence and asserts the end state and the path.
import type { AddressInfo } from "node:net";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { buildServer } from "../../hooks/server.js";
import { exampleRequests } from "../helpers/examples.js";
import { MetacontrollerStandIn, type StandInOptions } from "../helpers/metacontroller-standin.js";
import { NAMESPACE, readExample, testEnvironment } from "../helpers/requests.js";

const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
let hooksDown = false;
app.addHook("onRequest", async (_request, reply) => {
  if (hooksDown) await reply.code(500).send({ error: "INTERNAL_ERROR", message: "the hooks are down for this test" });
});
await app.listen({ port: 0, host: "127.0.0.1" });
const hooks = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
t.teardown(() => app.close());

type Condition = { type: string; status: string; reason?: string; message?: string };
const conditions = (kafka: KubeObject | undefined): Condition[] => ((kafka?.["status"] as { conditions?: Condition[] } | undefined)?.conditions ?? []);
const readiness = (kafka: KubeObject | undefined): string => {
  const first = conditions(kafka)[0];
  return first ? `${first.type}${first.reason ? ` ${first.reason}` : ""}` : "no status";
};

/** A stand-in holding the Kafka and pools of one example, synced to convergence. */
async function cluster(example: string, options: Omit<StandInOptions, "hooks"> = {}): Promise<{ mc: MetacontrollerStandIn; kafka: () => KubeObject | undefined; name: string }> {
  const mc = new MetacontrollerStandIn({ hooks, ...options });
  const objects = readExample(example).filter((o) => o.kind === "Kafka" || o.kind === "KafkaNodePool");
  for (const o of objects) mc.apply({ ...o, metadata: { ...o.metadata, namespace: NAMESPACE } });
  const name = objects.find((o) => o.kind === "Kafka")?.metadata.name ?? "";
  await mc.converge();
  return { mc, name, kafka: () => mc.get("kafka.strimzi.io/v1", "Kafka", NAMESPACE, name) };
}

// The children and their statuses; the user's own objects and the kubelet's pod statuses are left out.
const snapshot = (mc: MetacontrollerStandIn): string =>
  JSON.stringify([...mc.objects.entries()].filter(([, o]) => !["Kafka", "KafkaNodePool", "Pod"].includes(o.kind)).sort());
const podNames = (mc: MetacontrollerStandIn): string[] => mc.list("Pod").map((p) => p.metadata.name);

t.test("every Strimzi example with a Kafka becomes Ready", async (t) => {
  const examples = [...new Set(exampleRequests().map((e) => e.example))];
  for (const example of examples) {
    const { mc, kafka } = await cluster(example);
    t.equal(readiness(kafka()), "Ready", `${example}: ${conditions(kafka())[0]?.message ?? ""}`);
    t.ok(mc.calls.every((c) => c.status === 200), `${example}: every hook call answered 200`);
  }
});

t.test("pools get their status: node ids, replicas and a label selector", async (t) => {
  const { mc } = await cluster("kafka/kafka-persistent.yaml");
  const status = (name: string) => mc.get("kafka.strimzi.io/v1", "KafkaNodePool", NAMESPACE, name)?.["status"] as Record<string, unknown>;
  t.match(status("broker"), { nodeIds: [0, 1, 2], replicas: 3, roles: ["broker"] });
  t.match(status("controller"), { nodeIds: [3, 4, 5], replicas: 3, roles: ["controller"] });
});

t.test("scaling a pool up and down keeps node ids stable", async (t) => {
  const { mc, kafka } = await cluster("kafka/kafka-persistent.yaml");
  const pool = mc.get("kafka.strimzi.io/v1", "KafkaNodePool", NAMESPACE, "broker") as KubeObject & { spec: { replicas: number } };
  mc.apply({ ...pool, spec: { ...pool.spec, replicas: 5 } });
  await mc.converge();
  t.same(podNames(mc).filter((n) => n.includes("broker")), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6", "my-cluster-broker-7"]);
  t.equal(readiness(kafka()), "Ready");
  mc.apply({ ...pool, metadata: { ...pool.metadata, annotations: { "strimzi.io/remove-node-ids": "[1]" } }, spec: { ...pool.spec, replicas: 4 } });
  await mc.converge();
  t.same(podNames(mc).filter((n) => n.includes("broker")), ["my-cluster-broker-0", "my-cluster-broker-2", "my-cluster-broker-6", "my-cluster-broker-7"]);
  t.equal(readiness(kafka()), "Ready");
});

t.test("the hooks answering 500 for a while delete nothing, and the cluster converges afterwards", async (t) => {
  const { mc, kafka } = await cluster("kafka/kafka-persistent.yaml");
  const before = snapshot(mc);
  const pods = podNames(mc);
  const pool = mc.get("kafka.strimzi.io/v1", "KafkaNodePool", NAMESPACE, "broker") as KubeObject & { spec: { replicas: number } };
  mc.apply({ ...pool, spec: { ...pool.spec, replicas: 4 } });
  hooksDown = true;
  try {
    await mc.converge(5);
  } finally {
    hooksDown = false;
  }
  t.equal(snapshot(mc), before, "nothing written while the hooks were down");
  t.same(podNames(mc), pods, "no pod deleted");
  t.ok(mc.calls.slice(-3).every((c) => c.status === 500));
  await mc.converge();
  t.equal(readiness(kafka()), "Ready");
  t.equal(podNames(mc).filter((n) => n.includes("broker")).length, 4);
});

t.test("an invalid edit of a Ready cluster is explained in the status and changes nothing", async (t) => {
  const { mc, kafka } = await cluster("kafka/kafka-persistent.yaml");
  const before = snapshot(mc);
  const k = kafka() as KubeObject & { spec: { kafka: { listeners: Array<Record<string, unknown>> } } };
  const listeners = k.spec.kafka.listeners.map((l, i) => (i === 0 ? { ...l, type: "carrier-pigeon" } : l));
  mc.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, listeners } } });
  await mc.converge();
  t.equal(readiness(kafka()), "NotReady InvalidResource");
  t.match(conditions(kafka())[0]?.message, /^spec\.kafka\.listeners\[0\]\.type: must be one of: /);
  t.equal(snapshot(mc), before, "no child created, changed or deleted");
});

t.test("a mutating webhook that annotates pods and Services rolls nothing and causes no endless updates", async (t) => {
  const mutate = (o: KubeObject) => {
    if (o.kind === "Pod" || o.kind === "Service") {
      o.metadata.annotations = { ...o.metadata.annotations, "webhook.example.com/injected": "yes" };
      o.metadata.labels = { ...o.metadata.labels, "webhook.example.com/team": "data" };
    }
  };
  const { mc, kafka } = await cluster("kafka/kafka-persistent.yaml", { mutate });
  t.equal(readiness(kafka()), "Ready");
  const writes = mc.writes.length;
  await mc.converge(4);
  t.equal(mc.writes.length, writes, "a converged cluster writes nothing more");
  for (const podSet of mc.list("StrimziPodSet")) {
    const status = podSet["status"] as { pods: number; currentPods: number };
    t.equal(status.currentPods, status.pods, `${podSet.metadata.name}: every pod current`);
  }
});

t.test("a configuration change makes every pod out of date, for the roller to restart", async (t) => {
  const { mc, kafka } = await cluster("kafka/kafka-persistent.yaml");
  const k = kafka() as KubeObject & { spec: { kafka: { config: Record<string, unknown> } } };
  mc.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, config: { ...k.spec.kafka.config, "log.retention.hours": 72 } } } });
  await mc.converge();
  const brokers = mc.get("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE, "my-cluster-broker") as StrimziPodSet;
  t.match(brokers.status, { pods: 3, readyPods: 3, currentPods: 0 });
  t.match(conditions(kafka())[0], { type: "NotReady", reason: "PodsNotReady", message: /my-cluster-broker 3\/3 ready, 0\/3 current/ });
  t.equal(mc.list("Pod").length, 6, "pods are never recreated by the hooks themselves");
});

t.test("deleting the Kafka deletes its children", async (t) => {
  const { mc, kafka } = await cluster("kafka/kafka-persistent.yaml");
  const k = kafka();
  if (!k) throw new Error("the Kafka exists");
  mc.delete(k);
  t.same(mc.list("StrimziPodSet"), []);
  t.same(mc.list("Pod"), []);
  t.same(mc.list("Secret"), []);
  t.same(mc.list("KafkaNodePool").map((p) => p.metadata.name), ["broker", "controller"], "the user's pools are not the Kafka's children");
});
