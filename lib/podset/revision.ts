// A pod's revision: a digest of everything the PodSet says about it. Pods are
// never patched (Metacontroller's OnDelete), so a pod whose revision differs from
// its PodSet's is out of date until the roller deletes it.
import type { Pod } from "../api/kubernetes.js";
import { shortHash } from "../hash.js";
import { ANNOTATION } from "../labels.js";

export function podRevision(pod: Pod): string {
  return shortHash(JSON.stringify({ metadata: pod.metadata, spec: pod.spec }));
}

/** The pod with its revision annotation, computed over the pod without it. */
export function withRevision(pod: Pod): Pod {
  const metadata = pod.metadata ?? {};
  return { ...pod, metadata: { ...metadata, annotations: { ...metadata.annotations, [ANNOTATION.revision]: podRevision(pod) } } };
}

export const observedRevision = (pod: Pod): string | undefined => pod.metadata?.annotations?.[ANNOTATION.revision];
