// The REST requests Strimzi's operator makes of Cruise Control for a
// KafkaRebalance (PathBuilder, CruiseControlParameters and the options
// classes): the same endpoint and query, parameter for parameter and in
// Strimzi's order, so a Cruise Control log reads the same under either.
import type { KafkaRebalanceSpec, RebalanceMode } from "../api/kafka-rebalance.js";
import { logDir } from "../names.js";

export interface CruiseControlRequest {
  method: "GET" | "POST";
  /** Path and query, as Strimzi's PathBuilder writes them. */
  path: string;
  /** A JSON body (the Topic Operator's topic_configuration); none for the rest. */
  body?: string;
}

const BASE = "/kafkacruisecontrol";

const ENDPOINT: Record<RebalanceMode, string> = {
  full: `${BASE}/rebalance`,
  "add-brokers": `${BASE}/add_broker`,
  "remove-brokers": `${BASE}/remove_broker`,
  "remove-disks": `${BASE}/remove_disks`,
};

// Java's URLEncoder: spaces as '+', and !'()~ encoded, which encodeURIComponent leaves.
export const javaUrlEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, "+");

type Parameter = readonly [string, string];

const query = (path: string, parameters: readonly Parameter[]): string =>
  `${path}?${parameters.map(([key, value]) => `${key}=${javaUrlEncode(value)}`).join("&")}`;

/** Strimzi's addIfNotZero: a bound of 0 or less is Cruise Control's default. */
const positive = (key: string, value: number | undefined): Parameter[] => (value !== undefined && value > 0 ? [[key, String(value)]] : []);

/** AbstractRebalanceOptions in PathBuilder.withAbstractRebalanceParameters' order. */
function commonParameters(spec: KafkaRebalanceSpec, dryRun: boolean): Parameter[] {
  return [
    ["dryrun", String(dryRun)],
    // Strimzi asks every mode but remove-disks for the verbose answer (requestRebalance).
    ["verbose", "true"],
    ["skip_hard_goal_check", String(spec.skipHardGoalCheck ?? false)],
    ...(spec.excludedTopics !== undefined ? [["excluded_topics", spec.excludedTopics] as const] : []),
    ...(spec.replicaMovementStrategies !== undefined ? [["replica_movement_strategies", spec.replicaMovementStrategies.join(",")] as const] : []),
    ...positive("concurrent_partition_movements_per_broker", spec.concurrentPartitionMovementsPerBroker),
    ...positive("concurrent_leader_movements", spec.concurrentLeaderMovements),
    ...positive("replication_throttle", spec.replicationThrottle),
    ...(spec.goals !== undefined ? [["goals", spec.goals.join(",")] as const] : []),
  ];
}

function modeParameters(spec: KafkaRebalanceSpec, dryRun: boolean): Parameter[] {
  const mode = spec.mode ?? "full";
  switch (mode) {
    case "full":
      return [
        ...commonParameters(spec, dryRun),
        ["rebalance_disk", String(spec.rebalanceDisk ?? false)],
        ...positive("concurrent_intra_broker_partition_movements", spec.concurrentIntraBrokerPartitionMovements),
      ];
    case "add-brokers":
    case "remove-brokers":
      return [...commonParameters(spec, dryRun), ["brokerid", (spec.brokers ?? []).join(",")]];
    case "remove-disks": {
      const logDirs = (spec.moveReplicasOffVolumes ?? []).flatMap(({ brokerId = 0, volumeIds = [] }) =>
        volumeIds.map((volumeId) => `${brokerId}-${logDir(volumeId, brokerId)}`));
      return [["dryrun", String(dryRun)], ["brokerid_and_logdirs", logDirs.join(",")]];
    }
  }
}

/** A proposal (`dryRun`) or its execution: the same parameters but `dryrun`, as Strimzi asks for both. */
export function rebalanceRequest(spec: KafkaRebalanceSpec, dryRun: boolean): CruiseControlRequest {
  return { method: "POST", path: query(ENDPOINT[spec.mode ?? "full"], [["json", "true"], ...modeParameters(spec, dryRun)]) };
}

/** The state of the task `userTaskId`, completed ones included (CruiseControlApiImpl.getUserTaskStatus). */
export const userTaskRequest = (userTaskId: string): CruiseControlRequest => ({
  method: "GET",
  path: query(`${BASE}/user_tasks`, [["json", "true"], ["fetch_completed_task", "true"], ["user_task_ids", userTaskId]]),
});

export const STOP_EXECUTION_REQUEST: CruiseControlRequest = { method: "POST", path: query(`${BASE}/stop_proposal_execution`, [["json", "true"]]) };

/** The executor's progress, for the progress ConfigMap. */
export const STATE_REQUEST: CruiseControlRequest = { method: "GET", path: query(`${BASE}/state`, [["verbose", "false"], ["json", "true"]]) };
