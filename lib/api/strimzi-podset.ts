// `core.strimzi.io/v1` StrimziPodSet in kafka-hooks' compact form.
//
// Strimzi stores every pod in full under `spec.pods`. Metacontroller keeps the whole
// desired object in a last-applied annotation capped at 256 KiB, which 100 full pod
// specs would pass; so the pod spec shared by all pods is stored once in
// `spec.podTemplate` and `spec.pods` holds only what differs per pod. The PodSet
// hook turns the two back into Pods with lib/podset/expand.ts.
import type { Condition, KubeObject, LabelSelector, ObjectMeta, PodSpec, Volume } from "./kubernetes.js";

export const STRIMZI_PODSET_API_VERSION = "core.strimzi.io/v1";

export interface PodMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** What one pod adds to the shared template. */
export interface PodEntry {
  metadata: PodMetadata & { name: string };
  spec: { hostname: string; volumes: Volume[] };
}

export interface PodTemplateSpec {
  metadata: PodMetadata;
  spec: PodSpec;
}

export interface StrimziPodSetSpec {
  selector: LabelSelector;
  podTemplate: PodTemplateSpec;
  pods: PodEntry[];
}

export interface StrimziPodSetStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  pods?: number;
  readyPods?: number;
  currentPods?: number;
}

export interface StrimziPodSet extends KubeObject {
  apiVersion: typeof STRIMZI_PODSET_API_VERSION;
  kind: "StrimziPodSet";
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: StrimziPodSetSpec;
  status?: StrimziPodSetStatus;
}
