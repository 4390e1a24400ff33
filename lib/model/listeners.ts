// Strimzi's rules for `spec.kafka.listeners` that a schema cannot express.
import type { GenericKafkaListener } from "../api/kafka.js";
import { JMX_PORT, METRICS_PORT } from "../config/paths.js";

const RESERVED_PORTS = new Set([METRICS_PORT, JMX_PORT]);

export function listenerProblems(listeners: readonly GenericKafkaListener[]): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const names = new Map<string, number>();
  const ports = new Map<number, number>();
  listeners.forEach((listener, i) => {
    const seenName = names.get(listener.name);
    if (seenName !== undefined) problems.push({ path: `spec.kafka.listeners[${i}].name`, message: `"${listener.name}" is already the name of listeners[${seenName}]` });
    else names.set(listener.name, i);
    const seenPort = ports.get(listener.port);
    if (seenPort !== undefined) problems.push({ path: `spec.kafka.listeners[${i}].port`, message: `${listener.port} is already the port of listeners[${seenPort}]` });
    else ports.set(listener.port, i);
    if (RESERVED_PORTS.has(listener.port)) problems.push({ path: `spec.kafka.listeners[${i}].port`, message: `${listener.port} is reserved for metrics and JMX` });
  });
  return problems;
}
