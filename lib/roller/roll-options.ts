// How a cluster rolls, set by annotations on its Kafka (no Strimzi field says
// it, and annotations keep the spec Strimzi's):
//
//   kafka-hooks.io/roll-parallelism: rack         brokers of one rack restart together, one rack at a time;
//                                                 anything else, or none, restarts one pod at a time (the default)
//   kafka-hooks.io/roll-max-parallel: <n>          at most n brokers at once (with `rack`; the whole rack without it)
//   kafka-hooks.io/roll-ready-timeout-seconds       how long a pod may take to become ready (default 300, Strimzi's operation timeout)
//   kafka-hooks.io/roll-availability-timeout-seconds  how long Kafka may refuse a restart (default 600)
//   kafka-hooks.io/roll-recovery-timeout-seconds    how long an unready broker recovering its logs is left to finish
//                                                 before it is restarted anyway (default 1800)
//
// Per-rack rolls need `spec.kafka.rack`: without it brokers carry no rack and
// roll one at a time. Controllers always restart one at a time.
import type { KubeObject } from "../api/kubernetes.js";

export const ROLL_ANNOTATION = {
  parallelism: "kafka-hooks.io/roll-parallelism",
  maxParallel: "kafka-hooks.io/roll-max-parallel",
  readyTimeout: "kafka-hooks.io/roll-ready-timeout-seconds",
  availabilityTimeout: "kafka-hooks.io/roll-availability-timeout-seconds",
  recoveryTimeout: "kafka-hooks.io/roll-recovery-timeout-seconds",
} as const;

const PER_RACK = "rack";

export const DEFAULT_READY_TIMEOUT_MS = 300_000;
const DEFAULT_AVAILABILITY_TIMEOUT_MS = 600_000;
// Log recovery after an unclean stop reads every segment not flushed to a
// checkpoint: minutes to tens of minutes on large disks. Half an hour lets most
// finish, and bounds the wait for one that never will.
export const DEFAULT_RECOVERY_TIMEOUT_MS = 1_800_000;

export interface RollOptions {
  perRack: boolean;
  /** How many brokers may restart at once; Infinity for a whole rack. */
  maxParallel: number;
  readyTimeoutMs: number;
  availabilityTimeoutMs: number;
  recoveryTimeoutMs: number;
  /** Annotations that were ignored, each with why. */
  problems: string[];
}

const positiveInteger = (text: string): number | undefined => (/^[1-9]\d{0,8}$/.test(text.trim()) ? Number(text.trim()) : undefined);

/** The Kafka's roll options; `readyTimeoutMs` is the default readiness budget where the annotation does not set one. */
export function rollOptions(kafka: KubeObject, readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS): RollOptions {
  const annotations = kafka.metadata.annotations ?? {};
  const problems: string[] = [];
  const number = (key: string, fallback: number): number => {
    const text = annotations[key];
    if (text === undefined) return fallback;
    const value = positiveInteger(text);
    if (value === undefined) problems.push(`${key}: "${text}" is not a positive whole number; ${fallback} is used`);
    return value ?? fallback;
  };
  const parallelism = annotations[ROLL_ANNOTATION.parallelism];
  const rackAware = (kafka.spec as { kafka?: { rack?: unknown } } | undefined)?.kafka?.rack !== undefined;
  if (parallelism !== undefined && parallelism !== PER_RACK && parallelism !== "one") {
    problems.push(`${ROLL_ANNOTATION.parallelism}: "${parallelism}" is neither "${PER_RACK}" nor "one"; pods restart one at a time`);
  } else if (parallelism === PER_RACK && !rackAware) {
    problems.push(`${ROLL_ANNOTATION.parallelism}: "${PER_RACK}" needs spec.kafka.rack; brokers restart one at a time`);
  }
  const maxText = annotations[ROLL_ANNOTATION.maxParallel];
  const maxParallel = maxText === undefined ? Number.POSITIVE_INFINITY : positiveInteger(maxText);
  if (maxParallel === undefined) problems.push(`${ROLL_ANNOTATION.maxParallel}: "${maxText ?? ""}" is not a positive whole number; a whole rack restarts at once`);
  return {
    perRack: parallelism === PER_RACK && rackAware,
    maxParallel: maxParallel ?? Number.POSITIVE_INFINITY,
    readyTimeoutMs: number(ROLL_ANNOTATION.readyTimeout, readyTimeoutMs / 1000) * 1000,
    availabilityTimeoutMs: number(ROLL_ANNOTATION.availabilityTimeout, DEFAULT_AVAILABILITY_TIMEOUT_MS / 1000) * 1000,
    recoveryTimeoutMs: number(ROLL_ANNOTATION.recoveryTimeout, DEFAULT_RECOVERY_TIMEOUT_MS / 1000) * 1000,
    problems,
  };
}
