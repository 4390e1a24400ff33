// The KafkaNodePool controller's sync: a pool has no children; its hook only
// writes the status that `kubectl get knp` and `kubectl scale knp` read. Node ids
// come from the same assignment the Kafka hook makes, from the same observations.
import type { Kafka } from "../api/kafka.js";
import { KAFKA_API_VERSION } from "../api/kafka.js";
import type { KafkaNodePool, KafkaNodePoolStatus } from "../api/kafka-nodepool.js";
import { STRIMZI_PODSET_API_VERSION } from "../api/strimzi-podset.js";
import { validateKafkaNodePool } from "../api/validate.js";
import { isReconciliationPaused, LABEL } from "../labels.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { skipsScaleDownCheck } from "../model/broker-removal.js";
import { podSetClusterIds } from "../model/observed-nodes.js";
import { clusterNodeIds, type NodeIdPool } from "../model/pool-node-ids.js";
import { checkObservedPodSets, statusClusterIds } from "../model/observed-podsets.js";
import { componentName } from "../names.js";
import { REASON } from "../reasons.js";
import { condition } from "../status/conditions.js";
import { withObservedStatus } from "../status/observed-status.js";
import type { Environment } from "../environment.js";

function labelSelector(cluster: string, pool: string): string {
  return `${LABEL.cluster}=${cluster},${LABEL.name}=${componentName(cluster)},${LABEL.kind}=Kafka,${LABEL.poolName}=${pool}`;
}

/** A sibling as the Kafka hook reads it; an invalid one keeps the ids it has. */
function nodeIdPool(sibling: KafkaNodePool): NodeIdPool {
  const valid = validateKafkaNodePool(sibling);
  return valid.ok ? { pool: valid.value, valid: true } : { pool: sibling, valid: false };
}

export function syncKafkaNodePool(request: SyncRequest, env: Environment): SyncResponse<KafkaNodePoolStatus> {
  const now = env.now();
  const parent = withObservedStatus(request.parent) as KafkaNodePool;
  const previous = parent.status;
  const name = parent.metadata.name;
  const notReady = (reason: string, message: string): SyncResponse<KafkaNodePoolStatus> => ({
    status: {
      ...previous,
      conditions: [condition("NotReady", reason, message, now, previous?.conditions)],
      observedGeneration: parent.metadata.generation ?? 0,
    },
    children: [],
  });

  const cluster = parent.metadata.labels?.[LABEL.cluster];
  if (!cluster) return notReady(REASON.missingClusterLabel, `metadata.labels: the label ${LABEL.cluster} must name the Kafka this pool belongs to`);
  const related = objectsOfType<Kafka>(request.related, "Kafka", KAFKA_API_VERSION).find((k) => k.metadata.name === cluster);
  if (!related) return notReady(REASON.kafkaNotFound, `Kafka ${cluster} does not exist in namespace ${parent.metadata.namespace}`);
  const kafka = withObservedStatus(related);
  // Strimzi reconciles pools as part of their Kafka: while it is paused, so is the pool's status.
  if (isReconciliationPaused(kafka)) return { status: previous ?? {}, children: [] };

  const validated = validateKafkaNodePool(parent);
  if (!validated.ok) {
    return notReady(REASON.invalidResource, validated.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
  const pool = validated.value;
  const siblings = objectsOfType<KafkaNodePool>(request.related, "KafkaNodePool", KAFKA_API_VERSION)
    .filter((p) => p.metadata.name !== name && p.metadata.labels?.[LABEL.cluster] === cluster)
    .map(withObservedStatus);
  // The same check as the Kafka hook's, so that both refuse the same PodSets.
  const checked = checkObservedPodSets(
    cluster,
    objectsOfType(request.related, "StrimziPodSet", STRIMZI_PODSET_API_VERSION).map(withObservedStatus),
    statusClusterIds([kafka, parent, ...siblings]),
  );
  if (!checked.ok) return notReady(REASON.inconsistentObservedState, checked.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  const podSets = checked.podSets;
  const ids = clusterNodeIds(cluster, [{ pool, valid: true }, ...siblings.map(nodeIdPool)], podSets, skipsScaleDownCheck(kafka));
  if (ids.problems.length > 0) {
    const reason = ids.problems.some((p) => p.reason === REASON.invalidNodeIdAnnotation) ? REASON.invalidNodeIdAnnotation : REASON.duplicateNodeIds;
    return notReady(reason, ids.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
  // Brokers held on a scale-down still run: the status counts them, as the Kafka's status says why.
  const { nodeIds } = ids.nodesOf(pool);
  const clusterId = podSetClusterIds(podSets)[0]?.id ?? kafka.status?.clusterId ?? previous?.clusterId;
  return {
    status: {
      conditions: [],
      observedGeneration: parent.metadata.generation ?? 0,
      nodeIds,
      ...(clusterId ? { clusterId } : {}),
      roles: [...pool.spec.roles].sort(),
      replicas: nodeIds.length,
      labelSelector: labelSelector(cluster, name),
    },
    children: [],
  };
}
