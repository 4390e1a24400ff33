import type { PodDisruptionBudget } from "../api/kubernetes.js";
import type { KafkaClusterModel } from "../model/types.js";
import { podDisruptionBudgetName } from "../names.js";
import { childMetadata, nodeSelectorLabels } from "./metadata.js";

// One node of the cluster may be evicted at a time (node drains); the sidecar's own
// restarts delete pods and are not bound by it.
const DEFAULT_MAX_UNAVAILABLE = 1;

export function podDisruptionBudget(model: KafkaClusterModel): PodDisruptionBudget {
  const template = model.template?.podDisruptionBudget;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: childMetadata(model, podDisruptionBudgetName(model.name), { template: template?.metadata }),
    spec: {
      maxUnavailable: template?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      selector: { matchLabels: nodeSelectorLabels(model.name) },
    },
  };
}
