// A cluster's pods as the roller sees them: every pod its StrimziPodSets
// describe, with the pod observed under that name, its state and its reasons to restart.
import type { PersistentVolumeClaim, Pod } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { LABEL } from "../labels.js";
import { expandPod } from "../podset/expand.js";
import { restartReasons } from "./restart-reasons.js";
import type { PodState, RollNode } from "./roll-plan.js";

export interface ObservedCluster {
  podSets: readonly StrimziPodSet[];
  pods: readonly Pod[];
  claims: readonly PersistentVolumeClaim[];
}

export function podState(pod: Pod | undefined): PodState {
  if (!pod) return "missing";
  // A pod that ran to completion is replaced by the PodSet hook, as good as deleted.
  if (pod.metadata?.deletionTimestamp || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return "terminating";
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True") ? "ready" : "unready";
}

/** Node ids are the pod name's last segment (`<cluster>-<pool>-<id>`). */
export function nodeIdOf(pod: string): number | undefined {
  const match = /-(\d+)$/.exec(pod);
  return match ? Number(match[1]) : undefined;
}

export function rollNodes(cluster: ObservedCluster): RollNode[] {
  const observed = new Map(cluster.pods.map((p) => [p.metadata?.name ?? "", p]));
  return cluster.podSets.flatMap((podSet) => podSet.spec.pods.flatMap((entry) => {
    const nodeId = nodeIdOf(entry.metadata.name);
    if (nodeId === undefined) return [];
    const desired = expandPod(podSet, entry);
    const pod = observed.get(entry.metadata.name);
    const labels = desired.metadata?.labels ?? {};
    return [{
      pod: entry.metadata.name,
      podSet: podSet.metadata.name,
      nodeId,
      controller: labels[LABEL.controllerRole] === "true",
      broker: labels[LABEL.brokerRole] === "true",
      state: podState(pod),
      reasons: pod ? restartReasons({ observed: pod, desired, podSetAnnotations: podSet.metadata.annotations, claims: cluster.claims }) : [],
    }];
  }));
}
