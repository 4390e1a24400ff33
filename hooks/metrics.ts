// Prometheus metrics per hook: calls by HTTP status, durations, errors.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface HookMetrics {
  registry: Registry;
  calls: Counter<"hook" | "code">;
  errors: Counter<"hook" | "code">;
  duration: Histogram<"hook">;
}

export function createHookMetrics(): HookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kafka_hooks_" });
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
