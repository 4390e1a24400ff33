// The two costly stages of a Kafka sync, remembered per cluster: resolving the
// certificates (a signature check, a key parse and the names of every node) and
// building the children (300 objects and their properties files at 100 nodes).
// Metacontroller calls the hook on every change to a PodSet's status, and then
// neither stage's inputs have changed; recalling their results leaves parsing
// the request and writing the answer as most of the work.
import type { KubeObject } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { resolveClusterCertificates, type ClusterCertificates, type ClusterCertificatesInput, type ClusterCertificatesResult } from "../certificates/cluster-certificates.js";
import { LastResults } from "../memo.js";
import type { KafkaClusterModel } from "../model/types.js";
import { parseCertificate, renewalWindowStart } from "../pki/inspect.js";
import type { Environment } from "./environment.js";

/**
 * How much is remembered, in nodes: memory grows with a cluster's nodes (its
 * children, and the Secrets kept to compare the next request's with). Measured:
 * 1.9 MiB of heap per 100 nodes, plus 1.2 MiB of encoded answer; some 150 MiB
 * at most, within the hooks container's 512 MiB. Beyond that the least recently
 * synced cluster is forgotten, and simply rebuilt when it comes back.
 */
const REMEMBERED_NODES = 5_000;

type CertificateInputs = Omit<ClusterCertificatesInput, "env"> & Omit<Environment, "now">;
const certificateResults = new LastResults<CertificateInputs, ClusterCertificatesResult>(
  "kafka-certificates", REMEMBERED_NODES, (result) => (result.ok ? result.certificates.nodes.size : 1),
);

/**
 * Until when the certificates stand: the first instant one of them enters its
 * renewal window. Only a result that kept every certificate as observed is
 * remembered; one that issued anything is different on the next sync anyway.
 */
function standsUntil(certificates: ClusterCertificates): number | undefined {
  const endEntities = [...certificates.nodes.values(), certificates.operator];
  if (certificates.clusterCa.event || certificates.clientsCa.event || endEntities.some((c) => c.state !== "current")) return undefined;
  const starts = [
    ...[certificates.clusterCa, certificates.clientsCa].map((ca) => renewalWindowStart(parseCertificate(ca.authority.certificatePem), ca.renewalDays)),
    ...endEntities.map((c) => renewalWindowStart(parseCertificate(c.certificatePem ?? ""), certificates.clusterCa.renewalDays)),
  ];
  return Math.min(...starts);
}

export function rememberedCertificates(key: string, input: ClusterCertificatesInput): ClusterCertificatesResult {
  const { env, ...observed } = input;
  // The environment's sources of keys and randomness belong to the inputs, so a result never crosses to another environment.
  const inputs: CertificateInputs = { ...observed, random: env.random, newPrivateKey: env.newPrivateKey, newKeysPerSync: env.newKeysPerSync };
  const now = env.now().getTime();
  const known = certificateResults.recall(key, inputs, now);
  if (known !== undefined) return known;
  const result = resolveClusterCertificates(input);
  const until = result.ok ? standsUntil(result.certificates) : undefined;
  return until === undefined ? result : certificateResults.remember(key, inputs, result, until);
}

export interface ChildrenInputs {
  model: KafkaClusterModel;
  certificates: ClusterCertificates;
  /** Names of the pods the observed PodSets hold. */
  observedPods: string[];
}

export interface DesiredCluster {
  children: readonly KubeObject[];
  podSets: readonly StrimziPodSet[];
  /** Pods whose certificate is still to be issued or renewed. */
  certificatesPending: readonly string[];
}

const childrenResults = new LastResults<ChildrenInputs, DesiredCluster>("kafka-children", REMEMBERED_NODES, (result) => result.podSets.reduce((n, ps) => n + ps.spec.pods.length, 0));

/** The desired children, built by `build` unless the same inputs built them for this cluster last time. The answer is frozen. */
export function rememberedChildren(key: string, inputs: ChildrenInputs, build: (inputs: ChildrenInputs) => DesiredCluster): DesiredCluster {
  return childrenResults.recall(key, inputs) ?? childrenResults.remember(key, inputs, build(inputs));
}
