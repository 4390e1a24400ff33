// `strimzi.io/manual-rolling-update` on a StrimziPodSet rolls each of its pods
// once: the annotation moves to the pods, which lose it when they restart, and
// leaves the PodSet, so that it does not roll them again. The Kafka roller and
// the Connect roller share it.
import type { Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { podState } from "../../lib/roller/cluster-nodes.js";
import { isManuallyAnnotated } from "../../lib/roller/restart-reasons.js";
import type { KubeActions } from "../kube-actions.js";

/** Whether any PodSet passed the annotation on (its pods' changes bring the next pass). */
export async function passOnManualRollingUpdate(
  actions: Pick<KubeActions, "annotatePod" | "annotatePodSet">, namespace: string, podSets: readonly StrimziPodSet[], pods: readonly Pod[],
): Promise<boolean> {
  let passed = false;
  for (const podSet of podSets.filter((s) => isManuallyAnnotated(s.metadata.annotations))) {
    const names = new Set(podSet.spec.pods.map((p) => p.metadata.name));
    for (const pod of pods) {
      const name = pod.metadata?.name ?? "";
      if (names.has(name) && podState(pod) !== "terminating" && !isManuallyAnnotated(pod.metadata?.annotations)) {
        await actions.annotatePod(namespace, name, { [ANNOTATION.manualRollingUpdate]: "true" });
      }
    }
    await actions.annotatePodSet(namespace, podSet.metadata.name, { [ANNOTATION.manualRollingUpdate]: null });
    passed = true;
  }
  return passed;
}
