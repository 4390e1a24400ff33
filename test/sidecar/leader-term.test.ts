// The leader elector on time the test moves, against a Lease API whose calls
// the test can make hang: a term of leadership ends exactly at the renew
// deadline after the last renewal was sent, even while a renewal hangs.
import { pino } from "pino";
import t from "tap";
import type { Lease } from "../../lib/api/kubernetes.js";
import { NotLeading } from "../../sidecar/errors.js";
import { KubeApiError } from "../../sidecar/kube/api-error.js";
import { LeaderElector, type LeaderElectionOptions } from "../../sidecar/leader-election.js";
import { FakeTimers } from "../helpers/fake-timers.js";

type LeaseApi = LeaderElectionOptions["api"];

/** One Lease, written with optimistic concurrency; `hang` makes calls wait until `answerHeld()` (or forever). */
class LeaseStore {
  lease: Lease | undefined;
  hang = false;
  calls = 0;
  private version = 0;
  private readonly held: Array<() => void> = [];

  private answer<T>(value: () => T): Promise<T> {
    this.calls++;
    if (!this.hang) return Promise.resolve().then(value);
    return new Promise<T>((resolve, reject) => this.held.push(() => {
      try {
        resolve(value());
      } catch (error) {
        reject(error);
      }
    }));
  }

  /** Answers the calls that hung, now. */
  answerHeld(): void {
    this.hang = false;
    for (const answer of this.held.splice(0)) answer();
  }

  readonly api: LeaseApi = {
    readNamespacedLease: () => this.answer(() => {
      if (!this.lease) throw new KubeApiError(404, "NotFound", "not found");
      return structuredClone(this.lease);
    }),
    createNamespacedLease: ({ body }) => this.answer(() => this.store(body)),
    replaceNamespacedLease: ({ body }) => this.answer(() => {
      if (body.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw new KubeApiError(409, "Conflict", "conflict");
      return this.store(body);
    }),
  };

  private store(body: Lease): Lease {
    this.lease = { ...body, metadata: { ...body.metadata, resourceVersion: String(++this.version) } };
    return structuredClone(this.lease);
  }
}


/** Elector "a" on the store and the test's time, renewing every 2 s with a 10 s renew deadline; each term's signal goes to `terms`. */
function electorOf(store: LeaseStore, timers: FakeTimers, terms: AbortSignal[], onStoppedLeading: () => void = () => undefined): LeaderElector {
  return new LeaderElector({
    api: store.api,
    namespace: "kafka-hooks",
    name: "lease",
    identity: "a",
    timing: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 },
    logger: pino({ level: "silent" }),
    timers,
    onStartedLeading: (signal) => terms.push(signal),
    onStoppedLeading,
  });
}
t.test("a renewal that hangs ends the term at the renew deadline, not before; the campaign goes on and starts a new term", async (t) => {
  const timers = new FakeTimers();
  const store = new LeaseStore();
  const terms: AbortSignal[] = [];
  let stopped = 0;
  const elector = electorOf(store, timers, terms, () => {
    stopped++;
  });
  elector.start();
  await timers.advance(0);
  t.equal(elector.isLeader(), true, "acquired at 0");
  t.equal(terms.length, 1);
  await timers.advance(2000);
  t.equal(store.lease?.spec?.holderIdentity, "a", "renewed at 2000");

  store.hang = true;
  await timers.advance(2000);
  const calls = store.calls;
  await timers.advance(7999);
  t.equal(store.calls, calls, "the renewal sent at 4000 still hangs");
  t.equal(elector.isLeader(), true, "11999: within 10 s of the renewal sent at 2000");
  t.equal(terms[0]?.aborted, false);
  t.doesNotThrow(() => elector.assertLeading());
  await timers.advance(1);
  t.equal(elector.isLeader(), false, "12000: the renew deadline");
  t.equal(terms[0]?.aborted, true, "the term's signal is aborted");
  t.type(terms[0]?.reason, NotLeading);
  t.equal(stopped, 1);
  t.throws(() => elector.assertLeading(), { code: "NOT_LEADING", message: "a does not hold the Lease lease" }, "every write is refused");

  // The hanging call is given up at 14000; once the API answers again, the Lease (still ours) is renewed: a new term.
  store.hang = false;
  await timers.advance(4000);
  t.equal(elector.isLeader(), true);
  t.equal(terms.length, 2);
  t.equal(terms[1]?.aborted, false, "a new term with a new signal");
  t.equal(terms[0]?.aborted, true, "the old one stays aborted");
  await elector.stop();
  t.equal(terms[1]?.aborted, true);
  t.equal(store.lease?.spec?.holderIdentity, "", "released on stop");
});

t.test("a renewal answered after the deadline does not revive the ended term: it starts a new one", async (t) => {
  const timers = new FakeTimers();
  const store = new LeaseStore();
  const terms: AbortSignal[] = [];
  const elector = electorOf(store, timers, terms);
  t.teardown(() => elector.stop());
  elector.start();
  await timers.advance(0);
  store.hang = true;
  await timers.advance(2000);
  await timers.advance(8000);
  t.equal(terms[0]?.aborted, true, "the term acquired at 0 ended at 10000; the renewal sent at 2000 still waits");
  t.equal(elector.isLeader(), false);
  await timers.advance(500);
  store.answerHeld();
  await timers.advance(0);
  t.equal(elector.isLeader(), true, "the renewal sent at 2000 and answered at 10500 counts from when it was sent...");
  t.equal(terms.length, 2, "...for a new term");
  t.equal(terms[1]?.aborted, false);
});
