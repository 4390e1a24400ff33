// The Topic Operator's Prometheus metrics, under Strimzi's names
// (MetricsHolder, TopicOperatorMetricsHolder) with its labels `kind`,
// `namespace` and `selector`, so Strimzi's Topic Operator dashboard reads them:
// reconciliations and their outcome, their duration, the KafkaTopics seen and
// paused, the largest batch, and how long each Kafka and Kubernetes step takes.
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { RECONCILIATION_LABELS, reconciliationMetrics, type ResourcesSeen } from "../reconciliation-metrics.js";

export interface TopicOperatorMetrics {
  registry: Registry;
  batch(result: { succeeded: number; failed: number }, seconds: number, size: number): void;
  periodical(): void;
  timed<T>(step: string, work: () => Promise<T>): Promise<T>;
}

const STEPS = ["add_finalizer", "remove_finalizer", "describe_topics", "create_topics", "alter_configs", "create_partitions", "list_reassignments", "cruisecontrol_topic_config", "cruisecontrol_user_tasks", "delete_topics", "update_status"] as const;

export type TopicsSeen = ResourcesSeen;

export function topicOperatorMetrics(labels: { namespace: string; selector: string }, seen: () => TopicsSeen): TopicOperatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const common = { kind: "KafkaTopic", ...labels };
  const labelNames = RECONCILIATION_LABELS;
  const { reconciliations, successful, failed, periodical, duration } = reconciliationMetrics(registry, common, seen);
  const maxBatch = new Gauge({ name: "strimzi_reconciliations_max_batch_size", help: "Max size recorded for a single event batch", labelNames, registers: [registry] });
  const steps = Object.fromEntries(STEPS.map((step) => [step, new Histogram({
    name: `strimzi_${step}_duration_seconds`, help: `The time the ${step.replaceAll("_", " ")} step of a batch takes to complete`, labelNames, registers: [registry],
  })]));
  let largest = 0;
  return {
    registry,
    batch(result, seconds, size) {
      reconciliations.inc(common, result.succeeded + result.failed);
      successful.inc(common, result.succeeded);
      failed.inc(common, result.failed);
      duration.observe(common, seconds);
      largest = Math.max(largest, size);
      maxBatch.set(common, largest);
    },
    periodical: () => periodical.inc(common),
    async timed(step, work) {
      const end = steps[step]?.startTimer(common);
      try {
        return await work();
      } finally {
        end?.();
      }
    },
  };
}
