// The Metacontroller stand-in driving the real hooks against a real API server:
// informers list and watch, children are created with the controller
// ownerReference, updated by three-way merge with the observed resourceVersion,
// deleted with uid preconditions, and the parent's status goes through the
// status subresource. The server's own defaulting and validation are in the
// loop, so "converged" means no endless updates against real storage.
import t, { type Test } from "tap";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import type { MetacontrollerStandIn } from "../../helpers/metacontroller-standin.js";
import { exampleObjects } from "../../helpers/scenario.js";
import { eventually } from "./cluster.js";
import { podsStartAtOnce, startLoop } from "./loop.js";
import { MESH_ANNOTATION, MESH_CONTAINER, MESH_ENV, MESH_VOLUME, registerMeshWebhook } from "./mutating-webhook.js";
import type { JsonMap } from "./rest.js";

const { cluster, store, mc, caughtUp } = await startLoop(t);

const NAMESPACE = "loop";
const MESH_NAMESPACE = "mesh";
const MAX_ROUNDS = 30;

/** Applies kafka-persistent in `namespace` and runs Metacontroller rounds until three in a row write nothing; asserts the end state. */
async function converge(t: Test, mc: MetacontrollerStandIn, namespace: string): Promise<void> {
  for (const object of exampleObjects("kafka/kafka-persistent.yaml", namespace)) await cluster.api.create(object as unknown as JsonMap);
  const calls = mc.calls.length;
  let quiet = 0;
  let rounds = 0;
  for (; rounds < MAX_ROUNDS && quiet < 3; rounds++) {
    const writes = mc.writes.length;
    await caughtUp();
    await mc.syncAll();
    await podsStartAtOnce(cluster, namespace);
    quiet = mc.writes.length === writes ? quiet + 1 : 0;
  }
  t.equal(quiet, 3, `three rounds in a row without a write (after ${rounds} rounds, ${mc.writes.length} writes)`);
  t.ok(mc.calls.slice(calls).every((c) => c.status === 200), "every hook call answered 200");

  const podSets = await cluster.api.list("core.strimzi.io/v1", "StrimziPodSet", namespace);
  t.same(podSets.map((p) => (p["metadata"] as { name: string }).name).sort(), ["my-cluster-broker", "my-cluster-controller"]);
  const pods = await cluster.api.list("v1", "Pod", namespace);
  t.equal(pods.length, 6, "every node's pod, created by the PodSet hook through Metacontroller");
  for (const pod of pods) {
    const owners = (pod as unknown as KubeObject).metadata.ownerReferences ?? [];
    t.match(owners, [{ kind: "StrimziPodSet", controller: true, blockOwnerDeletion: true }], "a pod's controller is its StrimziPodSet");
  }
  const kafka = await cluster.api.get({ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace } });
  t.match(kafka["status"], { observedGeneration: 1, conditions: [{ type: "Ready", status: "True" }] }, "Ready, the status written through the status subresource");

  // Converged: every stored child keeps its resourceVersion (and every pod its uid) over two more syncs.
  const versions = async (): Promise<string[]> => {
    const all: string[] = [];
    for (const [apiVersion, kind] of CHILD_KINDS) {
      for (const o of await cluster.api.list(apiVersion, kind, namespace)) {
        const metadata = o["metadata"] as { name: string; uid: string; resourceVersion: string };
        all.push(`${kind}/${metadata.name} ${metadata.uid}@${metadata.resourceVersion}`);
      }
    }
    return all.sort();
  };
  const before = await versions();
  for (let i = 0; i < 2; i++) {
    await caughtUp();
    await mc.syncAll();
  }
  t.same(await versions(), before, "no child written again, no pod re-created");
}

const CHILD_KINDS = [["core.strimzi.io/v1", "StrimziPodSet"], ["v1", "ConfigMap"], ["v1", "Secret"], ["v1", "Service"], ["v1", "ServiceAccount"],
  ["policy/v1", "PodDisruptionBudget"], ["networking.k8s.io/v1", "NetworkPolicy"], ["v1", "Pod"]] as const;

t.test("kafka-persistent converges against the real server, Ready, and then nothing writes", async (t) => {
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  await converge(t, mc, NAMESPACE);
  t.comment(`informers started over after: ${JSON.stringify(store.informerErrors())}`);
});

t.test("a mutating webhook injecting a sidecar, env, a volume and annotations causes no roll and no endless updates", async (t) => {
  const webhook = await registerMeshWebhook(cluster);
  t.teardown(() => webhook.close());
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: MESH_NAMESPACE, labels: { mesh: "on" } } });
  // The API server takes up a new webhook configuration shortly after it is written.
  let probe = 0;
  await eventually("the webhook to be called", async () => {
    const service = await cluster.api.create({ apiVersion: "v1", kind: "Service", metadata: { name: `probe-${probe++}`, namespace: MESH_NAMESPACE }, spec: { ports: [{ port: 80 }] } });
    return (service as unknown as KubeObject).metadata.annotations?.[MESH_ANNOTATION] === "true" ? true : undefined;
  }, 30_000);
  await converge(t, mc, MESH_NAMESPACE);
  for (const pod of await cluster.api.list("v1", "Pod", MESH_NAMESPACE)) {
    const spec = pod["spec"] as { containers: Array<{ name: string; env?: Array<{ name: string }> }>; volumes: Array<{ name: string }> };
    const name = (pod["metadata"] as { name: string }).name;
    t.ok(spec.containers.some((c) => c.name === MESH_CONTAINER) && spec.volumes.some((v) => v.name === MESH_VOLUME), `${name} has the injected sidecar and volume`);
    t.ok(spec.containers.every((c) => c.env?.some((e) => e.name === MESH_ENV)), `${name}: every container has the injected env`);
  }
  for (const service of await cluster.api.list("v1", "Service", MESH_NAMESPACE)) {
    const { name, annotations } = (service as unknown as KubeObject).metadata;
    t.equal(annotations?.[MESH_ANNOTATION], "true", `${name} is annotated`);
  }
  t.ok(webhook.reviews.includes("CREATE Pod") && webhook.reviews.includes("CREATE Service"), "the webhook saw pods and Services");
});
