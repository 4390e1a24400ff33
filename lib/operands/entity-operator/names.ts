// Names and selector labels of the Entity Operator's objects, as Strimzi's KafkaResources names them.
import { LABEL } from "../../labels.js";
import { operandComponentName } from "../../names.js";
import { ENTITY_OPERATOR, type OperatorKind } from "./input.js";

/** The Deployment, ServiceAccount, Role, NetworkPolicy and disruption budget: `<cluster>-entity-operator`. */
export const entityOperatorName = (cluster: string): string => operandComponentName(cluster, ENTITY_OPERATOR);

/** `<cluster>-entity-topic-operator-role` or `<cluster>-entity-user-operator-role`. */
export const operatorRoleBindingName = (cluster: string, operator: OperatorKind): string => `${operandComponentName(cluster, operator)}-role`;

/** `<cluster>-entity-topic-operator-config` or `<cluster>-entity-user-operator-config`: the operator's logging. */
export const operatorConfigMapName = (cluster: string, operator: OperatorKind): string => `${operandComponentName(cluster, operator)}-config`;

/** The labels the Deployment selects its pod by (Strimzi's strimziSelectorLabels), the ones the Kafka's network policy admits. */
export function entityOperatorSelector(cluster: string): Record<string, string> {
  return { [LABEL.cluster]: cluster, [LABEL.kind]: "Kafka", [LABEL.name]: entityOperatorName(cluster) };
}
