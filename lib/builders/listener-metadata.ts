// Metadata of a listener's own objects (Services, Ingresses, Routes, TLSRoutes):
// the cluster's labels, the user's template for that kind of object, then what the
// listener's `bootstrap` or `brokers[]` settings add, the most specific winning.
import type { ResourceTemplate } from "../api/common.js";
import type { GenericKafkaListener } from "../api/kafka.js";
import type { KafkaNodePoolTemplate } from "../api/kafka-nodepool.js";
import type { ObjectMeta } from "../api/kubernetes.js";
import { LABEL } from "../labels.js";
import { brokerAnnotations, brokerLabels } from "../model/listener-templates.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { childMetadata } from "./metadata.js";

type Metadata = ObjectMeta & { name: string; namespace: string };

export function bootstrapMetadata(
  model: KafkaClusterModel, name: string, listener: GenericKafkaListener, template: ResourceTemplate | undefined,
  extra: { annotations?: Record<string, string> } = {},
): Metadata {
  const bootstrap = listener.configuration?.bootstrap;
  return childMetadata(model, name, { template: template?.metadata, labels: bootstrap?.labels, annotations: { ...extra.annotations, ...bootstrap?.annotations } });
}

export type PerBrokerTemplate = "perPodService" | "perPodRoute" | "perPodIngress";

/** A broker's object: its pool's template for the kind wins over the Kafka's, as Strimzi merges them. */
export function perBrokerMetadata(
  model: KafkaClusterModel, name: string, listener: GenericKafkaListener, node: KafkaNode, kind: PerBrokerTemplate,
  extra: { annotations?: Record<string, string> } = {},
): Metadata {
  const poolTemplate: KafkaNodePoolTemplate | undefined = model.pools.find((p) => p.name === node.pool)?.template;
  const template = poolTemplate?.[kind] ?? model.template?.[kind];
  return childMetadata(model, name, {
    template: template?.metadata,
    labels: { ...brokerLabels(listener, node), [LABEL.poolName]: node.pool },
    annotations: { ...extra.annotations, ...brokerAnnotations(listener, node) },
  });
}
