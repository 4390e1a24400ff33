// Prometheus metrics per hook: calls by HTTP status, durations, errors; and how
// often the remembered stages of a sync were recalled (lib/memo.ts) and how many
// bytes each holds: a rising share of misses on a steady cluster, with a stage
// at its bound, means more clusters than remembered. Also the key pool's stock
// and shortfalls, and when each cluster's CAs expire, under the name and labels
// of Strimzi's operator so that Strimzi's certificate alert works as it is.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RememberedStage } from "../lib/memo.js";
import type { ClusterCaExpiry } from "./certificate-expiries.js";

/** What the key pool (key-pool.ts) tells at each scrape. */
export interface KeyPoolReading {
  readonly available: number;
  readonly waitedFor: number;
}

export interface HookMetricSources {
  keyPool?: KeyPoolReading;
  caExpiries?: () => readonly ClusterCaExpiry[];
}

export interface HookMetrics {
  registry: Registry;
  calls: Counter<"hook" | "code">;
  errors: Counter<"hook" | "code">;
  duration: Histogram<"hook">;
}

/** `stages` are the server's remembered stages (lib/sync/remembered.ts `SyncMemory`). */
export function createHookMetrics(stages: readonly RememberedStage[], sources: HookMetricSources = {}): HookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kafka_hooks_" });
  rememberedLookups(registry, stages);
  rememberedBytes(registry, stages);
  keyPool(registry, sources.keyPool);
  certificateExpiration(registry, sources.caExpiries ?? (() => []));
  return {
    registry,
    calls: new Counter({ name: "kafka_hooks_calls_total", help: "Hook calls by HTTP status", labelNames: ["hook", "code"], registers: [registry] }),
    errors: new Counter({ name: "kafka_hooks_errors_total", help: "Hook calls that did not answer 200, by error code", labelNames: ["hook", "code"], registers: [registry] }),
    duration: new Histogram({
      name: "kafka_hooks_duration_seconds",
      help: "Time from request received to answer sent",
      labelNames: ["hook"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** Read at each scrape from the stages' own counts, which live as long as the server's memory. */
function rememberedLookups(registry: Registry, stages: readonly RememberedStage[]): void {
  new Counter({
    name: "kafka_hooks_remembered_lookups_total",
    help: "Lookups of a remembered sync stage, by stage and whether its result was recalled or built again",
    labelNames: ["stage", "result"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { stage, lookups } of stages) {
        this.inc({ stage, result: "recalled" }, lookups.recalled);
        this.inc({ stage, result: "missed" }, lookups.missed);
      }
    },
  });
}

/** Read at each scrape: the estimated bytes each stage holds now (lib/heap-size.ts), never more than its share of the budget. */
function rememberedBytes(registry: Registry, stages: readonly RememberedStage[]): void {
  new Gauge({
    name: "kafka_hooks_remembered_bytes",
    help: "Estimated bytes of heap held by a remembered sync stage",
    labelNames: ["stage"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { stage, bytes } of stages) this.set({ stage }, bytes);
    },
  });
}

/** Read at each scrape; a server without a pool (tests) has no such metrics. */
function keyPool(registry: Registry, pool: KeyPoolReading | undefined): void {
  if (!pool) return;
  new Gauge({
    name: "kafka_hooks_key_pool_available",
    help: "Private keys generated ahead of need and ready for certificates",
    registers: [registry],
    collect() {
      this.set(pool.available);
    },
  });
  new Counter({
    name: "kafka_hooks_key_pool_waited_total",
    help: "Private keys a sync waited for because the pool had none ready",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(pool.waitedFor);
    },
  });
}

/** Strimzi's name, unit and labels; `resource_namespace`, since the scrape's `namespace` label is the hooks' own. */
function certificateExpiration(registry: Registry, expiries: () => readonly ClusterCaExpiry[]): void {
  new Gauge({
    name: "strimzi_certificate_expiration_timestamp_ms",
    help: "Time in milliseconds when the certificate expires",
    labelNames: ["kind", "resource_namespace", "cluster", "type"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { namespace, cluster, type, notAfter } of expiries()) this.set({ kind: "Kafka", resource_namespace: namespace, cluster, type }, notAfter.getTime());
    },
  });
}
