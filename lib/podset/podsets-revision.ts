// Metacontroller writes the children of one answer one at a time (Go map order,
// manage_children.go), and the parent's status after them. So for a moment a
// cluster's PodSets can be part from the new answer and part from the old, or
// all new while a node's ConfigMap or certificate Secret is still the old one.
// Every PodSet and the Kafka's status carry a digest of the whole set of
// PodSets of the answer; the roller acts only once they all carry the same
// one, so that it plans a roll over the whole edit (controllers before
// brokers), and a pod it deletes starts with the configuration and
// certificates its PodSet was written for.
import type { KafkaStatus } from "../api/kafka.js";
import type { KubeObject } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { shortHash } from "../hash.js";
import { ANNOTATION } from "../labels.js";

const isPodSet = (child: KubeObject): child is StrimziPodSet => child.kind === "StrimziPodSet";

/** The digest of what an answer says about every pod of the cluster. */
export function podSetsRevision(children: readonly KubeObject[]): string {
  const podSets = children.filter(isPodSet).map((p) => [p.metadata.name, p.spec] as const);
  return shortHash(JSON.stringify(podSets.sort(([a], [b]) => a.localeCompare(b))));
}

/** The children, each PodSet annotated with the answer's revision of the whole set. */
export function withPodSetsRevision(children: readonly KubeObject[], revision: string): KubeObject[] {
  return children.map((child) => (isPodSet(child)
    ? { ...child, metadata: { ...child.metadata, annotations: { ...child.metadata.annotations, [ANNOTATION.podSetsRevision]: revision } } }
    : child));
}

/**
 * Whether the answer the cluster's PodSets (those being deleted aside) come from is applied whole: they all
 * carry one revision, and the Kafka's status, which Metacontroller writes after every child (the node
 * ConfigMaps and certificate Secrets too), carries it as well.
 */
export function answerApplied(kafka: KubeObject, podSets: readonly StrimziPodSet[]): boolean {
  const revisions = new Set(podSets.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.annotations?.[ANNOTATION.podSetsRevision]));
  if (revisions.size > 1) return false;
  const [revision] = revisions;
  // PodSets written before the revision existed: nothing to wait for.
  return revision === undefined || (kafka.status as KafkaStatus | undefined)?.podSetsRevision === revision;
}
