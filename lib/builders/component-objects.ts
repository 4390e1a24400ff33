// The ServiceAccount and disruption budget a component's Deployment comes with,
// as Strimzi's models make them for Cruise Control and the other Deployments.
import type { MetadataTemplate } from "../api/common.js";
import type { PodDisruptionBudget, ServiceAccount } from "../api/kubernetes.js";
import type { KafkaClusterModel } from "../model/types.js";
import { childMetadata } from "./metadata.js";

type Cluster = Pick<KafkaClusterModel, "name" | "namespace">;

/** Strimzi's default for a Deployment's budget (PodDisruptionBudgetUtils). */
const DEFAULT_MAX_UNAVAILABLE = 1;

export function componentServiceAccount(cluster: Cluster, name: string, component: string, template: MetadataTemplate | undefined): ServiceAccount {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: childMetadata(cluster, name, { component, template }) };
}

/**
 * `maxUnavailable` as Strimzi writes it for a Deployment: the disruption controller reads
 * the Deployment's scale (unlike a StrimziPodSet's: see the brokers' budget).
 */
export function componentPodDisruptionBudget(
  cluster: Cluster, name: string, component: string, selector: Record<string, string>,
  template: { metadata?: MetadataTemplate; maxUnavailable?: number } | undefined,
): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: childMetadata(cluster, name, { component, template: template?.metadata }),
    spec: { maxUnavailable: template?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE, selector: { matchLabels: selector } },
  };
}
