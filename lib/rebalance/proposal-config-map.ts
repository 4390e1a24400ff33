// What Strimzi keeps of a proposal (KafkaRebalanceAssemblyOperator
// .processOptimizationProposal, KafkaRebalanceConfigMapUtils and
// KafkaRebalanceProgressUtils): the summary in `status.optimizationResult`, each
// broker's load before and after in the ConfigMap named as the KafkaRebalance
// (`brokerLoad.json`), and the execution's progress beside it.
import type { OptimizationResult } from "../api/kafka-rebalance.js";
import type { BrokerLoad, Proposal, RebalanceFailure } from "./answers.js";
import type { RebalanceState } from "./states.js";

export const BROKER_LOAD_KEY = "brokerLoad.json";
export const ESTIMATED_TIME_KEY = "estimatedTimeToCompletionInMinutes";
export const COMPLETED_BYTE_MOVEMENT_KEY = "completedByteMovementPercentage";
export const EXECUTOR_STATE_KEY = "executorState.json";

// CruiseControlLoadParameters: Cruise Control's key, the ConfigMap's key; integers first, then doubles.
const INTEGER_LOADS = [["Leaders", "leaders"], ["Replicas", "replicas"]] as const;
const DOUBLE_LOADS = [
  ["CpuPct", "cpuPercentage"], ["DiskPct", "diskUsedPercentage"], ["DiskMB", "diskUsedMB"], ["NwOutRate", "networkOutRateKB"],
  ["LeaderNwInRate", "leaderNetworkInRateKB"], ["FollowerNwInRate", "followerNetworkInRateKB"], ["PnwOutRate", "potentialMaxNetworkOutRateKB"],
] as const;

/** A number as Jackson writes a Java double (Double.toString): `1.0`, `0.5`, `1.0E-4`. */
function javaDouble(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  const magnitude = Math.abs(value);
  if (value === 0 || (magnitude >= 1e-3 && magnitude < 1e7)) return Number.isInteger(value) ? `${value}.0` : String(value);
  const [mantissa = "", exponent = ""] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.replace("+", "")}`;
}

type Stats = Array<[string, { before?: string; after: string; diff?: string }]>;

function brokerStats(before: BrokerLoad | undefined, after: BrokerLoad): Stats {
  const stats: Stats = [];
  const add = (keys: ReadonlyArray<readonly [string, string]>, format: (n: number) => string, read: (v: unknown) => number): void => {
    for (const [ccKey, key] of keys) {
      if (!(ccKey in after)) continue;
      const afterValue = read(after[ccKey]);
      if (before === undefined) stats.push([key, { after: format(afterValue) }]);
      else if (ccKey in before) {
        const beforeValue = read(before[ccKey]);
        stats.push([key, { before: format(beforeValue), after: format(afterValue), diff: format(afterValue - beforeValue) }]);
      }
    }
  };
  // Jackson's asInt truncates; asDouble reads as it is.
  add(INTEGER_LOADS, String, (v) => Math.trunc(Number(v)));
  add(DOUBLE_LOADS, javaDouble, Number);
  return stats;
}

/** Jackson's toPrettyString of Strimzi's ObjectNode: two-space indent, ` : ` between name and value. */
function prettyBrokerLoad(brokers: Array<[number, Stats]>): string {
  const object = (entries: string[], indent: string): string =>
    entries.length === 0 ? "{ }" : `{\n${entries.map((e) => `${indent}  ${e}`).join(",\n")}\n${indent}}`;
  return object(brokers.map(([id, stats]) => `"${id}" : ${object(stats.map(([key, values]) =>
    `"${key}" : ${object(Object.entries(values).map(([k, v]) => `"${k}" : ${v}`), "    ")}`), "  ")}`), "");
}

/** Strimzi's parseLoadStats: per broker (by id) its loads before and after, and the difference. */
export function brokerLoadJson(proposal: Proposal): string | RebalanceFailure {
  const before = proposal.loadBeforeOptimization?.brokers;
  const after = proposal.loadAfterOptimization?.brokers;
  if (before === undefined && after === undefined) {
    return { reason: "IllegalArgumentException", message: "The rebalance optimization proposal returned by Cruise Control did not contain broker load information" };
  }
  const byBroker = (loads: BrokerLoad[] | undefined): Map<number, BrokerLoad> => new Map((loads ?? []).map((l) => [Math.trunc(Number(l.Broker)), l]));
  const beforeMap = byBroker(before);
  const afterMap = byBroker(after);
  if (beforeMap.size > 0 && beforeMap.size !== afterMap.size) return { reason: "IllegalArgumentException", message: "Broker data was missing from the load before/after information" };
  const ids = [...afterMap.keys()].sort((a, b) => a - b);
  return prettyBrokerLoad(ids.map((id) => [id, brokerStats(beforeMap.size > 0 ? beforeMap.get(id) ?? {} : undefined, afterMap.get(id) ?? {})]));
}

/** `status.optimizationResult`: Cruise Control's summary and the ConfigMap holding the loads. */
export const optimizationResult = (proposal: Proposal, configMapName: string): OptimizationResult =>
  ({ ...proposal.summary, afterBeforeLoadConfigMap: configMapName });

/** The executor's progress as Strimzi estimates it, or why it cannot. */
export interface ExecutorProgress {
  state: string;
  json: Record<string, unknown>;
}

const IN_PROGRESS = ["INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS", "INTRA_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS", "LEADER_MOVEMENT_TASK_IN_PROGRESS"];
const ISO_SECOND = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/;

/**
 * The progress keys of a Rebalancing rebalance (KafkaRebalanceConfigMapUtils.updateRebalanceConfigMap):
 * estimated minutes left and the percentage of bytes moved, from the executor's state and when its task started.
 */
export function rebalancingProgress(executor: Record<string, unknown>, now: Date): Record<string, string> | string {
  const state = String(executor.state);
  const finished = Math.trunc(Number(executor.finishedDataMovement ?? 0));
  const total = Math.trunc(Number(executor.totalDataToMove ?? 0));
  if (!IN_PROGRESS.includes(state) || finished <= 0) {
    return `Partition movement information unavailable; executor is in '${state}' state, progress estimation will be updated on next reconciliation.`;
  }
  const started = ISO_SECOND.exec(String(executor.triggeredTaskReason ?? ""))?.[0];
  if (!started) return "Date string is null or empty.";
  const elapsedSeconds = Math.trunc((now.getTime() - Date.parse(started)) / 1000);
  if (elapsedSeconds <= 0) return `Invalid time range: taskStartTime (${started}) must be before currentTime (${now.toISOString()}). Cannot calculate byte movement rate.`;
  if (finished > total) return `Invalid value(s) provided for the arguments totalDataToMoveInMB: ${total} or finishedDataMovementInMB: ${finished}. The value of finishedDataMovementInMB must be less than or equal to totalDataToMoveInMB and both values must be non-negative`;
  const ratePerMinute = (finished / elapsedSeconds) * 60;
  return {
    [ESTIMATED_TIME_KEY]: String(Math.round((total - finished) / ratePerMinute)),
    // Rounded down, so it reads 100 only once the rebalance is complete.
    [COMPLETED_BYTE_MOVEMENT_KEY]: String(Math.trunc((finished / total) * 100)),
    [EXECUTOR_STATE_KEY]: JSON.stringify(executor),
  };
}

/** The progress keys for a state other than Rebalancing (updateRebalanceConfigMapWithProgressFields). */
export function settledProgress(state: RebalanceState, data: Record<string, string>): Record<string, string> {
  const without = (...keys: string[]): Record<string, string> => Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k)));
  switch (state) {
    case "ProposalReady":
      return { ...without(ESTIMATED_TIME_KEY, EXECUTOR_STATE_KEY), [COMPLETED_BYTE_MOVEMENT_KEY]: "0" };
    case "Stopped":
    case "NotReady":
      // The last percentage and executor state stay, as Strimzi leaves them.
      return without(ESTIMATED_TIME_KEY);
    case "Ready":
      return { ...without(EXECUTOR_STATE_KEY), [ESTIMATED_TIME_KEY]: "0", [COMPLETED_BYTE_MOVEMENT_KEY]: "100" };
    case "Rebalancing":
      return data;
    default:
      return without(ESTIMATED_TIME_KEY, COMPLETED_BYTE_MOVEMENT_KEY, EXECUTOR_STATE_KEY);
  }
}
