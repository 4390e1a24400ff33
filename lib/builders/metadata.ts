// Object metadata shared by every child of a Kafka cluster.
import type { MetadataTemplate } from "../api/common.js";
import type { ObjectMeta } from "../api/kubernetes.js";
import { clusterLabels, componentLabels, LABEL } from "../labels.js";
import { componentName } from "../names.js";
import { sortKeys } from "../sort-keys.js";
import type { KafkaClusterModel } from "../model/types.js";

/**
 * Metadata of a child: the cluster's labels (or those of one of its components), then labels and annotations from the
 * user's template (which may add but never replace the labels tools select on).
 * Empty maps are left out: the API server drops them, and a field that disappears
 * on every apply is an update loop.
 */
export function childMetadata(
  model: Pick<KafkaClusterModel, "name" | "namespace">,
  name: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string>; template?: MetadataTemplate; component?: string } = {},
): ObjectMeta & { name: string; namespace: string } {
  const own = extra.component === undefined ? clusterLabels(model.name) : componentLabels(model.name, extra.component);
  const labels = { ...extra.template?.labels, ...extra.labels, ...own };
  const annotations = { ...extra.template?.annotations, ...extra.annotations };
  return {
    name,
    namespace: model.namespace,
    labels: sortKeys(labels),
    ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
  };
}

/** Labels that select every node of the cluster (pods carry them, Services select on them). */
export function nodeSelectorLabels(cluster: string): Record<string, string> {
  return { [LABEL.cluster]: cluster, [LABEL.kind]: "Kafka", [LABEL.name]: componentName(cluster) };
}

/**
 * Metadata of a child of a resource that is its own parent (a KafkaBridge, a KafkaConnect): its
 * labels over the template's, the template's annotations and `extra`'s; empty maps left out.
 */
export function ownedChildMetadata(
  namespace: string,
  name: string,
  ownLabels: Record<string, string>,
  template?: MetadataTemplate,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): ObjectMeta & { name: string; namespace: string; labels: Record<string, string> } {
  const annotations = { ...template?.annotations, ...extra.annotations };
  return {
    name,
    namespace,
    labels: sortKeys({ ...template?.labels, ...extra.labels, ...ownLabels }),
    ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
  };
}
