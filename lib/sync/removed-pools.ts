// The scale-down check (lib/model/broker-removal.ts) for a whole KafkaNodePool
// deleted while its brokers may still host partition replicas. Its PodSet is no
// longer built (the pool's spec is gone), so the brokers Kafka has not confirmed
// are kept as they were last desired: the PodSet (with only those pods, and the
// request to the sidecar), and each one's ConfigMap and certificate Secret.
import type { KubeObject } from "../api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION, LABEL } from "../labels.js";
import { objectsOfType, type ObjectsByType } from "../metacontroller.js";
import { brokerRemoval, type HeldBrokers } from "../model/broker-removal.js";
import { podSetNodeIds, podSetPool } from "../model/observed-nodes.js";
import { nodeCertSecretName, nodeConfigMapName, podName } from "../names.js";
import { lastDesired } from "./keep-observed.js";

export interface HeldRemovedPool extends HeldBrokers {
  poolDeleted: true;
  /** What stays until Kafka confirms: the PodSet, and the held brokers' ConfigMaps and Secrets. */
  children: KubeObject[];
}

const isBrokerPodSet = (podSet: StrimziPodSet): boolean => podSet.spec.podTemplate?.metadata?.labels?.[LABEL.brokerRole] === "true";

function keptPodSet(podSet: StrimziPodSet, cluster: string, pool: string, held: readonly number[]): KubeObject {
  const last = lastDesired(podSet) as StrimziPodSet;
  const heldPods = new Set(held.map((id) => podName(cluster, pool, id)));
  return {
    ...last,
    metadata: { ...last.metadata, annotations: { ...last.metadata.annotations, [ANNOTATION.brokersToRemove]: held.join(",") } },
    spec: { ...last.spec, pods: last.spec.pods.filter((p) => heldPods.has(p.metadata.name)) },
  } as KubeObject;
}

export function heldRemovedPools(input: { cluster: string; pools: readonly string[]; children: ObjectsByType; skipCheck: boolean }): HeldRemovedPool[] {
  const { cluster, children } = input;
  const wanted = new Set(input.pools);
  const observedNamed = (kind: string, name: string): KubeObject[] =>
    objectsOfType<KubeObject>(children, kind, "v1").filter((o) => o.metadata.name === name).map(lastDesired);
  return objectsOfType<StrimziPodSet>(children, "StrimziPodSet", STRIMZI_PODSET_API_VERSION).flatMap((podSet) => {
    const pool = podSetPool(cluster, podSet);
    if (wanted.has(pool) || !isBrokerPodSet(podSet)) return [];
    const { removal } = brokerRemoval({
      roles: ["broker"], currentIds: podSetNodeIds(cluster, podSet), assignedIds: [], observedPodSet: podSet, skipCheck: input.skipCheck,
    });
    if (!removal) return [];
    return [{
      pool,
      ...removal,
      poolDeleted: true,
      children: [
        keptPodSet(podSet, cluster, pool, removal.held),
        ...removal.held.flatMap((id) => [
          ...observedNamed("ConfigMap", nodeConfigMapName(cluster, pool, id)),
          ...observedNamed("Secret", nodeCertSecretName(cluster, pool, id)),
        ]),
      ],
    }];
  });
}
