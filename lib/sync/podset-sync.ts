// The StrimziPodSet controller's sync: a PodSet in, its Pods and status out.
// Metacontroller creates missing pods and, with the OnDelete strategy, never
// touches a running one; restarts are the roller's (the sidecar's) job.
import type { Pod } from "../api/kubernetes.js";
import type { StrimziPodSet, StrimziPodSetStatus } from "../api/strimzi-podset.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { REASON } from "../reasons.js";
import { condition } from "../status/conditions.js";
import { keepObservedChildren } from "./keep-observed.js";
import { expandPodSet } from "../podset/expand.js";
import { observedRevision, withRevision } from "../podset/revision.js";

/** What the compact form must hold for the pods to be built; the CRD checks the rest. */
function podSetProblem(parent: Partial<StrimziPodSet>): string | undefined {
  const spec = parent.spec;
  if (!spec?.podTemplate?.spec || !Array.isArray(spec.podTemplate.spec.containers)) return "spec.podTemplate.spec.containers is required";
  if (!Array.isArray(spec.pods)) return "spec.pods must be a list";
  const index = spec.pods.findIndex((p) => !p?.metadata?.name || !p.spec?.hostname || !Array.isArray(p.spec.volumes));
  return index >= 0 ? `spec.pods[${index}] needs metadata.name, spec.hostname and spec.volumes` : undefined;
}

const isReady = (pod: Pod): boolean =>
  !pod.metadata?.deletionTimestamp && (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** A pod that has run to completion will never run again: leaving it out of the answer deletes it, and the next sync creates it anew. */
const hasTerminated = (pod: Pod): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

export function syncStrimziPodSet(request: SyncRequest, now: Date): SyncResponse<StrimziPodSetStatus> {
  const parent = request.parent as Partial<StrimziPodSet> & { metadata: { generation?: number } };
  const generation = parent.metadata.generation ?? 0;
  const problem = podSetProblem(parent);
  if (problem) {
    return {
      status: { ...parent.status, conditions: [condition("NotReady", REASON.invalidResource, `${problem}. No pod was changed.`, now, parent.status?.conditions)], observedGeneration: generation },
      children: keepObservedChildren(request.children),
    };
  }
  const desired = expandPodSet(parent as StrimziPodSet).map(withRevision);
  // Children arrive as plain objects; these are the Pods this PodSet owns.
  const observed = new Map(objectsOfType(request.children, "Pod", "v1").map((p) => [p.metadata.name, p as Pod]));
  const children = desired.filter((pod) => {
    const seen = observed.get(pod.metadata?.name ?? "");
    return !seen || !hasTerminated(seen);
  });
  let readyPods = 0;
  let currentPods = 0;
  for (const pod of desired) {
    const seen = observed.get(pod.metadata?.name ?? "");
    if (!seen) continue;
    if (isReady(seen)) readyPods++;
    if (observedRevision(seen) === observedRevision(pod)) currentPods++;
  }
  return {
    status: { conditions: [], observedGeneration: generation, pods: desired.length, readyPods, currentPods },
    children: children as SyncResponse["children"],
  };
}
