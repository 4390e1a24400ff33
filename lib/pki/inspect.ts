// Reading certificates found in observed Secrets, to decide whether to keep, renew
// or replace them. Parse a certificate once with parseCertificate; the predicates
// on dates and names then work on the parsed form.
//
// node:crypto reads any certificate (RSA or not, ours or a user's CA); node-forge's
// certificate parser handles RSA keys only, so forge is used here just to walk the
// ASN.1 for what node:crypto returns as display text (validity, SANs).
import { createPrivateKey, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { memoize, type RememberedStage } from "../memo.js";
import { REMEMBERED_BYTES } from "../remembered-budget.js";
import { formatIpAddress, ipAddressOctets } from "./ip-address.js";

export interface CertificateInfo {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** In certificate order, e.g. "O=io.strimzi, CN=cluster-ca v0". */
  readonly subject: string;
  readonly issuer: string;
  readonly dnsNames: readonly string[];
  /** Dotted quads and RFC 5952 IPv6 text ("2001:db8::1"). */
  readonly ipAddresses: readonly string[];
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
  /** "AB:CD:...", as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256Fingerprint: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function readCertificate(certificatePem: string): CertificateInfo {
  const cert = x509(certificatePem);
  const { notBefore, notAfter, dnsNames, ipAddresses } = readTbsCertificate(cert.raw);
  return {
    notBefore,
    notAfter,
    subject: cert.subject.split("\n").join(", "),
    issuer: cert.issuer.split("\n").join(", "),
    dnsNames,
    ipAddresses,
    serialNumber: cert.serialNumber.toUpperCase(),
    sha256Fingerprint: cert.fingerprint256,
  };
}

/**
 * Strimzi's rule: a certificate is renewed once `now` is strictly after
 * notAfter minus `renewalDays` days (so exactly at that instant it is not yet).
 */
export function isWithinRenewalWindow(cert: Pick<CertificateInfo, "notAfter">, now: Date, renewalDays: number): boolean {
  return now.getTime() > renewalWindowStart(cert, renewalDays);
}

/** The last instant (ms since the epoch) at which the certificate is not yet due for renewal. */
export function renewalWindowStart(cert: Pick<CertificateInfo, "notAfter">, renewalDays: number): number {
  return cert.notAfter.getTime() - renewalDays * DAY_MS;
}

function checkIssuedBy(certificatePem: string, caCertificatePem: string): boolean {
  const cert = x509(certificatePem);
  const ca = x509(caCertificatePem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/**
 * Whether the certificate names every given DNS name (compared without case, a
 * wildcard only matching the same wildcard) and every given IP address (compared as
 * octets). Extra names in the certificate do not matter here; Strimzi also renews
 * when names were removed, which callers can tell by comparing the lists.
 */
export function coversSubjectAltNames(
  cert: Pick<CertificateInfo, "dnsNames" | "ipAddresses">,
  dnsNames: readonly string[],
  ipAddresses: readonly string[],
): boolean {
  const presentDns = new Set(cert.dnsNames.map((name) => name.toLowerCase()));
  const presentIps = new Set(cert.ipAddresses.map((ip) => formatIpAddress(ipAddressOctets(ip))));
  return dnsNames.every((name) => presentDns.has(name.toLowerCase()))
    && ipAddresses.every((ip) => presentIps.has(formatIpAddress(ipAddressOctets(ip))));
}

function checkKeyMatches(privateKeyPem: string, certificatePem: string): boolean {
  return x509(certificatePem).checkPrivateKey(createPrivateKey(privateKeyPem));
}

function x509(certificatePem: string): X509Certificate {
  try {
    return new X509Certificate(certificatePem);
  } catch (cause) {
    throw new Error("not a PEM X.509 certificate", { cause });
  }
}

const { asn1 } = forge;
const OID_SUBJECT_ALT_NAME = "2.5.29.17";
const GENERAL_NAME_DNS = 2;
const GENERAL_NAME_IP = 7;

function readTbsCertificate(der: Buffer): Pick<CertificateInfo, "notBefore" | "notAfter" | "dnsNames" | "ipAddresses"> {
  const certificate = asn1.fromDer(der.toString("binary"));
  const tbs = children(children(certificate)[0]);
  // version [0] is absent from v1 certificates; then everything sits one place earlier.
  const offset = isContext(tbs[0], 0) ? 1 : 0;
  const [notBefore, notAfter] = children(tbs[offset + 3]).map(time);
  if (!notBefore || !notAfter) throw new Error("certificate validity is incomplete");
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const extensions = tbs.find((element) => isContext(element, 3));
  for (const extension of extensions ? children(children(extensions)[0]) : []) {
    const fields = children(extension);
    if (asn1.derToOid(bytes(fields[0])) !== OID_SUBJECT_ALT_NAME) continue;
    for (const generalName of children(asn1.fromDer(bytes(fields[fields.length - 1])))) {
      if (isContext(generalName, GENERAL_NAME_DNS)) dnsNames.push(bytes(generalName));
      if (isContext(generalName, GENERAL_NAME_IP)) ipAddresses.push(formatIpAddress(Buffer.from(bytes(generalName), "binary")));
    }
  }
  return { notBefore, notAfter, dnsNames, ipAddresses };
}

function time(element: forge.asn1.Asn1): Date {
  return element.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(bytes(element)) : asn1.generalizedTimeToDate(bytes(element));
}

function isContext(element: forge.asn1.Asn1 | undefined, tag: number): boolean {
  return element?.tagClass === asn1.Class.CONTEXT_SPECIFIC && element.type === tag;
}

function children(element: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!element || !Array.isArray(element.value)) throw new Error("malformed certificate: expected a constructed ASN.1 element");
  return element.value;
}

function bytes(element: forge.asn1.Asn1 | undefined): string {
  if (!element || typeof element.value !== "string") throw new Error("malformed certificate: expected a primitive ASN.1 element");
  return element.value;
}

/** Parses the first certificate of a PEM text; throws if there is none. The result is shared: never modify it. */
export const parseCertificate = memoize("certificate-parse", REMEMBERED_BYTES.certificateCheck, readCertificate);
/** Whether `caCertificatePem` issued `certificatePem`: names and key identifiers match and the signature verifies. */
export const isSignedBy = memoize("certificate-issuer", REMEMBERED_BYTES.certificateCheck, checkIssuedBy);
/** Whether the private key (PEM, PKCS#8 or PKCS#1) is the one the certificate certifies. */
export const keyMatchesCertificate = memoize("certificate-key", REMEMBERED_BYTES.certificateCheck, checkKeyMatches);
/**
 * A certificate with its private key, read once: its parsed form if `caCertificatePem`
 * issued it and the key is its own, else undefined. The check a sync makes for every
 * node, in one lookup.
 */
export const verifiedCertificate = memoize(
  "certificate-verified",
  REMEMBERED_BYTES.certificateCheck,
  (certificatePem: string, privateKeyPem: string, caCertificatePem: string): CertificateInfo | undefined =>
    (checkIssuedBy(certificatePem, caCertificatePem) && checkKeyMatches(privateKeyPem, certificatePem) ? readCertificate(certificatePem) : undefined),
);

/**
 * The four checks' remembered results, for the metrics. Shared by the whole
 * process, unlike a sync's memory (lib/sync/remembered.ts): each is a pure
 * function of the PEM texts it is given, so no caller can see another's result
 * differ from its own.
 */
export const CERTIFICATE_CHECKS: readonly RememberedStage[] = [parseCertificate, isSignedBy, keyMatchesCertificate, verifiedCertificate].map((check) => check.stage);
