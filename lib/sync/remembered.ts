// The two costly stages of a Kafka sync, remembered per cluster: resolving the
// certificates (a signature check, a key parse and the names of every node) and
// building the children (300 objects and their properties files at 100 nodes).
// Metacontroller calls the hook on every change to a PodSet's status, and then
// neither stage's inputs have changed; recalling their results leaves parsing
// the request and writing the answer as most of the work.
import { resolveClusterCertificates, type ClusterCertificates, type ClusterCertificatesInput, type ClusterCertificatesResult } from "../certificates/cluster-certificates.js";
import { encodedJson } from "../encoded-json.js";
import { LastResults } from "../memo.js";
import type { DesiredCluster } from "../operands/kafka-operands.js";
import type { ClusterState } from "../operands/operand.js";
import { parseCertificate, renewalWindowStart } from "../pki/inspect.js";
import { REMEMBERED_BYTES } from "../remembered-budget.js";
import type { Environment } from "./environment.js";

type CertificateInputs = Omit<ClusterCertificatesInput, "env"> & Omit<Environment, "now">;
const certificateResults = new LastResults<CertificateInputs, ClusterCertificatesResult>(
  "kafka-certificates", REMEMBERED_BYTES.kafkaCertificates,
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

// The answer writes the children's JSON, encoded once per result: part of what a result keeps.
const childrenResults = new LastResults<ClusterState, DesiredCluster>("kafka-children", REMEMBERED_BYTES.kafkaChildren, (result) => encodedJson(result.children).byteLength);

/** The desired children, built by `build` unless the same inputs built them for this cluster last time. The answer is frozen. */
export function rememberedChildren(key: string, inputs: ClusterState, build: (inputs: ClusterState) => DesiredCluster): DesiredCluster {
  return childrenResults.recall(key, inputs) ?? childrenResults.remember(key, inputs, build(inputs));
}
