// Every child the cluster's listeners add: the Services of each listener with
// Services of its own, then what exposes listeners by host, kind by kind, each
// built as its listener type says (lib/model/listener-types.ts).
import type { GenericKafkaListener } from "../api/kafka.js";
import type { Service } from "../api/kubernetes.js";
import type { Route, TLSRoute } from "../api/external-routes.js";
import { LISTENER_TYPES, type ExposingKind } from "../model/listener-types.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { ingresses, type Ingress } from "./ingresses.js";
import { listenerServices } from "./listener-services.js";
import { routes } from "./routes.js";
import { tlsRoutes } from "./tls-routes.js";

type ListenerChild = Service | Ingress | Route | TLSRoute;
type ExposingBuilder = (model: KafkaClusterModel, listener: GenericKafkaListener, brokers: readonly KafkaNode[]) => ListenerChild[];

/** One builder per exposing kind; the children list the kinds in this order. */
const EXPOSING_BUILDERS: { readonly [K in ExposingKind["kind"]]: ExposingBuilder } = {
  Ingress: ingresses,
  Route: routes,
  TLSRoute: tlsRoutes,
};

export function listenerChildren(model: KafkaClusterModel): ListenerChild[] {
  const brokers = model.nodes.filter((n) => n.isBroker);
  const exposing = Object.entries(EXPOSING_BUILDERS).flatMap(([kind, build]) => model.listeners
    .filter((listener) => LISTENER_TYPES[listener.type].exposedBy?.kind === kind)
    .flatMap((listener) => build(model, listener, brokers)));
  return [...listenerServices(model), ...exposing];
}
