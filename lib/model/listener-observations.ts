// What Kubernetes has told the hook about a cluster's listeners: the addresses it
// gave the observed Services and Routes, where the broker pods were scheduled and
// the addresses of those nodes, and what each broker advertised last time.
import { ROUTE_API_VERSION } from "../api/external-routes.js";
import type { Kafka } from "../api/kafka.js";
import type { KubeObject } from "../api/kubernetes.js";
import { objectsOfType, type ObjectsByType } from "../metacontroller.js";
import { LABEL } from "../labels.js";
import { SERVER_PROPERTIES_KEY } from "../kafka-files/paths.js";
import type { NodeAddress } from "./node-addresses.js";

export interface Endpoint {
  host: string;
  port: number;
}

export interface ObservedService {
  /** `status.loadBalancer.ingress[0]`, hostname before IP, as Strimzi reads it. */
  loadBalancerAddress?: string;
  /** `spec.ports[0].nodePort`. */
  nodePort?: number;
}

export interface ScheduledPod {
  nodeName: string;
}

export interface ListenerObservations {
  services: ReadonlyMap<string, ObservedService>;
  /** Route name → `status.ingress[0].host`. */
  routeHosts: ReadonlyMap<string, string>;
  /** Broker pods that run (or are about to) on a node and are not being deleted, by pod name. */
  scheduledPods: ReadonlyMap<string, ScheduledPod>;
  /** Node name → its `status.addresses`. */
  nodes: ReadonlyMap<string, readonly NodeAddress[]>;
  /** Node name → its labels (a `topology-label` rack reads one). */
  nodeLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Pod name → Kafka listener name → the endpoint it advertised, from its observed configuration. */
  advertised: ReadonlyMap<string, ReadonlyMap<string, Endpoint>>;
  /** Listener name → the bootstrap addresses the Kafka's status showed last. */
  bootstrap: ReadonlyMap<string, readonly Endpoint[]>;
}

export const NO_OBSERVATIONS: ListenerObservations = {
  services: new Map(),
  routeHosts: new Map(),
  scheduledPods: new Map(),
  nodes: new Map(),
  nodeLabels: new Map(),
  advertised: new Map(),
  bootstrap: new Map(),
};

const field = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined);
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : undefined);
const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

function observedService(service: KubeObject): ObservedService {
  const ingress = first(field(field(service.status, "loadBalancer"), "ingress"));
  const loadBalancerAddress = text(field(ingress, "hostname")) ?? text(field(ingress, "ip"));
  const nodePort = field(first(field(service.spec, "ports")), "nodePort");
  return {
    ...(loadBalancerAddress !== undefined ? { loadBalancerAddress } : {}),
    ...(typeof nodePort === "number" ? { nodePort } : {}),
  };
}

function nodeAddresses(node: KubeObject): NodeAddress[] {
  const addresses = field(node.status, "addresses");
  return (Array.isArray(addresses) ? addresses : []).flatMap((a: unknown) => {
    const type = text(field(a, "type"));
    const address = text(field(a, "address"));
    return type !== undefined && address !== undefined ? [{ type, address }] : [];
  });
}

/** The line of a properties file that starts with `prefix`, found without splitting the whole file (about 13 KiB per node). */
function propertyLine(properties: string | undefined, prefix: string): string | undefined {
  if (properties === undefined) return undefined;
  const start = properties.startsWith(prefix) ? 0 : properties.indexOf(`\n${prefix}`) + 1;
  if (start === 0 && !properties.startsWith(prefix)) return undefined;
  const end = properties.indexOf("\n", start);
  return properties.slice(start, end === -1 ? undefined : end);
}

/** `NAME://host:port` entries of an `advertised.listeners` line; the host may hold a `${provider:...}` reference. */
function advertisedEndpoints(serverProperties: string | undefined): Map<string, Endpoint> {
  const line = propertyLine(serverProperties, "advertised.listeners=");
  const endpoints = new Map<string, Endpoint>();
  for (const entry of line?.slice("advertised.listeners=".length).split(",") ?? []) {
    const match = /^([A-Z0-9_-]+):\/\/(.+):(\d+)$/.exec(entry.trim());
    if (match?.[1] && match[2] && match[3]) endpoints.set(match[1], { host: match[2], port: Number(match[3]) });
  }
  return endpoints;
}

/** Observations of one cluster from a sync request's children and related objects, and its Kafka's last status. */
export function listenerObservations(kafka: Kafka, children: ObjectsByType, related: ObjectsByType): ListenerObservations {
  const { name: cluster, namespace } = kafka.metadata;
  const services = new Map(objectsOfType(children, "Service", "v1").map((s) => [s.metadata.name, observedService(s)]));
  const routeHosts = new Map(objectsOfType(children, "Route", ROUTE_API_VERSION).flatMap((r) => {
    const host = text(field(first(field(r.status, "ingress")), "host"));
    return host !== undefined ? [[r.metadata.name, host] as const] : [];
  }));
  // Only this cluster's brokers count, whatever else a request may relate.
  const scheduledPods = new Map(objectsOfType(related, "Pod", "v1").flatMap((pod) => {
    const nodeName = text(field(pod.spec, "nodeName"));
    const ours = pod.metadata.namespace === namespace && pod.metadata.labels?.[LABEL.cluster] === cluster;
    return ours && nodeName !== undefined && !pod.metadata.deletionTimestamp ? [[pod.metadata.name, { nodeName }] as const] : [];
  }));
  const nodes = new Map(objectsOfType(related, "Node", "v1").map((n) => [n.metadata.name, nodeAddresses(n)]));
  const nodeLabels = new Map(objectsOfType(related, "Node", "v1").map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  const advertised = new Map(objectsOfType(children, "ConfigMap", "v1").map((cm) => [
    cm.metadata.name,
    advertisedEndpoints(text(field(cm.data, SERVER_PROPERTIES_KEY))),
  ]));
  const bootstrap = new Map((kafka.status?.listeners ?? []).flatMap((l) => (l.addresses ? [[l.name, l.addresses] as const] : [])));
  return { services, routeHosts, scheduledPods, nodes, nodeLabels, advertised, bootstrap };
}
