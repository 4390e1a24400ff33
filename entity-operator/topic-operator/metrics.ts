// The Topic Operator's Prometheus metrics, under Strimzi's names
// (MetricsHolder, TopicOperatorMetricsHolder) with its labels `kind`,
// `namespace` and `selector`, so Strimzi's Topic Operator dashboard reads them:
// reconciliations and their outcome, their duration, the KafkaTopics seen and
// paused, the largest batch, and how long each Kafka and Kubernetes step takes.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface TopicOperatorMetrics {
  registry: Registry;
  batch(result: { succeeded: number; failed: number }, seconds: number, size: number): void;
  periodical(): void;
  timed<T>(step: string, work: () => Promise<T>): Promise<T>;
}

const STEPS = ["add_finalizer", "remove_finalizer", "describe_topics", "create_topics", "alter_configs", "create_partitions", "delete_topics", "update_status"] as const;

/** Read at each scrape. */
export interface TopicsSeen {
  total: number;
  paused: number;
}

export function topicOperatorMetrics(labels: { namespace: string; selector: string }, seen: () => TopicsSeen): TopicOperatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const common = { kind: "KafkaTopic", ...labels };
  const labelNames = ["kind", "namespace", "selector"] as const;
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers: [registry] });
  const reconciliations = counter("strimzi_reconciliations_total", "Number of reconciliations done by the operator for individual resources");
  const successful = counter("strimzi_reconciliations_successful_total", "Number of reconciliations done by the operator for individual resources which were successful");
  const failed = counter("strimzi_reconciliations_failed_total", "Number of reconciliations done by the operator for individual resources which failed");
  const periodical = counter("strimzi_reconciliations_periodical_total", "Number of periodical reconciliations done by the operator");
  const duration = new Histogram({ name: "strimzi_reconciliations_duration_seconds", help: "The time the reconciliation takes to complete", labelNames, registers: [registry] });
  new Gauge({
    name: "strimzi_resources", help: "Number of custom resources the operator sees", labelNames, registers: [registry],
    collect() { this.set(common, seen().total); },
  });
  new Gauge({
    name: "strimzi_resources_paused", help: "Number of custom resources the operator sees but does not reconcile due to paused reconciliations", labelNames, registers: [registry],
    collect() { this.set(common, seen().paused); },
  });
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
