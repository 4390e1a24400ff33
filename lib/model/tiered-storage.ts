// The rule on `spec.kafka.tieredStorage`; lib/config/tiered-storage.ts renders it.
import type { Kafka } from "../api/kafka.js";
import type { ConfigProblem } from "./broker-count-limits.js";

/**
 * A custom tiered storage needs the remote storage manager's class. Strimzi's CRD
 * does not require it and its operator then fails (without `remoteStorageManager`)
 * or writes the class name `null`, which no broker starts with; refused here instead.
 */
export function tieredStorageProblems(kafka: Kafka): ConfigProblem[] {
  const tiered = kafka.spec.kafka.tieredStorage;
  if (!tiered || tiered.remoteStorageManager?.className) return [];
  return [{ path: "spec.kafka.tieredStorage.remoteStorageManager.className", message: "is required for custom tiered storage" }];
}
