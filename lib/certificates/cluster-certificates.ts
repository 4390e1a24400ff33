// Every certificate of one cluster, resolved from what was observed: the two CAs,
// a certificate per node, the sidecar's and the client components'. Node certificates are issued
// controllers first, within the environment's key budget per sync, so a new
// 100-node cluster gets its certificates over a few quick syncs instead of one
// that outlasts the hook's timeout.
import type { CertificateAuthority, Kafka } from "../api/kafka.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ANNOTATION } from "../labels.js";
import type { ObservedClusterModel } from "../model/observed-cluster.js";
import type { ModelProblem } from "../model/types.js";
import type { CaKind } from "../pki/certificate-authority.js";
import type { Environment } from "../environment.js";
import { resolveCertificateAuthority, withoutOldCertificates, type ResolvedCa } from "./certificate-authorities.js";
import { listenerCertificates, type ListenerCertificate } from "./listener-certificates.js";
import { clientCertificate, nodeCertificate, operatorCertificate, type ClientCertificate, type ClientCertificateNeed, type EndEntityCertificate, type KeyBudget } from "./node-certificates.js";
import type { SecretsByName } from "./observed-secrets.js";

export interface ClusterCertificates {
  clusterCa: ResolvedCa;
  clientsCa: ResolvedCa;
  /** By pod name. */
  nodes: Map<string, EndEntityCertificate>;
  operator: EndEntityCertificate;
  /** Client certificates of the components the operands declare, by component type (`kafka-exporter`). */
  clients: Map<string, ClientCertificate>;
  /** Listeners' own certificates, served by every broker. */
  listeners: ListenerCertificate[];
}

/**
 * What the certificates need to know of the observed pods: whether the cluster
 * runs, and which CA certificate generations its pods started with once every
 * PodSet is settled (all pods ready and current).
 */
export interface PodCertificateGenerations {
  clusterExists: boolean;
  /** Every observed PodSet is settled; the generations below are meaningful only then. */
  settled: boolean;
  /** The distinct generations the observed pods record for each CA, sorted. */
  caCertGenerations: Record<CaKind, string[]>;
}

/** What the Kafka says of its CAs: `spec.clusterCa`, `spec.clientsCa` and Strimzi's force-new-CA annotation. */
export interface CaSettings {
  clusterCa?: CertificateAuthority;
  clientsCa?: CertificateAuthority;
  forceNew: readonly string[];
}

export const caSettings = (kafka: Kafka): CaSettings => ({
  clusterCa: kafka.spec.clusterCa,
  clientsCa: kafka.spec.clientsCa,
  forceNew: (kafka.metadata.annotations?.[ANNOTATION.forceNewCa] ?? "").split(",").map((s) => s.trim()),
});

export interface ClusterCertificatesInput {
  cas: CaSettings;
  model: ObservedClusterModel;
  secrets: SecretsByName;
  pods: PodCertificateGenerations;
  /** Components that get a client certificate (lib/operands: what the operands the Kafka asks for declare). */
  clientComponents: readonly ClientCertificateNeed[];
  /** Now is inside one of `spec.maintenanceTimeWindows`, or there are none: when due client certificates are renewed. */
  withinMaintenanceWindow: boolean;
  env: Environment;
}

export type ClusterCertificatesResult = { ok: true; certificates: ClusterCertificates } | { ok: false; problems: ModelProblem[] };

/** The pod annotation that records which certificate of a CA a pod started with. */
export const CA_CERT_GENERATION_ANNOTATION: Record<CaKind, string> = {
  "cluster-ca": ANNOTATION.clusterCaCertGeneration,
  "clients-ca": ANNOTATION.clientsCaCertGeneration,
};

export function podCertificateGenerations(observedPodSets: readonly StrimziPodSet[]): PodCertificateGenerations {
  const generations = (kind: CaKind): string[] => [...new Set(observedPodSets.flatMap((ps) =>
    ps.spec.pods.map((p) => p.metadata.annotations?.[CA_CERT_GENERATION_ANNOTATION[kind]] ?? "")))].sort();
  return {
    clusterExists: observedPodSets.length > 0,
    settled: observedPodSets.length > 0 && observedPodSets.every((ps) => {
      const pods = ps.spec.pods.length;
      const { status } = ps;
      return status?.observedGeneration === ps.metadata.generation && status?.readyPods === pods && status?.currentPods === pods;
    }),
    caCertGenerations: { "cluster-ca": generations("cluster-ca"), "clients-ca": generations("clients-ca") },
  };
}

/** Every observed pod runs, ready and current, with the given generation of the CA's certificate. */
function podsOnCertificate(pods: PodCertificateGenerations, kind: CaKind, certGeneration: number): boolean {
  return pods.settled && pods.caCertGenerations[kind].every((g) => g === String(certGeneration));
}

export function resolveClusterCertificates(input: ClusterCertificatesInput): ClusterCertificatesResult {
  const { cas, model, secrets, pods, env } = input;
  const resolve = (kind: CaKind) => resolveCertificateAuthority({
    kind,
    cluster: model.name,
    spec: kind === "cluster-ca" ? cas.clusterCa : cas.clientsCa,
    secrets,
    clusterExists: pods.clusterExists,
    forceNew: cas.forceNew.includes(kind),
    env,
  });
  const clusterCa = resolve("cluster-ca");
  const clientsCa = resolve("clients-ca");
  const listeners = listenerCertificates(model, secrets);
  if (!clusterCa.ok || !clientsCa.ok || !listeners.ok) {
    return {
      ok: false,
      problems: [...[clusterCa, clientsCa].flatMap((r) => (r.ok ? [] : [r.problem])), ...(listeners.ok ? [] : listeners.problems)],
    };
  }
  const rolledWith = (ca: ResolvedCa): boolean => podsOnCertificate(pods, ca.kind, ca.certGeneration);
  // A key replacement takes two rolls, as in Strimzi. Until every pod has restarted
  // trusting the new CA certificate beside the old one, certificates of the old key
  // stay good: a pod not yet restarted would refuse one from the new key. Then they
  // are re-issued and the pods roll again; when every certificate is the new key's
  // and every pod has restarted with it, the old CA certificate goes.
  const issuers = rolledWith(clusterCa.ca) ? [clusterCa.ca.authority.certificatePem] : clusterCa.ca.trusted;
  const budget: KeyBudget = { remaining: env.newKeysPerSync };
  // Controllers first: a quorum needs its voters before brokers can join.
  const order = [...model.nodes].sort((a, b) => Number(b.isController) - Number(a.isController) || a.nodeId - b.nodeId);
  const nodes = new Map(order.map((node) => [node.podName, nodeCertificate(model, node, clusterCa.ca, issuers, secrets, budget, env)]));
  const operator = operatorCertificate(model, clusterCa.ca, issuers, secrets, budget, env);
  const clientContext = { cluster: model.name, namespace: model.namespace, clusterCa: clusterCa.ca, issuers, secrets, budget, env, withinMaintenanceWindow: input.withinMaintenanceWindow };
  const clients = new Map(input.clientComponents.map((need) => [need.component, clientCertificate(need, clientContext)]));
  const everyCertificateOnCurrentKey = [...nodes.values(), operator, ...clients.values()].every((c) => c.state === "current" && c.signedByCurrentKey);
  const retire = (ca: ResolvedCa, signedOnCurrentKey: boolean): ResolvedCa =>
    (ca.trusted.length > 1 && signedOnCurrentKey && rolledWith(ca) ? withoutOldCertificates(ca, secrets, model.name, env) : ca);
  return {
    ok: true,
    certificates: {
      clusterCa: retire(clusterCa.ca, everyCertificateOnCurrentKey),
      // The clients CA signs no certificate of the cluster's own: its old certificate goes once every pod trusts the new one.
      clientsCa: retire(clientsCa.ca, true),
      nodes,
      operator,
      clients,
      listeners: listeners.certificates,
    },
  };
}
