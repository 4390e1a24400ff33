// The rule on `spec.kafka.logging`; lib/config/logging.ts renders what it accepts.
import type { Logging } from "../api/kafka.js";

/** Strimzi's refusals of an `external` logging that names no ConfigMap key (LoggingUtils.validateLogging). */
export function externalLoggingProblems(logging: Logging | undefined): Array<{ path: string; message: string }> {
  if (logging?.type !== "external") return [];
  const ref = logging.valueFrom?.configMapKeyRef;
  const at = "spec.kafka.logging.valueFrom.configMapKeyRef";
  if (!ref) return [{ path: at, message: "is required for external logging" }];
  return [
    ...(ref.name ? [] : [{ path: `${at}.name`, message: "is required for external logging: the ConfigMap with the logging configuration" }]),
    ...(ref.key ? [] : [{ path: `${at}.key`, message: "is required for external logging: the key the logging configuration is stored under" }]),
  ];
}
