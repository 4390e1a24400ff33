// Runs the reconcilers of a cluster whenever the caches see a change to it, and
// every resync interval (time alone changes decisions: maintenance windows,
// readiness timeouts, a Kafka that refused a restart and may now accept it).
// Only the leader runs it, for one term of leadership at a time: the term's
// signal goes into every reconcile, which stops between reconcilers once it is
// aborted (every write is also refused then: see KubeActions). The caches run
// on every replica.
import type { Logger } from "pino";
import { clusterKeyString, parseClusterKey, type ClusterCache, type ClusterKey } from "./cluster-cache.js";
import { InformersStopped, NotLeading } from "./errors.js";
import type { ReconcileResult } from "./metrics.js";
import type { Reconciler } from "./reconcilers/reconciler.js";
import { TermQueue } from "./term-queue.js";
import { REAL_TIMERS, type Timers } from "./timers.js";

export const DEFAULT_RESYNC_INTERVAL_MS = 30_000;
/** Clusters reconciled at once; one cluster is never reconciled twice at once. */
export const DEFAULT_CONCURRENCY = 4;

export interface ControllerOptions {
  cache: ClusterCache;
  reconcilers: readonly Reconciler[];
  logger: Logger;
  resyncIntervalMs?: number;
  retryBaseMs?: number;
  timers?: Timers;
  /** Told how each reconciler's pass ended (a pass cut short by the end of the term is neither) and how long it took. */
  onReconciled?: (reconciler: string, result: ReconcileResult, seconds: number) => void;
}

export class Controller {
  private readonly queue: TermQueue;

  constructor(private readonly options: ControllerOptions) {
    this.queue = new TermQueue({
      worker: (key) => this.reconcile(parseClusterKey(key)),
      concurrency: DEFAULT_CONCURRENCY,
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      onError: (key, error) => options.logger.error({ err: error, cluster: key }, "reconcile failed; retrying"),
    }, options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS, () => options.cache.clusters().forEach((key) => this.enqueue(key)));
  }

  enqueue(key: ClusterKey): void {
    this.queue.add(clusterKeyString(key));
  }

  /** Runs for the term whose signal this is, until it is aborted or stop() is called. */
  start(signal: AbortSignal): void {
    this.queue.start(signal);
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /** Every reconciler runs on a fresh snapshot; one failing does not keep the others from running. */
  private async reconcile(key: ClusterKey): Promise<void> {
    // A cache that stopped may lack pods or pools: claims would look unused and nodes removed.
    const health = this.options.cache.health();
    if (!health.ok) throw new InformersStopped(health.failing.join(", "));
    const signal = this.queue.signal;
    const failures: unknown[] = [];
    const timers = this.options.timers ?? REAL_TIMERS;
    for (const reconciler of this.options.reconcilers) {
      if (!signal || signal.aborted) return;
      const started = timers.now();
      const took = (): number => (timers.now() - started) / 1000;
      try {
        await reconciler.reconcile(this.options.cache.snapshot(key), signal);
        this.options.onReconciled?.(reconciler.name, "success", took());
      } catch (error) {
        // A write refused because the term ended is not a failure to retry: another replica leads now.
        if (signal.aborted || error instanceof NotLeading) return;
        this.options.logger.error({ err: error, cluster: clusterKeyString(key), reconciler: reconciler.name }, "reconciler failed");
        this.options.onReconciled?.(reconciler.name, "failure", took());
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} reconciler(s) failed`);
    // As Strimzi's operator logs each reconciliation's end; tests count these to know a pass is over.
    this.options.logger.debug({ cluster: clusterKeyString(key) }, "reconciled");
  }
}
