import t from "tap";
import { latestRestart, podSetRollStatus, readRollStatus, recordedWait, recordedWaitFor, restartOf, rollOutcomeOfPlan, serializeRollStatus } from "../../../lib/roller/roll-status.js";

const CONFIG = ["CONFIG_CHANGE_REQUIRES_RESTART" as const];
const brokers = {
  pods: new Set(["my-cluster-broker-0", "my-cluster-broker-1"]),
  generation: 4,
  reasons: new Map([["my-cluster-controller-3", CONFIG], ["my-cluster-broker-0", CONFIG], ["my-cluster-broker-1", CONFIG]]),
};
const pending = ["my-cluster-controller-3", "my-cluster-broker-0", "my-cluster-broker-1"];
const earlier = { pod: "my-cluster-controller-5", at: "2026-11-24T11:00:00.000Z", reasons: ["POD_HAS_OLD_REVISION" as const] };

t.test("each PodSet lists its own pending pods, and the cluster's next pod and reason to wait", async (t) => {
  t.strictSame(podSetRollStatus(brokers, { kind: "idle" }, earlier), { pending: [], generation: 4 }, "a finished roll forgets its last restart");
  t.strictSame(podSetRollStatus({ pods: brokers.pods, reasons: new Map() }, { kind: "idle" }, undefined), { pending: [] }, "no generation known, none written");
  t.strictSame(podSetRollStatus(brokers, { kind: "waiting", reason: "PodNotReady", message: "m", since: "2026-11-24T11:59:00.000Z", next: "my-cluster-controller-3", pending }, earlier), {
    pending: ["my-cluster-broker-0", "my-cluster-broker-1"],
    reasons: { "my-cluster-broker-0": CONFIG, "my-cluster-broker-1": CONFIG },
    generation: 4,
    next: "my-cluster-controller-3",
    waiting: { reason: "PodNotReady", message: "m", since: "2026-11-24T11:59:00.000Z" },
    lastRestart: earlier,
  });
  const restarts = [{ pod: "my-cluster-controller-3", reasons: CONFIG }];
  t.strictSame(podSetRollStatus(brokers, { kind: "restarted", restarts, at: "2026-11-24T12:00:00.000Z", pending: pending.slice(1) }, earlier), {
    pending: ["my-cluster-broker-0", "my-cluster-broker-1"],
    reasons: { "my-cluster-broker-0": CONFIG, "my-cluster-broker-1": CONFIG },
    generation: 4,
    next: "my-cluster-controller-3",
    lastRestart: { pod: "my-cluster-controller-3", at: "2026-11-24T12:00:00.000Z", reasons: CONFIG },
  });
  t.strictSame(rollOutcomeOfPlan({ action: "none" }), { kind: "idle" });
  t.strictSame(rollOutcomeOfPlan({ action: "wait", pending, reason: "PodRestarting", message: "m" }), { kind: "waiting", reason: "PodRestarting", message: "m", pending });
});

t.test("a group restarted together is one restart naming every pod", async (t) => {
  const group = ["my-cluster-broker-0", "my-cluster-broker-3", "my-cluster-broker-6"];
  const outcome = {
    kind: "restarted" as const,
    restarts: group.map((pod, i) => ({ pod, reasons: i === 1 ? ["CA_CERT_HAS_OLD_GENERATION" as const] : CONFIG })),
    at: "2026-11-24T12:00:00.000Z",
    pending: [],
  };
  t.strictSame(restartOf(outcome), { pod: "my-cluster-broker-0", at: "2026-11-24T12:00:00.000Z", reasons: ["CONFIG_CHANGE_REQUIRES_RESTART", "CA_CERT_HAS_OLD_GENERATION"], group });
  t.equal(restartOf({ kind: "idle" }), undefined);
});

t.test("the annotation reads back; anything else is no status", async (t) => {
  const status = { pending: ["a"], next: "a", lastRestart: earlier };
  t.strictSame(readRollStatus({ "kafka-hooks.io/roll-status": serializeRollStatus(status) }), status);
  t.equal(serializeRollStatus({ pending: [] }), '{"pending":[]}');
  t.equal(readRollStatus(undefined), undefined);
  t.equal(readRollStatus({ "kafka-hooks.io/roll-status": "{" }), undefined);
  t.equal(readRollStatus({ "kafka-hooks.io/roll-status": '{"next":"a"}' }), undefined);
});

t.test("the latest restart across PodSets", async (t) => {
  const later = { pod: "my-cluster-broker-0", at: "2026-11-24T11:30:00.000Z", reasons: [] };
  t.strictSame(latestRestart([undefined, { pending: [], lastRestart: earlier }, { pending: [], lastRestart: later }, { pending: [] }]), later);
  t.equal(latestRestart([{ pending: [] }]), undefined);
  const waiting = { reason: "PodNotReady" as const, message: "m" };
  t.strictSame(recordedWait([undefined, { pending: [] }, { pending: [], waiting }]), waiting);
  t.strictSame(recordedWaitFor([undefined, { pending: [] }, { pending: ["p"], next: "p", waiting }]), { ...waiting, next: "p" }, "with the pod it is about");
  t.strictSame(recordedWaitFor([{ pending: [] }]), undefined);
});
