// The Metacontroller stand-in driving the real hooks against a real API server:
// informers list and watch, children are created with the controller
// ownerReference, updated by three-way merge with the observed resourceVersion,
// deleted with uid preconditions, and the parent's status goes through the
// status subresource. The server's own defaulting and validation are in the
// loop, so "converged" means no endless updates against real storage.
import t from "tap";
import { join } from "node:path";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import { MetacontrollerStandIn } from "../../helpers/metacontroller-standin.js";
import { repoRoot } from "../../helpers/paths.js";
import { exampleObjects, startHooks } from "../../helpers/scenario.js";
import { eventually, startCluster } from "./cluster.js";
import { realStore } from "./metacontroller-store.js";
import type { JsonMap } from "./rest.js";

const cluster = await startCluster();
t.teardown(() => cluster.stop());
await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
await cluster.kubectl(["wait", "--for", "condition=established", "--timeout=60s", "crd", "--all"]);
const hooks = await startHooks();
t.teardown(() => hooks.close());
const store = realStore(cluster);
t.teardown(() => store.stop());

const NAMESPACE = "loop";
const MAX_ROUNDS = 30;

/** What a kubelet would report for a pod whose containers started: Running and Ready. */
async function startPods(): Promise<void> {
  for (const pod of await cluster.api.list("v1", "Pod", NAMESPACE)) {
    const status = pod["status"] as { conditions?: Array<{ type: string; status: string }> } | undefined;
    if (status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) continue;
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const conditions = ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True", lastTransitionTime: now }));
    await cluster.api.replace({ ...pod, status: { phase: "Running", conditions, startTime: now } }, "status");
  }
}

/** Metacontroller reads its informers: a round starts once they hold what the server holds. */
async function caughtUp(): Promise<void> {
  let behind: string[] = [];
  await eventually("the informers to catch up", async () => {
    behind = await store.lagging();
    return behind.length === 0 ? true : undefined;
  }, 30_000, () => `behind: ${behind.join(", ")}`);
}

t.test("kafka-persistent converges against the real server and then nothing writes", async (t) => {
  const mc = new MetacontrollerStandIn({ hooks: hooks.url, store });
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  for (const object of exampleObjects("kafka/kafka-persistent.yaml", NAMESPACE)) await cluster.api.create(object as unknown as JsonMap);

  let quiet = 0;
  let rounds = 0;
  for (; rounds < MAX_ROUNDS && quiet < 3; rounds++) {
    const writes = mc.writes.length;
    await caughtUp();
    await mc.syncAll();
    await startPods();
    quiet = mc.writes.length === writes ? quiet + 1 : 0;
  }
  t.equal(quiet, 3, `three rounds in a row without a write (after ${rounds} rounds, ${mc.writes.length} writes)`);
  t.ok(mc.calls.length > 0 && mc.calls.every((c) => c.status === 200), "every hook call answered 200");

  const podSets = await cluster.api.list("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE);
  t.same(podSets.map((p) => (p["metadata"] as { name: string }).name).sort(), ["my-cluster-broker", "my-cluster-controller"]);
  const pods = await cluster.api.list("v1", "Pod", NAMESPACE);
  t.equal(pods.length, 6, "every node's pod, created by the PodSet hook through Metacontroller");
  for (const pod of pods) {
    const owners = (pod as unknown as KubeObject).metadata.ownerReferences ?? [];
    t.match(owners, [{ kind: "StrimziPodSet", controller: true, blockOwnerDeletion: true }], "a pod's controller is its StrimziPodSet");
  }
  const kafka = await cluster.api.get({ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace: NAMESPACE } });
  t.match(kafka["status"], { observedGeneration: 1 }, "the status went through the status subresource");
  t.comment(`Kafka conditions: ${JSON.stringify((kafka["status"] as { conditions?: unknown } | undefined)?.conditions)}`);

  // Converged: every stored child keeps its resourceVersion over two more syncs.
  const versions = async (): Promise<string[]> => {
    const all: string[] = [];
    for (const [apiVersion, kind] of [["core.strimzi.io/v1", "StrimziPodSet"], ["v1", "ConfigMap"], ["v1", "Secret"], ["v1", "Service"], ["v1", "ServiceAccount"], ["policy/v1", "PodDisruptionBudget"], ["networking.k8s.io/v1", "NetworkPolicy"], ["v1", "Pod"]] as const) {
      for (const o of await cluster.api.list(apiVersion, kind, NAMESPACE)) all.push(`${kind}/${(o["metadata"] as { name: string; resourceVersion: string }).name}@${(o["metadata"] as { resourceVersion: string }).resourceVersion}`);
    }
    return all.sort();
  };
  const before = await versions();
  for (let i = 0; i < 2; i++) {
    await caughtUp();
    await mc.syncAll();
  }
  t.same(await versions(), before, "no child was written again");
  t.comment(`informers started over after: ${JSON.stringify(store.informerErrors())}`);
});
