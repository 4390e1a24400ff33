// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the
// holder renews the Lease; a candidate takes it over only when it is released
// (empty holder) or when it has not changed for a whole lease duration as seen
// by the candidate's own clock (so the holder's clock never matters). Writes go
// through replace with the read resourceVersion, so of two candidates one wins
// and the other gets 409. A leader that cannot renew within the renew deadline
// (shorter than the lease) stops acting before anyone else can take over: at
// the deadline, counted from when its last successful renewal was sent, even
// while a renewal is still hanging. Each term of leadership has an AbortSignal,
// aborted the moment the term ends, and `isLeader()` is false from the deadline
// on whether or not the timer has fired yet. Written here: client-go's is Go, and
// the term's signal, the deadline counted from a renewal's sending and the
// injected timers are what the tests hold it to.
import type { Logger } from "pino";
import type { Lease } from "../lib/api/kubernetes.js";
import { NotLeading } from "./errors.js";
import { statusCode } from "./kube/api-error.js";
import type { KubeHttp } from "./kube/http.js";
import { microTime } from "./kube/micro-time.js";
import { REAL_TIMERS, type Timers } from "./timers.js";

export interface LeaderElectionTiming {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** client-go's defaults. */
export const DEFAULT_LEADER_ELECTION_TIMING: LeaderElectionTiming = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** The Lease calls of leader election; a failure is thrown as a KubeApiError with the server's status code. */
export interface LeaseApi {
  readNamespacedLease(request: { name: string; namespace: string }): Promise<Lease>;
  createNamespacedLease(request: { namespace: string; body: Lease }): Promise<Lease>;
  replaceNamespacedLease(request: { name: string; namespace: string; body: Lease }): Promise<Lease>;
}

/** The Lease calls over the sidecar's connections; a replace carries the resourceVersion read, so a change meanwhile answers 409. */
export function leaseApi(http: KubeHttp): LeaseApi {
  const leases = (namespace: string): string => `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  return {
    readNamespacedLease: ({ name, namespace }) => http.json<Lease>("GET", `${leases(namespace)}/${encodeURIComponent(name)}`),
    createNamespacedLease: ({ namespace, body }) => http.json<Lease>("POST", leases(namespace), { apiVersion: "coordination.k8s.io/v1", kind: "Lease", ...body }),
    replaceNamespacedLease: ({ name, namespace, body }) => http.json<Lease>("PUT", `${leases(namespace)}/${encodeURIComponent(name)}`, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", ...body }),
  };
}

export interface LeaderElectionOptions {
  api: LeaseApi;
  namespace: string;
  name: string;
  identity: string;
  timing: LeaderElectionTiming;
  logger: Logger;
  /** Monotonic time and timers; the real ones by default. */
  timers?: Timers;
  /** Called with the term's signal, which is aborted when the term ends. */
  onStartedLeading: (signal: AbortSignal) => void;
  onStoppedLeading: () => void | Promise<void>;
}

const conflictOrMissing = (error: unknown): boolean => statusCode(error) === 409 || statusCode(error) === 404;

export class LeaderElector {
  private leader = false;
  private stopped = true;
  private cancelNext: (() => void) | undefined;
  private cancelDeadline: (() => void) | undefined;
  private tick: Promise<void> | undefined;
  private term: AbortController | undefined;
  /** When the last successful acquisition or renewal was sent. */
  private lastRenewal = 0;
  /** The Lease as last seen, and when it was first seen so (on this clock). */
  private observed: { record: string; at: number } | undefined;

  constructor(private readonly options: LeaderElectionOptions) {}

  /** Leading, and sure of it: renewed within the renew deadline. */
  isLeader(): boolean {
    return this.leader && this.now() - this.lastRenewal < this.options.timing.renewDeadlineMs;
  }

  /** Throws NotLeading unless this replica is sure it leads: called before every write. */
  assertLeading(): void {
    if (!this.isLeader()) throw new NotLeading(`${this.options.identity} does not hold the Lease ${this.options.name}`);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops campaigning; a leader releases the Lease so that another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelNext?.();
    await this.tick;
    if (!this.leader) return;
    await this.release();
    await this.lose("stopping");
  }

  private get timers(): Timers {
    return this.options.timers ?? REAL_TIMERS;
  }

  private now(): number {
    return this.timers.now();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.cancelNext = this.timers.after(delayMs, () => {
      this.tick = this.attempt().finally(() => {
        this.tick = undefined;
        this.schedule(this.options.timing.retryPeriodMs);
      });
    });
  }

  /** The Lease call, given up after the renew deadline: a leader could not wait longer anyway, and a hanging call must not stop the campaign. */
  private tryWithin(deadlineMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const cancel = this.timers.after(deadlineMs, () => reject(new Error(`the Lease API did not answer within ${deadlineMs} ms`)));
      this.tryAcquireOrRenew().then(resolve, reject).finally(cancel);
    });
  }

  private async attempt(): Promise<void> {
    const sent = this.now();
    try {
      const acquired = await this.tryWithin(this.options.timing.renewDeadlineMs);
      if (acquired) {
        if (this.leader && this.now() - this.lastRenewal >= this.options.timing.renewDeadlineMs) {
          // Renewed, but the answer came after the deadline, when this term had ended (writes were refused from then on): start a new one.
          await this.lose("the Lease was renewed only after the renew deadline");
        }
        this.lastRenewal = sent;
        this.armDeadline();
        if (!this.leader) {
          // Marked even while stopping, so that stop() releases what was just acquired.
          this.leader = true;
          if (this.stopped) return;
          this.term = new AbortController();
          this.options.logger.info({ lease: this.options.name, identity: this.options.identity }, "became the leader");
          this.options.onStartedLeading(this.term.signal);
        }
        return;
      }
      if (this.leader) await this.lose("the Lease is held by another replica");
    } catch (error) {
      this.options.logger.warn({ err: error, lease: this.options.name }, "cannot read or write the Lease");
      if (this.leader && this.now() - this.lastRenewal >= this.options.timing.renewDeadlineMs) await this.lose("the Lease could not be renewed in time");
    }
  }

  /** Ends the term at the renew deadline unless a renewal moves it on first. */
  private armDeadline(): void {
    this.cancelDeadline?.();
    const left = this.lastRenewal + this.options.timing.renewDeadlineMs - this.now();
    this.cancelDeadline = this.timers.after(Math.max(0, left), () => {
      if (this.leader && this.now() - this.lastRenewal >= this.options.timing.renewDeadlineMs) void this.lose("the Lease was not renewed within the renew deadline");
    });
  }

  private async lose(why: string): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    this.cancelDeadline?.();
    this.term?.abort(new NotLeading(why));
    this.term = undefined;
    this.options.logger.warn({ lease: this.options.name, identity: this.options.identity, why }, "stopped leading");
    await this.options.onStoppedLeading();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { api, namespace, name, identity, timing } = this.options;
    const now = microTime(new Date());
    const leaseDurationSeconds = Math.max(1, Math.ceil(timing.leaseDurationMs / 1000));
    let lease: Lease;
    try {
      lease = await api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
      try {
        await api.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 } } });
        return true;
      } catch (created) {
        if (conflictOrMissing(created)) return false;
        throw created;
      }
    }
    const spec = lease.spec ?? {};
    const record = JSON.stringify({ holder: spec.holderIdentity, renew: spec.renewTime, transitions: spec.leaseTransitions });
    if (this.observed?.record !== record) this.observed = { record, at: this.now() };
    const held = spec.holderIdentity === identity;
    const free = !spec.holderIdentity;
    const expired = this.now() - this.observed.at > (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    if (!held && !free && !expired) return false;
    const body: Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds,
        renewTime: now,
        ...(held ? {} : { acquireTime: now, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }),
      },
    };
    try {
      await api.replaceNamespacedLease({ name, namespace, body });
      return true;
    } catch (error) {
      if (conflictOrMissing(error)) return false;
      throw error;
    }
  }

  private async release(): Promise<void> {
    const { api, namespace, name, identity } = this.options;
    try {
      const lease = await api.readNamespacedLease({ name, namespace });
      if (lease.spec?.holderIdentity !== identity) return;
      const now = microTime(new Date());
      await api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec: { ...lease.spec, holderIdentity: "", leaseDurationSeconds: 1, renewTime: now, acquireTime: now } } });
      this.options.logger.info({ lease: name, identity }, "released the Lease");
    } catch (error) {
      this.options.logger.warn({ err: error, lease: name }, "cannot release the Lease; another replica takes over when it expires");
    }
  }
}
