// The operands of a Kafka, in the order their children are listed in the answer.
// The Kafka controller's child types and its desired children are theirs.
import type { KafkaSpec } from "../api/kafka.js";
import type { KubeObject } from "../api/kubernetes.js";
import type { ClientCertificateNeed } from "../certificates/node-certificates.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { typeKey } from "../metacontroller.js";
import type { ModelProblem } from "../model/types.js";
import { podSetsRevision, withPodSetsRevision } from "../podset/podsets-revision.js";
import { BROKERS } from "./brokers/brokers.js";
import { CRUISE_CONTROL_OPERAND } from "./cruise-control/cruise-control.js";
import { ENTITY_OPERATOR_OPERAND } from "./entity-operator/entity-operator.js";
import { KAFKA_EXPORTER_OPERAND } from "./kafka-exporter/kafka-exporter.js";
import type { BuiltOperand, ChildType, ClusterState, ObservedChildren, RegisteredOperand } from "./operand.js";

// Cruise Control before the Entity Operator, as Strimzi 1.1 reordered them.
export const KAFKA_OPERANDS: readonly RegisteredOperand[] = [BROKERS, CRUISE_CONTROL_OPERAND, ENTITY_OPERATOR_OPERAND, KAFKA_EXPORTER_OPERAND];

/** Every child type some operand builds, each once, in the operands' order. */
export function operandChildTypes(operands: readonly RegisteredOperand[]): ChildType[] {
  const types = new Map(operands.flatMap((o) => o.childTypes).map((t) => [typeKey(t.kind, t.apiVersion), t]));
  return [...types.values()];
}

export interface RequestedNeeds {
  clientCertificates: readonly ClientCertificateNeed[];
  replicationClients: readonly string[];
}

/** What the operands the Kafka asks for need of the others, each component once, in the operands' order. */
export function requestedNeeds(spec: KafkaSpec, operands: readonly RegisteredOperand[] = KAFKA_OPERANDS): RequestedNeeds {
  const requested = operands.filter((o) => o.requested(spec));
  const certificates = (o: RegisteredOperand): readonly ClientCertificateNeed[] =>
    (typeof o.clientCertificates === "function" ? o.clientCertificates(spec) : o.clientCertificates ?? []);
  return {
    clientCertificates: [...new Map(requested.flatMap(certificates).map((need) => [need.component, need])).values()],
    replicationClients: [...new Set(requested.flatMap((o) => o.replicationClients ?? []))],
  };
}

/** What the operands the Kafka asks for cannot act on: a refusal of the whole sync. */
export function operandRefusals(spec: KafkaSpec, namespace: string, operands: readonly RegisteredOperand[] = KAFKA_OPERANDS): ModelProblem[] {
  return operands.filter((o) => o.requested(spec)).flatMap((o) => o.refusals?.(spec, namespace) ?? []);
}

export interface DesiredCluster {
  children: readonly KubeObject[];
  /** The StrimziPodSets among `children`, which the roller's forecast compares with the observed ones. */
  podSets: readonly StrimziPodSet[];
  /** The digest of every PodSet in `children`, which each of them carries. */
  podSetsRevision: string;
  /** Names of the objects whose certificates are still to be issued or renewed. */
  certificatesPending: readonly string[];
  /** What each operand the Kafka asks for still waits for, read against the observed children; it holds none of the built ones. */
  readiness: ReadonlyArray<BuiltOperand["readiness"]>;
}

export function desiredCluster(cluster: ClusterState, operands: readonly RegisteredOperand[] = KAFKA_OPERANDS): DesiredCluster {
  const built = operands.flatMap((o) => o.build(cluster) ?? []);
  const children = built.flatMap((b) => b.children);
  const revision = podSetsRevision(children);
  const answered = withPodSetsRevision(children, revision);
  return {
    children: answered,
    podSets: answered.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet"),
    podSetsRevision: revision,
    certificatesPending: built.flatMap((b) => b.certificatesPending),
    readiness: built.map((b) => b.readiness),
  };
}

/** What the operands wait for before they are ready, one phrase each. */
export function operandsWaitingFor(desired: Pick<DesiredCluster, "readiness">, observed: ObservedChildren): string[] {
  return desired.readiness.flatMap((readiness) => readiness(observed) ?? []);
}
