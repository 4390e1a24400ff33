// Pods this sidecar has just deleted. The caches learn of a deletion only when
// its watch event arrives; until then a deleted pod would look ready, and a
// second pod could be deleted on the strength of it. Both reconcilers see such
// pods as being deleted until the cache no longer holds them.
import type { ClusterKey, ClusterSnapshot } from "./cluster-cache.js";
import { clusterKeyString } from "./cluster-cache.js";

export class DeletedPods {
  private readonly uids = new Map<string, Set<string>>();

  add(cluster: ClusterKey, uid: string): void {
    const key = clusterKeyString(cluster);
    const set = this.uids.get(key) ?? new Set<string>();
    set.add(uid);
    this.uids.set(key, set);
  }

  /** The snapshot with every such pod marked as being deleted; pods the cache has dropped are forgotten. */
  overlay(cluster: ClusterSnapshot, now: Date): ClusterSnapshot {
    const set = this.uids.get(clusterKeyString(cluster));
    if (!set || set.size === 0) return cluster;
    const cached = new Set(cluster.pods.map((p) => p.metadata?.uid));
    for (const uid of set) if (!cached.has(uid)) set.delete(uid);
    return {
      ...cluster,
      pods: cluster.pods.map((pod) => (pod.metadata?.uid && set.has(pod.metadata.uid) && !pod.metadata.deletionTimestamp
        ? { ...pod, metadata: { ...pod.metadata, deletionTimestamp: now.toISOString() } }
        : pod)),
    };
  }
}
