import t from "tap";
import { budgeted } from "../../../lib/roller/wait-budget.js";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const BUDGETS = { readyTimeoutMs: 300_000, availabilityTimeoutMs: 600_000 };
const refused = { reason: "AvailabilityCheckFailed" as const, message: "my-cluster-broker-1 cannot be restarted: orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker 1 would leave 1" };

t.test("a new wait starts now; a continued one keeps its start", async (t) => {
  t.strictSame(budgeted(refused, undefined, NOW, BUDGETS), { ...refused, since: "2026-11-24T12:00:00.000Z" });
  const previous = { ...refused, since: "2026-11-24T11:55:00.000Z" };
  t.strictSame(budgeted(refused, previous, NOW, BUDGETS), previous);
  t.strictSame(budgeted({ reason: "PodNotReady", message: "m" }, previous, NOW, BUDGETS), { reason: "PodNotReady", message: "m", since: "2026-11-24T12:00:00.000Z" },
    "a wait of another kind starts again");
  t.strictSame(budgeted({ reason: "PodNotReady", message: "m" }, { reason: "AwaitingReadiness", message: "a", since: "2026-11-24T11:58:00.000Z" }, NOW, BUDGETS),
    { reason: "PodNotReady", message: "m", since: "2026-11-24T11:58:00.000Z" }, "readiness waits share one budget");
  t.strictSame(budgeted({ reason: "AwaitingReadiness", message: "a", since: "2026-11-24T11:59:00.000Z" }, previous, NOW, BUDGETS),
    { reason: "AwaitingReadiness", message: "a", since: "2026-11-24T11:59:00.000Z" }, "a start the plan knows wins");
});

t.test("over its budget a wait says so, since when, and what the user can do", async (t) => {
  t.strictSame(budgeted(refused, { ...refused, since: "2026-11-24T11:49:59.000Z" }, NOW, BUDGETS), {
    reason: "AvailabilityCheckTimeout",
    message: `${refused.message}; waiting since 2026-11-24T11:49:59.000Z, longer than the 600 s allowed (kafka-hooks.io/roll-availability-timeout-seconds). `
      + "Kafka does not let a pod go while that would take a partition below min.insync.replicas or the controller quorum below a majority: "
      + "bring the named partition's replicas or voters back in sync (a broker or controller that is down or lagging), "
      + "or lower the topic's min.insync.replicas; the roll goes on by itself once Kafka agrees.",
    since: "2026-11-24T11:49:59.000Z",
  });
  const exceeded = budgeted(refused, { ...refused, since: "2026-11-24T11:49:59.000Z" }, NOW, BUDGETS);
  t.equal(budgeted(refused, exceeded, new Date("2026-11-24T12:05:00.000Z"), BUDGETS).message, exceeded.message, "the same message on every pass: one Event");
  t.strictSame(budgeted({ reason: "AwaitingReadiness", message: "waiting for my-cluster-broker-1, restarted at 2026-11-24T11:54:00.000Z, to become ready", since: "2026-11-24T11:54:00.000Z" }, undefined, NOW, BUDGETS), {
    reason: "PodReadinessTimeout",
    message: "waiting for my-cluster-broker-1, restarted at 2026-11-24T11:54:00.000Z, to become ready; waiting since 2026-11-24T11:54:00.000Z, "
      + "longer than the 300 s allowed (kafka-hooks.io/roll-ready-timeout-seconds). No other pod restarts until it is ready: "
      + "see why with kubectl describe pod and kubectl logs, and fix its configuration or its node; the roll goes on by itself once it is ready.",
    since: "2026-11-24T11:54:00.000Z",
  });
});

t.test("a maintenance window has no budget", async (t) => {
  const wait = { reason: "OutsideMaintenanceWindow" as const, message: "m", until: "2026-11-30T02:00:00.000Z" };
  t.strictSame(budgeted(wait, { ...wait, since: "2026-11-01T00:00:00.000Z" }, NOW, BUDGETS), { ...wait, since: "2026-11-01T00:00:00.000Z" });
});
