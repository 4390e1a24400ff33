// Building and signing X.509 certificates, shared by the CA and end-entity modules.
//
// node-forge encodes the TBSCertificate (validity, public key, extensions);
// node:crypto signs it. RSA PKCS#1 v1.5 signatures are deterministic either way,
// but forge's pure-JS RSA takes tens of milliseconds per signature, and a hook
// may issue a hundred node certificates in one request.
import { createPrivateKey, sign, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import type { CertificateAuthority, CertificateProfile, CertificateRequest, CertificateTask } from "./certificate-task.js";
import type { IssuingEnvironment } from "./issuing-environment.js";
import { ipAddressOctets } from "./ip-address.js";
import { rsaPublicKeyPem } from "./keys.js";

declare module "node-forge" {
  // Public in node-forge (lib/x509.js) but missing from @types/node-forge.
  namespace pki {
    function getTBSCertificate(cert: Certificate): asn1.Asn1;
  }
}

export type {
  CertificateAuthority, CertificateProfile, CertificateRequest, CertificateTask, ExtendedKeyUsage, KeyUsage,
} from "./certificate-task.js";

const STRIMZI_ORGANIZATION = "io.strimzi";

// RFC 5280's ub-common-name; OpenSSL, and so Strimzi, refuse longer ones.
const MAX_COMMON_NAME_LENGTH = 64;
// RFC 5280 allows serial numbers of up to 20 octets.
const SERIAL_NUMBER_OCTETS = 20;
const DAY_MS = 24 * 60 * 60 * 1000;
// Strimzi's openssl.conf signs with default_md = sha512.
const SIGNATURE_DIGEST = "sha512";
const OID_SHA512_WITH_RSA = "1.2.840.113549.1.1.13";
const OID_ORGANIZATION = "2.5.4.10";
const OID_COMMON_NAME = "2.5.4.3";
// Positions in TBSCertificate: version [0], serialNumber, signature, issuer, validity, subject, ...
const TBS_ISSUER = 3;
const TBS_SUBJECT = 5;

const { asn1 } = forge;

/**
 * Issues a certificate valid from the injected clock's current second. A CA-signed
 * certificate never outlives its issuer: its notAfter is capped at the CA's.
 * Deterministic: the same request, issuer, clock and random bytes give the same PEM.
 * With `env.prepared`, the certificate comes from the hook, which issued it off its
 * event loop (certificateOf on the same task).
 */
export function issueCertificate(request: CertificateRequest, issuer: CertificateAuthority | "self-signed", env: IssuingEnvironment): string {
  if (request.commonName.length === 0 || request.commonName.length > MAX_COMMON_NAME_LENGTH) {
    throw new Error(`a certificate's common name must have 1 to ${MAX_COMMON_NAME_LENGTH} characters: "${request.commonName}"`);
  }
  if (!Number.isInteger(request.validityDays) || request.validityDays < 1) {
    throw new Error(`validity must be a whole number of days, at least 1: ${request.validityDays}`);
  }
  const serial = serialNumber(env.random(SERIAL_NUMBER_OCTETS));
  // X.509 times have whole seconds; truncating before adding the validity keeps
  // notAfter - notBefore exact and the cap below comparable with the CA's notAfter.
  const notBefore = Math.floor(env.now().getTime() / 1000) * 1000;
  const task: CertificateTask = { request, issuer, notBefore, serialNumber: serial };
  return env.prepared ? env.prepared.certificate(task) : certificateOf(task);
}

/** The certificate a task describes: encoded with forge, signed with node:crypto. Pure. */
export function certificateOf(task: CertificateTask): string {
  const { request, issuer } = task;
  const subjectName = distinguishedName(request.commonName, request.commonNameOnly === true);
  const signer = issuer === "self-signed" ? undefined : issuingAuthority(issuer);
  const signingKey = signer ? signer.signingKey : createPrivateKey(request.privateKeyPem);

  const cert = forge.pki.createCertificate();
  cert.serialNumber = task.serialNumber;
  const notBefore = new Date(task.notBefore);
  const notAfter = new Date(notBefore.getTime() + request.validityDays * DAY_MS);
  if (signer && signer.notAfter <= notBefore) {
    throw new Error(`the CA certificate expired at ${signer.notAfter.toISOString()}; renew it before issuing from it`);
  }
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = signer && signer.notAfter < notAfter ? signer.notAfter : notAfter;
  cert.publicKey = forge.pki.publicKeyFromPem(rsaPublicKeyPem(request.privateKeyPem));
  cert.setExtensions(extensions(request.profile, signer?.keyIdentifier));
  cert.siginfo.algorithmOid = OID_SHA512_WITH_RSA;

  const tbs = forge.pki.getTBSCertificate(cert);
  // forge writes names from parsed attributes; set them as DER instead so that the
  // issuer is byte for byte the CA's subject, which clients such as Go's crypto/x509
  // compare when they build a chain.
  const fields = tbs.value as forge.asn1.Asn1[];
  fields[TBS_ISSUER] = signer ? signer.subjectName : subjectName;
  fields[TBS_SUBJECT] = subjectName;
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), "binary");
  const signature = sign(SIGNATURE_DIGEST, tbsDer, signingKey);

  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OID_SHA512_WITH_RSA).getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\0${signature.toString("binary")}`),
  ]);
  return certificatePem(Buffer.from(asn1.toDer(certificate).getBytes(), "binary"));
}

/** PEM as OpenSSL writes it: 64-column base64 and "\n" line ends (forge's own encoder writes "\r\n"). */
function certificatePem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

interface IssuingAuthority {
  readonly subjectName: forge.asn1.Asn1;
  readonly keyIdentifier: string;
  readonly notAfter: Date;
  readonly signingKey: KeyObject;
}

// The CA last read: a sync issues all its node certificates from one CA, and
// reading it (a certificate, a private key, the check that they belong together)
// costs more than encoding a certificate.
let lastAuthority: { ca: CertificateAuthority; authority: IssuingAuthority } | undefined;

function issuingAuthority(ca: CertificateAuthority): IssuingAuthority {
  if (lastAuthority?.ca.certificatePem === ca.certificatePem && lastAuthority.ca.privateKeyPem === ca.privateKeyPem) return lastAuthority.authority;
  const authority = readAuthority(ca);
  lastAuthority = { ca: { certificatePem: ca.certificatePem, privateKeyPem: ca.privateKeyPem }, authority };
  return authority;
}

function readAuthority(ca: CertificateAuthority): IssuingAuthority {
  const signingKey = createPrivateKey(ca.privateKeyPem);
  if (!new X509Certificate(ca.certificatePem).checkPrivateKey(signingKey)) {
    throw new Error("the CA private key does not belong to the CA certificate");
  }
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const fields = caCert.tbsCertificate.value as forge.asn1.Asn1[];
  const subjectName = fields[TBS_SUBJECT];
  if (!subjectName) throw new Error("the CA certificate has no subject");
  // The AKI must repeat the CA's own SKI (OpenSSL rejects an issuer whose SKI differs);
  // a CA without one gets the RFC 5280 SHA-1 key hash, which is how ours are made.
  const ski = caCert.getExtension("subjectKeyIdentifier") as { subjectKeyIdentifier?: string } | undefined;
  const keyIdentifier = ski?.subjectKeyIdentifier !== undefined
    ? forge.util.hexToBytes(ski.subjectKeyIdentifier)
    : caCert.generateSubjectKeyIdentifier().getBytes();
  return { subjectName, keyIdentifier, notAfter: caCert.validity.notAfter, signingKey };
}

function distinguishedName(commonName: string, commonNameOnly: boolean): forge.asn1.Asn1 {
  // UTF8String, as OpenSSL writes names by default (and Strimzi with -utf8).
  const rdn = (oid: string, value: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(value)),
      ]),
    ]);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    ...(commonNameOnly ? [] : [rdn(OID_ORGANIZATION, STRIMZI_ORGANIZATION)]),
    rdn(OID_COMMON_NAME, commonName),
  ]);
}

// A positive INTEGER of exactly 20 octets whose first octet is not zero, so its DER
// encoding is minimal without a sign octet; 158 random bits remain.
function serialNumber(random: Buffer): string {
  const octets = Buffer.from(random.subarray(0, SERIAL_NUMBER_OCTETS));
  if (octets.length !== SERIAL_NUMBER_OCTETS) throw new Error(`random returned ${octets.length} bytes, not ${SERIAL_NUMBER_OCTETS}`);
  octets[0] = ((octets[0] ?? 0) & 0x3f) | 0x40;
  return octets.toString("hex");
}

// forge's extension descriptions; their values are filled in by setExtensions.
type ForgeExtension = { name: string; critical?: boolean } & Record<string, unknown>;

function extensions(profile: CertificateProfile, authorityKeyIdentifier: string | undefined): ForgeExtension[] {
  const result: ForgeExtension[] = [
    profile.certificateAuthority
      // pathlen:0 as Strimzi: the CA signs end entities, never another CA.
      ? { name: "basicConstraints", critical: true, cA: true, pathLenConstraint: 0 }
      : { name: "basicConstraints", critical: true, cA: false },
    { name: "keyUsage", critical: true, ...Object.fromEntries(profile.keyUsage.map((usage) => [usage, true])) },
  ];
  if (profile.extendedKeyUsage.length > 0) {
    result.push({ name: "extKeyUsage", ...Object.fromEntries(profile.extendedKeyUsage.map((usage) => [usage, true])) });
  }
  result.push({ name: "subjectKeyIdentifier" });
  if (authorityKeyIdentifier !== undefined) result.push({ name: "authorityKeyIdentifier", keyIdentifier: authorityKeyIdentifier });
  const altNames = subjectAltNames(profile.dnsNames, profile.ipAddresses);
  if (altNames.length > 0) result.push({ name: "subjectAltName", altNames });
  return result;
}

const GENERAL_NAME_DNS = 2;
const GENERAL_NAME_IP = 7;

function subjectAltNames(dnsNames: readonly string[], ipAddresses: readonly string[]): { type: number; value: string }[] {
  const names = new Map<string, { type: number; value: string }>();
  for (const dnsName of dnsNames) {
    // dNSName is an IA5String: printable ASCII only, no spaces.
    if (!/^[\x21-\x7e]+$/.test(dnsName)) throw new Error(`not a DNS name: "${dnsName}"`);
    const key = `dns:${dnsName.toLowerCase()}`;
    if (!names.has(key)) names.set(key, { type: GENERAL_NAME_DNS, value: dnsName });
  }
  for (const ipAddress of ipAddresses) {
    const octets = ipAddressOctets(ipAddress).toString("binary");
    const key = `ip:${octets}`;
    if (!names.has(key)) names.set(key, { type: GENERAL_NAME_IP, value: octets });
  }
  return [...names.values()];
}
