// One small cluster PKI, issued the same way by every PKI test: fixture keys,
// a fixed clock and seeded randomness.
import type { IssuingEnvironment } from "../../lib/pki/issuing-environment.js";
import { seededRandom } from "../../lib/environment.js";
import { createCertificateAuthority, type CertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueClientCertificate, issueNodeCertificate, OPERATOR_COMMON_NAME } from "../../lib/pki/end-entity.js";
import { fixtureKeyPairSource } from "../helpers/keys.js";

/** Mid-second on purpose: certificates keep whole seconds. */
export const NOW = new Date("2025-03-01T12:00:00.750Z");
export const NOW_SECOND = new Date("2025-03-01T12:00:00.000Z");

export const testEnvironment = (seed = "pki", now = NOW): IssuingEnvironment => ({ now: () => now, random: seededRandom(seed) });

export const NODE_DNS_NAMES = [
  "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc",
  "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc.cluster.local",
  "my-cluster-kafka-bootstrap.myproject.svc",
];
export const NODE_IPS = ["10.0.0.7", "fd00::7"];

export interface IssuedCluster {
  clusterCa: CertificateAuthority;
  node: { certificatePem: string; privateKeyPem: string };
  operator: { certificatePem: string; privateKeyPem: string };
}

export function issueCluster(seed = "pki"): IssuedCluster {
  const keys = fixtureKeyPairSource();
  const env = testEnvironment(seed);
  const clusterCa = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, keys, env);
  const nodeKey = keys();
  const node = issueNodeCertificate(clusterCa, { clusterName: "my-cluster", dnsNames: NODE_DNS_NAMES, ipAddresses: NODE_IPS, validityDays: 365, privateKeyPem: nodeKey }, env);
  const operatorKey = keys();
  const operator = issueClientCertificate(clusterCa, { commonName: OPERATOR_COMMON_NAME, validityDays: 365, privateKeyPem: operatorKey }, env);
  return {
    clusterCa,
    node: { certificatePem: node, privateKeyPem: nodeKey },
    operator: { certificatePem: operator, privateKeyPem: operatorKey },
  };
}
