// Where a Connect build stands, read from the observed children only, and so
// what the answer holds. Strimzi's ConnectBuildOperator waits for its build pod
// inside one reconciliation; a hook cannot wait, and Metacontroller deletes a
// child the answer leaves out, so the build's life cycle is spread over syncs:
//
// - the workers' PodSet records the last image built (Strimzi's
//   `strimzi.io/connect-build-revision` and `strimzi.io/connect-build-image`):
//   when its revision is the desired one, the build is done and the pod is left
//   out (deleted, as Strimzi deletes it);
// - the pod is created only once the observed Dockerfile ConfigMap holds the
//   desired Dockerfile and the ServiceAccount exists (Metacontroller writes an
//   answer's children in no fixed order: a pod started first would build the
//   old Dockerfile under the new revision);
// - a pod of the desired revision stays in every answer while it runs; once it
//   succeeded, its termination message (`<image name>@<digest>`, as Strimzi
//   reads it) is the workers' image and goes onto the PodSet, and the pod stays
//   until the observed PodSet carries it, so no answer loses the result;
// - a failed pod stays too, for its logs: Strimzi starts it again on every
//   reconciliation, which here would be a build on every sync; deleting it (or
//   changing the build) starts a new one;
// - `strimzi.io/force-rebuild: "true"` on the observed PodSet builds again what
//   is built (Strimzi's annotation). Strimzi drops it by writing the PodSet
//   anew; Metacontroller keeps an annotation the answers never held, so the
//   request is taken up instead: the pod it starts is marked as forced and
//   followed through to its recorded image, and while it is in the answer the
//   PodSet carries the annotation as "false" (which Metacontroller then
//   removes once an answer leaves it out): one request, one build.
import type { ConfigMap, Pod, ServiceAccount } from "../../api/kubernetes.js";
import type { StrimziPodSet } from "../../api/strimzi-podset.js";
import { BUILD_IMAGE_ANNOTATION, BUILD_REVISION_ANNOTATION, DOCKERFILE_KEY, FORCE_REBUILD_ANNOTATION, FORCED_BUILD_ANNOTATION, type ConnectBuild } from "./build.js";

/** The observed children a build's state is read from, each undefined when not observed. */
export interface ObservedBuild {
  podSet: StrimziPodSet | undefined;
  pod: Pod | undefined;
  configMap: ConfigMap | undefined;
  serviceAccount: ServiceAccount | undefined;
}

export type BuildState = (
  /** The workers run `image`, built from the desired revision; `keepPod` while the PodSet does not record it yet. */
  | { phase: "built"; image: string; keepPod: boolean }
  /** Waiting for `waitingFor`; `startPod` once the pod can be created or is running. */
  | { phase: "building"; startPod: boolean; waitingFor: string }
  | { phase: "failed"; message: string }
) & {
  /** The build pod of this answer is one a force-rebuild request started (it carries FORCED_BUILD_ANNOTATION). */
  forced?: true;
};

/** An image by digest, as Buildah's `<name>@<algorithm>:<hex>`. */
const IMAGE_BY_DIGEST = /^\S+@[a-z0-9]+:[0-9a-f]{32,}$/;

function podResult(pod: Pod, podName: string): BuildState {
  // The container is named as the pod (KafkaConnectBuildUtils.getBuildContainerName).
  const terminated = pod.status?.containerStatuses?.find((s) => s.name === podName)?.state?.terminated;
  if (terminated === undefined) {
    if (pod.status?.phase === "Failed") {
      return { phase: "failed", message: `build pod ${podName} failed before its build ended: ${pod.status.reason ?? "no reason given"}${pod.status.message ? ` (${pod.status.message})` : ""}` };
    }
    return { phase: "building", startPod: true, waitingFor: `build pod ${podName} to finish` };
  }
  const message = (terminated.message ?? "").trim();
  if (terminated.exitCode !== 0) {
    return { phase: "failed", message: `build pod ${podName} failed with exit code ${terminated.exitCode}${message ? `: ${message}` : ""}` };
  }
  if (!IMAGE_BY_DIGEST.test(message)) {
    return { phase: "failed", message: `build pod ${podName} completed, but its termination message names no image by digest` };
  }
  return { phase: "built", image: message, keepPod: true };
}

export function connectBuildState(desired: ConnectBuild, observed: ObservedBuild): BuildState {
  const recorded = observed.podSet?.metadata.annotations ?? {};
  const recordedImage = recorded[BUILD_IMAGE_ANNOTATION];
  const isRecorded = (image: string): boolean => recorded[BUILD_REVISION_ANNOTATION] === desired.revision && recordedImage === image;
  const pod = observed.pod;
  const podOfRevision = pod?.metadata?.annotations?.[BUILD_REVISION_ANNOTATION] === desired.revision ? pod : undefined;
  if (podOfRevision?.metadata?.annotations?.[FORCED_BUILD_ANNOTATION] === "true") {
    const result = podResult(podOfRevision, desired.name);
    return result.phase === "built" ? { ...result, keepPod: !isRecorded(result.image), forced: true } : { ...result, forced: true };
  }
  const forced = recorded[FORCE_REBUILD_ANNOTATION] === "true";
  if (!forced && recordedImage !== undefined && isRecorded(recordedImage)) {
    return { phase: "built", image: recordedImage, keepPod: false };
  }
  // A pod not marked as forced is replaced by the marked one (the build pod is a Recreate child), as Strimzi deletes it.
  if (podOfRevision !== undefined && !forced) return podResult(podOfRevision, desired.name);
  const state = buildingState(desired, observed);
  return forced ? { ...state, forced: true } : state;
}

function buildingState(desired: ConnectBuild, observed: ObservedBuild): BuildState {
  const dockerfileWritten = observed.configMap?.data?.[DOCKERFILE_KEY] === desired.dockerfile;
  if (!dockerfileWritten || observed.serviceAccount === undefined) {
    return { phase: "building", startPod: false, waitingFor: `ConfigMap ${desired.configMap.metadata?.name ?? ""} and ServiceAccount ${desired.name} before build pod ${desired.name} starts` };
  }
  return { phase: "building", startPod: true, waitingFor: `build pod ${desired.name} to finish` };
}

/** The image the workers run and the build revision recorded with it; none before a first build succeeded. */
export interface WorkersImage {
  image: string;
  revision: string;
  /** A forced build is in the answer: the PodSet's force-rebuild request is taken up. */
  forceRebuildTakenUp?: true;
}

/**
 * The built image once the desired build succeeded; until then what the observed PodSet runs: the image it
 * records, or the image without a build when it records none (a build added to a running Connect). A new
 * Connect gets no PodSet before its first image exists, as Strimzi creates none before its build finished.
 */
export function workersImage(state: BuildState, desired: ConnectBuild, observedPodSet: StrimziPodSet | undefined): WorkersImage | "unbuilt" | undefined {
  const takenUp = state.forced && buildPodInAnswer(state) ? { forceRebuildTakenUp: true as const } : {};
  if (state.phase === "built") return { image: state.image, revision: desired.revision, ...takenUp };
  if (observedPodSet === undefined) return undefined;
  const recorded = observedPodSet.metadata.annotations ?? {};
  const image = recorded[BUILD_IMAGE_ANNOTATION];
  const revision = recorded[BUILD_REVISION_ANNOTATION];
  return image !== undefined && revision !== undefined ? { image, revision, ...takenUp } : "unbuilt";
}

/** Whether the answer holds the build pod: while it runs or may start, after it failed, until its image is recorded. */
export const buildPodInAnswer = (state: BuildState): boolean =>
  state.phase === "failed" || (state.phase === "built" ? state.keepPod : state.startPod);

/** The build pod as this answer holds it: marked when a force-rebuild request started it. */
export const buildPodOf = (state: BuildState, desired: ConnectBuild): Pod => (state.forced
  ? { ...desired.pod, metadata: { ...desired.pod.metadata, annotations: { ...desired.pod.metadata?.annotations, [FORCED_BUILD_ANNOTATION]: "true" } } }
  : desired.pod);
