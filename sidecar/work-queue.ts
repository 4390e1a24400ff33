// Keys to reconcile, each at most once in the queue and never worked on twice at
// once: a key added while it is worked on is worked on again afterwards, so a
// change seen mid-reconcile is never lost. A failed key comes back with backoff.
// Written here, as client-go's workqueue is Go and a
// general queue library has neither the per-key "dirty" rule nor injected timers.
import { REAL_TIMERS, type Timers } from "./timers.js";

export const BASE_RETRY_DELAY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 60_000;

export interface WorkQueueOptions {
  worker: (key: string) => Promise<void>;
  /** Keys worked on at once. */
  concurrency: number;
  retryBaseMs?: number;
  onError: (key: string, error: unknown) => void;
  timers?: Timers;
}

export class WorkQueue {
  private readonly queued: string[] = [];
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** Each pending retry's cancel function. */
  private readonly retries = new Map<string, () => void>();
  private readonly running = new Set<Promise<void>>();
  private started = false;

  constructor(private readonly options: WorkQueueOptions) {}

  add(key: string): void {
    if (!this.started) return;
    if (this.active.has(key)) this.dirty.add(key);
    else if (!this.queued.includes(key)) this.queued.push(key);
    this.pump();
  }

  start(): void {
    this.started = true;
  }

  /** Stops taking work and waits for the keys being worked on. */
  async stop(): Promise<void> {
    this.started = false;
    this.queued.length = 0;
    this.dirty.clear();
    for (const cancel of this.retries.values()) cancel();
    this.retries.clear();
    await Promise.all(this.running);
  }

  private pump(): void {
    while (this.started && this.active.size < this.options.concurrency) {
      const index = this.queued.findIndex((k) => !this.active.has(k));
      if (index < 0) return;
      const [key] = this.queued.splice(index, 1);
      if (key === undefined) return;
      this.active.add(key);
      const work = this.work(key);
      this.running.add(work);
      void work.finally(() => this.running.delete(work));
    }
  }

  private async work(key: string): Promise<void> {
    try {
      await this.options.worker(key);
      this.failures.delete(key);
    } catch (error) {
      this.options.onError(key, error);
      this.retryLater(key);
    } finally {
      this.active.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }

  private retryLater(key: string): void {
    if (!this.started || this.retries.has(key)) return;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = Math.min((this.options.retryBaseMs ?? BASE_RETRY_DELAY_MS) * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
    this.retries.set(key, (this.options.timers ?? REAL_TIMERS).after(delay, () => {
      this.retries.delete(key);
      this.add(key);
    }));
  }
}
