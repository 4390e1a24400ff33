// A configuration change, through the whole loop: the Kafka hook changes the
// PodSets, the real roller in the sidecar deletes one pod at a time, the PodSet
// hook (through the Metacontroller stand-in) creates each again, the kubelet
// stand-in makes it ready, and the Kafka is Ready again at the end.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import type { FakeKafkaScenario } from "../helpers/fake-kafka.js";
import { kafkaScenario, startKafka } from "../helpers/roll-scenario.js";
import { conditions, readiness, startCluster, startHooks, type ClusterInWorld } from "../helpers/scenario.js";

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
  // The run-time configuration's questions (each broker's options and the default user quotas, asked once for a new cluster) are not the roller's.
  const rollerQuestions = c.world.kafka.questions.filter((q) => q !== "active" && !q.startsWith("configs ") && q !== "default user quotas");
  t.same(rollerQuestions, ["controller 3", "controller 5", "controller 4", "broker 0", "broker 1", "broker 2"], "Kafka is asked before each deletion");
  t.same(c.world.kafka.questions.filter((q) => q.startsWith("alter ")), [], "nothing altered: the brokers started from files holding the options");
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

/** The Kafka with a broker configuration change, as a user applies it; by default one that restarts every node. */
function changeConfiguration(c: ClusterInWorld, change: Record<string, unknown> = { "log.retention.hours": 72 }): void {
  const k = c.kafka() as KubeObject & { spec: { kafka: { config: Record<string, unknown> } } };
  c.world.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, config: { ...k.spec.kafka.config, ...change } } } });
}

t.test("the run-time configuration stuck on brokers that never answer leaves the roll as it would be: same pods, same order, same questions", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 } });
  t.teardown(() => c.world.stop());
  const kafka = c.world.kafka;
  // Every broker takes the run-time configuration's question and never answers (a hung JVM still accepts TCP, so its pod is ready).
  for (const id of [0, 1, 2]) kafka.stalled.add(id);
  // Ended before the world stops, which waits for every reconcile under way.
  t.teardown(() => kafka.answerStalled());
  const asked = kafka.questions.length;
  changeConfiguration(c, { "log.retention.hours": 72, "log.retention.ms": 3600000 });
  await c.world.round();
  t.same(conditions(c.kafka()).filter((x) => x.type === "RollingUpdate" || x.type === "RunTimeConfigurationUpdate").map((x) => [x.type, x.message]), [
    ["RollingUpdate", `will restart ${["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5", ...BROKERS].join(", ")} (CONFIG_CHANGE_REQUIRES_RESTART)`],
    ["RunTimeConfigurationUpdate", "will apply log.retention.ms at run time, restarting no node for them"],
  ], "the forecast: what rolls and what is applied at run time");
  const rounds = await c.world.converge(80);
  t.ok(rounds < 80, `converged in ${rounds} rounds`);

  t.same(c.world.sidecarPodDeletions(), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", ...BROKERS],
    "the roll the first test saw: controllers first, the active one last among them, then brokers, each once");
  const questions = kafka.questions.slice(asked);
  t.same(questions.filter((q) => q !== "active" && !q.startsWith("configs ")), ["controller 3", "controller 5", "controller 4", "broker 0", "broker 1", "broker 2"],
    "the roller's questions, as in the first test");
  t.same(questions.filter((q) => q.startsWith("configs ") || q.startsWith("alter ")), ["configs 0"], "the run-time configuration still waits for broker 0's answer");
  t.equal(readiness(c.kafka()), "Ready", "the pods run the new configuration");
  t.same(conditions(c.kafka()).find((x) => x.type === "RunTimeConfigurationUpdate")?.message, "will apply log.retention.ms at run time, restarting no node for them",
    "not recorded as applied while Kafka has not answered");

  // The question times out; the restarted brokers hold the value from their files, and the sidecar records it.
  kafka.stalled.clear();
  kafka.answerStalled();
  await c.world.converge();
  t.same(conditions(c.kafka()).find((x) => x.type === "RunTimeConfigurationUpdate"), undefined, "applied once Kafka answers");
  t.same(kafka.questions.filter((q) => q.startsWith("alter ")), [], "nothing to alter: the restarted brokers read it from their files");
});

/** Broker 1 as Kafka sees it, the others running: registered and fenced (fetching the metadata log, as while it recovers), unfenced but its pod not ready yet, or not registered at all. */
function withBroker1(running: FakeKafkaScenario, broker1: "fenced" | "unfenced" | "unregistered"): FakeKafkaScenario {
  const quorum = running.quorum;
  if (!quorum) throw new Error("the scenario has no quorum");
  return {
    ...running,
    brokers: broker1 === "unfenced" ? running.brokers : running.brokers.filter((id) => id !== 1),
    ...(broker1 === "fenced" ? { fenced: [1] } : {}),
    quorum: { ...quorum, observers: (quorum.observers ?? []).filter((o) => broker1 !== "unregistered" || o.id !== 1) },
  };
}

t.test("a broker recovering its logs is not restarted by a roll: the Kafka says it waits, and the roll goes on once the broker is ready", async (t) => {
  const running = kafkaScenario(3, [3, 4, 5], []);
  const { fake, factory } = await startKafka(t, running);
  let recovering: string | undefined;
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", {
    sidecar: { options: { availability: factory } },
    neverReady: (pod) => pod.metadata?.uid === recovering,
  });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");

  // Broker 1 stopped uncleanly and started again: it replays its logs, registered with the controller but fenced, not ready.
  recovering = c.pods().find((p) => p.metadata?.name === "my-cluster-broker-1")?.metadata?.uid;
  fake.scenario = withBroker1(running, "fenced");
  await c.world.converge();
  t.equal(readiness(c.kafka()), "NotReady PodsNotReady");
  changeConfiguration(c);
  await c.world.converge(40);
  t.same(c.world.sidecarPodDeletions(), [], "the recovering broker is not restarted, and no other pod while it is unready");
  t.equal(readiness(c.kafka()), "NotReady PodsNotReady");
  const waiting = conditions(c.kafka()).find((x) => x.type === "RollWaiting");
  t.match(waiting, { status: "True", reason: "BrokerRecovering" });
  t.match(waiting?.message, /^my-cluster-broker-1 is starting \(Kafka has broker 1 registered and fenced, and it fetches the cluster metadata: it is recovering its logs\); it is not restarted before it is ready, or before 1800 s have passed since \S+ \(kafka-hooks.io\/roll-recovery-timeout-seconds\)$/);
  t.ok(fake.requests.some((r) => r.api === "DescribeCluster" && r.version === 2), "the sidecar asked Kafka with DescribeCluster v2");
  t.same(fake.rejected, []);
  t.same(fake.unimplemented, []);

  // Recovery is over: Kafka unfences the broker first, its pod turns ready at the next probe.
  fake.scenario = withBroker1(running, "unfenced");
  await c.world.converge();
  t.same(c.world.sidecarPodDeletions(), [], "unfenced but not ready yet: still not restarted");
  recovering = undefined;
  fake.scenario = running;
  const rounds = await c.world.converge(80);
  t.ok(rounds < 80, `converged in ${rounds} rounds`);
  t.same(c.world.sidecarPodDeletions(), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", ...BROKERS], "then the roll goes on: controllers (active 4 last), then brokers, broker 1 in its turn, each once");
  t.equal(readiness(c.kafka()), "Ready");
  t.equal(conditions(c.kafka()).find((x) => x.type === "RollWaiting"), undefined);
});

t.test("a broker stuck before it reaches the controller is restarted first, as before", async (t) => {
  const running = kafkaScenario(3, [3, 4, 5], []);
  const { fake, factory } = await startKafka(t, running);
  let stuck: string | undefined;
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", {
    sidecar: { options: { availability: factory } },
    neverReady: (pod) => pod.metadata?.uid === stuck,
  });
  t.teardown(() => c.world.stop());
  stuck = c.pods().find((p) => p.metadata?.name === "my-cluster-broker-1")?.metadata?.uid;
  fake.scenario = withBroker1(running, "unregistered");
  await c.world.converge();
  t.same(c.world.sidecarPodDeletions(), [], "an unready broker that is current is not restarted");
  // The restarted broker registers and runs again.
  c.world.steps.push(() => {
    if (c.pods().find((p) => p.metadata?.name === "my-cluster-broker-1")?.metadata?.uid !== stuck) fake.scenario = running;
  });
  changeConfiguration(c);
  const rounds = await c.world.converge(80);
  t.ok(rounds < 80, `converged in ${rounds} rounds`);
  t.same(c.world.sidecarPodDeletions(), ["my-cluster-broker-1", "my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-2"],
    "the unready broker first, then the rest in order");
  t.equal(readiness(c.kafka()), "Ready");
});
