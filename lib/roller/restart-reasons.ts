// Why a pod must restart, in Strimzi's restart reasons: users, alerts and
// `kubectl get events` already know these names. Read by comparing the pod that
// runs with the pod its StrimziPodSet describes now.
import type { PersistentVolumeClaim, Pod } from "../api/kubernetes.js";
import { sortKeys } from "../sort-keys.js";
import { ANNOTATION } from "../labels.js";
import { podRevision, observedRevision } from "../podset/revision.js";
import { canonicalJson } from "./canonical.js";

/** Strimzi's reasons that kafka-hooks produces, with Strimzi's own notes; the listing order is the reporting order. */
export const RESTART_NOTE = {
  POD_HAS_OLD_REVISION: "Pod has old revision",
  MANUAL_ROLLING_UPDATE: "Pod was manually annotated to be rolled",
  CONFIG_CHANGE_REQUIRES_RESTART: "Pod needs to be restarted, because reconfiguration cannot be done dynamically",
  CA_CERT_HAS_OLD_GENERATION: "CA cert has old generation",
  CLUSTER_CA_CERT_KEY_REPLACED: "Trust new cluster CA certificate signed by new key",
  KAFKA_CERTIFICATES_CHANGED: "Kafka broker TLS certificates updated",
  FILE_SYSTEM_RESIZE_NEEDED: "File system needs to be resized",
} as const;

export type RestartReason = keyof typeof RESTART_NOTE;

const REPORTING_ORDER = Object.keys(RESTART_NOTE) as RestartReason[];

/**
 * Reasons that only bring new certificates: such restarts wait for the Kafka's
 * `spec.maintenanceTimeWindows`, as Strimzi's certificate renewals do.
 */
export const CERTIFICATE_REASONS: ReadonlySet<RestartReason> = new Set([
  "CA_CERT_HAS_OLD_GENERATION",
  "CLUSTER_CA_CERT_KEY_REPLACED",
  "KAFKA_CERTIFICATES_CHANGED",
]);

/**
 * Pod annotations the Kafka hook sets so that a change restarts the pod, each
 * with the reason it stands for. A pod whose revision differs only in these
 * restarts for these reasons alone; anything else makes it POD_HAS_OLD_REVISION.
 */
const RESTART_ANNOTATIONS: ReadonlyArray<readonly [string, RestartReason]> = [
  [ANNOTATION.configurationHash, "CONFIG_CHANGE_REQUIRES_RESTART"],
  [ANNOTATION.clusterCaCertGeneration, "CA_CERT_HAS_OLD_GENERATION"],
  [ANNOTATION.clientsCaCertGeneration, "CA_CERT_HAS_OLD_GENERATION"],
  [ANNOTATION.clusterCaKeyGeneration, "CLUSTER_CA_CERT_KEY_REPLACED"],
  [ANNOTATION.serverCertHash, "KAFKA_CERTIFICATES_CHANGED"],
];

/** Strimzi's Event reason for a restart reason: `POD_HAS_OLD_REVISION` is `PodHasOldRevision`. */
export function pascalCased(reason: RestartReason): string {
  return reason.toLowerCase().split("_").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}

export const isManuallyAnnotated = (annotations: Record<string, string> | undefined): boolean =>
  annotations?.[ANNOTATION.manualRollingUpdate] === "true";

/** The desired pod with the restart annotations the observed pod carries, so that a revision shows what else differs. */
function withObservedRestartAnnotations(desired: Pod, observed: Pod): Pod {
  const annotations: Record<string, string> = { ...desired.metadata?.annotations };
  for (const [key] of RESTART_ANNOTATIONS) {
    const value = observed.metadata?.annotations?.[key];
    if (value === undefined) delete annotations[key];
    else annotations[key] = value;
  }
  const { annotations: _dropped, ...metadata } = desired.metadata ?? {};
  return {
    ...desired,
    metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations: sortKeys(annotations) } : metadata,
  };
}

/** Claims whose file system the kubelet grows only when the pod restarts. */
function claimsAwaitingResize(pod: Pod, claims: readonly PersistentVolumeClaim[]): boolean {
  const used = new Set((pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])));
  return claims.some((claim) => used.has(claim.metadata?.name ?? "")
    && (claim.status?.conditions ?? []).some((c) => c.type === "FileSystemResizePending" && c.status === "True"));
}

export interface RestartReasonInput {
  /** The pod as it runs, with the `strimzi.io/revision` the PodSet hook gave it. */
  observed: Pod;
  /** The pod as its PodSet describes it now (lib/podset/expand.ts), without a revision. */
  desired: Pod;
  /** Annotations of the pod's StrimziPodSet: `strimzi.io/manual-rolling-update` there rolls every pod of the set. */
  podSetAnnotations?: Record<string, string>;
  /** The namespace's PersistentVolumeClaims; those the pod mounts are read. */
  claims?: readonly PersistentVolumeClaim[];
}

const withoutRestartAnnotations = (pod: Pod): Pod => {
  const annotations = { ...pod.metadata?.annotations };
  for (const [key] of RESTART_ANNOTATIONS) delete annotations[key];
  return { ...pod, metadata: { ...pod.metadata, annotations } };
};

/**
 * Why a pod described as `before` restarts when its description becomes
 * `after` (both expansions of PodSet entries, without revisions): the reasons
 * the roller will give once the new description is applied. Compared by
 * content, as the two may come from different sources (the API server, a builder).
 */
export function changeReasons(before: Pod, after: Pod): RestartReason[] {
  const reasons = new Set<RestartReason>();
  for (const [key, reason] of RESTART_ANNOTATIONS) {
    if (before.metadata?.annotations?.[key] !== after.metadata?.annotations?.[key]) reasons.add(reason);
  }
  if (canonicalJson(withoutRestartAnnotations(before)) !== canonicalJson(withoutRestartAnnotations(after))) reasons.add("POD_HAS_OLD_REVISION");
  return REPORTING_ORDER.filter((reason) => reasons.has(reason));
}

/** Reasons of several sources for one pod, once each, in the reporting order. */
export const mergeReasons = (...lists: ReadonlyArray<readonly RestartReason[]>): RestartReason[] =>
  REPORTING_ORDER.filter((reason) => lists.some((list) => list.includes(reason)));

/** Every reason to restart the pod, in a stable order; empty when it runs as desired. */
export function restartReasons(input: RestartReasonInput): RestartReason[] {
  const { observed, desired } = input;
  const reasons = new Set<RestartReason>();
  const running = observedRevision(observed);
  if (running !== podRevision(desired)) {
    for (const [key, reason] of RESTART_ANNOTATIONS) {
      if (observed.metadata?.annotations?.[key] !== desired.metadata?.annotations?.[key]) reasons.add(reason);
    }
    if (running !== podRevision(withObservedRestartAnnotations(desired, observed))) reasons.add("POD_HAS_OLD_REVISION");
  }
  // Kafka refused to apply the node's run-time options (the sidecar marks it): it restarts to read them from its file, as Strimzi's roller falls back.
  if (observed.metadata?.annotations?.[ANNOTATION.restartForConfiguration] !== undefined) reasons.add("CONFIG_CHANGE_REQUIRES_RESTART");
  if (isManuallyAnnotated(observed.metadata?.annotations) || isManuallyAnnotated(input.podSetAnnotations)) reasons.add("MANUAL_ROLLING_UPDATE");
  if (claimsAwaitingResize(observed, input.claims ?? [])) reasons.add("FILE_SYSTEM_RESIZE_NEEDED");
  return REPORTING_ORDER.filter((reason) => reasons.has(reason));
}
