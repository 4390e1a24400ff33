// The Entity Operator's ServiceAccount, NetworkPolicy, disruption budget and its
// operators' logging ConfigMaps, as Strimzi's EntityOperator, EntityTopicOperator
// and EntityUserOperator models make them.
import type { ConfigMap, NetworkPolicy, PodDisruptionBudget, ServiceAccount } from "../../api/kubernetes.js";
import { childMetadata } from "../../builders/metadata.js";
import { HEALTH_PORT, LOG4J2_KEY } from "./containers.js";
import { ENTITY_OPERATOR, operatorsOn, type EntityOperatorInput, type OperatorKind } from "./input.js";
import { entityOperatorName, entityOperatorSelector, operatorConfigMapName } from "./names.js";

/** Strimzi's default for a Deployment's budget (PodDisruptionBudgetUtils). */
const DEFAULT_MAX_UNAVAILABLE = 1;

export function entityOperatorServiceAccount({ cluster, spec }: EntityOperatorInput): ServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: childMetadata(cluster, entityOperatorName(cluster.name), { component: ENTITY_OPERATOR, template: spec.template?.serviceAccount?.metadata }),
  };
}

/** Anyone may reach the operators' health and metrics ports (Strimzi's generateNetworkPolicy); nothing else is served. */
export function entityOperatorNetworkPolicy({ cluster, spec }: EntityOperatorInput): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: childMetadata(cluster, entityOperatorName(cluster.name), { component: ENTITY_OPERATOR }),
    spec: {
      podSelector: { matchLabels: entityOperatorSelector(cluster.name) },
      policyTypes: ["Ingress"],
      ingress: operatorsOn(spec).map((operator) => ({ ports: [{ port: HEALTH_PORT[operator].port, protocol: "TCP" }] })),
    },
  };
}

export function entityOperatorPodDisruptionBudget({ cluster, spec }: EntityOperatorInput): PodDisruptionBudget {
  const template = spec.template?.podDisruptionBudget;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: childMetadata(cluster, entityOperatorName(cluster.name), { component: ENTITY_OPERATOR, template: template?.metadata }),
    spec: {
      maxUnavailable: template?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      selector: { matchLabels: entityOperatorSelector(cluster.name) },
    },
  };
}

/** `<cluster>-entity-<topic|user>-operator-config`: the operator's log4j2.properties, as Strimzi writes it. */
export function operatorLoggingConfigMap({ cluster, logging }: EntityOperatorInput, operator: OperatorKind): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: childMetadata(cluster, operatorConfigMapName(cluster.name, operator), { component: operator }),
    data: { [LOG4J2_KEY]: logging[operator]?.log4j2Properties ?? "" },
  };
}
