// Strimzi's auto-restart back-off, with the cases of its
// AbstractConnectOperatorAutoRestartTest, and the step a pass takes.
import t from "tap";
import { autoRestartBackOffMinutes, autoRestartStep, shouldAutoRestart, shouldResetAutoRestart } from "../../lib/connectors/auto-restart.js";
import type { ConnectorStateInfo } from "../../lib/connectors/connect-rest.js";

const NOW = new Date("2026-12-06T20:00:00.000Z");
const minutesAgo = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const restarted = (count: number, minutes: number) => ({ count, lastRestartTimestamp: minutesAgo(minutes) });

t.test("the back-off grows n² + n minutes to an hour", async (t) => {
  t.strictSame([0, 1, 2, 3, 6, 7, 25].map(autoRestartBackOffMinutes), [0, 2, 6, 12, 42, 56, 60]);
});

t.test("shouldAutoRestart: Strimzi's cases", async (t) => {
  t.equal(shouldAutoRestart(undefined, undefined, NOW), true, "never restarted");
  t.equal(shouldAutoRestart(restarted(1, 3), undefined, NOW), true);
  t.equal(shouldAutoRestart(restarted(1, 1), undefined, NOW), false);
  t.equal(shouldAutoRestart(restarted(3, 13), undefined, NOW), true);
  t.equal(shouldAutoRestart(restarted(3, 10), undefined, NOW), false);
  t.equal(shouldAutoRestart(restarted(25, 61), undefined, NOW), true);
  t.equal(shouldAutoRestart(restarted(25, 59), undefined, NOW), false);
  t.equal(shouldAutoRestart(restarted(7, 61), 7, NOW), false, "maxRestarts reached");
  t.equal(shouldAutoRestart(restarted(7, 61), 8, NOW), true, "below maxRestarts");
  t.equal(shouldAutoRestart(restarted(1, 1.99), undefined, NOW), false, "whole minutes, as ChronoUnit.MINUTES.between counts");
});

t.test("shouldResetAutoRestart: Strimzi's cases", async (t) => {
  t.equal(shouldResetAutoRestart(undefined, NOW), false);
  t.equal(shouldResetAutoRestart(restarted(1, 3), NOW), true);
  t.equal(shouldResetAutoRestart(restarted(1, 1), NOW), false);
  t.equal(shouldResetAutoRestart(restarted(1, 2), NOW), false, "strictly longer than the back-off");
  t.equal(shouldResetAutoRestart(restarted(3, 13), NOW), true);
  t.equal(shouldResetAutoRestart(restarted(3, 10), NOW), false);
  t.equal(shouldResetAutoRestart(restarted(25, 61), NOW), true);
  t.equal(shouldResetAutoRestart(restarted(25, 59), NOW), false);
});

const state = (connector: string, tasks: string[]): ConnectorStateInfo => ({
  name: "c",
  connector: { state: connector as ConnectorStateInfo["connector"]["state"], worker_id: "w:8083" },
  tasks: tasks.map((s, id) => ({ id, state: s as ConnectorStateInfo["connector"]["state"], worker_id: "w:8083" })),
  type: "source",
});

t.test("a pass: restart failed connectors and tasks, count, keep, forget", async (t) => {
  const on = { class: "C", autoRestart: { enabled: true } };
  t.strictSame(autoRestartStep({ class: "C" }, restarted(2, 1), state("FAILED", []), NOW), { restart: false, autoRestart: undefined }, "off: nothing, no record");
  t.strictSame(autoRestartStep(on, undefined, state("FAILED", ["RUNNING"]), NOW), { restart: true, autoRestart: { count: 1, lastRestartTimestamp: NOW.toISOString() } });
  t.strictSame(autoRestartStep(on, restarted(1, 5), state("RUNNING", ["RUNNING", "FAILED"]), NOW), { restart: true, autoRestart: { count: 2, lastRestartTimestamp: NOW.toISOString() } }, "a failed task");
  t.strictSame(autoRestartStep(on, restarted(2, 5), state("FAILED", []), NOW), { restart: false, autoRestart: restarted(2, 5) }, "within the back-off");
  t.strictSame(autoRestartStep({ class: "C", autoRestart: { enabled: true, maxRestarts: 2 } }, restarted(2, 59), state("FAILED", []), NOW), { restart: false, autoRestart: restarted(2, 59) }, "max reached");
  t.strictSame(autoRestartStep(on, restarted(2, 5), state("RUNNING", ["RUNNING"]), NOW), { restart: false, autoRestart: restarted(2, 5) }, "running, not long enough");
  t.strictSame(autoRestartStep(on, restarted(2, 7), state("RUNNING", ["RUNNING"]), NOW), { restart: false, autoRestart: undefined }, "running longer than the back-off: forgotten");
  t.strictSame(autoRestartStep(on, { connectorName: "a->b.MirrorSourceConnector", ...restarted(1, 3) }, state("FAILED", []), NOW),
    { restart: true, autoRestart: { connectorName: "a->b.MirrorSourceConnector", count: 2, lastRestartTimestamp: NOW.toISOString() } }, "MirrorMaker 2's name kept");
});
