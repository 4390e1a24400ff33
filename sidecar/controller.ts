// Runs the reconcilers of a cluster whenever the caches see a change to it, and
// every resync interval (time alone changes decisions: maintenance windows,
// readiness timeouts, a Kafka that refused a restart and may now accept it).
// Only the leader runs it; the caches run on every replica.
import type { Logger } from "pino";
import { clusterKeyString, parseClusterKey, type ClusterCache, type ClusterKey } from "./cluster-cache.js";
import type { Reconciler } from "./reconcilers/reconciler.js";
import { WorkQueue } from "./work-queue.js";

export const DEFAULT_RESYNC_INTERVAL_MS = 30_000;
/** Clusters reconciled at once; one cluster is never reconciled twice at once. */
export const DEFAULT_CONCURRENCY = 4;

export interface ControllerOptions {
  cache: ClusterCache;
  reconcilers: readonly Reconciler[];
  logger: Logger;
  resyncIntervalMs?: number;
  retryBaseMs?: number;
}

export class Controller {
  private readonly queue: WorkQueue;
  private resync: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: ControllerOptions) {
    this.queue = new WorkQueue({
      worker: (key) => this.reconcile(parseClusterKey(key)),
      concurrency: DEFAULT_CONCURRENCY,
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      onError: (key, error) => options.logger.error({ err: error, cluster: key }, "reconcile failed; retrying"),
    });
  }

  enqueue(key: ClusterKey): void {
    if (this.running) this.queue.add(clusterKeyString(key));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.queue.start();
    const everything = (): void => this.options.cache.clusters().forEach((key) => this.enqueue(key));
    everything();
    this.resync = setInterval(everything, this.options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.resync) clearInterval(this.resync);
    await this.queue.stop();
  }

  /** Every reconciler runs on a fresh snapshot; one failing does not keep the others from running. */
  private async reconcile(key: ClusterKey): Promise<void> {
    // A cache that stopped may lack pods or pools: claims would look unused and nodes removed.
    const health = this.options.cache.health();
    if (!health.ok) throw new Error(`not acting while informers are stopped: ${health.failing.join(", ")}`);
    const failures: unknown[] = [];
    for (const reconciler of this.options.reconcilers) {
      if (!this.running) return;
      try {
        await reconciler.reconcile(this.options.cache.snapshot(key));
      } catch (error) {
        this.options.logger.error({ err: error, cluster: clusterKeyString(key), reconciler: reconciler.name }, "reconciler failed");
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} reconciler(s) failed`);
  }
}
