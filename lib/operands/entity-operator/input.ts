// What the Entity Operator is built from (its registration's input,
// entity-operator.ts): its section of the Kafka's spec and the little it needs of
// the cluster and its certificates.
import type { EntityOperatorSpec, KafkaSpec } from "../../api/kafka.js";
import type { ResolvedCa } from "../../certificates/certificate-authorities.js";
import type { ClientCertificate } from "../../certificates/node-certificates.js";
import type { EntityOperatorPart } from "../../model/observed-cluster.js";
import type { KafkaClusterModel } from "../../model/types.js";

/** Strimzi's component types: the names (`<cluster>-entity-operator`, …), labels and certificates of its objects. */
export const ENTITY_OPERATOR = "entity-operator";
export const TOPIC_OPERATOR = "entity-topic-operator";
export const USER_OPERATOR = "entity-user-operator";
/** Both operators' Secrets hold `entity-operator.crt` and `.key` (EntityOperator.COMPONENT_TYPE in Strimzi's CertSecretUtils). */
export const ENTITY_OPERATOR_KEY_NAME = ENTITY_OPERATOR;

export type OperatorKind = typeof TOPIC_OPERATOR | typeof USER_OPERATOR;

/** An operator's logging (logging.ts). */
export interface OperatorLogging {
  /** The file Strimzi writes into `<cluster>-entity-<topic|user>-operator-config`. */
  log4j2Properties: string;
  /** The root logger's level, as pino names it: what the process logs at. */
  level: string;
}

export interface EntityOperatorInput {
  cluster: Pick<KafkaClusterModel, "name" | "namespace">;
  spec: EntityOperatorSpec;
  /** What the User Operator is told of the rest of the Kafka: the clients CA's validity, ACLs, maintenance windows. */
  kafka: Pick<KafkaSpec, "clientsCa" | "maintenanceTimeWindows"> & { authorization: KafkaSpec["kafka"]["authorization"] };
  /** The image both containers run unless their spec names another: the project's own (ENTITY_OPERATOR_IMAGE). */
  image: string;
  /** Each operator's logging: the file its ConfigMap holds and the level its process logs at (logging.ts). */
  logging: Partial<Record<OperatorKind, OperatorLogging>>;
  /** Each operator's client certificate; without one yet the Deployment waits (a pod could not reach Kafka). */
  certificates: Partial<Record<OperatorKind, ClientCertificate>>;
  clusterCa: Pick<ResolvedCa, "certGeneration" | "keyGeneration">;
  /** Cruise Control, while the cluster runs it (its gate on): the Topic Operator changes replication factors through it. */
  cruiseControl?: { rackAware: boolean; tls: boolean; auth: boolean };
}

/** The operators the spec turns on, topic operator first (Strimzi's container order). */
export function operatorsOn(spec: EntityOperatorSpec): OperatorKind[] {
  return [...(spec.topicOperator ? [TOPIC_OPERATOR] as const : []), ...(spec.userOperator ? [USER_OPERATOR] as const : [])];
}

/** Where an operator's section is in `spec.entityOperator`. */
export const specPart = (operator: OperatorKind): EntityOperatorPart => (operator === TOPIC_OPERATOR ? "topicOperator" : "userOperator");

/** One operator's section of the spec. */
export function operatorSpec(spec: EntityOperatorSpec, operator: OperatorKind): EntityOperatorSpec["topicOperator"] | EntityOperatorSpec["userOperator"] {
  return spec[specPart(operator)];
}
