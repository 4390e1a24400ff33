// KafkaTopic keys worked on in batches, as Strimzi's BatchingLoop does: keys
// wait up to the linger time for others to join, a batch takes at most the
// batch size, and one batch runs at a time (conflicts between KafkaTopics are
// judged on one view). A key added while its batch runs waits for the next,
// so a change seen mid-batch is never lost; keys the worker hands back, or a
// whole batch that failed, come back with backoff.
import { REAL_TIMERS, type Timers } from "../../sidecar/timers.js";
import { BASE_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS } from "../../sidecar/work-queue.js";

export interface BatchQueueOptions {
  maxBatchSize: number;
  lingerMs: number;
  /** Works on a batch; resolves with the keys to try again later. */
  worker: (keys: string[]) => Promise<string[]>;
  onError: (keys: string[], error: unknown) => void;
  retryBaseMs?: number;
  timers?: Timers;
}

export class BatchQueue {
  // A Set keeps insertion order: the oldest keys go first.
  private readonly pending = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly retries = new Map<string, () => void>();
  private cancelLinger: (() => void) | undefined;
  /** Whether the batch scheduled waits for company (rather than going at once, full). */
  private lingering = false;
  private running: Promise<void> | undefined;
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
    this.pending.add(key);
    this.schedule();
  }

  /** Keys waiting, retries included. */
  size(): number {
    return this.pending.size + this.retries.size;
  }

  /** The largest batch worked on so far (Strimzi's max batch size metric). */
  largestBatch(): number {
    return this.largest;
  }

  /** Whether nothing waits, nothing runs and nothing is to be tried again. */
  idle(): boolean {
    return this.pending.size === 0 && this.retries.size === 0 && this.running === undefined && this.cancelLinger === undefined;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.pending.clear();
    this.cancelLinger?.();
    this.cancelLinger = undefined;
    for (const cancel of this.retries.values()) cancel();
    this.retries.clear();
    await this.running;
  }

  private schedule(): void {
    if (!this.started || this.running || this.pending.size === 0) return;
    // A full batch goes at once; a smaller one waits for others to join.
    const full = this.pending.size >= this.options.maxBatchSize;
    if (this.cancelLinger && !(full && this.lingering)) return;
    this.cancelLinger?.();
    this.lingering = !full;
    this.cancelLinger = this.timers.after(full ? 0 : this.options.lingerMs, () => {
      this.cancelLinger = undefined;
      this.running = this.runBatch().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    });
  }

  private async runBatch(): Promise<void> {
    const batch: string[] = [];
    for (const key of this.pending) {
      if (batch.length >= this.options.maxBatchSize) break;
      batch.push(key);
    }
    for (const key of batch) this.pending.delete(key);
    this.largest = Math.max(this.largest, batch.length);
    let again: string[];
    try {
      again = await this.options.worker(batch);
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
