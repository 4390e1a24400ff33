// The StrimziPodSet controller's sync: a PodSet in, its Pods and status out.
// Metacontroller creates missing pods and, with the OnDelete strategy, never
// touches a running one; restarts are the roller's (the sidecar's) job.
import type { Pod } from "../api/kubernetes.js";
import type { StrimziPodSet, StrimziPodSetStatus } from "../api/strimzi-podset.js";
import { validateStrimziPodSet } from "../api/validate.js";
import { ANNOTATION, LABEL } from "../labels.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { podEntryProblems } from "../model/observed-podsets.js";
import { REASON } from "../reasons.js";
import { condition } from "../status/conditions.js";
import { withObservedStatus } from "../status/observed-status.js";
import { rememberedKey } from "../memo.js";
import { keepObservedChildren } from "./keep-observed.js";
import { expandPodSet } from "../podset/expand.js";
import { observedRevision, withRevision } from "../podset/revision.js";
import type { SyncMemory } from "./remembered.js";

const isReady = (pod: Pod): boolean =>
  !pod.metadata?.deletionTimestamp && (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** A pod that has run to completion will never run again: leaving it out of the answer deletes it, and the next sync creates it anew. */
const hasTerminated = (pod: Pod): boolean => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/**
 * The PodSet's pods with their revisions. Metacontroller calls this hook on every
 * status change of every pod, and the PodSet itself has rarely changed since:
 * the pods, and the hashing of each, are remembered in `memory` while its spec
 * and metadata stay the same.
 */
function desiredPods(podSet: StrimziPodSet, memory: SyncMemory | undefined): readonly Pod[] {
  const build = (): readonly Pod[] => expandPodSet(podSet).map(withRevision);
  if (memory === undefined) return build();
  const key = rememberedKey(podSet);
  const inputs = { metadata: podSet.metadata, spec: podSet.spec };
  return memory.podSetPods.recall(key, inputs) ?? memory.podSetPods.remember(key, inputs, build());
}

export function syncStrimziPodSet(request: SyncRequest, now: Date, memory?: SyncMemory): SyncResponse<StrimziPodSetStatus> {
  const parent = withObservedStatus(request.parent) as Partial<StrimziPodSet> & SyncRequest["parent"];
  const generation = parent.metadata.generation ?? 0;
  const refuse = (reason: string, problems: ReadonlyArray<{ path: string; message: string }>): SyncResponse<StrimziPodSetStatus> => ({
    status: {
      ...parent.status,
      conditions: [condition("NotReady", reason, `${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}. No pod was changed.`, now, parent.status?.conditions)],
      observedGeneration: generation,
    },
    children: keepObservedChildren(request.children),
  });
  const validated = validateStrimziPodSet(parent);
  if (!validated.ok) return refuse(REASON.invalidResource, validated.problems);
  // A pod entry renamed by hand would replace a node's pod with another: the Kafka hook refuses such a PodSet, and so does this one.
  const cluster = parent.metadata.labels?.[LABEL.cluster];
  const entries = cluster === undefined ? [] : podEntryProblems(cluster, validated.value, "");
  if (entries.length > 0) return refuse(REASON.inconsistentObservedState, entries);
  const desired = desiredPods(validated.value, memory);
  // Children arrive as plain objects; these are the Pods this PodSet owns.
  const observed = new Map(objectsOfType(request.children, "Pod", "v1").map((p) => [p.metadata.name, p as Pod]));
  const terminated = (pod: Pod): boolean => {
    const seen = observed.get(pod.metadata?.name ?? "");
    return seen !== undefined && hasTerminated(seen);
  };
  // Usually every pod runs: the answer is then the remembered array itself, whose JSON the server has already encoded.
  const children = desired.some(terminated) ? desired.filter((pod) => !terminated(pod)) : desired;
  let readyPods = 0;
  let currentPods = 0;
  for (const pod of desired) {
    const seen = observed.get(pod.metadata?.name ?? "");
    if (!seen) continue;
    if (isReady(seen)) readyPods++;
    if (observedRevision(seen) === observedRevision(pod)) currentPods++;
  }
  // What the pods run, for the Kafka hook to tell an upgrade or a downgrade from the spec (lib/model/version-change.ts).
  const kafkaVersions = [...new Set([...observed.values()].flatMap((pod) => pod.metadata?.annotations?.[ANNOTATION.kafkaVersion] ?? []))].sort();
  return {
    status: { conditions: [], observedGeneration: generation, pods: desired.length, readyPods, currentPods, ...(kafkaVersions.length > 0 ? { kafkaVersions } : {}) },
    children: children as unknown as SyncResponse["children"],
  };
}
