// The whole loop: the real hooks server over HTTP, driven by the Metacontroller
// stand-in, a kubelet stand-in, and the real sidecar, all on one stand-in API
// server (test/helpers/world.ts). Each scenario runs to convergence and asserts
// the end state and the path.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { exampleRequests } from "../helpers/examples.js";
import {
  clusterIn, conditions, exampleObjects, KAFKA_API, readiness, snapshot, startCluster, startHooks, type ClusterInWorld,
} from "../helpers/scenario.js";
import { World } from "../helpers/world.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

async function cluster(example: string, options?: Parameters<typeof startCluster>[2]): Promise<ClusterInWorld> {
  const c = await startCluster(hooks, example, options);
  t.teardown(() => c.world.stop());
  return c;
}

/**
 * Secrets a pod template mounts that the example leaves to the user (Keycloak's
 * `oauth-server-cert`): the user creates them, as Strimzi's documentation says;
 * without them the pods would wait in ContainerCreating.
 */
function usersSecrets(objects: readonly KubeObject[]): KubeObject[] {
  const names = objects.flatMap((o) => {
    const spec = o["spec"] as { kafka?: { template?: Template }; template?: Template } | undefined;
    return [...(spec?.kafka?.template?.pod?.volumes ?? []), ...(spec?.template?.pod?.volumes ?? [])].flatMap((v) => v.secret?.secretName ?? []);
  });
  const namespace = objects[0]?.metadata.namespace;
  return [...new Set(names)].map((name) => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, data: { "tls.crt": Buffer.from("the user's certificate").toString("base64") } }));
}
type Template = { pod?: { volumes?: Array<{ secret?: { secretName?: string } }> } };

t.test("every Strimzi example with a Kafka becomes Ready, all in one world with the sidecar", async (t) => {
  const examples = [...new Set(exampleRequests().map((e) => e.example))];
  const world = await World.start({ hooks: hooks.url, sidecar: {} });
  t.teardown(() => world.stop());
  // One namespace per example: several use the same cluster name. The user applies the whole file
  // (its ConfigMaps too, such as the metrics configuration) and the Secrets the example asks for.
  const clusters = examples.map((example, i) => {
    const objects = exampleObjects(example, `example-${i}`, undefined, ["Kafka", "KafkaNodePool", "ConfigMap", "Secret"]);
    for (const o of [...objects, ...usersSecrets(objects)]) world.apply(o);
    return { example, kafkas: objects.filter((o) => o.kind === "Kafka").map((k) => clusterIn(world, k.metadata.name, `example-${i}`, objects)) };
  });
  const rounds = await world.converge(60);
  t.ok(rounds < 60, `converged (${rounds} rounds)`);
  for (const { example, kafkas } of clusters) {
    for (const c of kafkas) {
      t.equal(readiness(c.kafka()), "Ready", `${example} ${c.name}: ${conditions(c.kafka())[0]?.message ?? ""}`);
      const persistent = c.pods().flatMap((p) => (p.spec?.volumes ?? []).flatMap((v) => v.persistentVolumeClaim?.claimName ?? []));
      t.same(c.claimNames().filter((n) => persistent.includes(n)).sort(), [...new Set(persistent)].sort(), `${example} ${c.name}: every claim a pod mounts was created by the sidecar`);
    }
  }
  t.ok(world.mc.calls.every((c) => c.status === 200), "every hook call answered 200");
  t.same(world.sidecarPodDeletions(), [], "the sidecar restarted no pod");
});

t.test("pools get their status: node ids, replicas and a label selector", async (t) => {
  const c = await cluster("kafka/kafka-persistent.yaml");
  t.match(c.pool("broker")?.["status"], { nodeIds: [0, 1, 2], replicas: 3, roles: ["broker"] });
  t.match(c.pool("controller")?.["status"], { nodeIds: [3, 4, 5], replicas: 3, roles: ["controller"] });
});

t.test("the hooks answering 500 for a while delete nothing, and the cluster converges afterwards", async (t) => {
  const c = await cluster("kafka/kafka-persistent.yaml");
  const before = snapshot(c.world);
  const pool = c.pool("broker") as KubeObject & { spec: { replicas: number } };
  c.world.apply({ ...pool, spec: { ...pool.spec, replicas: 4 } });
  hooks.down = true;
  try {
    await c.world.converge(5);
  } finally {
    hooks.down = false;
  }
  t.equal(snapshot(c.world), before, "nothing written while the hooks were down: no child, pod or claim changed");
  t.ok(c.world.mc.calls.slice(-3).every((call) => call.status === 500));
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready");
  t.same(c.podNames().filter((n) => n.includes("broker")), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6"]);
  t.ok(c.claimNames().includes("data-0-my-cluster-broker-6"), "the new broker's claim was created");
  t.same(c.world.sidecarPodDeletions(), [], "nothing was restarted");
});

t.test("an invalid edit of a Ready cluster is explained in the status and changes nothing", async (t) => {
  const c = await cluster("kafka/kafka-persistent.yaml");
  const before = snapshot(c.world);
  const k = c.kafka() as KubeObject & { spec: { kafka: { listeners: Array<Record<string, unknown>> } } };
  const listeners = k.spec.kafka.listeners.map((l, i) => (i === 0 ? { ...l, type: "carrier-pigeon" } : l));
  c.world.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, listeners } } });
  await c.world.converge();
  t.equal(readiness(c.kafka()), "NotReady InvalidResource");
  t.match(conditions(c.kafka())[0]?.message, /^spec\.kafka\.listeners\[0\]\.type: must be one of: /);
  t.equal(snapshot(c.world), before, "no child, pod or claim created, changed or deleted");
  t.same(c.world.sidecarPodDeletions(), [], "nothing was restarted");
});

t.test("a mutating webhook that annotates pods and Services rolls nothing and causes no endless updates", async (t) => {
  const mutate = (o: KubeObject) => {
    if (o.kind === "Pod" || o.kind === "Service") {
      o.metadata.annotations = { ...o.metadata.annotations, "webhook.example.com/injected": "yes" };
      o.metadata.labels = { ...o.metadata.labels, "webhook.example.com/team": "data" };
    }
  };
  const c = await cluster("kafka/kafka-persistent.yaml", { mutate, sidecar: {} });
  t.equal(readiness(c.kafka()), "Ready");
  t.ok(c.pods().every((p) => p.metadata?.annotations?.["webhook.example.com/injected"] === "yes"), "the webhook ran on every pod");
  const before = snapshot(c.world);
  const writes = c.world.mc.writes.length;
  await c.world.converge(4);
  t.equal(c.world.mc.writes.length, writes, "a converged cluster makes Metacontroller write nothing more");
  t.equal(snapshot(c.world), before, "and nobody else either");
  t.same(c.world.sidecarPodDeletions(), [], "the roller restarted no pod");
  for (const pool of ["broker", "controller"]) {
    const status = c.podSet(pool)?.status;
    t.equal(status?.currentPods, status?.pods, `${pool}: every pod current`);
  }
});

t.test("without the sidecar a configuration change leaves every pod out of date: pods are OnDelete children", async (t) => {
  const c = await cluster("kafka/kafka-ephemeral.yaml", {});
  t.equal(readiness(c.kafka()), "Ready");
  const k = c.kafka() as KubeObject & { spec: { kafka: { config: Record<string, unknown> } } };
  const pods = c.pods().map((p) => p.metadata?.uid);
  c.world.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, config: { ...k.spec.kafka.config, "log.retention.hours": 72 } } } });
  await c.world.converge();
  t.match(c.podSet("broker")?.status, { pods: 3, readyPods: 3, currentPods: 0 });
  t.match(conditions(c.kafka())[0], { type: "NotReady", reason: "PodsNotReady", message: /my-cluster-broker 3\/3 ready, 0\/3 current/ });
  t.same(c.pods().map((p) => p.metadata?.uid), pods, "no pod was recreated: Metacontroller never updates or replaces an OnDelete child");
});

t.test("deleting the Kafka deletes its children through the garbage collector, and leaves the user's pools", async (t) => {
  const c = await cluster("kafka/kafka-ephemeral.yaml", {});
  c.world.delete(KAFKA_API, "Kafka", c.namespace, c.name);
  await c.world.converge();
  const left = c.world.server.all().filter((o) => o.metadata.namespace === c.namespace).map((o) => `${o.kind}/${o.metadata.name}`);
  t.same(left, ["KafkaNodePool/broker", "KafkaNodePool/controller"], "only the user's pools are left: they are not the Kafka's children");
  t.match(c.pool("broker")?.["status"], { conditions: [{ type: "NotReady", reason: "KafkaNotFound" }] });
});
