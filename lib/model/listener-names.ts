// Strimzi's names for the objects of a listener. Clients, DNS records, certificates
// and dashboards refer to them, so they are part of the API. The odd forms
// (`tcp-clients`, a listener `external` on 9094 without its name in the object
// names) are Strimzi's own, kept for clusters that predate its generic listeners.
import type { GenericKafkaListener } from "../api/kafka.js";
import { hasOwnServices } from "./listener-types.js";

type NamedListener = Pick<GenericKafkaListener, "name" | "port" | "type">;

const isLegacyExternal = (l: NamedListener): boolean => l.name === "external" && l.port === 9094;

/** The port name in Services and in the pod: `tcp-<name>`, or Strimzi's older names for its three classic listeners. */
export function listenerPortName(l: NamedListener): string {
  const shared = !hasOwnServices(l.type);
  if (shared && l.name === "plain" && l.port === 9092) return "tcp-clients";
  if (shared && l.name === "tls" && l.port === 9093) return "tcp-clientstls";
  if (isLegacyExternal(l)) return "tcp-external";
  return `tcp-${l.name}`;
}

/** The Service clients bootstrap from: the shared internal one, or one per listener with Services of its own. */
export function listenerBootstrapServiceName(cluster: string, l: NamedListener): string {
  return hasOwnServices(l.type) ? `${cluster}-kafka-${l.name}-bootstrap` : `${cluster}-kafka-bootstrap`;
}

/** The bootstrap Route, Ingress or TLSRoute. */
export function listenerBootstrapRouteName(cluster: string, l: NamedListener): string {
  return isLegacyExternal(l) ? `${cluster}-kafka-bootstrap` : `${cluster}-kafka-${l.name}-bootstrap`;
}

/** The per-broker Service, Route, Ingress or TLSRoute of one node: `<cluster>-<pool>-<listener>-<id>`. */
export function perBrokerObjectName(cluster: string, pool: string, nodeId: number, l: NamedListener): string {
  return isLegacyExternal(l) ? `${cluster}-${pool}-${nodeId}` : `${cluster}-${pool}-${l.name}-${nodeId}`;
}
