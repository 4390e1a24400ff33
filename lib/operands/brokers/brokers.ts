// The brokers: the Kafka nodes of every node pool (controllers and brokers), as
// Strimzi's KafkaCluster. Their model is the whole cluster model, which is built
// for them (lib/model); the cluster's CA Secrets come with them until another
// operand needs the CAs.
import { STRIMZI_PODSET_API_VERSION } from "../../api/strimzi-podset.js";
import { podSetReadiness } from "../../status/kafka-status.js";
import { registerOperand, type ChildType } from "../operand.js";
import { brokersChildren } from "./children.js";

const CHILD_TYPES: readonly ChildType[] = [
  { apiVersion: STRIMZI_PODSET_API_VERSION, kind: "StrimziPodSet", resource: "strimzipodsets" },
  { apiVersion: "v1", kind: "ConfigMap", resource: "configmaps" },
  { apiVersion: "v1", kind: "Secret", resource: "secrets" },
  { apiVersion: "v1", kind: "Service", resource: "services" },
  { apiVersion: "v1", kind: "ServiceAccount", resource: "serviceaccounts" },
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget", resource: "poddisruptionbudgets" },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", resource: "networkpolicies" },
  // Routes and TLSRoutes are declared only where the cluster serves them (lib/sync/child-types.ts).
  { apiVersion: "networking.k8s.io/v1", kind: "Ingress", resource: "ingresses" },
];

export const BROKERS = registerOperand({
  name: "brokers",
  childTypes: CHILD_TYPES,
  // Every Kafka has brokers.
  requested: () => true,
  input: (cluster) => cluster,
  children: brokersChildren,
  readiness: (built, observed) => podSetReadiness(built.podSets, observed.podSets, observed.roll),
});
