// The PersistentVolumeClaims a pool's pods mount, as Strimzi names and labels
// them. The sidecar creates them, not Metacontroller: a Metacontroller child
// always gets a controller ownerReference, and a claim with `deleteClaim: false`
// must outlive its Kafka. With `deleteClaim: true` the claim is owned by the Kafka
// (not as controller), so that Kubernetes deletes it with the cluster.
import type { ResourceTemplate } from "../api/common.js";
import { KAFKA_API_VERSION } from "../api/kafka.js";
import type { Storage } from "../api/kafka-nodepool.js";
import type { OwnerReference, PersistentVolumeClaim } from "../api/kubernetes.js";
import { sortKeys } from "../sort-keys.js";
import { ANNOTATION, clusterLabels, LABEL } from "../labels.js";
import { dataVolumes } from "../model/storage.js";
import { persistentVolumeClaimName } from "../names.js";

/** On every claim, as in Strimzi: whether it goes when its node goes. */
export const DELETE_CLAIM_ANNOTATION = "strimzi.io/delete-claim";

/**
 * Claims carry the cluster's `app.kubernetes.io/instance` label, which Argo CD's
 * default tracking reads as "belongs to the Application of that name"; a claim is
 * in no Git repository and has no owner when it must outlive its Kafka, so Argo CD
 * would show it OutOfSync and prune it. These tell Argo CD to do neither. Flux
 * prunes only what its own inventory lists, which never holds a claim.
 */
export const GITOPS_ANNOTATIONS = {
  "argocd.argoproj.io/compare-options": "IgnoreExtraneous",
  "argocd.argoproj.io/sync-options": "Prune=false",
} as const;

export interface ClusterRef {
  name: string;
  namespace: string;
  uid: string;
}

export interface PoolClaimsInput {
  kafka: ClusterRef;
  /** `spec.kafka.template.persistentVolumeClaim` of the Kafka. */
  kafkaTemplate?: ResourceTemplate;
  pool: { name: string; storage: Storage; template?: ResourceTemplate };
  /** The pool's pods, as its StrimziPodSet lists them. */
  pods: readonly string[];
  /**
   * The id the cluster's storage is formatted with (the PodSet's `strimzi.io/cluster-id`).
   * Kept on the claims, which outlive everything else when `deleteClaim` is false, so
   * that a Kafka re-created with the same name finds the id its data needs.
   */
  clusterId?: string;
}

export function kafkaOwnerReference(kafka: ClusterRef): OwnerReference {
  return { apiVersion: KAFKA_API_VERSION, kind: "Kafka", name: kafka.name, uid: kafka.uid, blockOwnerDeletion: false, controller: false };
}

export function desiredClaims(input: PoolClaimsInput): PersistentVolumeClaim[] {
  const { kafka, pool } = input;
  // A pool's template section replaces the Kafka's, as for every other template.
  const template = { ...input.kafkaTemplate, ...pool.template }.metadata;
  const volumes = dataVolumes(pool.storage).filter((v) => v.type === "persistent-claim" && v.size);
  return input.pods.flatMap((pod) => volumes.map((volume): PersistentVolumeClaim => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: persistentVolumeClaimName(volume.id, pod),
      namespace: kafka.namespace,
      labels: sortKeys({ ...template?.labels, [LABEL.poolName]: pool.name, ...clusterLabels(kafka.name) }),
      annotations: sortKeys({
        ...template?.annotations,
        ...GITOPS_ANNOTATIONS,
        [DELETE_CLAIM_ANNOTATION]: String(volume.deleteClaim),
        ...(input.clusterId ? { [ANNOTATION.clusterId]: input.clusterId } : {}),
      }),
      ...(volume.deleteClaim ? { ownerReferences: [kafkaOwnerReference(kafka)] } : {}),
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: volume.size as string } },
      ...(volume.storageClass ? { storageClassName: volume.storageClass } : {}),
      ...(volume.selector ? { selector: { matchLabels: volume.selector } } : {}),
      ...(volume.volumeAttributesClass ? { volumeAttributesClassName: volume.volumeAttributesClass } : {}),
      volumeMode: "Filesystem",
    },
  })));
}
