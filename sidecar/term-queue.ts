// A work queue that runs for one term of leadership at a time: started with the
// term's signal, it queues everything at once and again every resync interval,
// takes keys only while the term lasts, and is stopped when the term ends.
// The Kafka clusters' controller and the connectors' share it.
import { InformersStopped, NotLeading } from "./errors.js";
import type { ReconcileResult } from "./metrics.js";
import { every, REAL_TIMERS, type Timers } from "./timers.js";
import { WorkQueue, type WorkQueueOptions } from "./work-queue.js";

export interface TermWork {
  /** The informers' health: a stopped informer could hide an object the work would act without. */
  health: () => { ok: boolean; failing: string[] };
  onReconciled?: ((reconciler: string, result: ReconcileResult, seconds: number) => void) | undefined;
}

export class TermQueue {
  private readonly queue: WorkQueue;
  private readonly timers: Timers;
  private stopResync: (() => void) | undefined;
  /** The current term's signal, while running. */
  private term: AbortSignal | undefined;

  constructor(options: WorkQueueOptions, private readonly resyncIntervalMs: number, private readonly everything: () => void) {
    this.queue = new WorkQueue(options);
    this.timers = options.timers ?? REAL_TIMERS;
  }

  get signal(): AbortSignal | undefined {
    return this.term;
  }

  running(): boolean {
    return this.term !== undefined && !this.term.aborted;
  }

  add(key: string): void {
    if (this.running()) this.queue.add(key);
  }

  /** Runs for the term whose signal this is, until it is aborted or stop() is called. */
  start(signal: AbortSignal): void {
    if (this.running()) return;
    this.term = signal;
    this.queue.start();
    this.everything();
    this.stopResync = every(this.timers, this.resyncIntervalMs, this.everything);
  }

  /**
   * One key's work in this term, counted under `reconciler` with its duration:
   * refused (and so retried) while an informer is stopped, skipped once the term
   * ended; an error of a term that ended is dropped, for the next leader goes on.
   */
  async reconcile(reconciler: string, context: TermWork, work: () => Promise<void>): Promise<void> {
    const health = context.health();
    if (!health.ok) throw new InformersStopped(health.failing.join(", "));
    const signal = this.term;
    if (!signal || signal.aborted) return;
    const started = this.timers.now();
    try {
      await work();
      context.onReconciled?.(reconciler, "success", (this.timers.now() - started) / 1000);
    } catch (error) {
      if (signal.aborted || error instanceof NotLeading) return;
      context.onReconciled?.(reconciler, "failure", (this.timers.now() - started) / 1000);
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.term = undefined;
    this.stopResync?.();
    await this.queue.stop();
  }
}
