// OpenShift Routes of a listener exposed by Routes: a bootstrap Route and one per broker,
// TLS passthrough to the listener's Service of the same role. A Route without a
// host gets one from the router; the hook reads it back from the Route's status.
import type { GenericKafkaListener } from "../api/kafka.js";
import { ROUTE_API_VERSION, type Route } from "../api/external-routes.js";
import { listenerBootstrapRouteName, listenerBootstrapServiceName, perBrokerObjectName } from "../model/listener-names.js";
import { brokerHost } from "../model/listener-templates.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { bootstrapMetadata, perBrokerMetadata } from "./listener-metadata.js";

// `weight` and `wildcardPolicy` are the API server's defaults, spelled out so that they never show as a difference.
function spec(listener: GenericKafkaListener, service: string, host: string | undefined): Route["spec"] {
  return {
    ...(host !== undefined ? { host } : {}),
    to: { kind: "Service", name: service, weight: 100 },
    port: { targetPort: listener.port },
    tls: { termination: "passthrough" },
    wildcardPolicy: "None",
  };
}

function bootstrapRoute(model: KafkaClusterModel, listener: GenericKafkaListener): Route {
  return {
    apiVersion: ROUTE_API_VERSION,
    kind: "Route",
    metadata: bootstrapMetadata(model, listenerBootstrapRouteName(model.name, listener), listener, model.template?.externalBootstrapRoute),
    spec: spec(listener, listenerBootstrapServiceName(model.name, listener), listener.configuration?.bootstrap?.host),
  };
}

function perBrokerRoute(model: KafkaClusterModel, listener: GenericKafkaListener, node: KafkaNode): Route {
  const name = perBrokerObjectName(model.name, node.pool, node.nodeId, listener);
  return {
    apiVersion: ROUTE_API_VERSION,
    kind: "Route",
    metadata: perBrokerMetadata(model, name, listener, node, "perPodRoute"),
    spec: spec(listener, name, brokerHost(listener, node)),
  };
}

/** The Routes of one listener; a host the spec does not give comes from the router. */
export function routes(model: KafkaClusterModel, listener: GenericKafkaListener, brokers: readonly KafkaNode[]): Route[] {
  return [bootstrapRoute(model, listener), ...brokers.map((node) => perBrokerRoute(model, listener, node))];
}
