// One concern of the sidecar, run on a cluster whenever anything of it changes
// and on every resync. A reconciler reads the snapshot, decides with a pure
// function from lib/, and then acts; it keeps no state that a restart of the
// sidecar (or a new leader) would need, beyond what it writes to the cluster.
import type { ClusterSnapshot } from "../cluster-cache.js";

export interface Reconciler {
  readonly name: string;
  /** `signal` is aborted when this replica's term of leadership ends: nothing may be written after that. */
  reconcile(cluster: ClusterSnapshot, signal: AbortSignal): Promise<void>;
}
