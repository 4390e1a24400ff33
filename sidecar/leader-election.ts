// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the
// holder renews the Lease; a candidate takes it over only when it is released
// (empty holder) or when it has not changed for a whole lease duration as seen
// by the candidate's own clock (so the holder's clock never matters). Writes go
// through replace with the read resourceVersion, so of two candidates one wins
// and the other gets 409. A leader that cannot renew within the renew deadline
// (shorter than the lease) stops acting before anyone else can take over.
import { ApiException, V1MicroTime, type CoordinationV1Api, type V1Lease } from "@kubernetes/client-node";
import type { Logger } from "pino";

export interface LeaderElectionTiming {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** client-go's defaults. */
export const DEFAULT_LEADER_ELECTION_TIMING: LeaderElectionTiming = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export interface LeaderElectionOptions {
  api: CoordinationV1Api;
  namespace: string;
  name: string;
  identity: string;
  timing: LeaderElectionTiming;
  logger: Logger;
  /** Monotonic milliseconds, for lease expiry. */
  monotonicNow?: () => number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void | Promise<void>;
}

const conflictOrMissing = (error: unknown): boolean => error instanceof ApiException && (error.code === 409 || error.code === 404);

export class LeaderElector {
  private leader = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;
  private lastRenewal = 0;
  /** The Lease as last seen, and when it was first seen so (on this clock). */
  private observed: { record: string; at: number } | undefined;

  constructor(private readonly options: LeaderElectionOptions) {}

  isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops campaigning; a leader releases the Lease so that another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tick;
    if (!this.leader) return;
    await this.release();
    await this.lose("stopping");
  }

  private now(): number {
    return this.options.monotonicNow?.() ?? performance.now();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick = this.attempt().finally(() => {
        this.tick = undefined;
        this.schedule(this.options.timing.retryPeriodMs);
      });
    }, delayMs);
  }

  private async attempt(): Promise<void> {
    try {
      const acquired = await this.tryAcquireOrRenew();
      if (acquired) {
        this.lastRenewal = this.now();
        if (!this.leader) {
          // Marked even while stopping, so that stop() releases what was just acquired.
          this.leader = true;
          if (this.stopped) return;
          this.options.logger.info({ lease: this.options.name, identity: this.options.identity }, "became the leader");
          this.options.onStartedLeading();
        }
        return;
      }
      if (this.leader) await this.lose("the Lease is held by another replica");
    } catch (error) {
      this.options.logger.warn({ err: error, lease: this.options.name }, "cannot read or write the Lease");
      if (this.leader && this.now() - this.lastRenewal > this.options.timing.renewDeadlineMs) await this.lose("the Lease could not be renewed in time");
    }
  }

  private async lose(why: string): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    this.options.logger.warn({ lease: this.options.name, identity: this.options.identity, why }, "stopped leading");
    await this.options.onStoppedLeading();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { api, namespace, name, identity, timing } = this.options;
    const now = new V1MicroTime();
    const leaseDurationSeconds = Math.max(1, Math.ceil(timing.leaseDurationMs / 1000));
    let lease: V1Lease;
    try {
      lease = await api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error;
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
    const body: V1Lease = {
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
      const now = new V1MicroTime();
      await api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec: { ...lease.spec, holderIdentity: "", leaseDurationSeconds: 1, renewTime: now, acquireTime: now } } });
      this.options.logger.info({ lease: name, identity }, "released the Lease");
    } catch (error) {
      this.options.logger.warn({ err: error, lease: name }, "cannot release the Lease; another replica takes over when it expires");
    }
  }
}
