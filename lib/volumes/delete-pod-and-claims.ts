// Strimzi's `strimzi.io/delete-pod-and-pvc` annotation on a pod: the node starts
// again on empty volumes (a broken disk, a volume to move). Its claims are deleted
// first, then the pod; Kubernetes keeps a claim until no pod uses it, the PodSet
// hook creates the pod again, and the volumes reconciler a new claim for it.
import type { PersistentVolumeClaim, Pod } from "../api/kubernetes.js";

export const DELETE_POD_AND_CLAIM_ANNOTATION = "strimzi.io/delete-pod-and-pvc";

export interface PodAndClaims {
  pod: string;
  /** Set for a delete precondition, so that a pod created again under the same name is never deleted by mistake. */
  uid?: string;
  claims: string[];
}

/** The next annotated pod to delete with its claims, one at a time: none while a pod of the cluster is being deleted. */
export function nextPodAndClaims(pods: readonly Pod[], claims: readonly PersistentVolumeClaim[]): PodAndClaims | undefined {
  if (pods.some((p) => p.metadata?.deletionTimestamp)) return undefined;
  const known = new Set(claims.map((c) => c.metadata?.name ?? ""));
  const pod = [...pods]
    .filter((p) => p.metadata?.annotations?.[DELETE_POD_AND_CLAIM_ANNOTATION] === "true")
    .sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""))[0];
  if (!pod?.metadata?.name) return undefined;
  const mounted = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
  return { pod: pod.metadata.name, ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}), claims: mounted.filter((c) => known.has(c)) };
}
