// The two costly stages of a Kafka sync, remembered per cluster: resolving the
// certificates (a signature check, a key parse and the names of every node) and
// building the children (300 objects and their properties files at 100 nodes).
// Metacontroller calls the hook on every change to a PodSet's status, and then
// neither stage's inputs have changed; recalling their results leaves parsing
// the request and writing the answer as most of the work. The PodSet sync
// remembers each PodSet's pods alike. What is remembered lives as long as the
// memory it is given (created per server by buildServer), not the process.
import type { Pod } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { isCaCertificateSecret } from "../certificates/ca-expiry.js";
import { resolveClusterCertificates, type ClusterCertificates, type ClusterCertificatesInput, type ClusterCertificatesResult } from "../certificates/cluster-certificates.js";
import { encodedJson } from "../encoded-json.js";
import { EncodedChildren, type AnswerChildren } from "./encoded-children.js";
import { LastResults, type RememberedStage } from "../memo.js";
import type { DesiredCluster } from "../operands/kafka-operands.js";
import type { ClusterState } from "../operands/operand.js";
import { CERTIFICATE_CHECKS, parseCertificate, renewalWindowStart } from "../pki/inspect.js";
import { storeMacKey } from "../pki/pkcs12.js";
import { REMEMBERED_BYTES } from "../remembered-budget.js";
import type { Environment } from "../environment.js";
import type { PreparedWork } from "../pki/certificate-task.js";

type CertificateInputs = Omit<ClusterCertificatesInput, "env"> & Omit<Environment, "now">;

/**
 * Until when the certificates stand: the first instant one of them enters its
 * renewal window. Only a result that kept every certificate as observed is
 * remembered; one that issued anything is different on the next sync anyway.
 */
function standsUntil(certificates: ClusterCertificates): number | undefined {
  const endEntities = [...certificates.nodes.values(), certificates.operator, ...certificates.clients.values()];
  if (certificates.clusterCa.event || certificates.clientsCa.event || endEntities.some((c) => c.state !== "current")) return undefined;
  const starts = [
    ...[certificates.clusterCa, certificates.clientsCa].map((ca) => renewalWindowStart(parseCertificate(ca.authority.certificatePem), ca.renewalDays)),
    ...endEntities.map((c) => renewalWindowStart(parseCertificate(c.certificatePem ?? ""), certificates.clusterCa.renewalDays)),
  ];
  return Math.min(...starts);
}

/** The cluster's certificates, recalled from `memory` while their inputs stay the same; without a memory, resolved afresh. */
export function rememberedCertificates(memory: SyncMemory | undefined, key: string, input: ClusterCertificatesInput): ClusterCertificatesResult {
  if (memory === undefined) return resolveClusterCertificates(input);
  const { env, ...observed } = input;
  // The environment's sources of keys and randomness belong to the inputs, so a result never crosses to another environment.
  const inputs: CertificateInputs = { ...observed, random: env.random, newPrivateKey: env.newPrivateKey, newKeysPerSync: env.newKeysPerSync };
  const now = env.now().getTime();
  const known = memory.certificates.recall(key, inputs, now);
  if (known !== undefined) return known;
  const result = resolveClusterCertificates(input);
  const until = result.ok ? standsUntil(result.certificates) : undefined;
  return until === undefined ? result : memory.certificates.remember(key, inputs, result, until);
}

/** Desired children as a sync reads them: built, or remembered with the children as their JSON alone. */
export type AnswerCluster = Omit<DesiredCluster, "children"> & { children: AnswerChildren };

/**
 * What the children stage keeps: the children's JSON and, of the objects, the PodSets (the roll forecast reads them) and
 * the CA certificate Secrets (the server's expiry metric); the rest would hold as much heap as their JSON again.
 */
type RememberedCluster = Omit<DesiredCluster, "children"> & { children: EncodedChildren };

const encoded = (cluster: string, built: DesiredCluster): RememberedCluster =>
  ({ ...built, children: EncodedChildren.of(built.children, (child) => isCaCertificateSecret(cluster, child)) });

/**
 * The desired children, built by `build` unless the same inputs built them for this cluster last time (then frozen); without a memory, built.
 * With `prepared` (the hooks server), building and remembering them are taken for later, each a turn of its own (100 nodes' children
 * cost as much as the rest of the sync), and undefined is returned: the next run of the sync recalls them.
 */
export function rememberedChildren(
  memory: SyncMemory | undefined, key: string, inputs: ClusterState, build: (inputs: ClusterState) => DesiredCluster, prepared?: PreparedWork,
): AnswerCluster | undefined {
  if (memory === undefined) return build(inputs);
  const known = memory.children.recall(key, inputs);
  if (known !== undefined) return known;
  let built: DesiredCluster | undefined;
  const steps = [() => { built = build(inputs); }, () => { if (built !== undefined) memory.children.remember(key, inputs, encoded(inputs.model.name, built)); }];
  if (prepared?.later("children", steps) === true) return undefined;
  return memory.children.remember(key, inputs, encoded(inputs.model.name, build(inputs)));
}

/** What the PodSet sync's pods are built from: a PodSet's metadata and spec. */
export type PodSetInputs = Pick<StrimziPodSet, "metadata" | "spec">;

/** The hooks' memory of costly stages, per cluster or PodSet: one per server, bounded by `budget`. */
export interface SyncMemory {
  certificates: LastResults<CertificateInputs, ClusterCertificatesResult>;
  children: LastResults<ClusterState, RememberedCluster>;
  podSetPods: LastResults<PodSetInputs, readonly Pod[]>;
  /** Every stage a sync looks results up in, for the metrics: these three, the certificate checks and the stores' MAC keys. */
  stages: readonly RememberedStage[];
}

export function createSyncMemory(budget: typeof REMEMBERED_BYTES = REMEMBERED_BYTES): SyncMemory {
  const certificates = new LastResults<CertificateInputs, ClusterCertificatesResult>("kafka-certificates", budget.kafkaCertificates);
  const children = new LastResults<ClusterState, RememberedCluster>("kafka-children", budget.kafkaChildren);
  // The answers write the pods' JSON, encoded once per result: part of what a result keeps.
  const podSetPods = new LastResults<PodSetInputs, readonly Pod[]>("podset-pods", budget.podSetPods, (pods) => encodedJson(pods).byteLength);
  return { certificates, children, podSetPods, stages: [certificates, children, podSetPods, ...CERTIFICATE_CHECKS, storeMacKey.stage] };
}
