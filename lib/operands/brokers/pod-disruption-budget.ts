import type { PodDisruptionBudget } from "../../api/kubernetes.js";
import type { KafkaClusterModel } from "../../model/types.js";
import { podDisruptionBudgetName } from "../../names.js";
import { childMetadata, nodeSelectorLabels } from "../../builders/metadata.js";

// One node of the cluster may be evicted at a time (node drains); the sidecar's own
// restarts delete pods and are not bound by it.
const DEFAULT_MAX_UNAVAILABLE = 1;

/**
 * The budget is written as an absolute `minAvailable`: Kubernetes' disruption
 * controller computes `maxUnavailable` (and percentages) from the scale
 * subresource of the pods' controller, which StrimziPodSet does not have, and
 * then allows no eviction at all. The template's `maxUnavailable` is turned into
 * `<every node of the cluster> - maxUnavailable`, as Strimzi does
 * (cluster-operator/.../model/PodDisruptionBudgetUtils.java,
 * createCustomControllerPodDisruptionBudget, with KafkaCluster's nodes()).
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
