// The User Operator's Prometheus metrics: Strimzi's (reconciliation-metrics.ts,
// and ControllerMetricsHolder's `strimzi_reconciliations_locked_total` and
// `…_already_enqueued_total`) with `kind="KafkaUser"`, so Strimzi's operator
// dashboard reads them; ours for where a batch's time goes (a histogram per
// step) and the queue; and Node.js's defaults, the event loop's delay among them.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { RECONCILIATION_LABELS, reconciliationMetrics, type ResourcesSeen } from "../reconciliation-metrics.js";
import type { BatchOutcome, BatchStep } from "./reconciler.js";

export interface UserOperatorMetrics {
  readonly registry: Registry;
  /** A batch done: its names' outcomes and how long it took. */
  batch(outcome: BatchOutcome, seconds: number): void;
  /** A batch that failed as a whole: each of its names failed. */
  batchFailed(names: number, seconds: number): void;
  /** A full reconciliation started (STRIMZI_FULL_RECONCILIATION_INTERVAL_MS). */
  periodical(): void;
  /** A name enqueued while it already waits. */
  alreadyEnqueued(): void;
  /** A name enqueued while its batch runs: it waits for the next one. */
  locked(): void;
  timed<T>(step: BatchStep, work: () => Promise<T>): Promise<T>;
}

/** Read at each scrape. */
export interface UserOperatorState extends ResourcesSeen {
  /** Names waiting for a batch. */
  pending: number;
}

export function userOperatorMetrics(labels: { namespace: string; selector: string }, state: () => UserOperatorState): UserOperatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const common = { kind: "KafkaUser", ...labels };
  const labelNames = RECONCILIATION_LABELS;
  const { reconciliations, successful, failed, periodical, duration } = reconciliationMetrics(registry, common, state);
  const locked = new Counter({
    name: "strimzi_reconciliations_locked_total", labelNames, registers: [registry],
    help: "Number of reconciliations skipped because another reconciliation for the same resource was still running",
  });
  const alreadyEnqueued = new Counter({
    name: "strimzi_reconciliations_already_enqueued_total", labelNames, registers: [registry],
    help: "Number of reconciliations skipped because another reconciliation for the same resource was still running",
  });
  new Gauge({
    name: "kafka_hooks_user_operator_pending_users", help: "KafkaUsers waiting for a batch", registers: [registry],
    collect() { this.set(state().pending); },
  });
  const steps = new Histogram({
    name: "kafka_hooks_user_operator_step_seconds", help: "The time a step of a batch takes: secrets (made and written), kafka_read, kafka_write, statuses",
    labelNames: ["step"], buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30], registers: [registry],
  });
  const counted = (names: number, ok: number, seconds: number): void => {
    reconciliations.inc(common, names);
    successful.inc(common, ok);
    failed.inc(common, names - ok);
    duration.observe(common, seconds);
  };
  return {
    registry,
    batch: (outcome, seconds) => counted(outcome.succeeded + outcome.failed, outcome.succeeded, seconds),
    batchFailed: (names, seconds) => counted(names, 0, seconds),
    periodical: () => periodical.inc(common),
    alreadyEnqueued: () => alreadyEnqueued.inc(common),
    locked: () => locked.inc(common),
    async timed(step, work) {
      const end = steps.startTimer({ step });
      try {
        return await work();
      } finally {
        end();
      }
    },
  };
}
