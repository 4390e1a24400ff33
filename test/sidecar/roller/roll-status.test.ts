import t from "tap";
import { latestRestart, podSetRollStatus, readRollStatus, rollOutcomeOfPlan, serializeRollStatus } from "../../../lib/roller/roll-status.js";

const brokers = new Set(["my-cluster-broker-0", "my-cluster-broker-1"]);
const pending = ["my-cluster-controller-3", "my-cluster-broker-0", "my-cluster-broker-1"];
const earlier = { pod: "my-cluster-controller-5", at: "2026-11-24T11:00:00.000Z", reasons: ["POD_HAS_OLD_REVISION" as const] };

t.test("each PodSet lists its own pending pods, and the cluster's next pod and reason to wait", async (t) => {
  t.strictSame(podSetRollStatus(brokers, { kind: "idle" }, earlier), { pending: [] }, "a finished roll forgets its last restart");
  t.strictSame(podSetRollStatus(brokers, { kind: "waiting", reason: "PodNotReady", message: "m", next: "my-cluster-controller-3", pending }, earlier), {
    pending: ["my-cluster-broker-0", "my-cluster-broker-1"],
    next: "my-cluster-controller-3",
    waiting: { reason: "PodNotReady", message: "m" },
    lastRestart: earlier,
  });
  t.strictSame(podSetRollStatus(brokers, { kind: "restarted", pod: "my-cluster-controller-3", reasons: ["CONFIG_CHANGE_REQUIRES_RESTART"], at: "2026-11-24T12:00:00.000Z", pending: pending.slice(1) }, earlier), {
    pending: ["my-cluster-broker-0", "my-cluster-broker-1"],
    next: "my-cluster-controller-3",
    lastRestart: { pod: "my-cluster-controller-3", at: "2026-11-24T12:00:00.000Z", reasons: ["CONFIG_CHANGE_REQUIRES_RESTART"] },
  });
  t.strictSame(rollOutcomeOfPlan({ action: "none" }), { kind: "idle" });
  t.strictSame(rollOutcomeOfPlan({ action: "wait", pending, reason: "PodRestarting", message: "m" }), { kind: "waiting", reason: "PodRestarting", message: "m", pending });
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
});
