// Gateway API TLSRoutes of a listener exposed by TLSRoutes: a bootstrap TLSRoute and one per
// broker, attached to the user's Gateway (`parentRefs`) and routing by SNI host
// to the listener's Service of the same role, as Strimzi builds them.
import type { GatewayParentReference, GenericKafkaListener } from "../api/kafka.js";
import { TLS_ROUTE_API_VERSION, type ParentReference, type TLSRoute } from "../api/external-routes.js";
import { listenerBootstrapRouteName, listenerBootstrapServiceName, perBrokerObjectName } from "../model/listener-names.js";
import { specifiedHosts } from "../model/listener-templates.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { bootstrapMetadata, perBrokerMetadata } from "./listener-metadata.js";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

// Group, kind and weight are the API server's defaults, spelled out so that they never show as a difference.
function parentReference(ref: GatewayParentReference): ParentReference {
  return {
    group: ref.group ?? GATEWAY_GROUP,
    kind: ref.kind ?? "Gateway",
    name: ref.name ?? "",
    ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
    ...(ref.port !== undefined ? { port: ref.port } : {}),
    ...(ref.sectionName !== undefined ? { sectionName: ref.sectionName } : {}),
  };
}

function spec(listener: GenericKafkaListener, host: string, service: string): TLSRoute["spec"] {
  return {
    parentRefs: (listener.configuration?.parentRefs ?? []).map(parentReference),
    hostnames: [host],
    rules: [{ backendRefs: [{ group: "", kind: "Service", name: service, port: listener.port, weight: 1 }] }],
  };
}

function bootstrapTlsRoute(model: KafkaClusterModel, listener: GenericKafkaListener, host: string): TLSRoute {
  return {
    apiVersion: TLS_ROUTE_API_VERSION,
    kind: "TLSRoute",
    metadata: bootstrapMetadata(model, listenerBootstrapRouteName(model.name, listener), listener, model.template?.externalBootstrapRoute),
    spec: spec(listener, host, listenerBootstrapServiceName(model.name, listener)),
  };
}

function perBrokerTlsRoute(model: KafkaClusterModel, listener: GenericKafkaListener, node: KafkaNode, host: string): TLSRoute {
  const name = perBrokerObjectName(model.name, node.pool, node.nodeId, listener);
  return {
    apiVersion: TLS_ROUTE_API_VERSION,
    kind: "TLSRoute",
    metadata: perBrokerMetadata(model, name, listener, node, "perPodRoute"),
    spec: spec(listener, host, name),
  };
}

/** The TLSRoutes of one listener; hosts were checked when the listeners were resolved. */
export function tlsRoutes(model: KafkaClusterModel, listener: GenericKafkaListener, brokers: readonly KafkaNode[]): TLSRoute[] {
  const hosts = specifiedHosts(listener, brokers);
  return [
    ...(hosts.bootstrap !== undefined ? [bootstrapTlsRoute(model, listener, hosts.bootstrap)] : []),
    ...hosts.brokers.map(({ node, host }) => perBrokerTlsRoute(model, listener, node, host)),
  ];
}
