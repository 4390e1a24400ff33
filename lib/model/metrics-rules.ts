// Strimzi's refusals of `spec.kafka.metricsConfig` that the schema cannot state
// (JmxPrometheusExporterModel.validateJmxExporterMetricsConfig,
// StrimziMetricsReporterModel.validate); lib/config/metrics.ts renders what they accept.
import type { MetricsConfig } from "../api/kafka.js";

const AT = "spec.kafka.metricsConfig";

// JavaScript's syntax stands in for Java's (Pattern.compile): they differ only at the edges.
function invalidRegex(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function metricsConfigProblems(metrics: MetricsConfig | undefined): Array<{ path: string; message: string }> {
  if (metrics?.type === "jmxPrometheusExporter") {
    const ref = metrics.valueFrom?.configMapKeyRef;
    const at = `${AT}.valueFrom.configMapKeyRef`;
    if (!ref) return [{ path: at, message: "is required: the ConfigMap key holding the JMX exporter's rules" }];
    return [
      ...(ref.name ? [] : [{ path: `${at}.name`, message: "is required: the ConfigMap with the JMX exporter's rules" }]),
      ...(ref.key ? [] : [{ path: `${at}.key`, message: "is required: the key the JMX exporter's rules are stored under" }]),
    ];
  }
  const allowList = metrics?.type === "strimziMetricsReporter" ? metrics.values?.allowList : undefined;
  if (allowList === undefined) return [];
  const at = `${AT}.values.allowList`;
  if (allowList.length === 0) return [{ path: at, message: "must hold at least one regular expression" }];
  return allowList.flatMap((pattern, index) => {
    const why = invalidRegex(pattern);
    return why === undefined ? [] : [{ path: `${at}[${index}]`, message: `is not a regular expression: ${why}` }];
  });
}
