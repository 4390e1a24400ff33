// The CA expiries the latest Kafka syncs answered with, per cluster, for
// /metrics. The hooks hear of a deleted Kafka from nobody, so a cluster not
// synced for FORGET_AFTER_MS is forgotten: Metacontroller syncs every Kafka at
// least at each relist of its caches (`--cache-flush-interval`, 30 minutes by
// default), through one hooks replica or the other, and the replica that synced
// it last reports it.
import type { CaExpiry, CaType } from "../lib/certificates/ca-expiry.js";

export const FORGET_AFTER_MS = 3 * 60 * 60 * 1000;

export interface ClusterCaExpiry {
  namespace: string;
  cluster: string;
  type: CaType;
  notAfter: Date;
}

export class CertificateExpiries {
  private readonly clusters = new Map<string, { syncedAt: number; expiries: readonly ClusterCaExpiry[] }>();

  record(namespace: string, cluster: string, expiries: readonly CaExpiry[], syncedAt: Date): void {
    this.clusters.set(`${namespace}/${cluster}`, { syncedAt: syncedAt.getTime(), expiries: expiries.map((e) => ({ namespace, cluster, ...e })) });
  }

  /** Every cluster's, but those not synced for FORGET_AFTER_MS, which are dropped. */
  current(now: Date): ClusterCaExpiry[] {
    for (const [key, { syncedAt }] of this.clusters) if (now.getTime() - syncedAt > FORGET_AFTER_MS) this.clusters.delete(key);
    return [...this.clusters.values()].flatMap((c) => c.expiries);
  }
}
