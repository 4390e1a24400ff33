// An operand is one thing the Kafka controller runs for a cluster: the brokers
// now; the Entity Operator, Cruise Control, Kafka Exporter, Connect and the
// Bridge next. Each has one home (lib/operands/<name>/) that says which kinds of
// children it owns, builds them from what it needs of the cluster, and reads
// from what Kubernetes reports whether they are ready. The Kafka controller's
// child types and desired children come from the registered operands
// (kafka-operands.ts), so adding one is a home and a line there. What an operand
// needs from the rest of the cluster it declares: the client certificates the
// cluster CA issues for it, and its pods the brokers admit to the replication port.
import type { KafkaSpec } from "../api/kafka.js";
import type { KubeObject } from "../api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../api/strimzi-podset.js";
import type { ClusterCertificates } from "../certificates/cluster-certificates.js";
import type { ClientCertificateNeed } from "../certificates/node-certificates.js";
import type { ObjectsByType } from "../metacontroller.js";
import type { ObservedClusterModel } from "../model/observed-cluster.js";
import type { ModelProblem } from "../model/types.js";
import type { RollForecast } from "../roller/forecast.js";
import type { ApiUsers } from "./cruise-control/api-users.js";

/** A kind of child, as a CompositeController declares it (metacontroller/kafka.yaml). */
/** Builders return typed Kubernetes objects; Metacontroller takes any object with a name. */
export const asChild = (object: { apiVersion?: string; kind?: string; metadata?: object }): KubeObject => object as KubeObject;

export interface ChildType {
  apiVersion: string;
  kind: string;
  resource: string;
}

/** The Kubernetes kinds an operand's workload comes with, as a CompositeController names them. */
export const CHILD_TYPE = {
  serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", resource: "serviceaccounts" },
  configMap: { apiVersion: "v1", kind: "ConfigMap", resource: "configmaps" },
  secret: { apiVersion: "v1", kind: "Secret", resource: "secrets" },
  service: { apiVersion: "v1", kind: "Service", resource: "services" },
  networkPolicy: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", resource: "networkpolicies" },
  podDisruptionBudget: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", resource: "poddisruptionbudgets" },
  role: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", resource: "roles" },
  roleBinding: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", resource: "rolebindings" },
  deployment: { apiVersion: "apps/v1", kind: "Deployment", resource: "deployments" },
  strimziPodSet: { apiVersion: STRIMZI_PODSET_API_VERSION, kind: "StrimziPodSet", resource: "strimzipodsets" },
  pod: { apiVersion: "v1", kind: "Pod", resource: "pods" },
} as const satisfies Record<string, ChildType>;

/** The cluster at this sync, which each operand takes what it needs from; the key of the remembered children. */
export interface ClusterState {
  /** The Kafka's spec, with Strimzi's defaults: each operand but the brokers reads its own section of it (the Kafka Exporter's, …). */
  spec: KafkaSpec;
  model: ObservedClusterModel;
  certificates: ClusterCertificates;
  /** Names of the pods the observed PodSets hold. */
  observedPods: readonly string[];
  /** Component types whose pods the brokers admit to the replication port: what the requested operands declare. */
  replicationClients: readonly string[];
  /** Cruise Control's REST API users with their passwords, kept from the observed Secrets or generated once (cruise-control/api-users.ts). */
  cruiseControlApiUsers?: ApiUsers;
}

/** What Kubernetes reports about the children, read each sync (never remembered): what readiness is read from. */
export interface ObservedChildren {
  /** Every observed child, by type, as Metacontroller sends them. */
  children: ObjectsByType;
  /** The observed StrimziPodSets, checked (lib/model/observed-podsets.ts). */
  podSets: readonly StrimziPodSet[];
  /** Which pods will restart and why (lib/roller/forecast.ts). */
  roll: RollForecast;
}

export interface OperandChildren {
  children: readonly KubeObject[];
  /** Names of the objects whose certificates are still to be issued or renewed. */
  certificatesPending: readonly string[];
}

/** What an operand needs of the others while the Kafka asks for it; the registry gathers them (kafka-operands.ts). */
export interface OperandNeeds {
  /**
   * Components (`kafka-exporter`) the cluster CA issues a client certificate to: `CN=<cluster>-<type>, O=io.strimzi`
   * in `<cluster>-<type>-certs`; a function of the spec when they depend on it (the Entity Operator's operators).
   */
  readonly clientCertificates?: readonly ClientCertificateNeed[] | ((spec: KafkaSpec) => readonly ClientCertificateNeed[]);
  /** Component types whose pods (`strimzi.io/name: <cluster>-<type>`) the brokers admit to the replication port, as Strimzi's Kafka network policy does. */
  readonly replicationClients?: readonly string[];
}

export interface Operand<Input, Built extends OperandChildren> extends OperandNeeds {
  readonly name: string;
  /** Every kind of child it may build: the Kafka controller declares them all. */
  readonly childTypes: readonly ChildType[];
  /** Whether the Kafka asks for it; one it does not ask for has no children and needs nothing. */
  requested(spec: KafkaSpec): boolean;
  /**
   * What of its section it cannot act on, each naming the field, when requested: the
   * whole sync is then refused and every child kept as it is (Invalid input changes nothing).
   */
  refusals?(spec: KafkaSpec, namespace: string): ModelProblem[];
  /** What it needs of the cluster, when requested. */
  input(cluster: ClusterState): Input;
  children(input: Input): Built;
  /** What it still waits for before it is ready, or undefined when it is; from the built parts other than the children, which a remembered result keeps only as JSON. */
  readiness(built: Omit<Built, keyof OperandChildren>, observed: ObservedChildren): string | undefined;
}

/** An operand built for one cluster, its own types out of sight: what the registry holds and remembers. */
export interface BuiltOperand extends OperandChildren {
  readiness(observed: ObservedChildren): string | undefined;
}

export interface RegisteredOperand extends OperandNeeds {
  readonly name: string;
  readonly childTypes: readonly ChildType[];
  requested(spec: KafkaSpec): boolean;
  refusals?(spec: KafkaSpec, namespace: string): ModelProblem[];
  build(cluster: ClusterState): BuiltOperand | undefined;
}

export function registerOperand<Input, Built extends OperandChildren>(operand: Operand<Input, Built>): RegisteredOperand {
  return {
    name: operand.name,
    childTypes: operand.childTypes,
    requested: operand.requested,
    ...(operand.clientCertificates ? { clientCertificates: operand.clientCertificates } : {}),
    ...(operand.replicationClients ? { replicationClients: operand.replicationClients } : {}),
    ...(operand.refusals ? { refusals: operand.refusals } : {}),
    build: (cluster) => {
      if (!operand.requested(cluster.spec)) return undefined;
      const { children, certificatesPending, ...parts } = operand.children(operand.input(cluster));
      return { children, certificatesPending, readiness: (observed) => operand.readiness(parts, observed) };
    },
  };
}
