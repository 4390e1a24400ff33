// The roller and an unready, out-of-date broker (against the stand-in API
// server, with the Kafka answers the test sets): one Kafka reports recovering
// its logs is left alone and the roll status says so; one Kafka does not see
// starting is restarted first, as before; a recovery past its budget is cut short.
import t from "tap";
import type { Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { reconfigured } from "../helpers/example-cluster.js";
import { annotateKafka, ManualClock } from "../helpers/roll-scenario.js";
import { startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const BROKER = "my-cluster-broker-1";
const EVIDENCE = "Kafka has broker 1 registered and fenced, and it fetches the cluster metadata: it is recovering its logs";

function withNewConfiguration(harness: Harness): StrimziPodSet[] {
  return reconfigured(harness.cluster, (spec) => {
    (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
  }).podSets;
}

function setReady(harness: Harness, name: string, ready: boolean): void {
  const pod = harness.pod(name) as Pod;
  harness.server.put({ ...pod, metadata: { ...pod.metadata, name }, status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] } });
}

const startups = (harness: Harness): number => harness.kafka.questions.filter((q) => q === "startup 1").length;

t.test("a broker recovering its logs is not restarted; the roll waits for it, says so, and goes on once it is ready", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  setReady(harness, BROKER, false);
  harness.kafka.recovering.add(1);
  await harness.startSidecar("sidecar-a");
  harness.applyPodSets(withNewConfiguration(harness));

  await until("the wait to be reported", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "BrokerRecovering");
  const since = harness.rollStatus("my-cluster-broker")?.waiting?.since ?? "";
  t.match(since, /^\d{4}-\d\d-\d\dT/);
  const message = `${BROKER} is starting (${EVIDENCE}); it is not restarted before it is ready, `
    + `or before 1800 s have passed since ${since} (kafka-hooks.io/roll-recovery-timeout-seconds)`;
  t.strictSame(harness.rollStatus("my-cluster-broker"), {
    pending: ["my-cluster-broker-1", "my-cluster-broker-0", "my-cluster-broker-2"],
    reasons: Object.fromEntries(["my-cluster-broker-1", "my-cluster-broker-0", "my-cluster-broker-2"].map((p) => [p, ["CONFIG_CHANGE_REQUIRES_RESTART"]])),
    generation: 2,
    next: BROKER,
    waiting: { reason: "BrokerRecovering", message, since },
  });
  const asked = startups(harness);
  await until("several more passes", () => startups(harness) >= asked + 5);
  t.strictSame(harness.podDeletions(), [], "nothing is deleted: not the recovering broker, nor a pod while it is unready");
  t.equal(harness.rollStatus("my-cluster-broker")?.waiting?.message, message, "the same wait, from the same start, on every pass");
  t.strictSame(harness.events().filter((e) => e.action === "DeferPodRestart").map((e) => [e.regarding, e.type, e.reason, e.note]),
    [["my-cluster", "Normal", "BrokerRecovering", message]], "one Event");

  harness.kafka.recovering.delete(1);
  setReady(harness, BROKER, true);
  await until("the roll to finish", () => harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions(), [
    "my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2",
  ], "once ready, the broker rolls in its turn, once");
});

t.test("an unready broker Kafka does not see starting is restarted first, as before", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  setReady(harness, BROKER, false);
  await harness.startSidecar("sidecar-a");
  harness.applyPodSets(withNewConfiguration(harness));
  await until("the roll to finish", () => harness.podDeletions().length === 6 && harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions(), [
    BROKER, "my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-2",
  ]);
  t.equal(harness.kafka.questions[0], "startup 1", "Kafka was asked before the unready broker was deleted");
  t.notOk(harness.events().some((e) => e.reason === "BrokerRecovering"));
});

t.test("a recovery longer than its budget is cut short: the broker is restarted", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  annotateKafka(harness, { "kafka-hooks.io/roll-recovery-timeout-seconds": "60" });
  setReady(harness, BROKER, false);
  harness.kafka.recovering.add(1);
  const clock = new ManualClock(new Date("2026-11-24T12:00:00.000Z"));
  await harness.startSidecar("sidecar-a", { clock: clock.read });
  harness.applyPodSets(withNewConfiguration(harness));
  await until("the wait to be reported", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "BrokerRecovering");
  t.equal(harness.rollStatus("my-cluster-broker")?.waiting?.since, "2026-11-24T12:00:00.000Z");

  clock.now = new Date("2026-11-24T12:01:00.000Z");
  const asked = startups(harness);
  await until("a pass at the end of the budget", () => startups(harness) >= asked + 2);
  t.strictSame(harness.podDeletions(), [], "60 s is still within the budget");
  clock.now = new Date("2026-11-24T12:01:01.000Z");
  await until("the broker to be restarted", () => harness.podDeletions().length > 0);
  t.strictSame(harness.podDeletions(), [BROKER]);
});
