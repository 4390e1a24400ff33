// Each pool's node ids for this sync, worked out once for both hooks that need
// them: the Kafka hook builds the cluster from them, the KafkaNodePool hook
// writes them into the pool's status. Same observations in, same ids out.
import type { KafkaNodePool } from "../api/kafka-nodepool.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION } from "../labels.js";
import { REASON } from "../reasons.js";
import { brokerRemoval, type BrokerRemoval } from "./broker-removal.js";
import { assignNodeIds } from "./node-ids.js";
import { nodeIdsByPool, podSetPool } from "./observed-nodes.js";
import type { ModelProblem } from "./types.js";

export interface NodeIdPool {
  /** With its observed status. */
  pool: KafkaNodePool;
  /** Whether the pool passed its schema: one that did not keeps the ids it has, neither growing nor shrinking until fixed. */
  valid: boolean;
}

export interface ClusterNodeIds {
  /** Unreadable id annotations and ids claimed by two pools; no pool is then assigned any id. */
  problems: ModelProblem[];
  /** The ids a pool wants after this sync's scale-up or scale-down. */
  assignedIds(pool: string): number[];
  /** A valid pool's nodes: the wanted ones and the brokers held until Kafka confirms their removal. */
  nodesOf(pool: KafkaNodePool): BrokerRemoval;
}

/**
 * @param pools in the order their duplicate ids are reported.
 * @param skipCheck Strimzi's `strimzi.io/skip-broker-scaledown-check` on the Kafka.
 */
export function clusterNodeIds(cluster: string, pools: readonly NodeIdPool[], observedPodSets: readonly StrimziPodSet[], skipCheck: boolean): ClusterNodeIds {
  const observedIds = nodeIdsByPool(cluster, observedPodSets);
  const currentIds = (pool: KafkaNodePool) => observedIds.get(pool.metadata.name) ?? pool.status?.nodeIds ?? [];
  const assignment = assignNodeIds(pools.map(({ pool, valid }) => ({
    pool: pool.metadata.name,
    replicas: valid ? pool.spec.replicas : currentIds(pool).length,
    currentIds: currentIds(pool),
    nextNodeIds: pool.metadata.annotations?.[ANNOTATION.nextNodeIds],
    removeNodeIds: pool.metadata.annotations?.[ANNOTATION.removeNodeIds],
  })), [...observedIds.values()].flat());
  const assignedIds = (pool: string) => (assignment.ok ? assignment.idsByPool.get(pool) ?? [] : []);
  return {
    problems: assignment.ok ? [] : assignment.problems.map((p) => ({
      reason: p.path.includes("annotations") ? REASON.invalidNodeIdAnnotation : REASON.duplicateNodeIds,
      ...p,
    })),
    assignedIds,
    nodesOf: (pool) => brokerRemoval({
      roles: pool.spec.roles,
      currentIds: observedIds.get(pool.metadata.name) ?? [],
      assignedIds: assignedIds(pool.metadata.name),
      observedPodSet: observedPodSets.find((ps) => podSetPool(cluster, ps) === pool.metadata.name),
      skipCheck,
    }),
  };
}
