// What `render` shows: the first sync of a cluster, with key material left out.
// A preview must be the same on every run (a GitOps pull request shows a stable
// diff) and must never print a private key into CI logs, so certificates are
// issued with one throwaway key and everything derived from keys is masked.
import type { Deployment, KubeObject } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION } from "../labels.js";
import { seededRandom, type Environment } from "../environment.js";

export const REDACTED = "<redacted: generated when applied>";

/**
 * Seeded randomness and a single key for every certificate: nothing of the keys is shown, so no budget is needed.
 * `cruiseControlExtrasImage` is the operator's Cruise Control gate, as the install sets it.
 */
export function previewEnvironment(seed: string, throwawayKeyPem: string, now: Date, cruiseControlExtrasImage?: string): Environment {
  return {
    now: () => now, random: seededRandom(seed), newPrivateKey: () => throwawayKeyPem, newKeysPerSync: Number.POSITIVE_INFINITY,
    ...(cruiseControlExtrasImage ? { cruiseControlExtrasImage } : {}),
  };
}

/** Pod metadata with the hash of the certificates it started with masked. */
function maskHash<M extends { annotations?: Record<string, string> }>(metadata: M): M {
  const annotations = metadata.annotations;
  if (!annotations?.[ANNOTATION.serverCertHash]) return metadata;
  return { ...metadata, annotations: { ...annotations, [ANNOTATION.serverCertHash]: REDACTED } };
}

function maskPodSet(podSet: StrimziPodSet): StrimziPodSet {
  const pods = podSet.spec.pods.map((pod) => ({ ...pod, metadata: maskHash(pod.metadata) }));
  // The digest of every PodSet covers the certificates' hashes too.
  const annotations = podSet.metadata.annotations?.[ANNOTATION.podSetsRevision]
    ? { ...podSet.metadata.annotations, [ANNOTATION.podSetsRevision]: REDACTED }
    : podSet.metadata.annotations;
  return { ...podSet, metadata: { ...podSet.metadata, ...(annotations ? { annotations } : {}) }, spec: { ...podSet.spec, pods } };
}

function maskDeployment(deployment: Deployment): Deployment {
  const spec = deployment.spec;
  if (!spec?.template.metadata) return deployment;
  return { ...deployment, spec: { ...spec, template: { ...spec.template, metadata: maskHash(spec.template.metadata) } } };
}

export function redactKeyMaterial(children: readonly KubeObject[]): KubeObject[] {
  return children.map((child) => {
    if (child.kind === "Secret") {
      const data = (child as { data?: Record<string, string> }).data ?? {};
      return { ...child, data: Object.fromEntries(Object.keys(data).map((key) => [key, REDACTED])) };
    }
    if (child.kind === "StrimziPodSet") return maskPodSet(child as StrimziPodSet) as KubeObject;
    return child.kind === "Deployment" ? (maskDeployment(child as Deployment) as KubeObject) : child;
  });
}
