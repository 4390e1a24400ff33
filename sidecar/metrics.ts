// Prometheus metrics of the sidecar: whether this replica leads, how each
// reconciler's passes end and how long they take, and, read from the caches at
// each scrape (so every replica reports them, leader or not), how far each
// cluster's roll and scale-down have come. Clusters are labelled
// `resource_namespace` and `cluster`, as Strimzi's operator labels its
// certificate metric: the scrape's own `namespace` label is the sidecar's.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { unconfirmedRemovals } from "../lib/model/broker-removal.js";
import { readRollStatus } from "../lib/roller/roll-status.js";
import type { ClusterSnapshot } from "./cluster-cache.js";

export type ReconcileResult = "success" | "failure";

/** What the metrics read at each scrape. */
export interface SidecarView {
  isLeader(): boolean;
  clusters(): ClusterSnapshot[];
  /** Objects in each informer's cache, by kind (sidecar/watched-kinds.ts). */
  cachedObjects(): Record<string, number>;
  /** The wall clock, against which a roll's wait is measured. */
  now(): Date;
}

export interface SidecarMetrics {
  registry: Registry;
  /** Records one reconciler's pass over one cluster. */
  reconciled(reconciler: string, result: ReconcileResult, seconds: number): void;
}

/** One cluster's roll and scale-down, as its PodSets' annotations record them. */
export interface ClusterProgress {
  /** Pods waiting for a restart. */
  pendingPods: number;
  /** Why the roll waits and for how long, when it waits. */
  waiting?: { reason: string; seconds: number };
  /** Brokers the Kafka hook asked to remove that Kafka has not yet confirmed empty. */
  removalsWaiting: number;
}

export function clusterProgress(podSets: readonly StrimziPodSet[], now: Date): ClusterProgress {
  const statuses = podSets.map((p) => readRollStatus(p.metadata.annotations));
  const pendingPods = statuses.reduce((sum, s) => sum + (s?.pending.length ?? 0), 0);
  const wait = statuses.find((s) => s?.waiting !== undefined)?.waiting;
  const since = wait?.since === undefined ? NaN : Date.parse(wait.since);
  const removalsWaiting = podSets.reduce((sum, podSet) => sum + unconfirmedRemovals(podSet).length, 0);
  return {
    pendingPods,
    // A wait with no recorded start has waited no time we know of.
    ...(wait ? { waiting: { reason: wait.reason, seconds: Number.isNaN(since) ? 0 : Math.max(0, (now.getTime() - since) / 1000) } } : {}),
    removalsWaiting,
  };
}

export function createSidecarMetrics(view: SidecarView): SidecarMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kafka_hooks_sidecar_" });
  new Gauge({
    name: "kafka_hooks_sidecar_leader",
    help: "1 while this replica holds the Lease and acts, else 0",
    registers: [registry],
    collect() {
      this.set(view.isLeader() ? 1 : 0);
    },
  });
  new Gauge({
    name: "kafka_hooks_sidecar_cached_objects",
    help: "Objects the sidecar's informers hold, by kind: what its memory grows with",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(view.cachedObjects())) this.set({ kind }, count);
    },
  });
  clusterGauges(registry, view);
  const passes = new Counter({
    name: "kafka_hooks_sidecar_reconciles_total",
    help: "Reconciler passes over a cluster, by reconciler and result",
    labelNames: ["reconciler", "result"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "kafka_hooks_sidecar_reconcile_duration_seconds",
    help: "Time one reconciler took over one cluster, Kafka's answers included",
    labelNames: ["reconciler"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    reconciled(reconciler, result, seconds) {
      passes.inc({ reconciler, result });
      duration.observe({ reconciler }, seconds);
    },
  };
}

function clusterGauges(registry: Registry, view: SidecarView): void {
  const labelNames = ["resource_namespace", "cluster"] as const;
  const progress = (): Array<{ labels: { resource_namespace: string; cluster: string }; progress: ClusterProgress }> => {
    const now = view.now();
    return view.clusters().map((c) => ({ labels: { resource_namespace: c.namespace, cluster: c.name }, progress: clusterProgress(c.podSets, now) }));
  };
  new Gauge({
    name: "kafka_hooks_roll_pending_pods",
    help: "Pods of a cluster waiting for a restart by the roller",
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, progress: p } of progress()) this.set(labels, p.pendingPods);
    },
  });
  new Gauge({
    name: "kafka_hooks_roll_waiting_seconds",
    help: "How long a cluster's roll has waited, by what it waits for (the RollWaiting condition's reason)",
    labelNames: [...labelNames, "reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, progress: p } of progress()) if (p.waiting) this.set({ ...labels, reason: p.waiting.reason }, p.waiting.seconds);
    },
  });
  new Gauge({
    name: "kafka_hooks_broker_removals_waiting",
    help: "Brokers a cluster is to lose that Kafka has not yet confirmed to host no partition replicas",
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, progress: p } of progress()) this.set(labels, p.removalsWaiting);
    },
  });
}
