// With a `topology-label` rack, Strimzi schedules Kafka pods only on nodes that
// have the label (a broker's rack comes from it), and prefers to spread them
// across its values, so that a rack (a zone) going down takes at most its share
// of the replicas. The rules are merged into the pod template's own affinity,
// as Strimzi merges them.
import type { Affinity } from "../api/kubernetes.js";
import { nodeSelectorLabels } from "./metadata.js";

export function rackAffinity(affinity: Affinity | undefined, cluster: string, topologyKey: string): Affinity {
  const labelled = { key: topologyKey, operator: "Exists" as const };
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms?.length
    ? required.nodeSelectorTerms.map((term) => ({ ...term, matchExpressions: [...(term.matchExpressions ?? []), labelled] }))
    : [{ matchExpressions: [labelled] }];
  const spread = { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: nodeSelectorLabels(cluster) }, topologyKey } };
  return {
    ...affinity,
    nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: terms } },
    podAntiAffinity: {
      ...affinity?.podAntiAffinity,
      preferredDuringSchedulingIgnoredDuringExecution: [...(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []), spread],
    },
  };
}
