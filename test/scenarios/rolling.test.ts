// A configuration change, through the whole loop: the Kafka hook changes the
// PodSets, the real roller in the sidecar deletes one pod at a time, the PodSet
// hook (through the Metacontroller stand-in) creates each again, the kubelet
// stand-in makes it ready, and the Kafka is Ready again at the end.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { readiness, startCluster, startHooks } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

const CONTROLLERS = ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"];
const BROKERS = ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];

t.test("a configuration change rolls every pod once, one at a time in the safe order, until the Kafka is Ready again", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 } });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  t.same(c.world.sidecarPodDeletions(), [], "nothing restarts while every pod is current");
  const before = new Map(c.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
  const hashes = new Map(c.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.annotations?.[ANNOTATION.configurationHash]]));

  // The Kafka's readiness and observedGeneration after every step, without repeats: the roll as a user (or a GitOps tool) sees it.
  const path: string[] = [];
  c.world.steps.push(() => {
    const now = `${readiness(c.kafka())} (generation ${String((c.kafka()?.["status"] as { observedGeneration?: number } | undefined)?.observedGeneration)})`;
    if (path[path.length - 1] !== now) path.push(now);
  });

  const k = c.kafka() as KubeObject & { spec: { kafka: { config: Record<string, unknown> } } };
  c.world.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, config: { ...k.spec.kafka.config, "log.retention.hours": 72 } } } });
  const rounds = await c.world.converge(80);
  t.ok(rounds < 80, `converged in ${rounds} rounds`);

  t.same(c.world.sidecarPodDeletions(), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", ...BROKERS],
    "controllers first, the active controller (4) last among them, then brokers; each pod once");
  t.same(c.world.kafka.questions.filter((q) => q !== "active"), ["controller 3", "controller 5", "controller 4", "broker 0", "broker 1", "broker 2"],
    "Kafka is asked before each deletion");
  for (const deletion of c.world.podDeletions) {
    t.same(Object.entries(deletion.others).filter(([, state]) => state !== "ready"), [],
      `when ${deletion.pod} was deleted every other pod was ready (so the one restarted before it had come back)`);
  }
  t.equal(readiness(c.kafka()), "Ready");
  t.equal(path[path.length - 1], "Ready (generation 2)", "Ready again at the end");
  t.ok(path.includes("NotReady PodsNotReady (generation 2)"), "NotReady while pods are out of date or restarting");
  t.same(path, ["NotReady PodsNotReady (generation 2)", "Ready (generation 2)"], "the Kafka is never Ready for the new generation before its pods run it");
  t.comment(`path: ${path.join(" → ")}`);
  for (const pool of ["controller", "broker"]) t.match(c.podSet(pool)?.status, { pods: 3, readyPods: 3, currentPods: 3 });
  for (const pod of c.pods()) {
    const name = pod.metadata?.name ?? "";
    t.not(pod.metadata?.uid, before.get(name), `${name} was recreated`);
    if (BROKERS.includes(name)) t.not(pod.metadata?.annotations?.[ANNOTATION.configurationHash], hashes.get(name), `${name} runs the new configuration`);
  }
  t.same(c.pods().map((p) => p.metadata?.name).sort(), [...BROKERS, ...CONTROLLERS].sort());
  t.same(c.world.kubelet.running().filter((p) => p.refusal).map((p) => p.name), [], "every pod started on its own volume");

  const settled = c.world.sidecarPodDeletions().length;
  await c.world.converge();
  t.equal(c.world.sidecarPodDeletions().length, settled, "nothing more rolls once the cluster is current");
});
