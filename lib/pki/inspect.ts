// Reading certificates found in observed Secrets, to decide whether to keep, renew
// or replace them. Parse a certificate once with parseCertificate; the predicates
// on dates and names then work on the parsed form.
//
// node:crypto reads any certificate (RSA or not, ours or a user's CA); the names it
// returns only as display text (subjectAltName) are read from the DER (der.ts).
import { createPrivateKey, X509Certificate } from "node:crypto";
import { memoize, type RememberedStage } from "../memo.js";
import { REMEMBERED_BYTES } from "../remembered-budget.js";
import { derChildren, derElement, isContextTag } from "./der.js";
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
  return certificateInfo(x509(certificatePem));
}

function certificateInfo(cert: X509Certificate): CertificateInfo {
  const { notBefore, notAfter, dnsNames, ipAddresses } = readTbsCertificate(cert);
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
  return issuedBy(x509(certificatePem), caCertificatePem);
}

// A sync checks every node's certificate against the same one or two CA certificates: the last one read is kept.
let lastCa: { pem: string; cert: X509Certificate } | undefined;

function issuedBy(cert: X509Certificate, caCertificatePem: string): boolean {
  if (lastCa?.pem !== caCertificatePem) lastCa = { pem: caCertificatePem, cert: x509(caCertificatePem) };
  const ca = lastCa.cert;
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

/** The three checks of a node's certificate on one parse of it: reading a certificate costs as much as verifying its signature. */
function readVerified(certificatePem: string, privateKeyPem: string, caCertificatePem: string): CertificateInfo | undefined {
  const cert = x509(certificatePem);
  return issuedBy(cert, caCertificatePem) && cert.checkPrivateKey(createPrivateKey(privateKeyPem)) ? certificateInfo(cert) : undefined;
}

function x509(certificatePem: string): X509Certificate {
  try {
    return new X509Certificate(certificatePem);
  } catch (cause) {
    throw new Error("not a PEM X.509 certificate", { cause });
  }
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;
// 2.5.29.17, as DER writes it.
const OID_SUBJECT_ALT_NAME = Buffer.from([0x55, 0x1d, 0x11]);
const GENERAL_NAME_DNS = 2;
const GENERAL_NAME_IP = 7;

function readTbsCertificate(cert: X509Certificate): Pick<CertificateInfo, "notBefore" | "notAfter" | "dnsNames" | "ipAddresses"> {
  const der = cert.raw;
  const certificate = derElement(der, 0);
  const [tbsElement] = derChildren(der, certificate);
  if (tbsElement === undefined) throw new Error("malformed certificate: no TBSCertificate");
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  // The extensions are [3], after everything else; a v1 certificate has none.
  const extensions = derChildren(der, tbsElement).find((element) => isContextTag(element, 3));
  const [extensionList] = extensions ? derChildren(der, extensions) : [];
  for (const extension of extensionList ? derChildren(der, extensionList) : []) {
    const fields = derChildren(der, extension);
    const [oid] = fields;
    const value = fields[fields.length - 1];
    if (oid?.tag !== OBJECT_IDENTIFIER || value === undefined || !OID_SUBJECT_ALT_NAME.equals(der.subarray(oid.start, oid.end))) continue;
    const generalNames = derElement(der, value.start, value.end);
    if (generalNames.tag !== SEQUENCE) throw new Error("malformed certificate: subjectAltName is not a sequence");
    for (const name of derChildren(der, generalNames)) {
      if (isContextTag(name, GENERAL_NAME_DNS)) dnsNames.push(der.toString("latin1", name.start, name.end));
      if (isContextTag(name, GENERAL_NAME_IP)) ipAddresses.push(formatIpAddress(der.subarray(name.start, name.end)));
    }
  }
  // OpenSSL reads the validity (UTCTime or GeneralizedTime) as RFC 5280 says.
  return { notBefore: cert.validFromDate, notAfter: cert.validToDate, dnsNames, ipAddresses };
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
  readVerified,
);

/**
 * The four checks' remembered results, for the metrics. Shared by the whole
 * process, unlike a sync's memory (lib/sync/remembered.ts): each is a pure
 * function of the PEM texts it is given, so no caller can see another's result
 * differ from its own.
 */
export const CERTIFICATE_CHECKS: readonly RememberedStage[] = [parseCertificate, isSignedBy, keyMatchesCertificate, verifiedCertificate].map((check) => check.stage);
