// What Metacontroller would hand back on the next sync after applying an answer:
// each child keyed by type and namespace/name, carrying its last-applied copy, and
// StrimziPodSets and Deployments with a status as their controllers would report it.
import type { Deployment, KubeObject } from "../../lib/api/kubernetes.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { typeKey, type ObjectsByType } from "../../lib/metacontroller.js";

export interface ObserveOptions {
  /** Pods ready per PodSet; all when omitted. */
  readyPods?: (podSet: StrimziPodSet) => number;
  /** Ready replicas per Deployment, all of them updated; all ready when omitted. */
  readyReplicas?: (deployment: Deployment) => number;
}

export function observe(children: readonly KubeObject[], emptyTypes: ObjectsByType = {}, options: ObserveOptions = {}): ObjectsByType {
  const groups: ObjectsByType = structuredClone(emptyTypes);
  for (const child of children) {
    const observed: KubeObject = structuredClone(child);
    observed.metadata.annotations = {
      ...observed.metadata.annotations,
      [ANNOTATION.lastAppliedByMetacontroller]: JSON.stringify(child),
    };
    observed.metadata.uid = `uid-${child.kind}-${child.metadata.name}`;
    observed.metadata.ownerReferences = [{ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "parent", uid: "uid-parent", controller: true, blockOwnerDeletion: true }];
    observed.metadata.resourceVersion = "1";
    observed.metadata.generation = 1;
    if (child.kind === "StrimziPodSet") {
      const podSet = child as StrimziPodSet;
      const pods = podSet.spec.pods.length;
      const ready = options.readyPods?.(podSet) ?? pods;
      const kafkaVersions = [...new Set(podSet.spec.pods.flatMap((p) => p.metadata.annotations?.[ANNOTATION.kafkaVersion] ?? []))].sort();
      observed.status = { observedGeneration: 1, pods, readyPods: ready, currentPods: pods, ...(kafkaVersions.length > 0 ? { kafkaVersions } : {}) };
    }
    if (child.kind === "Deployment") {
      const deployment = child as Deployment;
      const replicas = deployment.spec?.replicas ?? 1;
      const ready = options.readyReplicas?.(deployment) ?? replicas;
      observed.status = { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready };
    }
    const key = typeKey(child.kind, child.apiVersion);
    groups[key] = { ...groups[key], [`${child.metadata.namespace}/${child.metadata.name}`]: observed };
  }
  return groups;
}

/** The request of the sync after `answer` was applied, every PodSet reporting its pods ready. */
export function nextRequest(previous: SyncRequest, answer: { children: readonly KubeObject[]; status: object }, options: ObserveOptions = {}): SyncRequest {
  return {
    ...structuredClone(previous),
    parent: { ...structuredClone(previous.parent), status: answer.status },
    // Only what the answer lists exists afterwards: Metacontroller deletes the rest.
    children: observe(answer.children, Object.fromEntries(Object.keys(previous.children).map((type) => [type, {}])), options),
  };
}
