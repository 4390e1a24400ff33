// When each CA of a cluster expires, read from the CA certificate Secrets a
// Kafka sync answers with, for the metric Strimzi's operator exports
// (`strimzi_certificate_expiration_timestamp_ms`, hooks/metrics.ts). The answer
// carries the current certificate whether the sync built it or re-emitted what
// it had, so every 200 answer tells.
import type { KubeObject, Secret } from "../api/kubernetes.js";
import { clientsCaCertSecretName, clusterCaCertSecretName } from "../names.js";
import { parseCertificate } from "../pki/inspect.js";
import { CA_CERT_KEY } from "./certificate-authorities.js";
import { holds, pemCertificates, secretText } from "./observed-secrets.js";

/** Strimzi's names for the two CAs in the metric's `type` label. */
export type CaType = "cluster-ca" | "client-ca";

export interface CaExpiry {
  type: CaType;
  notAfter: Date;
}

const caCertificateSecrets = (cluster: string): ReadonlyArray<[CaType, string]> =>
  [["cluster-ca", clusterCaCertSecretName(cluster)], ["client-ca", clientsCaCertSecretName(cluster)]];

/** Whether `child` is one of the cluster's two CA certificate Secrets, which caExpiries reads. */
export function isCaCertificateSecret(cluster: string, child: KubeObject): boolean {
  return child.kind === "Secret" && caCertificateSecrets(cluster).some(([, name]) => child.metadata.name === name);
}

/** The expiry of each CA whose certificate Secret is among `children` (the current certificate: the first in `ca.crt`). */
export function caExpiries(cluster: string, children: readonly KubeObject[]): CaExpiry[] {
  return caCertificateSecrets(cluster).flatMap(([type, name]) => {
    const secret = children.find((c) => c.kind === "Secret" && c.metadata.name === name) as Secret | undefined;
    const [current] = pemCertificates(secretText(secret, CA_CERT_KEY));
    if (current === undefined || !holds(() => parseCertificate(current) !== undefined)) return [];
    return [{ type, notAfter: parseCertificate(current).notAfter }];
  });
}
