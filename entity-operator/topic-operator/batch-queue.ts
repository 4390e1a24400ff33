// KafkaTopic keys worked on in batches, as Strimzi's BatchingLoop does: keys
// wait up to the linger time for others to join, a batch takes at most the
// batch size, and one batch runs at a time (conflicts between KafkaTopics are
// judged on one view) until it hands off: what it does after (its status
// writes, which wait on the API server) touches only its own keys, so the next
// batch may start meanwhile, without them. A key added while its batch runs
// waits for the next batch after it, so a change seen mid-batch is never lost;
// keys the worker hands back, or a whole batch that failed, come back with
// backoff.
import { REAL_TIMERS, type Timers } from "../../sidecar/timers.js";
import { BASE_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS } from "../../sidecar/work-queue.js";

export interface BatchQueueOptions {
  maxBatchSize: number;
  lingerMs: number;
  /**
   * Works on a batch; resolves with the keys to try again later. It may call
   * `handOff` once the rest of its work touches only its own keys.
   */
  worker: (keys: string[], handOff: () => void) => Promise<string[]>;
  /** Batches under way at once: one before its hand-off, the others after theirs (default 1: one at a time). */
  maxBatchesAtOnce?: number;
  onError: (keys: string[], error: unknown) => void;
  retryBaseMs?: number;
  timers?: Timers;
}

export class BatchQueue {
  // A Set keeps insertion order: the oldest keys go first.
  private readonly pending = new Set<string>();
  /** Keys of batches under way. */
  private readonly busy = new Set<string>();
  /** Keys added while busy: pending once their batch is done. */
  private readonly deferred = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly retries = new Map<string, () => void>();
  private cancelLinger: (() => void) | undefined;
  /** Whether the batch scheduled waits for company (rather than going at once, full). */
  private lingering = false;
  /** A batch runs and has not handed off. */
  private exclusive = false;
  private readonly underWay = new Set<Promise<void>>();
  private started = false;
  private largest = 0;

  constructor(private readonly options: BatchQueueOptions) {}

  get timers(): Timers {
    return this.options.timers ?? REAL_TIMERS;
  }

  start(): void {
    this.started = true;
    this.schedule();
  }

  add(key: string): void {
    if (!this.started) return;
    if (this.busy.has(key)) {
      this.deferred.add(key);
      return;
    }
    this.pending.add(key);
    this.schedule();
  }

  /** Keys waiting, retries included. */
  size(): number {
    return this.pending.size + this.deferred.size + this.retries.size;
  }

  /** The largest batch worked on so far (Strimzi's max batch size metric). */
  largestBatch(): number {
    return this.largest;
  }

  /** Whether nothing waits, nothing runs and nothing is to be tried again. */
  idle(): boolean {
    return this.pending.size === 0 && this.deferred.size === 0 && this.retries.size === 0 && this.underWay.size === 0 && this.cancelLinger === undefined;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.pending.clear();
    this.deferred.clear();
    this.cancelLinger?.();
    this.cancelLinger = undefined;
    for (const cancel of this.retries.values()) cancel();
    this.retries.clear();
    await Promise.all(this.underWay);
  }

  private mayStart(): boolean {
    return this.started && !this.exclusive && this.underWay.size < (this.options.maxBatchesAtOnce ?? 1) && this.pending.size > 0;
  }

  private schedule(): void {
    if (!this.mayStart()) return;
    // A full batch goes at once; a smaller one waits for others to join.
    const full = this.pending.size >= this.options.maxBatchSize;
    if (this.cancelLinger && !(full && this.lingering)) return;
    this.cancelLinger?.();
    this.lingering = !full;
    this.cancelLinger = this.timers.after(full ? 0 : this.options.lingerMs, () => {
      this.cancelLinger = undefined;
      // A batch handing off from inside its worker at once may still count; its end schedules again.
      if (this.mayStart()) this.startBatch();
    });
  }

  private startBatch(): void {
    const batch: string[] = [];
    for (const key of this.pending) {
      if (batch.length >= this.options.maxBatchSize) break;
      batch.push(key);
    }
    for (const key of batch) {
      this.pending.delete(key);
      this.busy.add(key);
    }
    this.largest = Math.max(this.largest, batch.length);
    this.exclusive = true;
    let exclusive = true;
    const endExclusive = (): void => {
      exclusive = false;
      this.exclusive = false;
    };
    const handOff = (): void => {
      if (!exclusive) return;
      endExclusive();
      this.schedule();
    };
    const done: Promise<void> = this.runBatch(batch, handOff).finally(() => {
      this.underWay.delete(done);
      if (exclusive) endExclusive();
      for (const key of batch) {
        this.busy.delete(key);
        if (this.deferred.delete(key)) this.pending.add(key);
      }
      this.schedule();
    });
    this.underWay.add(done);
  }

  private async runBatch(batch: string[], handOff: () => void): Promise<void> {
    let again: string[];
    try {
      again = await this.options.worker(batch, handOff);
    } catch (error) {
      this.options.onError(batch, error);
      again = batch;
    }
    const retried = new Set(again);
    for (const key of batch) if (!retried.has(key)) this.failures.delete(key);
    for (const key of again) this.retryLater(key);
  }

  private retryLater(key: string): void {
    if (!this.started || this.retries.has(key)) return;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = Math.min((this.options.retryBaseMs ?? BASE_RETRY_DELAY_MS) * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
    this.retries.set(key, this.timers.after(delay, () => {
      this.retries.delete(key);
      this.add(key);
    }));
  }
}
