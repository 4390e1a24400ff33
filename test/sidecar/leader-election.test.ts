// Two sidecars on one cluster: only the holder of the Lease acts; when it stops
// (and releases the Lease) the other takes over.
import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { LEASE_NAME } from "../../sidecar/sidecar.js";
import { FakeTimers } from "../helpers/fake-timers.js";
import { CONTENDED_LEADER_ELECTION, LEASE_NAMESPACE, startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

interface Lease {
  metadata: { name: string };
  spec: { holderIdentity?: string; leaseTransitions?: number; leaseDurationSeconds?: number; renewTime?: string };
}

const lease = (harness: Harness): Lease | undefined => harness.server.get<Lease>("coordination.k8s.io/v1", "Lease", LEASE_NAMESPACE, LEASE_NAME);

function rollManually(harness: Harness, podSet: string): void {
  const current = harness.podSet(podSet);
  harness.server.put({ ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, "strimzi.io/manual-rolling-update": "true" } } } satisfies StrimziPodSet);
}

/** Lease calls by one sidecar so far. */
const leaseCalls = (harness: Harness, client: string, verb: "get" | "update"): number =>
  harness.server.requests.filter((r) => r.resource === "leases" && r.client === client && r.verb === verb).length;

t.test("only the leader acts; the other takes over when it releases the Lease", async (t) => {
  // Time moves only when the test says: no renewal can miss its deadline because the machine is busy.
  const timers = new FakeTimers();
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  const a = await harness.startSidecar("sidecar-a", { leaderElection: CONTENDED_LEADER_ELECTION, timers });
  await timers.advance(0);
  await until("a to lead", () => a.isLeader());
  const b = await harness.startSidecar("sidecar-b", { leaderElection: CONTENDED_LEADER_ELECTION, timers });
  await timers.advance(0);
  // Two lease durations, a retry period at a time: each, a renews and b finds the Lease held.
  for (let period = 0; period < 2 * CONTENDED_LEADER_ELECTION.leaseDurationMs / CONTENDED_LEADER_ELECTION.retryPeriodMs; period++) {
    const renewals = leaseCalls(harness, "sidecar-a", "update");
    const reads = leaseCalls(harness, "sidecar-b", "get");
    await timers.advance(CONTENDED_LEADER_ELECTION.retryPeriodMs);
    await until("a's renewal and b's attempt", () => leaseCalls(harness, "sidecar-a", "update") > renewals && leaseCalls(harness, "sidecar-b", "get") > reads);
  }
  t.equal(b.isLeader(), false, "b waits while a renews");
  t.equal(leaseCalls(harness, "sidecar-b", "update"), 0, "and never wrote the Lease");
  t.match(lease(harness)?.spec, { holderIdentity: "sidecar-a", leaseTransitions: 0, leaseDurationSeconds: 1 });
  t.match(lease(harness)?.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, "renewTime is a MicroTime");

  rollManually(harness, "my-cluster-broker");
  await until("the brokers to roll", () => harness.podDeletions().length === 3 && harness.allPodsCurrent() && harness.rollDone());
  const instances = (): string[] => [...new Set(harness.events().map((e) => e.instance))];
  t.strictSame(instances(), ["sidecar-a"], "every Event is a's");
  t.equal(b.isLeader(), false);

  await a.stop();
  t.equal(lease(harness)?.spec.holderIdentity === "sidecar-a", false, "a released the Lease on its way out");
  await timers.advance(CONTENDED_LEADER_ELECTION.retryPeriodMs);
  await until("b to lead", () => b.isLeader(), 2000);
  t.match(lease(harness)?.spec, { holderIdentity: "sidecar-b", leaseTransitions: 1 });

  rollManually(harness, "my-cluster-controller");
  await until("the controllers to roll", () => harness.podDeletions().length === 6 && harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions().slice(3), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4"]);
  t.strictSame(instances(), ["sidecar-a", "sidecar-b"], "the later Events are b's");
  t.ok(harness.events().filter((e) => e.regarding.startsWith("my-cluster-controller")).every((e) => e.instance === "sidecar-b"));
});

t.test("a leader that disappears without releasing is replaced once its Lease expires", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const a = await harness.startSidecar("sidecar-a", { leaderElection: CONTENDED_LEADER_ELECTION });
  await until("a to lead", () => a.isLeader());
  // a's Lease stops being renewed: as if a froze or lost its network.
  harness.server.put({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: LEASE_NAME, namespace: LEASE_NAMESPACE }, spec: { holderIdentity: "sidecar-gone", leaseDurationSeconds: 1, leaseTransitions: 3 } });
  await until("a to notice it lost the Lease", () => !a.isLeader(), 2000);
  const started = Date.now();
  await until("a to take the expired Lease back", () => a.isLeader(), 3000);
  t.ok(Date.now() - started >= 900, "not before a whole lease duration without a change");
  t.match(lease(harness)?.spec, { holderIdentity: "sidecar-a", leaseTransitions: 4 });
});

t.test("a leader whose Lease renewal hangs stops acting at its renew deadline, mid-roll; the new leader finishes the roll alone", async (t) => {
  // Pods take 1.5 s to become ready: longer than a's renew deadline (0.6 s) and the lease (1 s), so a is waiting for one when it loses.
  const harness = await startHarness({ activeController: 4, standIn: { createDelayMs: 20, readyDelayMs: 1500 } });
  t.teardown(() => harness.stop());
  const a = await harness.startSidecar("sidecar-a", { leaderElection: CONTENDED_LEADER_ELECTION });
  await until("a to lead", () => a.isLeader());
  const b = await harness.startSidecar("sidecar-b", { leaderElection: CONTENDED_LEADER_ELECTION });

  // From a's first deletion on, a's calls to the Lease hang: a is cut off from the Lease, not from the pods.
  let cutOff = false;
  const unsubscribe = harness.server.onChange(({ type, resource, object }) => {
    if (cutOff || resource.kind !== "Pod" || (type !== "DELETED" && !object.metadata.deletionTimestamp)) return;
    cutOff = true;
    harness.server.hold((request) => request.client === "sidecar-a" && request.resource === "leases");
  });
  t.teardown(unsubscribe);
  rollManually(harness, "my-cluster-broker");

  await until("b to take over", () => b.isLeader(), 5000);
  t.equal(a.isLeader(), false, "a gave up before b took over");
  const takeover = harness.server.writes.findIndex((w) => w.resource === "leases" && w.client === "sidecar-b");
  t.ok(takeover >= 0);
  await until("the brokers to roll", () => harness.podDeletions().length === 3 && harness.allPodsCurrent() && harness.rollDone(), 20_000);
  t.strictSame(harness.podDeletions(), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "each broker once, in order");
  // On a quiet machine a deletes broker 0 and b the other two; on a loaded one a may lose its term even earlier.
  t.strictSame(harness.podDeletions("sidecar-a"), harness.podDeletions().slice(0, harness.podDeletions("sidecar-a").length), "a deleted only the first brokers...");
  t.ok(harness.podDeletions("sidecar-a").length <= 1, "...at most the one it then waited for");
  t.strictSame(harness.server.writes.slice(takeover).filter((w) => w.client === "sidecar-a"), [], "a wrote nothing once b led");
  t.comment(`a deleted ${JSON.stringify(harness.podDeletions("sidecar-a"))}, b ${JSON.stringify(harness.podDeletions("sidecar-b"))}`);
  t.match(lease(harness)?.spec, { holderIdentity: "sidecar-b", leaseTransitions: 1 });
});
