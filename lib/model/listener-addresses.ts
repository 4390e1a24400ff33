// Where clients reach each listener: the bootstrap address for the status, and per
// broker the endpoint it advertises and the names its certificate must carry. What
// the spec says (hosts, templates, overrides) is used as it is; what only
// Kubernetes knows (load balancer addresses, node ports, route hosts, node
// addresses) comes from the observations. Until an address is known it is
// `pending`: the broker keeps advertising what it advertised before, or leaves the
// listener out, and never advertises a guess.
import type { GenericKafkaListener } from "../api/kafka.js";
import { CLUSTER_DOMAIN, podDnsName, serviceDnsNames } from "../names.js";
import { listenerBootstrapRouteName, listenerBootstrapServiceName, perBrokerObjectName } from "./listener-names.js";
import type { Endpoint, ListenerObservations } from "./listener-observations.js";
import { advertisedHostOverride, advertisedPortOverride, brokerHost, brokerNodePort } from "./listener-templates.js";
import { advertisesNodeAddress, LISTENER_TYPES, type AddressShape } from "./listener-types.js";
import { nodeAddress, nodeAddressFile, nodeAddressReference } from "./node-addresses.js";
import type { KafkaClusterModel, KafkaNode } from "./types.js";

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

type OrPending<T> = T | { pending: Pending };

/** How the addresses of one shape of listener are found (AddressShape in listener-types.ts). */
interface AddressRules {
  /** The broker's own endpoint before overrides, with the names its certificate carries for it. */
  broker(ctx: Context, node: KafkaNode): OrPending<{ endpoint: Endpoint; names: string[] }>;
  /** Where clients bootstrap from, with the names every broker's certificate carries for it. */
  bootstrap(ctx: Context, brokers: readonly KafkaNode[]): OrPending<{ addresses: Endpoint[]; names: string[] }>;
  /** Kubernetes provides the address the certificates name: while it is pending they keep naming the one known before, so a lost address does not re-issue them. */
  namesProvidedAddress: boolean;
  /** An advertised host override is named in the certificates only when clients verify it (TLS); otherwise always, as Strimzi does. */
  namesOverrideOnlyWithTls: boolean;
}

const brokerObject = ({ model, listener }: Context, node: KafkaNode): string => perBrokerObjectName(model.name, node.pool, node.nodeId, listener);
const bootstrapService = ({ model, listener }: Context): string => listenerBootstrapServiceName(model.name, listener);
const pending = (missing: string, of: string) => ({ pending: { missing, of } });

const ADDRESS_RULES: { readonly [S in AddressShape]: AddressRules } = {
  "pod": {
    broker: ({ model, listener }, node) =>
      ({ endpoint: { host: podDnsName(model.name, model.namespace, node.podName, domain(listener)), port: listener.port }, names: [] }),
    bootstrap: (ctx) => ({ addresses: [{ host: serviceHost(bootstrapService(ctx), ctx.model.namespace, domain(ctx.listener)), port: ctx.listener.port }], names: [] }),
    namesProvidedAddress: false,
    namesOverrideOnlyWithTls: true,
  },
  "service": {
    broker: (ctx, node) => {
      const host = serviceHost(brokerObject(ctx, node), ctx.model.namespace, domain(ctx.listener));
      return { endpoint: { host, port: ctx.listener.port }, names: ctx.listener.tls ? [host] : [] };
    },
    bootstrap: (ctx) => {
      const service = bootstrapService(ctx);
      const names = ctx.listener.tls ? serviceDnsNames(service, ctx.model.namespace) : [];
      return { addresses: [{ host: serviceHost(service, ctx.model.namespace, domain(ctx.listener)), port: ctx.listener.port }], names };
    },
    namesProvidedAddress: false,
    namesOverrideOnlyWithTls: true,
  },
  "load-balancer": {
    broker: (ctx, node) => {
      const object = brokerObject(ctx, node);
      const address = ctx.observed.services.get(object)?.loadBalancerAddress;
      if (address === undefined) return pending("a load balancer address", `Service ${object}`);
      return { endpoint: { host: address, port: ctx.listener.port }, names: [address] };
    },
    bootstrap: (ctx, brokers) => {
      const { observed, listener } = ctx;
      if (listener.configuration?.createBootstrapService === false) {
        // No bootstrap Service: clients bootstrap from any broker's load balancer.
        const addresses = brokers.map((n) => observed.services.get(brokerObject(ctx, n))?.loadBalancerAddress);
        const all = defined(...addresses);
        if (all.length < addresses.length) return pending("a load balancer address", "every broker Service");
        return { addresses: all.map((host) => ({ host, port: listener.port })), names: [] };
      }
      const service = bootstrapService(ctx);
      const address = observed.services.get(service)?.loadBalancerAddress;
      return address === undefined ? pending("a load balancer address", `Service ${service}`) : { addresses: [{ host: address, port: listener.port }], names: [address] };
    },
    namesProvidedAddress: true,
    namesOverrideOnlyWithTls: false,
  },
  "node": {
    broker: (ctx, node) => {
      const { observed, listener } = ctx;
      const object = brokerObject(ctx, node);
      // An advertised port override stands in for a node port Kubernetes has not given yet.
      const nodePort = brokerNodePort(listener, node.nodeId) ?? observed.services.get(object)?.nodePort ?? advertisedPortOverride(listener, node);
      if (nodePort === undefined) return pending("a node port", `Service ${object}`);
      return { endpoint: { host: nodeAddressReference(listener.configuration?.preferredNodePortAddressType), port: nodePort }, names: [] };
    },
    bootstrap: (ctx, brokers) => {
      const { observed, listener } = ctx;
      const service = bootstrapService(ctx);
      const port = listener.configuration?.bootstrap?.nodePort ?? observed.services.get(service)?.nodePort;
      if (port === undefined) return pending("a node port", `Service ${service}`);
      const preferred = listener.configuration?.preferredNodePortAddressType;
      const hosts = new Set(brokers.flatMap((node) => {
        const override = advertisedHostOverride(listener, node);
        const scheduled = observed.scheduledPods.get(node.podName);
        const addresses = scheduled ? observed.nodes.get(scheduled.nodeName) : undefined;
        return defined(override ?? (addresses ? nodeAddress(addresses, preferred) : undefined));
      }));
      if (hosts.size === 0) return pending("a node address", "a scheduled broker");
      return { addresses: [...hosts].sort().map((host) => ({ host, port })), names: [] };
    },
    namesProvidedAddress: false,
    namesOverrideOnlyWithTls: false,
  },
  "router": {
    broker: (ctx, node) => {
      const object = brokerObject(ctx, node);
      const host = brokerHost(ctx.listener, node) ?? ctx.observed.routeHosts.get(object);
      if (host === undefined) return pending("a host", `Route ${object}`);
      return { endpoint: { host, port: ROUTED_PORT }, names: [host] };
    },
    bootstrap: ({ model, observed, listener }) => {
      const route = listenerBootstrapRouteName(model.name, listener);
      const host = listener.configuration?.bootstrap?.host ?? observed.routeHosts.get(route);
      return host === undefined ? pending("a host", `Route ${route}`) : { addresses: [{ host, port: ROUTED_PORT }], names: [host] };
    },
    namesProvidedAddress: true,
    namesOverrideOnlyWithTls: false,
  },
  "host": {
    broker: ({ listener }, node) => {
      // A broker without a host was refused with the listener rules (listener-broker-rules.ts).
      const host = brokerHost(listener, node);
      if (host === undefined) return pending("a host", `broker ${node.nodeId}`);
      return { endpoint: { host, port: ROUTED_PORT }, names: [host] };
    },
    bootstrap: ({ listener }) => {
      const host = listener.configuration?.bootstrap?.host;
      // A missing host was refused with the other listener rules.
      return host === undefined ? pending("a host", "the bootstrap") : { addresses: [{ host, port: ROUTED_PORT }], names: [host] };
    },
    namesProvidedAddress: false,
    namesOverrideOnlyWithTls: false,
  },
};

const addressRules = (listener: GenericKafkaListener): AddressRules => ADDRESS_RULES[LISTENER_TYPES[listener.type].addresses];

function brokerAddress(ctx: Context, node: KafkaNode): BrokerAddress {
  const { listener } = ctx;
  const rules = addressRules(listener);
  const own = rules.broker(ctx, node);
  const host = advertisedHostOverride(listener, node);
  const port = advertisedPortOverride(listener, node);
  const overrideNames = host !== undefined && (listener.tls || !rules.namesOverrideOnlyWithTls) ? [host] : [];
  if ("pending" in own) {
    const before = ctx.observed.advertised.get(node.podName)?.get(kafkaListenerName(listener));
    const named = before && host === undefined && rules.namesProvidedAddress ? [before.host] : [];
    return { ...(before ? { advertised: before } : {}), pending: own.pending, certificateNames: [...named, ...overrideNames] };
  }
  return {
    advertised: { host: host ?? own.endpoint.host, port: port ?? own.endpoint.port },
    certificateNames: [...new Set([...own.names, ...overrideNames])],
  };
}

/** `<NAME>-<PORT>`, as the listener is named in Kafka's configuration. */
export const kafkaListenerName = (l: Pick<GenericKafkaListener, "name" | "port">): string => `${l.name}-${l.port}`.toUpperCase();

function bootstrap(ctx: Context, brokers: readonly KafkaNode[]): Pick<ResolvedListener, "bootstrap" | "bootstrapNames"> {
  const { observed, listener } = ctx;
  const rules = addressRules(listener);
  const alternativeNames = listener.configuration?.bootstrap?.alternativeNames ?? [];
  const resolved = rules.bootstrap(ctx, brokers);
  if ("pending" in resolved) {
    const before = rules.namesProvidedAddress ? observed.bootstrap.get(listener.name)?.map((a) => a.host) ?? [] : [];
    return { bootstrap: { pending: resolved.pending }, bootstrapNames: [...alternativeNames, ...before] };
  }
  return { bootstrap: { addresses: resolved.addresses }, bootstrapNames: [...alternativeNames, ...resolved.names] };
}

export function resolveListenerAddresses(model: KafkaClusterModel, observed: ListenerObservations): ListenerAddresses {
  const brokerNodes = model.nodes.filter((n) => n.isBroker);
  const listeners = model.listeners.map((listener): ResolvedListener => {
    const ctx: Context = { model, observed, listener };
    const brokers = new Map(brokerNodes.map((node) => [node.podName, brokerAddress(ctx, node)]));
    return { listener, brokers, ...bootstrap(ctx, brokerNodes) };
  });

  const preferences = model.listeners.filter((l) => advertisesNodeAddress(l.type)).map((l) => l.configuration?.preferredNodePortAddressType);
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
