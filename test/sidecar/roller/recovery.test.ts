import t from "tap";
import { recoveryDecision, type BrokerStartup } from "../../../lib/roller/recovery.js";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const POD = "my-cluster-broker-1";
const RECOVERING: BrokerStartup = { recovering: true, evidence: "Kafka has broker 1 registered and fenced, and it fetches the cluster metadata: it is recovering its logs" };
const base = { pod: POD, startup: RECOVERING, previous: undefined, now: NOW, recoveryTimeoutMs: 1_800_000, pending: [POD, "my-cluster-broker-2"] };
const message = (since: string): string => `${POD} is starting (${RECOVERING.evidence}); it is not restarted before it is ready, `
  + `or before 1800 s have passed since ${since} (kafka-hooks.io/roll-recovery-timeout-seconds)`;

t.test("a recovering broker is waited for, from now on", async (t) => {
  t.strictSame(recoveryDecision(base), {
    action: "wait",
    outcome: { kind: "waiting", reason: "BrokerRecovering", message: message("2026-11-24T12:00:00.000Z"), since: "2026-11-24T12:00:00.000Z", next: POD, pending: base.pending },
  });
});

t.test("the wait keeps its start while it is about the same pod, and the message stays the same", async (t) => {
  const previous = { reason: "BrokerRecovering" as const, message: message("2026-11-24T11:40:00.000Z"), since: "2026-11-24T11:40:00.000Z", next: POD };
  const decision = recoveryDecision({ ...base, previous });
  t.equal(decision.action === "wait" && decision.outcome.message, previous.message);
  t.equal(decision.action === "wait" && decision.outcome.since, "2026-11-24T11:40:00.000Z");
  const other = recoveryDecision({ ...base, previous: { ...previous, next: "my-cluster-broker-2" } });
  t.equal(other.action === "wait" && other.outcome.since, "2026-11-24T12:00:00.000Z", "another pod's recovery starts its own wait");
  const readiness = recoveryDecision({ ...base, previous: { ...previous, reason: "PodNotReady" } });
  t.equal(readiness.action === "wait" && readiness.outcome.since, "2026-11-24T12:00:00.000Z", "a wait of another kind does not count");
});

t.test("past the budget, or not recovering, the broker is restarted and the reason says why", async (t) => {
  const previous = { reason: "BrokerRecovering" as const, message: "m", since: "2026-11-24T11:29:59.000Z", next: POD };
  t.strictSame(recoveryDecision({ ...base, previous }), {
    action: "restart",
    why: `${RECOVERING.evidence}, but it has been recovering since 2026-11-24T11:29:59.000Z, longer than the 1800 s allowed (kafka-hooks.io/roll-recovery-timeout-seconds)`,
  });
  t.equal(recoveryDecision({ ...base, previous: { ...previous, since: "2026-11-24T11:30:00.000Z" } }).action, "wait", "exactly the budget still waits");
  const unregistered = { recovering: false, evidence: "Kafka has no registration of broker 1: it has not reached the controller" };
  t.strictSame(recoveryDecision({ ...base, startup: unregistered }), { action: "restart", why: unregistered.evidence });
});
