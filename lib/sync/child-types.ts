// The kinds of children each CompositeController declares (metacontroller/*.yaml).
// Metacontroller sends every declared type in `children`, empty or not.
import { ROUTE_API_VERSION, TLS_ROUTE_API_VERSION } from "../api/external-routes.js";
import type { GenericKafkaListener, ListenerType } from "../api/kafka.js";
import { typeKey, type ObjectsByType } from "../metacontroller.js";
import type { ModelProblem } from "../model/types.js";
import { KAFKA_OPERANDS, operandChildTypes } from "../operands/kafka-operands.js";
import type { ChildType } from "../operands/operand.js";
import { REASON } from "../reasons.js";

/** The Kafka controller's children: every kind its operands build, but those only some clusters serve (below). */
export const KAFKA_CHILD_TYPES: readonly ChildType[] = operandChildTypes(KAFKA_OPERANDS);

/**
 * Kinds only some clusters serve. Metacontroller refuses to start a controller
 * whose child resource the API server does not know, so these are declared only
 * where they exist (an installation option); the hook sees whether they are
 * declared in each request and refuses a listener that needs a missing one.
 */
const ROUTE_CHILD_TYPE: ChildType = { apiVersion: ROUTE_API_VERSION, kind: "Route", resource: "routes" };
const TLS_ROUTE_CHILD_TYPE: ChildType = { apiVersion: TLS_ROUTE_API_VERSION, kind: "TLSRoute", resource: "tlsroutes" };

/** Each with the kustomize component (metacontroller/components/) that declares it. */
const LISTENER_CHILD_TYPES: Partial<Record<ListenerType, { childType: ChildType; api: string; component: string }>> = {
  route: { childType: ROUTE_CHILD_TYPE, api: "OpenShift Routes", component: "openshift-routes" },
  tlsroute: { childType: TLS_ROUTE_CHILD_TYPE, api: "Gateway API TLSRoutes (gateway.networking.k8s.io/v1, Gateway API 1.5 or later)", component: "gateway-tlsroutes" },
};

/**
 * The child kinds each kustomize component adds to the Kafka controller, by the
 * component's name: what `render` and `request` declare when asked for a component.
 */
export const OPTIONAL_CHILD_COMPONENTS: ReadonlyMap<string, ChildType> = new Map(
  Object.values(LISTENER_CHILD_TYPES).map((needed) => [needed.component, needed.childType]),
);

/** Listeners whose objects the controller cannot own: their kind is not among its declared children. */
export function undeclaredListenerKinds(listeners: readonly GenericKafkaListener[], children: ObjectsByType): ModelProblem[] {
  return listeners.flatMap((listener, i) => {
    const needed = LISTENER_CHILD_TYPES[listener.type];
    if (!needed || typeKey(needed.childType.kind, needed.childType.apiVersion) in children) return [];
    return [{
      reason: REASON.listenerApiUnavailable,
      path: `spec.kafka.listeners[${i}].type`,
      message: `listener ${listener.name} of type ${listener.type} needs ${needed.api}, but the kafka-hooks-kafka CompositeController `
        + `does not declare ${needed.childType.resource} (${needed.childType.apiVersion}) as children; on a cluster that serves them, `
        + `install with the kustomize component metacontroller/components/${needed.component}`,
    }];
  });
}
