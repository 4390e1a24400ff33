// Runs the reconcilers of a cluster whenever the caches see a change to it, and
// every resync interval (time alone changes decisions: maintenance windows,
// readiness timeouts, a Kafka that refused a restart and may now accept it).
// The reconcilers run in lanes (Reconciler.lane): each lane has a work queue of
// its own and runs its reconcilers one after the other on each pass over a
// cluster, so a lane that fails, backs off or waits on a broker that does not
// answer never holds back another lane's pass nor changes what it decides.
// Only the leader runs it, for one term of leadership at a time: the term's
// signal goes into every reconcile, which stops between reconcilers once it is
// aborted (every write is also refused then: see KubeActions). The caches run
// on every replica.
import type { Logger } from "pino";
import { clusterKeyString, parseClusterKey, type ClusterCache, type ClusterKey } from "./cluster-cache.js";
import { InformersStopped, NotLeading } from "./errors.js";
import type { ReconcileResult } from "./metrics.js";
import { DEFAULT_LANE, type Reconciler } from "./reconcilers/reconciler.js";
import { TermQueue } from "./term-queue.js";
import { REAL_TIMERS, type Timers } from "./timers.js";

export const DEFAULT_RESYNC_INTERVAL_MS = 30_000;
/** Clusters reconciled at once in each lane; one lane never reconciles a cluster twice at once. */
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
  /** One queue per lane. */
  private readonly queues: readonly TermQueue[];

  constructor(private readonly options: ControllerOptions) {
    const byLane = new Map<string, Reconciler[]>();
    for (const reconciler of options.reconcilers) {
      const lane = reconciler.lane ?? DEFAULT_LANE;
      byLane.set(lane, [...(byLane.get(lane) ?? []), reconciler]);
    }
    this.queues = [...byLane].map(([lane, reconcilers]) => {
      const queue: TermQueue = new TermQueue({
        worker: (key) => this.reconcile(queue, lane, reconcilers, parseClusterKey(key)),
        concurrency: DEFAULT_CONCURRENCY,
        ...(options.timers ? { timers: options.timers } : {}),
        ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
        onError: (key, error) => options.logger.error({ err: error, cluster: key, lane }, "reconcile failed; retrying"),
      }, options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS, () => options.cache.clusters().forEach((key) => queue.add(clusterKeyString(key))));
      return queue;
    });
  }

  enqueue(key: ClusterKey): void {
    for (const queue of this.queues) queue.add(clusterKeyString(key));
  }

  /** Runs for the term whose signal this is, until it is aborted or stop() is called. */
  start(signal: AbortSignal): void {
    for (const queue of this.queues) queue.start(signal);
  }

  async stop(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.stop()));
  }

  /** Every reconciler of the lane runs on a fresh snapshot; one failing does not keep the others from running. */
  private async reconcile(queue: TermQueue, lane: string, reconcilers: readonly Reconciler[], key: ClusterKey): Promise<void> {
    // A cache that stopped may lack pods or pools: claims would look unused and nodes removed.
    const health = this.options.cache.health();
    if (!health.ok) throw new InformersStopped(health.failing.join(", "));
    const signal = queue.signal;
    const failures: unknown[] = [];
    const timers = this.options.timers ?? REAL_TIMERS;
    for (const reconciler of reconcilers) {
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
    this.options.logger.debug({ cluster: clusterKeyString(key), lane }, "reconciled");
  }
}
