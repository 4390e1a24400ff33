// The hooks' serving certificate, which the sidecar keeps so that Metacontroller
// reaches the hooks over TLS with nothing else installed. Two Secrets in the
// hooks' namespace:
//   kafka-hooks-ca   ca.crt, ca.key: the CA, read only by the sidecar;
//   kafka-hooks-tls  ca.crt, tls.crt, tls.key: mounted into the hooks container
//                    (tls.crt and tls.key only) and named by every webhook's
//                    caBundle.secretRef (ca.crt).
// Metacontroller reads the caBundle when it starts a controller and never again,
// so the CA lives long (ten years) and is renewed with the same key and subject:
// a serving certificate from the renewed CA still verifies against the CA
// certificate Metacontroller loaded. The serving certificate lives a year and is
// replaced, with a new key, 30 days before it ends; the hooks reload it from the
// mounted files without a restart.
import type { Secret } from "./api/kubernetes.js";
import { base64, holds, secretText } from "./certificates/observed-secrets.js";
import { coversSubjectAltNames, isSignedBy, isWithinRenewalWindow, keyMatchesCertificate, parseCertificate } from "./pki/inspect.js";
import type { KeyPairSource } from "./pki/keys.js";
import { issueCertificate, type CertificateAuthority } from "./pki/x509.js";
import type { IssuingEnvironment } from "./pki/issuing-environment.js";

export const HOOKS_CA_SECRET = "kafka-hooks-ca";
export const HOOKS_TLS_SECRET = "kafka-hooks-tls";
export const CA_VALIDITY_DAYS = 3650;
export const CA_RENEWAL_DAYS = 365;
export const SERVING_VALIDITY_DAYS = 365;
export const SERVING_RENEWAL_DAYS = 30;
const CA_COMMON_NAME = "kafka-hooks-ca";

export interface HooksService {
  name: string;
  namespace: string;
}

/** The names Metacontroller may call the Service by; it uses `<name>.<namespace>` (and `.svc`) for `service:` webhooks. */
export const hooksDnsNames = ({ name, namespace }: HooksService): string[] =>
  [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];

export interface HooksTlsSecrets {
  ca: Secret;
  tls: Secret;
  /** What was issued, for the log: empty when both Secrets are as observed. */
  issued: Array<"ca-created" | "ca-renewed" | "serving-certificate">;
}

const secret = (service: HooksService, name: string, data: Record<string, string>, type: string): Secret => ({
  apiVersion: "v1",
  kind: "Secret",
  type,
  metadata: { name, namespace: service.namespace, labels: { "app.kubernetes.io/name": "kafka-hooks", "app.kubernetes.io/component": "hooks-tls" } },
  data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, base64(value)])),
});

function caCertificate(privateKeyPem: string, env: IssuingEnvironment): string {
  return issueCertificate({
    commonName: CA_COMMON_NAME,
    privateKeyPem,
    validityDays: CA_VALIDITY_DAYS,
    profile: { certificateAuthority: true, keyUsage: ["keyCertSign", "cRLSign"], extendedKeyUsage: [], dnsNames: [], ipAddresses: [] },
  }, "self-signed", env);
}

/** The CA as observed, renewed with its key when due, or a new one when missing or broken. */
function resolveCa(observed: Secret | undefined, env: IssuingEnvironment, keys: KeyPairSource): { ca: CertificateAuthority; issued?: "ca-created" | "ca-renewed" } {
  const certificatePem = secretText(observed, "ca.crt");
  const privateKeyPem = secretText(observed, "ca.key");
  const usable = certificatePem !== undefined && privateKeyPem !== undefined
    && holds(() => keyMatchesCertificate(privateKeyPem, certificatePem) && parseCertificate(certificatePem).notAfter > env.now());
  if (!usable) {
    const key = keys();
    return { ca: { certificatePem: caCertificate(key, env), privateKeyPem: key }, issued: "ca-created" };
  }
  if (isWithinRenewalWindow(parseCertificate(certificatePem), env.now(), CA_RENEWAL_DAYS)) {
    return { ca: { certificatePem: caCertificate(privateKeyPem, env), privateKeyPem }, issued: "ca-renewed" };
  }
  return { ca: { certificatePem, privateKeyPem } };
}

/** Whether the observed serving certificate can go on serving: its key, its CA, its names, its time. */
function servingCertificateHolds(observed: Secret | undefined, ca: CertificateAuthority, service: HooksService, now: Date): boolean {
  const certificatePem = secretText(observed, "tls.crt");
  const privateKeyPem = secretText(observed, "tls.key");
  if (certificatePem === undefined || privateKeyPem === undefined) return false;
  return holds(() => keyMatchesCertificate(privateKeyPem, certificatePem) && isSignedBy(certificatePem, ca.certificatePem)
    && coversSubjectAltNames(parseCertificate(certificatePem), hooksDnsNames(service), [])
    && !isWithinRenewalWindow(parseCertificate(certificatePem), now, SERVING_RENEWAL_DAYS));
}

/** The two Secrets as they should be now, from the observed ones; unchanged when nothing is due. */
export function hooksTlsSecrets(
  observed: { ca?: Secret; tls?: Secret },
  service: HooksService,
  env: IssuingEnvironment,
  keys: KeyPairSource,
): HooksTlsSecrets {
  const { ca, issued: caIssued } = resolveCa(observed.ca, env, keys);
  const issued: HooksTlsSecrets["issued"] = caIssued ? [caIssued] : [];
  let certificatePem = secretText(observed.tls, "tls.crt") ?? "";
  let privateKeyPem = secretText(observed.tls, "tls.key") ?? "";
  if (!servingCertificateHolds(observed.tls, ca, service, env.now())) {
    privateKeyPem = keys();
    certificatePem = issueCertificate({
      commonName: service.name,
      privateKeyPem,
      validityDays: SERVING_VALIDITY_DAYS,
      profile: { certificateAuthority: false, keyUsage: ["digitalSignature", "keyEncipherment"], extendedKeyUsage: ["serverAuth"], dnsNames: hooksDnsNames(service), ipAddresses: [] },
    }, ca, env);
    issued.push("serving-certificate");
  }
  return {
    ca: secret(service, HOOKS_CA_SECRET, { "ca.crt": ca.certificatePem, "ca.key": ca.privateKeyPem }, "Opaque"),
    tls: secret(service, HOOKS_TLS_SECRET, { "ca.crt": ca.certificatePem, "tls.crt": certificatePem, "tls.key": privateKeyPem }, "kubernetes.io/tls"),
    issued,
  };
}
