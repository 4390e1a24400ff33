// The run-time half of a configuration change (lib/config/run-time-options.ts):
// what the Kafka hook asks for on the PodSets, what the sidecar recorded as
// applied, and what it must send to Kafka to get there, following Strimzi's
// KafkaConfigurationDiff and KafkaRoller.dynamicUpdateKafkaConfig.
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { NO_RUN_TIME_OPTIONS, type RunTimeOptions } from "../config/run-time-options.js";
import { DYNAMIC_BROKER_OPTIONS } from "../config/dynamic-options.js";
import type { DynamicScope } from "../config/dynamic-scope.js";
import { shortHash } from "../hash.js";
import { ANNOTATION } from "../labels.js";
import { CORDONED_LOG_DIRS } from "../rebalance/auto-rebalance-record.js";
import { QUOTA_KEY, type Quotas } from "../model/client-quotas.js";

const isRecordOf = <T>(value: unknown, isValue: (v: unknown) => v is T): value is Record<string, T> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every(isValue);
const isTextRecord = (value: unknown): value is Record<string, string> => isRecordOf(value, (v): v is string => typeof v === "string");
const QUOTA_KEYS: ReadonlySet<string> = new Set(Object.values(QUOTA_KEY));
const isQuotas = (value: unknown): value is Quotas =>
  isRecordOf(value, (v): v is number => typeof v === "number") && Object.keys(value).every((key) => QUOTA_KEYS.has(key));

/** Run-time options as the hook writes them; none for no text, or one that is not of the hook's shape. */
function parseRunTimeOptions(text: string | undefined): RunTimeOptions {
  if (text === undefined) return NO_RUN_TIME_OPTIONS;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return NO_RUN_TIME_OPTIONS;
    const { "cluster-wide": clusterWide, "per-broker": perBroker, "default-user-quotas": quotas } = parsed as Record<string, unknown>;
    if (!isTextRecord(clusterWide) || !isTextRecord(perBroker) || (quotas !== undefined && !isQuotas(quotas))) return NO_RUN_TIME_OPTIONS;
    return { "cluster-wide": clusterWide, "per-broker": perBroker, ...(quotas === undefined ? {} : { "default-user-quotas": quotas }) };
  } catch {
    return NO_RUN_TIME_OPTIONS;
  }
}

/** The run-time options a PodSet asks for. */
export const desiredRunTimeOptions = (podSet: Pick<StrimziPodSet, "metadata">): RunTimeOptions =>
  parseRunTimeOptions(podSet.metadata.annotations?.[ANNOTATION.runTimeConfiguration]);

/** What the sidecar records once every node holds a PodSet's run-time options: the hook's annotation as it is; undefined for none. */
export const runTimeConfigurationRecord = (podSet: Pick<StrimziPodSet, "metadata">): string | undefined =>
  podSet.metadata.annotations?.[ANNOTATION.runTimeConfiguration];

/** A short name of a PodSet's run-time options, for the record of a refusal; undefined for none. */
export function runTimeConfigurationHash(podSet: Pick<StrimziPodSet, "metadata">): string | undefined {
  const text = runTimeConfigurationRecord(podSet);
  return text === undefined ? undefined : shortHash(text);
}

/** Whether the sidecar recorded this PodSet's run-time options as held by every node. */
export const runTimeConfigurationApplied = (podSet: Pick<StrimziPodSet, "metadata">): boolean =>
  podSet.metadata.annotations?.[ANNOTATION.runTimeConfigurationApplied] === runTimeConfigurationRecord(podSet);

/** How the forecast names a default user quota beside the options. */
const defaultUserQuotaName = (key: string): string => `default user quota ${key}`;

const flat = (options: RunTimeOptions): Map<string, string> => new Map([
  ...Object.entries(options["cluster-wide"]), ...Object.entries(options["per-broker"]),
  ...Object.entries(options["default-user-quotas"] ?? {}).map(([key, value]): [string, string] => [defaultUserQuotaName(key), String(value)]),
]);

/**
 * The options the sidecar still has to apply at run time once the observed
 * PodSet becomes the desired one: those whose value differs from what the
 * sidecar recorded every node holds. A PodSet it never recorded on (a new
 * cluster) counts only what changes between the two.
 */
export function pendingRunTimeOptions(observed: Pick<StrimziPodSet, "metadata">, desired: Pick<StrimziPodSet, "metadata">): string[] {
  const recorded = observed.metadata.annotations?.[ANNOTATION.runTimeConfigurationApplied];
  const before = flat(recorded === undefined ? desiredRunTimeOptions(observed) : parseRunTimeOptions(recorded));
  const after = flat(desiredRunTimeOptions(desired));
  return [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key)).sort();
}

/** Where a value Kafka reports comes from (DescribeConfigs' ConfigSource), as far as this decision reads it. */
export type ConfigSource = "dynamic-broker" | "dynamic-default-broker" | "static" | "default" | "other";

/** One option as a broker reports it for its own resource. */
export interface ReportedOption {
  readonly value: string | null;
  readonly source: ConfigSource;
}

export interface ConfigOperation {
  readonly name: string;
  /** DELETE removes the override, so the broker falls back to the cluster's default, then server.properties, then Kafka's default. */
  readonly op: "SET" | "DELETE";
  readonly value?: string;
}

export interface RunTimeUpdate {
  /** On the broker's own resource. */
  readonly broker: ConfigOperation[];
  /** On the cluster's default resource (the broker resource named ""). */
  readonly cluster: ConfigOperation[];
}

/**
 * What to alter so that a broker runs the desired options, from what it reports
 * for every option Kafka updates at run time. An option set differently is SET
 * in its scope; a cluster-wide option overridden on the broker alone loses that
 * override, so the Kafka resource stays the truth (Strimzi's rule); an option
 * no longer desired loses the override in its scope, so the broker falls back
 * to its file. Options the operator merges values into are never touched.
 */
export function runTimeUpdate(desired: RunTimeOptions, reported: ReadonlyMap<string, ReportedOption>, scopeOf: (key: string) => DynamicScope | undefined): RunTimeUpdate {
  const broker: ConfigOperation[] = [];
  const cluster: ConfigOperation[] = [];
  // An option the broker does not report has no value of its own: Kafka's default, if any.
  const names = new Set([...reported.keys(), ...Object.keys(desired["cluster-wide"]), ...Object.keys(desired["per-broker"])]);
  for (const name of [...names].sort()) {
    const option = reported.get(name) ?? { value: null, source: "default" };
    const scope = scopeOf(name);
    // Auto-rebalancing's (sidecar/reconcilers/auto-rebalancing.ts): never the user's, never reset here.
    if (scope === undefined || name === CORDONED_LOG_DIRS) continue;
    const wanted = desired[scope][name];
    if (scope === "per-broker") {
      if (wanted !== undefined && option.value !== wanted) broker.push({ name, op: "SET", value: wanted });
      else if (wanted === undefined && option.source === "dynamic-broker") broker.push({ name, op: "DELETE" });
      continue;
    }
    if (option.source === "dynamic-broker") broker.push({ name, op: "DELETE" });
    if (wanted !== undefined && (option.value !== wanted || option.source === "dynamic-broker")) cluster.push({ name, op: "SET", value: wanted });
    else if (wanted === undefined && option.source === "dynamic-default-broker") cluster.push({ name, op: "DELETE" });
  }
  return { broker, cluster };
}

/** The options a broker reports that this decision reads: every one Kafka updates at run time. */
export const RUN_TIME_OPTION_NAMES: readonly string[] = [...DYNAMIC_BROKER_OPTIONS.keys()];
