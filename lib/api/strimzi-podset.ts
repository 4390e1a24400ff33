// `core.strimzi.io/v1` StrimziPodSet in kafka-hooks' compact form.
//
// Strimzi stores every pod in full under `spec.pods`. Metacontroller keeps the whole
// desired object in a last-applied annotation capped at 256 KiB, which 100 full pod
// specs would pass; so the pod spec shared by all pods is stored once in
// `spec.podTemplate` and `spec.pods` holds only what differs per pod. The PodSet
// hook turns the two back into Pods with lib/podset/expand.ts. The types are
// derived from lib/api/schemas/strimzi-podset.ts.
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import type { WithStatus } from "./schemas/resource.js";
import type { pod, podTemplate, strimziPodSetSchema } from "./schemas/strimzi-podset.js";

export { STRIMZI_PODSET_API_VERSION } from "./schemas/strimzi-podset.js";

export type StrimziPodSet = WithStatus<Static<typeof strimziPodSetSchema>, StrimziPodSetStatus>;
export type StrimziPodSetSpec = StrimziPodSet["spec"];
/** What one pod adds to the shared template. */
export type PodEntry = Static<typeof pod>;
export type PodMetadata = NonNullable<Static<typeof podTemplate>["metadata"]>;
export type PodTemplateSpec = Static<typeof podTemplate>;

/** Written by the hooks; free-form in the CRD (see WithStatus). */
export interface StrimziPodSetStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  pods?: number;
  readyPods?: number;
  currentPods?: number;
  /** The distinct `strimzi.io/kafka-version` annotations of its pods, sorted. */
  kafkaVersions?: string[];
}
