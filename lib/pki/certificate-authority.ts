// Strimzi's two self-signed CAs. A CA's life, as Strimzi runs it:
//   create       new key, key generation 0          createCertificateAuthority
//   renew        same key, same generation, new cert issueCaCertificate
//   replace key  new key, generation + 1             createCertificateAuthority
// The generation is part of the subject because Strimzi found that replacing a key
// breaks trust when the old and new certificates share a subject.
import type { IssuingEnvironment } from "./issuing-environment.js";
import type { KeyPairSource } from "./keys.js";
import { issueCertificate, type CertificateAuthority } from "./x509.js";

export type { CertificateAuthority } from "./x509.js";

/** The cluster CA signs the cluster's own components; the clients CA signs its users. */
export type CaKind = "cluster-ca" | "clients-ca";

/** Strimzi's defaults for `spec.clusterCa` and `spec.clientsCa`. */
export const DEFAULT_CA_VALIDITY_DAYS = 365;
export const DEFAULT_CA_RENEWAL_DAYS = 30;

export interface CaCertificateRequest {
  readonly kind: CaKind;
  readonly keyGeneration: number;
  readonly validityDays: number;
  readonly privateKeyPem: string;
}

/** "cluster-ca v0": Strimzi's common name for generation 0 of the cluster CA's key. */
export function caCommonName(kind: CaKind, keyGeneration: number): string {
  if (!Number.isInteger(keyGeneration) || keyGeneration < 0) throw new Error(`a CA key generation is a whole number, at least 0: ${keyGeneration}`);
  return `${kind} v${keyGeneration}`;
}

/**
 * A self-signed CA certificate for the given key: `O=io.strimzi, CN=<kind> v<generation>`,
 * basicConstraints CA:true pathlen:0 and keyUsage keyCertSign+cRLSign (both critical),
 * subjectKeyIdentifier; valid from now for `validityDays`.
 */
export function issueCaCertificate(request: CaCertificateRequest, env: IssuingEnvironment): string {
  return issueCertificate(
    {
      commonName: caCommonName(request.kind, request.keyGeneration),
      privateKeyPem: request.privateKeyPem,
      validityDays: request.validityDays,
      profile: { certificateAuthority: true, keyUsage: ["keyCertSign", "cRLSign"], extendedKeyUsage: [], dnsNames: [], ipAddresses: [] },
    },
    "self-signed",
    env,
  );
}

/** A CA with a new key: for a cluster's first CA (generation 0) and for each key replacement. */
export function createCertificateAuthority(
  request: Omit<CaCertificateRequest, "privateKeyPem">,
  keys: KeyPairSource,
  env: IssuingEnvironment,
): CertificateAuthority {
  const privateKeyPem = keys();
  return { certificatePem: issueCaCertificate({ ...request, privateKeyPem }, env), privateKeyPem };
}
