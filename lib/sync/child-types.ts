// The kinds of children each CompositeController declares (metacontroller/*.yaml).
// Metacontroller sends every declared type in `children`, empty or not.
import type { GenericKafkaListener } from "../api/kafka.js";
import { typeKey, type ObjectsByType } from "../metacontroller.js";
import { LISTENER_TYPES } from "../model/listener-types.js";
import type { ModelProblem } from "../model/types.js";
import { KAFKA_OPERANDS, operandChildTypes } from "../operands/kafka-operands.js";
import type { ChildType } from "../operands/operand.js";
import { BRIDGE_CHILD_TYPES } from "../operands/bridge/bridge.js";
import { CONNECT_CHILD_TYPES, RECREATED_CONNECT_CHILD_TYPES } from "../operands/connect/connect.js";
import { REASON } from "../reasons.js";

/** The Kafka controller's children: every kind its operands build, but those only some clusters serve (below). */
export const KAFKA_CHILD_TYPES: readonly ChildType[] = operandChildTypes(KAFKA_OPERANDS);

/** The KafkaBridge controller's children. */
export const KAFKA_BRIDGE_CHILD_TYPES: readonly ChildType[] = BRIDGE_CHILD_TYPES;

/** The KafkaConnect controller's children. */
export const KAFKA_CONNECT_CHILD_TYPES: readonly ChildType[] = CONNECT_CHILD_TYPES;

/** The KafkaMirrorMaker2 controller's children: its workers are a Connect cluster, with no image build (no build pod). */
export const KAFKA_MIRROR_MAKER_2_CHILD_TYPES: readonly ChildType[] = CONNECT_CHILD_TYPES.filter((type) => !RECREATED_CONNECT_CHILD_TYPES.includes(type));

/**
 * Kinds only some clusters serve (ExposingKind.optionalChild in lib/model/listener-types.ts), by the
 * kustomize component (metacontroller/components/) that declares them: what `render` and
 * `request` declare when asked for a component. The hook sees whether they are declared in
 * each request and refuses a listener that needs a missing one.
 */
export const OPTIONAL_CHILD_COMPONENTS: ReadonlyMap<string, ChildType> = new Map(Object.values(LISTENER_TYPES).flatMap(({ exposedBy }) =>
  exposedBy?.optionalChild ? [[exposedBy.optionalChild.component, { apiVersion: exposedBy.apiVersion, kind: exposedBy.kind, resource: exposedBy.resource }] as const] : []));

/** Listeners whose objects the controller cannot own: their kind is not among its declared children. */
export function undeclaredListenerKinds(listeners: readonly GenericKafkaListener[], children: ObjectsByType): ModelProblem[] {
  return listeners.flatMap((listener, i) => {
    const needed = LISTENER_TYPES[listener.type].exposedBy;
    if (!needed?.optionalChild || typeKey(needed.kind, needed.apiVersion) in children) return [];
    return [{
      reason: REASON.listenerApiUnavailable,
      path: `spec.kafka.listeners[${i}].type`,
      message: `listener ${listener.name} of type ${listener.type} needs ${needed.optionalChild.api}, but the kafka-hooks-kafka CompositeController `
        + `does not declare ${needed.resource} (${needed.apiVersion}) as children; on a cluster that serves them, `
        + `install with the kustomize component metacontroller/components/${needed.optionalChild.component}`,
    }];
  });
}
