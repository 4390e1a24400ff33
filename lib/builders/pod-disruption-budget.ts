import type { PodDisruptionBudget } from "../api/kubernetes.js";
import type { KafkaClusterModel } from "../model/types.js";
import { podDisruptionBudgetName } from "../names.js";
import { childMetadata, nodeSelectorLabels } from "./metadata.js";

// One node of the cluster may be evicted at a time (node drains); the sidecar's own
// restarts delete pods and are not bound by it.
const DEFAULT_MAX_UNAVAILABLE = 1;

/**
 * The budget is stated as `minAvailable`, every node of the cluster less those
 * that may go, as Strimzi does for pods of StrimziPodSets: the disruption
 * controller counts a `maxUnavailable` budget against the scale of the pods'
 * controller, and a StrimziPodSet has no scale subresource, so such a budget
 * fails to sync and allows no eviction at all (seen on a real
 * kube-controller-manager, test/realbed/k8s/disruption-budget.real.ts).
 */
export function podDisruptionBudget(model: KafkaClusterModel): PodDisruptionBudget {
  const template = model.template?.podDisruptionBudget;
  const maxUnavailable = template?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: childMetadata(model, podDisruptionBudgetName(model.name), { template: template?.metadata }),
    spec: {
      minAvailable: Math.max(0, model.nodes.length - maxUnavailable),
      selector: { matchLabels: nodeSelectorLabels(model.name) },
    },
  };
}
