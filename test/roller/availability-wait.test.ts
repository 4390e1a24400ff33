// A roll that Kafka holds back, through the real sidecar, the stand-in API
// server and the stand-in Kafka: the partition and its ISR are named in the
// roll status, the Kafka status (as the real hook writes it) and Events; over
// its budget the Kafka turns NotReady saying what the user can do; once the
// partition is back in sync the roll ends.
import t from "tap";
import {
  annotateKafka, changeKafka, conditionOf, hookRequest, hookStatus, kafkaScenario, longerRetention, ManualClock, startKafka,
} from "../helpers/roll-scenario.js";
import { startHarness, until } from "../helpers/sidecar-harness.js";

const CONFIG = ["CONFIG_CHANGE_REQUIRES_RESTART"];
const START = "2026-11-24T12:00:00.000Z";
const orders = (isr: number[]) => ({ name: "orders", partitions: [{ partition: 0, leader: 1, replicas: [1, 2, 0], isr }] });
const refusal = (broker: number): string => `orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker ${broker} would leave 1`;
const WAIT = `my-cluster-broker-1 cannot be restarted: ${refusal(1)}; my-cluster-broker-2 cannot be restarted: ${refusal(2)}`;
const EXCEEDED = `${WAIT}; waiting since ${START}, longer than the 600 s allowed (kafka-hooks.io/roll-availability-timeout-seconds). `
  + "Kafka does not let a pod go while that would take a partition below min.insync.replicas or the controller quorum below a majority: "
  + "bring the named partition's replicas or voters back in sync (a broker or controller that is down or lagging), "
  + "or lower the topic's min.insync.replicas; the roll goes on by itself once Kafka agrees.";

t.test("a partition at min.insync.replicas holds back its brokers, named everywhere, bounded by a budget", async (t) => {
  const clock = new ManualClock(new Date(START));
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const { fake, factory } = await startKafka(t, kafkaScenario(3, [3, 4, 5], [orders([1, 2])]));
  await harness.startSidecar("sidecar-a", { availability: factory, clock: clock.read });
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  changeKafka(harness, longerRetention);

  await until("the wait to be reported", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "AvailabilityCheckFailed");
  t.strictSame(harness.podDeletions(), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0"]);
  t.strictSame(harness.rollStatus("my-cluster-broker"), {
    pending: ["my-cluster-broker-1", "my-cluster-broker-2"],
    reasons: { "my-cluster-broker-1": CONFIG, "my-cluster-broker-2": CONFIG },
    generation: 2,
    next: "my-cluster-broker-1",
    waiting: { reason: "AvailabilityCheckFailed", message: WAIT, since: START },
    lastRestart: { pod: "my-cluster-broker-0", at: START, reasons: CONFIG },
  });
  const status = hookStatus(hookRequest(harness, clock.now), clock.now);
  t.strictSame(status.conditions?.map(({ lastTransitionTime: _time, ...c }) => c), [
    { type: "NotReady", status: "True", reason: "PodsNotReady", message: "waiting for my-cluster-broker 3/3 ready, 1/3 current" },
    { type: "RollingUpdate", status: "True", reason: "RestartsPending", message: "will restart my-cluster-broker-1, my-cluster-broker-2 (CONFIG_CHANGE_REQUIRES_RESTART)" },
    { type: "RollWaiting", status: "True", reason: "AvailabilityCheckFailed", message: WAIT },
  ], "the Kafka status names the partition, its ISR and the brokers it holds back");
  const deferrals = () => harness.events().filter((e) => e.action === "DeferPodRestart").map((e) => [e.regarding, e.type, e.reason, e.note]);
  await until("the Events", () => deferrals().length === 3);
  t.strictSame(deferrals(), [
    ["my-cluster", "Warning", "AvailabilityCheckFailed", WAIT],
    ["my-cluster-broker-1", "Warning", "AvailabilityCheckFailed", refusal(1)],
    ["my-cluster-broker-2", "Warning", "AvailabilityCheckFailed", refusal(2)],
  ]);

  clock.now = new Date("2026-11-24T12:10:01.000Z");
  await until("the budget to run out", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "AvailabilityCheckTimeout");
  t.strictSame(harness.rollStatus("my-cluster-broker")?.waiting, { reason: "AvailabilityCheckTimeout", message: EXCEEDED, since: START });
  await until("its Event", () => deferrals().length === 4);
  t.strictSame(deferrals()[3], ["my-cluster", "Warning", "AvailabilityCheckTimeout", EXCEEDED]);
  const stuck = hookStatus(hookRequest(harness, clock.now), clock.now);
  t.strictSame(conditionOf(stuck, "NotReady"), {
    type: "NotReady", status: "True", reason: "AvailabilityCheckTimeout", message: `waiting for my-cluster-broker 3/3 ready, 1/3 current: ${EXCEEDED}`,
  }, "the Kafka is NotReady for a reason Argo CD calls Degraded: it needs the user");
  t.strictSame(conditionOf(stuck, "RollWaiting"), { type: "RollWaiting", status: "True", reason: "AvailabilityCheckTimeout", message: EXCEEDED });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(deferrals().length, 4, "no Event again while nothing changes");
  t.strictSame(harness.podDeletions().length, 4, "nothing was deleted against Kafka's word");

  fake.scenario = kafkaScenario(3, [3, 4, 5], [orders([1, 2, 0])]);
  await until("the roll to end", () => harness.allPodsCurrent() && harness.rollDone());
  // A pass may ask about broker 1 before the partition caught up and about broker 2 after: either may go first.
  t.strictSame(harness.podDeletions().slice(4).sort(), ["my-cluster-broker-1", "my-cluster-broker-2"]);
  const ready = hookStatus(hookRequest(harness, clock.now), clock.now);
  t.strictSame(ready.conditions?.map((c) => c.type), ["Ready"]);
});

t.test("the budget is the Kafka's to set", async (t) => {
  const clock = new ManualClock(new Date(START));
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  annotateKafka(harness, { "kafka-hooks.io/roll-availability-timeout-seconds": "30" });
  const { factory } = await startKafka(t, kafkaScenario(3, [3, 4, 5], [orders([1, 2])]));
  await harness.startSidecar("sidecar-a", { availability: factory, clock: clock.read });
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  changeKafka(harness, longerRetention);
  await until("the wait to be reported", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "AvailabilityCheckFailed");
  clock.now = new Date("2026-11-24T12:00:31.000Z");
  await until("the budget to run out", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "AvailabilityCheckTimeout");
  t.match(harness.rollStatus("my-cluster-broker")?.waiting?.message, /; waiting since 2026-11-24T12:00:00\.000Z, longer than the 30 s allowed \(kafka-hooks\.io\/roll-availability-timeout-seconds\)\. /);
});
