// What the observed StrimziPodSets (and the claims that outlive them) say about the
// cluster's nodes: which node ids each pool has and which cluster id they were
// formatted with.
import type { PersistentVolumeClaim } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION, LABEL } from "../labels.js";
import { metadataFeatureLevel } from "./kafka-versions.js";

export function podSetPool(cluster: string, podSet: StrimziPodSet): string {
  return podSet.metadata.labels?.[LABEL.poolName] ?? podSet.metadata.name.slice(cluster.length + 1);
}

/** Node ids of the pods a PodSet holds, read from the pod names `<cluster>-<pool>-<id>`. */
export function podSetNodeIds(cluster: string, podSet: StrimziPodSet): number[] {
  const prefix = `${cluster}-${podSetPool(cluster, podSet)}-`;
  return (podSet.spec?.pods ?? [])
    .map((pod) => pod.metadata.name)
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

export function nodeIdsByPool(cluster: string, podSets: readonly StrimziPodSet[]): Map<string, number[]> {
  return new Map(podSets.map((ps) => [podSetPool(cluster, ps), podSetNodeIds(cluster, ps)]));
}

export function podSetClusterIds(podSets: readonly StrimziPodSet[]): Array<{ id: string; source: string }> {
  return podSets.flatMap((ps) => {
    const id = ps.metadata.annotations?.[ANNOTATION.clusterId];
    return id ? [{ id, source: `StrimziPodSet/${ps.metadata.name}` }] : [];
  });
}

/** Ids the sidecar recorded on the cluster's claims: what a re-created Kafka's data was formatted with. */
export function claimClusterIds(claims: readonly PersistentVolumeClaim[]): Array<{ id: string; source: string }> {
  return claims.flatMap((claim) => {
    const id = claim.metadata?.annotations?.[ANNOTATION.clusterId];
    return id ? [{ id, source: `PersistentVolumeClaim/${claim.metadata?.name ?? ""}` }] : [];
  });
}

/**
 * The Kafka versions the cluster's nodes run: each PodSet's pods' `strimzi.io/kafka-version` as its
 * status reports them, or, for pods started before they carried it, the version their PodSet was
 * last written for.
 */
export function runningKafkaVersions(podSets: readonly StrimziPodSet[]): string[] {
  const versions = podSets.flatMap((ps) => {
    if ((ps.spec?.pods ?? []).length === 0) return [];
    const reported = ps.status?.kafkaVersions ?? [];
    if (reported.length > 0) return reported;
    const written = ps.metadata.annotations?.[ANNOTATION.kafkaVersion];
    return written ? [written] : [];
  });
  return [...new Set(versions)].sort();
}

/**
 * What the sidecar last read of Kafka's finalized `metadata.version`, recorded on every PodSet, and why
 * it could not change it. PodSets written in the middle of a pass may disagree: the highest is kept,
 * the level Kafka has finalized at least.
 */
export function sidecarMetadataVersion(podSets: readonly StrimziPodSet[]): { finalized?: string; updateFailed?: string } {
  let finalized: { version: string; level: number } | undefined;
  let updateFailed: string | undefined;
  for (const ps of [...podSets].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const seen = ps.metadata.annotations?.[ANNOTATION.finalizedMetadataVersion];
    const level = seen === undefined ? undefined : metadataFeatureLevel(seen);
    if (seen !== undefined && level !== undefined && (finalized === undefined || level > finalized.level)) finalized = { version: seen, level };
    updateFailed ??= ps.metadata.annotations?.[ANNOTATION.metadataUpdateFailed];
  }
  return { ...(finalized !== undefined ? { finalized: finalized.version } : {}), ...(updateFailed !== undefined ? { updateFailed } : {}) };
}
