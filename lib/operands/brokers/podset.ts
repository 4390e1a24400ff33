// One StrimziPodSet per node pool, `<cluster>-<pool>`.
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../../api/strimzi-podset.js";
import { isEmptyRunTimeOptions, type RunTimeOptions } from "../../config/run-time-options.js";
import { ANNOTATION, LABEL } from "../../labels.js";
import type { KafkaClusterModel, NodePoolModel } from "../../model/types.js";
import { podSetName } from "../../names.js";
import { podEntry, podTemplateSpec } from "./kafka-pod.js";
import { childMetadata, nodeSelectorLabels } from "../../builders/metadata.js";

/**
 * @param podAnnotations per pod name, annotations whose change must restart the pod
 *   (hashes of its configuration and certificates).
 * @param heldBack pods not to create yet (new nodes still waiting for their certificate).
 * @param runTime the options the sidecar applies to the running nodes (lib/config/run-time-options.ts).
 */
export function podSet(
  model: KafkaClusterModel,
  pool: NodePoolModel,
  podAnnotations: ReadonlyMap<string, Record<string, string>>,
  heldBack: ReadonlySet<string>,
  runTime: RunTimeOptions,
): StrimziPodSet {
  const template = { ...model.template?.podSet, ...pool.template?.podSet };
  return {
    apiVersion: STRIMZI_PODSET_API_VERSION,
    kind: "StrimziPodSet",
    metadata: childMetadata(model, podSetName(model.name, pool.name), {
      labels: { [LABEL.poolName]: pool.name },
      annotations: {
        [ANNOTATION.clusterId]: model.clusterId,
        [ANNOTATION.kafkaVersion]: model.kafkaVersion,
        ...(pool.removal ? { [ANNOTATION.brokersToRemove]: pool.removal.held.join(",") } : {}),
        ...(isEmptyRunTimeOptions(runTime) ? {} : { [ANNOTATION.runTimeConfiguration]: JSON.stringify(runTime) }),
      },
      template: template.metadata,
    }),
    spec: {
      selector: { matchLabels: { ...nodeSelectorLabels(model.name), [LABEL.poolName]: pool.name } },
      podTemplate: podTemplateSpec(model, pool),
      pods: model.nodes
        .filter((node) => node.pool === pool.name && !heldBack.has(node.podName))
        .map((node) => podEntry(model, pool, node, podAnnotations.get(node.podName) ?? {})),
    },
  };
}
