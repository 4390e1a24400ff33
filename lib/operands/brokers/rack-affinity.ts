// With a `topology-label` rack, Strimzi schedules broker-role pods only on nodes
// that have the label (a broker's rack comes from it), merged into the pod
// template's own affinity: the requirement is added to each of the user's node
// selector terms, or is the only term (ModelUtils.affinityWithRackLabelSelector,
// applied to broker nodes only by KafkaCluster). Controllers have no rack.
import type { Affinity } from "../../api/kubernetes.js";

export function rackAffinity(affinity: Affinity | undefined, topologyKey: string): Affinity {
  const labelled = { key: topologyKey, operator: "Exists" as const };
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms?.length
    ? required.nodeSelectorTerms.map((term) => ({ ...term, matchExpressions: [...(term.matchExpressions ?? []), labelled] }))
    : [{ matchExpressions: [labelled] }];
  return {
    ...affinity,
    nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: terms } },
  };
}
