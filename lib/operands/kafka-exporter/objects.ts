// Kafka Exporter's ServiceAccount, NetworkPolicy and disruption budget, as
// Strimzi's KafkaExporter model makes them.
import type { NetworkPolicy, PodDisruptionBudget, ServiceAccount } from "../../api/kubernetes.js";
import { childMetadata } from "../../builders/metadata.js";
import { METRICS_PORT } from "../../kafka-files/paths.js";
import { operandComponentName } from "../../names.js";
import { kafkaExporterSelector } from "./deployment.js";
import { KAFKA_EXPORTER, type KafkaExporterInput } from "./input.js";

/** Strimzi's default for a Deployment's budget (PodDisruptionBudgetUtils). */
const DEFAULT_MAX_UNAVAILABLE = 1;

const name = (input: KafkaExporterInput): string => operandComponentName(input.cluster.name, KAFKA_EXPORTER);

export function kafkaExporterServiceAccount(input: KafkaExporterInput): ServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: childMetadata(input.cluster, name(input), { component: KAFKA_EXPORTER, template: input.spec.template?.serviceAccount?.metadata }),
  };
}

/** Anyone may scrape the metrics port; nothing else is served. */
export function kafkaExporterNetworkPolicy(input: KafkaExporterInput): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: childMetadata(input.cluster, name(input), { component: KAFKA_EXPORTER }),
    spec: {
      podSelector: { matchLabels: kafkaExporterSelector(input.cluster.name) },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ port: METRICS_PORT, protocol: "TCP" }] }],
    },
  };
}

/**
 * `maxUnavailable` as Strimzi writes it for a Deployment: the disruption
 * controller reads the Deployment's scale (unlike a StrimziPodSet's: see the brokers' budget).
 */
export function kafkaExporterPodDisruptionBudget(input: KafkaExporterInput): PodDisruptionBudget {
  const template = input.spec.template?.podDisruptionBudget;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: childMetadata(input.cluster, name(input), { component: KAFKA_EXPORTER, template: template?.metadata }),
    spec: {
      maxUnavailable: template?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      selector: { matchLabels: kafkaExporterSelector(input.cluster.name) },
    },
  };
}
