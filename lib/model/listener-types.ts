// Every listener type, described once: the Services it gets, what exposes them
// by host (and whether the cluster must serve that kind), how its addresses are
// found, and the options Strimzi accepts for it. Validation, addresses, builders,
// the customize hook, the start script and the child kinds all read this table;
// a new type is one entry, and the compiler refuses a type without one.
import { ROUTE_API_VERSION, TLS_ROUTE_API_VERSION } from "../api/external-routes.js";
import type { ListenerType } from "../api/kafka.js";

/**
 * `configuration` options that only some types accept (Strimzi's ListenersValidator);
 * the rest apply to every type. Each stands for its fields at every level:
 * `hosts` is `hostTemplate`, `bootstrap.host` and `brokers[].host`; `nodePort` is
 * `bootstrap.nodePort` and `brokers[].nodePort`, and so on.
 */
export type ListenerOption =
  | "useServiceDnsDomain" | "class" | "externalTrafficPolicy" | "loadBalancerSourceRanges" | "allocateLoadBalancerNodePorts"
  | "finalizers" | "preferredNodePortAddressType" | "createBootstrapService" | "hosts" | "parentRefs"
  | "loadBalancerIP" | "nodePort" | "externalIPs";

/**
 * How a listener's addresses are found (lib/model/listener-addresses.ts has one rule per shape):
 * `pod` the pods' DNS names behind the cluster's bootstrap Service; `service` the listener's
 * own Services' DNS names; `load-balancer` the addresses Kubernetes gives its load balancers;
 * `node` the address of the node a broker runs on and the allocated node ports; `router` the
 * hosts of the spec, else those the router gives the Routes; `host` the hosts of the spec.
 */
export type AddressShape = "pod" | "service" | "load-balancer" | "node" | "router" | "host";

/** A kind of object that routes clients by host (SNI) to a listener's Services, as a child of the Kafka. */
export interface ExposingKind {
  kind: "Route" | "Ingress" | "TLSRoute";
  apiVersion: string;
  resource: string;
  /** The hosts it accepts: lower-case RFC 1123 names, a leading wildcard label allowed; OpenShift's pattern for Routes. */
  hostPattern: RegExp;
  /** The spec must name every host; only a router gives a Route a host of its own. */
  hostsRequired: boolean;
  /** It attaches to a Gateway (or ListenerSet) named in `parentRefs`. */
  needsParentRefs: boolean;
  /**
   * Only some clusters serve it. Metacontroller refuses to start a controller whose
   * child resource the API server does not know, so it is declared by a kustomize
   * component (metacontroller/components/) where it exists; `api` names it for the user.
   */
  optionalChild: { api: string; component: string } | undefined;
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ROUTE_HOST = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;

const ROUTE: ExposingKind = {
  kind: "Route", apiVersion: ROUTE_API_VERSION, resource: "routes",
  hostPattern: ROUTE_HOST, hostsRequired: false, needsParentRefs: false,
  optionalChild: { api: "OpenShift Routes", component: "openshift-routes" },
};
const INGRESS: ExposingKind = {
  kind: "Ingress", apiVersion: "networking.k8s.io/v1", resource: "ingresses",
  hostPattern: HOST, hostsRequired: true, needsParentRefs: false,
  optionalChild: undefined,
};
const TLS_ROUTE: ExposingKind = {
  kind: "TLSRoute", apiVersion: TLS_ROUTE_API_VERSION, resource: "tlsroutes",
  hostPattern: HOST, hostsRequired: true, needsParentRefs: true,
  optionalChild: { api: "Gateway API TLSRoutes (gateway.networking.k8s.io/v1, Gateway API 1.5 or later)", component: "gateway-tlsroutes" },
};

export interface ListenerTypeRules {
  /**
   * `shared`: the cluster's bootstrap and headless Services (lib/builders/services.ts); otherwise a
   * bootstrap Service and one per broker of this Service type (lib/builders/listener-services.ts).
   */
  services: "shared" | "ClusterIP" | "NodePort" | "LoadBalancer";
  /** What routes clients to those Services by host, if anything (built by lib/builders/listener-children.ts). */
  exposedBy: ExposingKind | undefined;
  addresses: AddressShape;
  /** Refused without `tls: true`: what exposes it passes the brokers' TLS connections through. */
  needsTls: boolean;
  /** The options it accepts; any other is refused, naming the types that accept it in this table's order. */
  options: readonly ListenerOption[];
}

export const LISTENER_TYPES: { readonly [T in ListenerType]: ListenerTypeRules } = {
  "internal": { services: "shared", exposedBy: undefined, addresses: "pod", needsTls: false, options: ["useServiceDnsDomain"] },
  "cluster-ip": { services: "ClusterIP", exposedBy: undefined, addresses: "service", needsTls: false, options: ["useServiceDnsDomain"] },
  "route": { services: "ClusterIP", exposedBy: ROUTE, addresses: "router", needsTls: true, options: ["hosts"] },
  "ingress": { services: "ClusterIP", exposedBy: INGRESS, addresses: "host", needsTls: true, options: ["class", "hosts"] },
  "tlsroute": { services: "ClusterIP", exposedBy: TLS_ROUTE, addresses: "host", needsTls: false, options: ["hosts", "parentRefs"] },
  "nodeport": {
    services: "NodePort", exposedBy: undefined, addresses: "node", needsTls: false,
    options: ["externalTrafficPolicy", "preferredNodePortAddressType", "nodePort", "externalIPs"],
  },
  "loadbalancer": {
    services: "LoadBalancer", exposedBy: undefined, addresses: "load-balancer", needsTls: false,
    options: ["class", "externalTrafficPolicy", "loadBalancerSourceRanges", "allocateLoadBalancerNodePorts", "finalizers", "createBootstrapService", "loadBalancerIP", "nodePort"],
  },
};

/** Listener types with Services of their own: all but those on the cluster's shared Services. */
export const hasOwnServices = (type: ListenerType): boolean => LISTENER_TYPES[type].services !== "shared";

/**
 * Brokers of these listeners advertise the address of the node they run on: the customize hook asks
 * for the broker pods and Nodes, the hook writes each broker's node-address file, its start script waits for it.
 */
export const advertisesNodeAddress = (type: ListenerType): boolean => LISTENER_TYPES[type].addresses === "node";
