// The one function that turns a StrimziPodSet's compact form back into Pods.
// Shared by the PodSet hook (which creates the pods) and anything that must know
// what a pod will look like (render, tests).
import type { Pod } from "../api/kubernetes.js";
import type { PodEntry, StrimziPodSet } from "../api/strimzi-podset.js";
import { sortKeys } from "../sort-keys.js";

export function expandPod(podSet: StrimziPodSet, entry: PodEntry): Pod {
  const template = podSet.spec.podTemplate;
  const labels = { ...template.metadata.labels, ...entry.metadata.labels };
  const annotations = { ...template.metadata.annotations, ...entry.metadata.annotations };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: entry.metadata.name,
      namespace: podSet.metadata.namespace,
      labels: sortKeys(labels),
      ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
    },
    spec: {
      ...template.spec,
      hostname: entry.spec.hostname,
      volumes: [...entry.spec.volumes, ...(template.spec.volumes ?? [])],
    },
  };
}

export function expandPodSet(podSet: StrimziPodSet): Pod[] {
  return podSet.spec.pods.map((entry) => expandPod(podSet, entry));
}
