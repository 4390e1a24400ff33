// Where clients reach each listener: the bootstrap address for the status, and per
// broker the endpoint it advertises and the names its certificate must carry. What
// the spec says (hosts, templates, overrides) is used as it is; what only
// Kubernetes knows (load balancer addresses, node ports, route hosts, node
// addresses) comes from the observations. Until an address is known it is
// `pending`: the broker keeps advertising what it advertised before, or leaves the
// listener out, and never advertises a guess.
import type { GenericKafkaListener, ListenerType } from "../api/kafka.js";
import { CLUSTER_DOMAIN, podDnsName, serviceDnsNames } from "../names.js";
import { listenerBootstrapRouteName, listenerBootstrapServiceName, perBrokerObjectName } from "./listener-names.js";
import type { Endpoint, ListenerObservations } from "./listener-observations.js";
import { advertisedHostOverride, advertisedPortOverride, brokerHost, brokerNodePort } from "./listener-templates.js";
import { nodeAddress, nodeAddressFile, nodeAddressReference } from "./node-addresses.js";
import type { KafkaClusterModel, KafkaNode } from "./types.js";

/** Types whose address Kubernetes provides and the brokers' certificates name. */
const NAMES_OWN_ADDRESS: readonly ListenerType[] = ["loadbalancer", "route"];

/** Routes, Ingresses and TLSRoutes are reached on the HTTPS port of the router or gateway. */
const ROUTED_PORT = 443;

/** What Kubernetes has not provided yet, and on which object: "a node port" of "Service x". */
export interface Pending {
  missing: string;
  of: string;
}

export interface BrokerAddress {
  /** What the broker advertises; absent while nothing can be (the broker leaves the listener out). */
  advertised?: Endpoint;
  /** The broker's own address is not known yet; `advertised` is then what it advertised before, if anything. */
  pending?: Pending;
  /** Names clients may use for this broker on this listener (DNS names or IP addresses), for its certificate. */
  certificateNames: string[];
}

export interface ResolvedListener {
  listener: GenericKafkaListener;
  /** Where clients bootstrap from, or why that is not known yet. */
  bootstrap: { addresses: Endpoint[] } | { pending: Pending };
  /** Names of the bootstrap address: every broker's certificate carries them. */
  bootstrapNames: string[];
  /** By pod name, brokers only. */
  brokers: ReadonlyMap<string, BrokerAddress>;
}

export interface ListenerAddresses {
  listeners: ResolvedListener[];
  /** Broker pod → the node-address file its node port listeners read, once the pod is on an observed node. */
  nodeAddressFiles: ReadonlyMap<string, string>;
}

const domain = (listener: GenericKafkaListener): string | undefined => (listener.configuration?.useServiceDnsDomain ? CLUSTER_DOMAIN : undefined);
const serviceHost = (service: string, namespace: string, clusterDomain: string | undefined): string =>
  `${service}.${namespace}.svc${clusterDomain ? `.${clusterDomain}` : ""}`;
const defined = (...values: Array<string | undefined>): string[] => values.filter((v): v is string => v !== undefined);

interface Context {
  model: KafkaClusterModel;
  observed: ListenerObservations;
  listener: GenericKafkaListener;
}

/** The broker's own endpoint on this listener before overrides, or why it is not known yet. */
function ownEndpoint(ctx: Context, node: KafkaNode): { endpoint: Endpoint; names: string[] } | { pending: Pending } {
  const { model, observed, listener } = ctx;
  const object = perBrokerObjectName(model.name, node.pool, node.nodeId, listener);
  switch (listener.type) {
    case "internal":
      return { endpoint: { host: podDnsName(model.name, model.namespace, node.podName, domain(listener)), port: listener.port }, names: [] };
    case "cluster-ip": {
      const host = serviceHost(object, model.namespace, domain(listener));
      return { endpoint: { host, port: listener.port }, names: listener.tls ? [host] : [] };
    }
    case "loadbalancer": {
      const address = observed.services.get(object)?.loadBalancerAddress;
      if (address === undefined) return { pending: { missing: "a load balancer address", of: `Service ${object}` } };
      return { endpoint: { host: address, port: listener.port }, names: [address] };
    }
    case "nodeport": {
      // An advertised port override stands in for a node port Kubernetes has not given yet.
      const nodePort = brokerNodePort(listener, node.nodeId) ?? observed.services.get(object)?.nodePort ?? advertisedPortOverride(listener, node);
      if (nodePort === undefined) return { pending: { missing: "a node port", of: `Service ${object}` } };
      return { endpoint: { host: nodeAddressReference(listener.configuration?.preferredNodePortAddressType), port: nodePort }, names: [] };
    }
    case "route": {
      const host = brokerHost(listener, node) ?? observed.routeHosts.get(object);
      if (host === undefined) return { pending: { missing: "a host", of: `Route ${object}` } };
      return { endpoint: { host, port: ROUTED_PORT }, names: [host] };
    }
    case "ingress":
    case "tlsroute": {
      // A broker without a host was refused with the listener rules (listener-broker-rules.ts).
      const host = brokerHost(listener, node);
      if (host === undefined) return { pending: { missing: "a host", of: `broker ${node.nodeId}` } };
      return { endpoint: { host, port: ROUTED_PORT }, names: [host] };
    }
  }
}

function brokerAddress(ctx: Context, node: KafkaNode): BrokerAddress {
  const { listener } = ctx;
  const own = ownEndpoint(ctx, node);
  const host = advertisedHostOverride(listener, node);
  const port = advertisedPortOverride(listener, node);
  // Internal and cluster-ip listeners name the override only when clients verify it (TLS); the others always, as Strimzi does.
  const namesOverride = listener.tls || (listener.type !== "internal" && listener.type !== "cluster-ip");
  const overrideNames = host !== undefined && namesOverride ? [host] : [];
  if ("pending" in own) {
    const before = ctx.observed.advertised.get(node.podName)?.get(kafkaListenerName(listener));
    // The certificate keeps naming the address advertised before, so a lost address does not re-issue it.
    const named = before && host === undefined && NAMES_OWN_ADDRESS.includes(listener.type) ? [before.host] : [];
    return { ...(before ? { advertised: before } : {}), pending: own.pending, certificateNames: [...named, ...overrideNames] };
  }
  return {
    advertised: { host: host ?? own.endpoint.host, port: port ?? own.endpoint.port },
    certificateNames: [...new Set([...own.names, ...overrideNames])],
  };
}

/** `<NAME>-<PORT>`, as the listener is named in Kafka's configuration. */
export const kafkaListenerName = (l: Pick<GenericKafkaListener, "name" | "port">): string => `${l.name}-${l.port}`.toUpperCase();

function bootstrap(ctx: Context, nodes: readonly KafkaNode[]): Pick<ResolvedListener, "bootstrap" | "bootstrapNames"> {
  const { model, observed, listener } = ctx;
  const service = listenerBootstrapServiceName(model.name, listener);
  const route = listenerBootstrapRouteName(model.name, listener);
  const alternativeNames = listener.configuration?.bootstrap?.alternativeNames ?? [];
  const known = (addresses: Endpoint[], names: string[] = []) => ({ bootstrap: { addresses }, bootstrapNames: [...alternativeNames, ...names] });
  // While pending, certificates keep naming the bootstrap address the status last showed, so a lost address does not re-issue them.
  const before = NAMES_OWN_ADDRESS.includes(listener.type) ? observed.bootstrap.get(listener.name)?.map((a) => a.host) ?? [] : [];
  const pending = (missing: string, of: string) => ({ bootstrap: { pending: { missing, of } }, bootstrapNames: [...alternativeNames, ...before] });
  switch (listener.type) {
    case "internal":
      return known([{ host: serviceHost(service, model.namespace, domain(listener)), port: listener.port }]);
    case "cluster-ip":
      return known([{ host: serviceHost(service, model.namespace, domain(listener)), port: listener.port }], listener.tls ? serviceDnsNames(service, model.namespace) : []);
    case "loadbalancer": {
      if (listener.configuration?.createBootstrapService === false) {
        // No bootstrap Service: clients bootstrap from any broker's load balancer.
        const addresses = nodes.map((n) => observed.services.get(perBrokerObjectName(model.name, n.pool, n.nodeId, listener))?.loadBalancerAddress);
        const all = defined(...addresses);
        if (all.length < addresses.length) return pending("a load balancer address", "every broker Service");
        return known(all.map((host) => ({ host, port: listener.port })));
      }
      const address = observed.services.get(service)?.loadBalancerAddress;
      return address === undefined ? pending("a load balancer address", `Service ${service}`) : known([{ host: address, port: listener.port }], [address]);
    }
    case "nodeport": {
      const port = listener.configuration?.bootstrap?.nodePort ?? observed.services.get(service)?.nodePort;
      if (port === undefined) return pending("a node port", `Service ${service}`);
      const preferred = listener.configuration?.preferredNodePortAddressType;
      const hosts = new Set(nodes.flatMap((node) => {
        const override = advertisedHostOverride(listener, node);
        const scheduled = observed.scheduledPods.get(node.podName);
        const addresses = scheduled ? observed.nodes.get(scheduled.nodeName) : undefined;
        return defined(override ?? (addresses ? nodeAddress(addresses, preferred) : undefined));
      }));
      if (hosts.size === 0) return pending("a node address", "a scheduled broker");
      return known([...hosts].sort().map((host) => ({ host, port })));
    }
    case "route": {
      const host = listener.configuration?.bootstrap?.host ?? observed.routeHosts.get(route);
      return host === undefined ? pending("a host", `Route ${route}`) : known([{ host, port: ROUTED_PORT }], [host]);
    }
    case "ingress":
    case "tlsroute": {
      const host = listener.configuration?.bootstrap?.host;
      // A missing host was refused with the other listener rules.
      return host === undefined ? pending("a host", "the bootstrap") : known([{ host, port: ROUTED_PORT }], [host]);
    }
  }
}

export function resolveListenerAddresses(model: KafkaClusterModel, observed: ListenerObservations): ListenerAddresses {
  const brokerNodes = model.nodes.filter((n) => n.isBroker);
  const listeners = model.listeners.map((listener): ResolvedListener => {
    const ctx: Context = { model, observed, listener };
    const brokers = new Map(brokerNodes.map((node) => [node.podName, brokerAddress(ctx, node)]));
    return { listener, brokers, ...bootstrap(ctx, brokerNodes) };
  });

  const preferences = model.listeners.filter((l) => l.type === "nodeport").map((l) => l.configuration?.preferredNodePortAddressType);
  const nodeAddressFiles = new Map(preferences.length === 0 ? [] : brokerNodes.flatMap((node) => {
    const scheduled = observed.scheduledPods.get(node.podName);
    const addresses = scheduled ? observed.nodes.get(scheduled.nodeName) : undefined;
    const file = scheduled && addresses ? nodeAddressFile(scheduled.nodeName, addresses, preferences) : undefined;
    return file !== undefined ? [[node.podName, file] as const] : [];
  }));
  return { listeners, nodeAddressFiles };
}

/** How many objects a pending phrase names before it only counts the rest. */
const NAMED_OBJECTS = 3;

/** Why listeners are not fully reachable yet, one phrase per listener, or nothing. */
export function pendingListenerAddresses(addresses: ListenerAddresses): string[] {
  return addresses.listeners.flatMap(({ listener, bootstrap: boot, brokers }) => {
    const pending = [
      ...("pending" in boot ? [boot.pending] : []),
      ...[...brokers.values()].flatMap((b) => (b.pending ? [b.pending] : [])),
    ];
    if (pending.length === 0) return [];
    const byMissing = new Map<string, string[]>();
    for (const p of pending) byMissing.set(p.missing, [...(byMissing.get(p.missing) ?? []), p.of]);
    const phrases = [...byMissing].map(([missing, of]) => {
      const more = of.length > NAMED_OBJECTS ? ` and ${of.length - NAMED_OBJECTS} more` : "";
      return `${missing} for ${of.slice(0, NAMED_OBJECTS).join(", ")}${more}`;
    });
    return [`listener ${listener.name} to get ${phrases.join(" and ")}`];
  });
}

/** Broker pods some of whose addresses are not known yet: a new one waits, so it starts with the right configuration. */
export function podsWaitingForAddresses(addresses: ListenerAddresses): Set<string> {
  return new Set(addresses.listeners.flatMap(({ brokers }) => [...brokers].flatMap(([pod, b]) => (b.pending ? [pod] : []))));
}
