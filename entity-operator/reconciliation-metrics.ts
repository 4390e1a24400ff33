// Strimzi's reconciliation metrics (operator-common MetricsHolder and
// ControllerMetricsHolder), shared by the Topic and User Operators: the same
// names, help texts and labels (`kind`, `namespace`, `selector`), so Strimzi's
// operator dashboards read either.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export const RECONCILIATION_LABELS = ["kind", "namespace", "selector"] as const;
export type ReconciliationLabels = Record<(typeof RECONCILIATION_LABELS)[number], string>;

/** Read at each scrape. */
export interface ResourcesSeen {
  total: number;
  paused: number;
}

export interface ReconciliationMetrics {
  readonly reconciliations: Counter<string>;
  readonly successful: Counter<string>;
  readonly failed: Counter<string>;
  readonly periodical: Counter<string>;
  readonly duration: Histogram<string>;
}

export function reconciliationMetrics(registry: Registry, labels: ReconciliationLabels, seen: () => ResourcesSeen): ReconciliationMetrics {
  const labelNames = RECONCILIATION_LABELS;
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers: [registry] });
  new Gauge({
    name: "strimzi_resources", help: "Number of custom resources the operator sees", labelNames, registers: [registry],
    collect() { this.set(labels, seen().total); },
  });
  new Gauge({
    name: "strimzi_resources_paused", help: "Number of custom resources the operator sees but does not reconcile due to paused reconciliations", labelNames, registers: [registry],
    collect() { this.set(labels, seen().paused); },
  });
  return {
    reconciliations: counter("strimzi_reconciliations_total", "Number of reconciliations done by the operator for individual resources"),
    successful: counter("strimzi_reconciliations_successful_total", "Number of reconciliations done by the operator for individual resources which were successful"),
    failed: counter("strimzi_reconciliations_failed_total", "Number of reconciliations done by the operator for individual resources which failed"),
    periodical: counter("strimzi_reconciliations_periodical_total", "Number of periodical reconciliations done by the operator"),
    duration: new Histogram({ name: "strimzi_reconciliations_duration_seconds", help: "The time the reconciliation takes to complete", labelNames, registers: [registry] }),
  };
}
