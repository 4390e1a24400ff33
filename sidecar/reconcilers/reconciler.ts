// One concern of the sidecar, run on a cluster whenever anything of it changes
// and on every resync. A reconciler reads the snapshot, decides with a pure
// function from lib/, and then acts; it keeps no state that a restart of the
// sidecar (or a new leader) would need, beyond what it writes to the cluster.
import type { ClusterSnapshot } from "../cluster-cache.js";

/** The lane of the reconcilers that name none (sidecar/controller.ts). */
export const DEFAULT_LANE = "cluster";

export interface Reconciler {
  readonly name: string;
  /**
   * Reconcilers that name no lane share one and run in the sidecar's order on
   * each pass (the volumes and the roller both delete pods: each sees the
   * other's deletions). One that waits on what the others do not (each broker
   * by itself, another service) names its own, so that its failures, backoff
   * and waits never hold back their passes.
   */
  readonly lane?: string;
  /** `signal` is aborted when this replica's term of leadership ends: nothing may be written after that. */
  reconcile(cluster: ClusterSnapshot, signal: AbortSignal): Promise<void>;
}
