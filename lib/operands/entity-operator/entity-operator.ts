// The Entity Operator (`spec.entityOperator` with a topicOperator or a
// userOperator): the Topic and User Operators in one pod, which talk to the
// brokers over the replication listener with client certificates of the cluster
// CA and to Kubernetes through a Role of their own. Strimzi's
// EntityOperatorReconciler makes, in this order, its ServiceAccount, Role,
// NetworkPolicy, disruption budget, each operator's RoleBinding, logging
// ConfigMap and certificate Secret, then the Deployment; the Kafka is Ready once
// the Deployment is.
import type { KafkaSpec } from "../../api/kafka.js";
import type { Deployment } from "../../api/kubernetes.js";
import { clientCertSecret } from "../../builders/secrets.js";
import type { ClientCertificate } from "../../certificates/node-certificates.js";
import type { ModelProblem } from "../../model/types.js";
import { clientCertsSecretName } from "../../names.js";
import { REASON } from "../../reasons.js";
import { deploymentReadiness } from "../../status/deployment-readiness.js";
import { asChild, CHILD_TYPE, registerOperand, type ChildType, type OperandChildren } from "../operand.js";
import { entityOperatorDeployment } from "./deployment.js";
import {
  ENTITY_OPERATOR, ENTITY_OPERATOR_KEY_NAME, operatorSpec, operatorsOn, specPart, type EntityOperatorInput, type OperatorKind,
} from "./input.js";
import { entityOperatorNetworkPolicy, entityOperatorPodDisruptionBudget, entityOperatorServiceAccount, operatorLoggingConfigMap } from "./objects.js";
import { operatorLogging } from "./logging.js";
import { entityOperatorRole, operatorRoleBinding } from "./rbac.js";

interface EntityOperatorChildren extends OperandChildren {
  deployment: Deployment | undefined;
}

const CHILD_TYPES: readonly ChildType[] = [
  CHILD_TYPE.serviceAccount, CHILD_TYPE.role, CHILD_TYPE.networkPolicy, CHILD_TYPE.podDisruptionBudget,
  CHILD_TYPE.roleBinding, CHILD_TYPE.configMap, CHILD_TYPE.secret, CHILD_TYPE.deployment,
];

const issued = (certificate: ClientCertificate | undefined): certificate is ClientCertificate & { certificatePem: string } =>
  certificate?.certificatePem !== undefined;

function entityOperatorChildren(input: EntityOperatorInput): EntityOperatorChildren {
  const { cluster, spec, certificates } = input;
  const operators = operatorsOn(spec);
  const pems: Partial<Record<OperatorKind, string>> = {};
  for (const operator of operators) {
    const certificate = certificates[operator];
    if (issued(certificate)) pems[operator] = certificate.certificatePem;
  }
  const allIssued = operators.every((operator) => pems[operator] !== undefined);
  const deployment = allIssued ? entityOperatorDeployment(input, pems as Record<OperatorKind, string>) : undefined;
  const children = [
    entityOperatorServiceAccount(input),
    entityOperatorRole(input),
    entityOperatorNetworkPolicy(input),
    entityOperatorPodDisruptionBudget(input),
    ...operators.map((operator) => operatorRoleBinding(input, operator)),
    ...operators.map((operator) => operatorLoggingConfigMap(input, operator)),
    ...operators.flatMap((operator) => {
      const certificate = certificates[operator];
      return issued(certificate) ? [clientCertSecret(cluster, operator, certificate)] : [];
    }),
    ...(deployment ? [deployment] : []),
  ].map(asChild);
  const pending = operators.filter((operator) => {
    const certificate = certificates[operator];
    return certificate === undefined || certificate.state === "stale" || certificate.state === "missing";
  });
  return { children, deployment, certificatesPending: pending.map((operator) => clientCertsSecretName(cluster.name, operator)) };
}

/**
 * A watched namespace other than the Kafka's would need a Role there, which
 * Metacontroller cannot own (a namespaced parent's children live in its
 * namespace). Strimzi, without its opt-in operator setting, deletes the Entity
 * Operator and fails; here nothing changes and the field is named.
 */
/** `webserver.ssl.enable` and `webserver.security.enable` of `spec.cruiseControl.config` (both on unless set false), and whether brokers have racks. */
function topicOperatorCruiseControl(spec: KafkaSpec): NonNullable<EntityOperatorInput["cruiseControl"]> {
  const config = spec.cruiseControl?.config ?? {};
  const off = (key: string): boolean => String(config[key]) === "false";
  return { rackAware: spec.kafka.rack !== undefined, tls: !off("webserver.ssl.enable"), auth: !off("webserver.security.enable") };
}

function watchedNamespaceRefusals(spec: EntityOperatorInput["spec"], namespace: string): ModelProblem[] {
  return operatorsOn(spec).flatMap((operator) => {
    const watched = operatorSpec(spec, operator)?.watchedNamespace;
    if (watched === undefined || watched === namespace) return [];
    return [{
      reason: REASON.invalidResource,
      path: `spec.entityOperator.${specPart(operator)}.watchedNamespace`,
      message: `must be the Kafka's own namespace (${namespace}): the operator's Role in ${watched} cannot be a child of this Kafka`,
    }];
  });
}

export const ENTITY_OPERATOR_OPERAND = registerOperand({
  name: ENTITY_OPERATOR,
  childTypes: CHILD_TYPES,
  clientCertificates: (spec) => operatorsOn(spec.entityOperator ?? {}).map((component) => ({ component, keyName: ENTITY_OPERATOR_KEY_NAME })),
  replicationClients: [ENTITY_OPERATOR],
  requested: (spec) => spec.entityOperator !== undefined && operatorsOn(spec.entityOperator).length > 0,
  refusals: (spec, namespace) => watchedNamespaceRefusals(spec.entityOperator ?? {}, namespace),
  input: ({ spec, model, certificates }): EntityOperatorInput => {
    const entityOperator = spec.entityOperator ?? {};
    return {
      cluster: { name: model.name, namespace: model.namespace },
      spec: entityOperator,
      kafka: { clientsCa: spec.clientsCa, maintenanceTimeWindows: spec.maintenanceTimeWindows, authorization: spec.kafka.authorization },
      image: model.entityOperatorImage,
      logging: Object.fromEntries(operatorsOn(entityOperator).map((operator) =>
        [operator, operatorLogging(operator, operatorSpec(entityOperator, operator)?.logging, model.entityOperatorLoggingProperties[specPart(operator)])])),
      certificates: Object.fromEntries(operatorsOn(entityOperator).flatMap((operator) => {
        const certificate = certificates.clients.get(operator);
        return certificate ? [[operator, certificate]] : [];
      })),
      clusterCa: certificates.clusterCa,
      ...(spec.cruiseControl ? { cruiseControl: topicOperatorCruiseControl(spec) } : {}),
    };
  },
  children: entityOperatorChildren,
  readiness: ({ deployment }, observed) =>
    (deployment === undefined ? `Deployment of ${ENTITY_OPERATOR} waits for its certificates` : deploymentReadiness(deployment, observed.children)),
});
