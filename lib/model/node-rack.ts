// `topology-label` racks (Strimzi's default rack type): a broker's `broker.rack`
// is the value of a label of the Kubernetes node it runs on, such as
// `topology.kubernetes.io/zone`. Strimzi's init container reads the Node; here,
// as for node port addresses (node-addresses.ts), the Kafka hook reads the
// Nodes (related objects) and writes the value into the broker's ConfigMap
// once its pod is scheduled, and Kafka reads it at start through its
// FileConfigProvider. The start script waits for the file.
import { CONFIG_MOUNT } from "../kafka-files/paths.js";
import { renderProperties } from "../kafka-files/properties.js";
import type { ListenerObservations } from "./listener-observations.js";
import type { KafkaClusterModel } from "./types.js";

/** The ConfigMap key (and so the file under the config mount) holding the broker's rack. */
export const NODE_RACK_KEY = "node-rack.properties";
const RACK_PROPERTY = "rack";

/** The node label that is the rack, when racks come from node labels. */
export function rackTopologyKey(model: Pick<KafkaClusterModel, "rack">): string | undefined {
  const rack = model.rack;
  return rack && rack.type !== "environment-variable" ? rack.topologyKey : undefined;
}

/** What `broker.rack` is: resolved by Kafka at start from the node-rack file. */
export const nodeRackReference = `\${strimzifile:${CONFIG_MOUNT}/${NODE_RACK_KEY}:${RACK_PROPERTY}}`;

/** The node-rack file of a broker on `nodeName`, or undefined while the node has no such label. */
export function nodeRackFile(nodeName: string, labels: Readonly<Record<string, string>> | undefined, topologyKey: string): string | undefined {
  const rack = labels?.[topologyKey];
  if (rack === undefined || rack === "") return undefined;
  return renderProperties([[RACK_PROPERTY, rack]], [`The ${topologyKey} label of Kubernetes node ${nodeName}, written by kafka-hooks once the pod was scheduled there.`]);
}

/** Each scheduled broker's node-rack file, by pod name. */
export function nodeRackFiles(model: KafkaClusterModel, observed: Pick<ListenerObservations, "scheduledPods" | "nodeLabels">): Map<string, string> {
  const topologyKey = rackTopologyKey(model);
  if (topologyKey === undefined) return new Map();
  return new Map(model.nodes.filter((n) => n.isBroker).flatMap((node) => {
    const scheduled = observed.scheduledPods.get(node.podName);
    const file = scheduled ? nodeRackFile(scheduled.nodeName, observed.nodeLabels.get(scheduled.nodeName), topologyKey) : undefined;
    return file !== undefined ? [[node.podName, file] as const] : [];
  }));
}
