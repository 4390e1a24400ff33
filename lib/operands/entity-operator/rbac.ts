// The Entity Operator's Role and RoleBindings in the cluster's namespace, as
// Strimzi's EntityOperator and its operators' models make them: the Role holds
// every rule of Strimzi's ClusterRole strimzi-entity-operator
// (031-ClusterRole-strimzi-entity-operator.yaml), and each operator that is on
// binds it to the Entity Operator's ServiceAccount.
import type { PolicyRule, Role, RoleBinding } from "../../api/kubernetes.js";
import { childMetadata } from "../../builders/metadata.js";
import { ENTITY_OPERATOR, TOPIC_OPERATOR, type EntityOperatorInput, type OperatorKind } from "./input.js";
import { entityOperatorName, operatorRoleBindingName } from "./names.js";

const STRIMZI_GROUP = "kafka.strimzi.io";

/**
 * Strimzi's rules: the Topic Operator's KafkaTopics, the User Operator's KafkaUsers
 * and the Secrets it writes for them and reads its own TLS material from.
 */
export const ENTITY_OPERATOR_RULES: readonly PolicyRule[] = [
  { apiGroups: [STRIMZI_GROUP], resources: ["kafkatopics"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] },
  { apiGroups: [STRIMZI_GROUP], resources: ["kafkausers"], verbs: ["get", "list", "watch", "create", "patch", "update"] },
  { apiGroups: [STRIMZI_GROUP], resources: ["kafkatopics/status", "kafkausers/status"], verbs: ["get", "patch", "update"] },
  { apiGroups: [STRIMZI_GROUP], resources: ["kafkatopics/finalizers", "kafkausers/finalizers"], verbs: ["update"] },
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch", "create", "delete", "patch", "update"] },
];

export function entityOperatorRole({ cluster, spec }: EntityOperatorInput): Role {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: childMetadata(cluster, entityOperatorName(cluster.name), { component: ENTITY_OPERATOR, template: spec.template?.entityOperatorRole?.metadata }),
    rules: ENTITY_OPERATOR_RULES.map((rule) => ({ ...rule })),
  };
}

/** `<cluster>-entity-topic-operator-role` or `-user-operator-role`, with that operator's labels. */
export function operatorRoleBinding({ cluster, spec }: EntityOperatorInput, operator: OperatorKind): RoleBinding {
  const template = operator === TOPIC_OPERATOR ? spec.template?.topicOperatorRoleBinding : spec.template?.userOperatorRoleBinding;
  const name = entityOperatorName(cluster.name);
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: childMetadata(cluster, operatorRoleBindingName(cluster.name, operator), { component: operator, template: template?.metadata }),
    subjects: [{ kind: "ServiceAccount", name, namespace: cluster.namespace }],
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
  };
}
