// Node port listeners advertise the address of the Kubernetes node a broker runs
// on. Strimzi's init container reads the Node and writes the address into a file
// that Kafka's FileConfigProvider reads at start; here the hook reads the Nodes
// (related objects) and writes the same file, with Strimzi's key names, into the
// broker's ConfigMap once its pod is scheduled.
import type { GenericKafkaListenerConfiguration } from "../api/kafka.js";
import { CONFIG_MOUNT } from "../kafka-files/paths.js";
import { renderProperties } from "../kafka-files/properties.js";

export type NodeAddressType = NonNullable<GenericKafkaListenerConfiguration["preferredNodePortAddressType"]>;

export interface NodeAddress {
  type: string;
  address: string;
}

/** Strimzi's order when no type is preferred, or the preferred one is missing. */
const DEFAULT_ORDER: readonly NodeAddressType[] = ["ExternalDNS", "ExternalIP", "InternalDNS", "InternalIP", "Hostname"];

/** The node's address for a node port listener, as Strimzi picks it: the preferred type first, then the default order. */
export function nodeAddress(addresses: readonly NodeAddress[], preferred: NodeAddressType | undefined): string | undefined {
  // The first address of a type wins, as in Strimzi.
  const byType = new Map<string, string>();
  for (const a of addresses) if (!byType.has(a.type)) byType.set(a.type, a.address);
  for (const type of [...(preferred ? [preferred] : []), ...DEFAULT_ORDER]) {
    const address = byType.get(type);
    if (address !== undefined) return address;
  }
  return undefined;
}

/** The ConfigMap key (and so the file under the config mount) holding the node's addresses. */
export const NODE_ADDRESS_KEY = "node-address.properties";

const addressKey = (preferred: NodeAddressType | undefined): string => `nodeport.${preferred ? preferred.toLowerCase() : "default"}.address`;

/** What a node port listener advertises as host: resolved by Kafka at start from the node-address file. */
export function nodeAddressReference(preferred: NodeAddressType | undefined): string {
  return `\${strimzifile:${CONFIG_MOUNT}/${NODE_ADDRESS_KEY}:${addressKey(preferred)}}`;
}

/** The node-address file of a broker on `nodeName`, one key per address type its listeners ask for. */
export function nodeAddressFile(nodeName: string, addresses: readonly NodeAddress[], preferences: ReadonlyArray<NodeAddressType | undefined>): string | undefined {
  const entries: Array<[string, string]> = [];
  for (const preferred of preferences) {
    const key = addressKey(preferred);
    const address = nodeAddress(addresses, preferred);
    if (address === undefined) return undefined;
    if (!entries.some(([k]) => k === key)) entries.push([key, address]);
  }
  return renderProperties(entries.sort(([a], [b]) => (a < b ? -1 : 1)), [`Addresses of Kubernetes node ${nodeName}, written by kafka-hooks once the pod was scheduled there.`]);
}
