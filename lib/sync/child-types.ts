// The kinds of children each CompositeController declares (metacontroller/*.yaml).
// Metacontroller sends every declared type in `children`, empty or not.
import { STRIMZI_PODSET_API_VERSION } from "../api/strimzi-podset.js";

export interface ChildType {
  apiVersion: string;
  kind: string;
  resource: string;
}

export const KAFKA_CHILD_TYPES: readonly ChildType[] = [
  { apiVersion: STRIMZI_PODSET_API_VERSION, kind: "StrimziPodSet", resource: "strimzipodsets" },
  { apiVersion: "v1", kind: "ConfigMap", resource: "configmaps" },
  { apiVersion: "v1", kind: "Secret", resource: "secrets" },
  { apiVersion: "v1", kind: "Service", resource: "services" },
  { apiVersion: "v1", kind: "ServiceAccount", resource: "serviceaccounts" },
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget", resource: "poddisruptionbudgets" },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", resource: "networkpolicies" },
];
