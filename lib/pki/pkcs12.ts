// PKCS#12 stores for Java clients, in Strimzi's layout: `ca.p12` + `ca.password`
// (the CA certificate as a trusted entry) and `cluster-operator.p12` +
// `cluster-operator.password` (the operator's key and certificate chain).
//
// The stores are assembled here from ASN.1 rather than with forge.pkcs12.toPkcs12Asn1
// for two reasons:
// - toPkcs12Asn1 takes its salts and IVs from forge's global PRNG, which cannot be
//   handed a seed for one call. Here every random byte comes from the injected
//   `random`, so a store is a pure function of its inputs: byte-identical in tests,
//   and nothing global is swapped or patched. With the system's randomness every
//   call gives new bytes, so a hook creates a store once per certificate (and
//   password) and carries the observed one forward, as Strimzi does.
// - Java lists a certificate without a key as a trustedCertEntry only if its bag
//   carries Oracle's trusted-key-usage attribute, which forge cannot write (keytool
//   would show an empty truststore).
// Algorithms are OpenSSL 3's defaults, which Java 11.0.12+ and 17 read: the private
// key in PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the store under an HMAC-SHA256
// MAC. Certificates are public and, as forge and Java 12+ do, stored unencrypted.
import { createCipheriv, createHash, createHmac, createPrivateKey, hash, pbkdf2Sync, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { memoize } from "../memo.js";
import { REMEMBERED_BYTES } from "../remembered-budget.js";
import type { IssuingEnvironment } from "./issuing-environment.js";

/** The alias Strimzi gives the current CA certificate in `ca.p12`. */
export const TRUSTSTORE_CA_ALIAS = "ca.crt";

export interface TrustedCertificate {
  readonly alias: string;
  readonly certificatePem: string;
}

export interface KeystoreEntry {
  readonly alias: string;
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** The issuers of `certificatePem`, nearest first, so Java sees the whole chain. */
  readonly chainPems: readonly string[];
}

type Random = IssuingEnvironment["random"];

// Strimzi's PasswordGenerator: 12 characters from [a-zA-Z0-9].
const PASSWORD_LENGTH = 12;
const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// OpenSSL 3's default iteration count for both the key encryption and the MAC.
const ITERATIONS = 2048;
const SALT_OCTETS = 16;
const AES_BLOCK_OCTETS = 16;

export function generateStorePassword(random: Random): string {
  // Bytes at or above 248 (= 4 * 62) are skipped, so every character is equally likely.
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  let password = "";
  while (password.length < PASSWORD_LENGTH) {
    for (const byte of random(PASSWORD_LENGTH)) {
      if (byte < limit && password.length < PASSWORD_LENGTH) password += PASSWORD_ALPHABET.charAt(byte % PASSWORD_ALPHABET.length);
    }
  }
  return password;
}

/** A truststore listing each certificate as a trustedCertEntry under its alias. */
export function createTruststore(trusted: readonly TrustedCertificate[], password: string, random: Random): Buffer {
  checkPassword(password);
  const bags = trusted.map(({ alias, certificatePem }) =>
    certBag(certificateDer(certificatePem), [friendlyName(alias), attribute(OID.trustedKeyUsage, oid(OID.anyExtendedKeyUsage))]));
  return pfx([dataContentInfo(bags)], password, random);
}

/** A keystore holding one PrivateKeyEntry: the key under `alias` with its certificate chain. */
export function createKeystore(entry: KeystoreEntry, password: string, random: Random): Buffer {
  checkPassword(password);
  const leaf = certificateDer(entry.certificatePem);
  const privateKey = createPrivateKey(entry.privateKeyPem);
  if (!new X509Certificate(entry.certificatePem).checkPrivateKey(privateKey)) {
    throw new Error(`the private key for "${entry.alias}" does not belong to its certificate`);
  }
  // What ties the key to its certificate; OpenSSL uses the certificate's SHA-1 too.
  const localKeyId = attribute(OID.localKeyId, octets(createHash("sha1").update(leaf).digest()));
  const certBags = [
    certBag(leaf, [friendlyName(entry.alias), localKeyId]),
    ...entry.chainPems.map((pem) => certBag(certificateDer(pem), [])),
  ];
  const keyInfo = privateKey.export({ type: "pkcs8", format: "der" });
  const keyBag = safeBag(OID.pkcs8ShroudedKeyBag, encryptPrivateKeyInfo(keyInfo, password, random), [friendlyName(entry.alias), localKeyId]);
  return pfx([dataContentInfo(certBags), dataContentInfo([keyBag])], password, random);
}

// PBES2 derives the key from the password's bytes and the MAC from its BMPString;
// Java and OpenSSL agree on both only for ASCII, so other passwords are refused.
function checkPassword(password: string): void {
  if (!/^[\x20-\x7e]+$/.test(password)) throw new Error("a store password must be non-empty printable ASCII");
}

const OID = {
  data: "1.2.840.113549.1.7.1",
  certBag: "1.2.840.113549.1.12.10.1.3",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  // Oracle's "trusted key usage" bag attribute: JDK's PKCS12KeyStore reads a
  // certificate bag carrying it as a trusted certificate entry.
  trustedKeyUsage: "2.16.840.1.113894.746875.1.1",
  anyExtendedKeyUsage: "2.5.29.37.0",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacWithSha256: "1.2.840.113549.2.9",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  sha256: "2.16.840.1.101.3.4.2.1",
} as const;

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const sequence = (...elements: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, elements);
const oid = (id: string): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (value: Buffer): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, value.toString("binary"));
const integer = (value: number): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const nullValue = (): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "");
const explicit0 = (element: Asn1): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [element]);
const der = (element: Asn1): Buffer => Buffer.from(asn1.toDer(element).getBytes(), "binary");

// DER orders the members of a SET OF by their encodings.
function setOf(elements: Asn1[]): Asn1 {
  const sorted = elements.map((element) => ({ element, encoded: der(element) })).sort((a, b) => Buffer.compare(a.encoded, b.encoded));
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, sorted.map(({ element }) => element));
}

const attribute = (id: string, value: Asn1): Asn1 => sequence(oid(id), setOf([value]));

// forge writes a BMPSTRING's value as UTF-16 code units itself.
const friendlyName = (alias: string): Asn1 => attribute(OID.friendlyName, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, alias));

function safeBag(bagId: string, value: Asn1, attributes: Asn1[]): Asn1 {
  return attributes.length > 0 ? sequence(oid(bagId), explicit0(value), setOf(attributes)) : sequence(oid(bagId), explicit0(value));
}

function certBag(certificate: Buffer, attributes: Asn1[]): Asn1 {
  return safeBag(OID.certBag, sequence(oid(OID.x509Certificate), explicit0(octets(certificate))), attributes);
}

function dataContentInfo(safeBags: Asn1[]): Asn1 {
  return sequence(oid(OID.data), explicit0(octets(der(sequence(...safeBags)))));
}

function certificateDer(certificatePem: string): Buffer {
  return new X509Certificate(certificatePem).raw;
}

function encryptPrivateKeyInfo(privateKeyInfo: Buffer, password: string, random: Random): Asn1 {
  const salt = random(SALT_OCTETS);
  const iv = random(AES_BLOCK_OCTETS);
  const key = pbkdf2Sync(Buffer.from(password, "ascii"), salt, ITERATIONS, 32, "sha256");
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const encrypted = Buffer.concat([cipher.update(privateKeyInfo), cipher.final()]);
  const algorithm = sequence(
    oid(OID.pbes2),
    sequence(
      sequence(oid(OID.pbkdf2), sequence(octets(salt), integer(ITERATIONS), sequence(oid(OID.hmacWithSha256), nullValue()))),
      sequence(oid(OID.aes256Cbc), octets(iv)),
    ),
  );
  return sequence(algorithm, octets(encrypted));
}

function pfx(authenticatedSafe: Asn1[], password: string, random: Random): Buffer {
  const content = der(sequence(...authenticatedSafe));
  const macSalt = random(SALT_OCTETS);
  const mac = createHmac("sha256", storeMacKey(password, macSalt.toString("latin1"))).update(content).digest();
  return der(sequence(
    integer(3),
    sequence(oid(OID.data), explicit0(octets(content))),
    sequence(sequence(sequence(oid(OID.sha256), nullValue()), octets(mac)), octets(macSalt), integer(ITERATIONS)),
  ));
}

// RFC 7292 appendix B with SHA-256 (u = 32, v = 64 octets), for the MAC key (ID 3):
// the key is as long as one hash, so one block A = H^iterations(D || S || P) is all
// of it. Done with node:crypto: forge's pure-JS hashing took 5 ms per store.
const SHA256_OCTETS = 32;
const SHA256_BLOCK_OCTETS = 64;
const MAC_KEY_ID = 3;

/**
 * The MAC key of a store, remembered by its password and salt (latin1): 2,048
 * hashes, 4 ms of the event loop. The hooks run a new cluster's sync several
 * times with the same random bytes (hooks/prepared-sync.ts), so each run but the
 * first made the CAs' truststores again with the same password and salt.
 */
export const storeMacKey = memoize("store-mac-key", REMEMBERED_BYTES.storeMacKey,
  (password: string, salt: string): Buffer => pkcs12MacKey(password, Buffer.from(salt, "latin1")));

function pkcs12MacKey(password: string, salt: Buffer): Buffer {
  // The password as a BMPString with its two-octet terminator.
  const bmp = Buffer.alloc(2 * (password.length + 1));
  for (let i = 0; i < password.length; i++) bmp.writeUInt16BE(password.charCodeAt(i), 2 * i);
  let block = hash("sha256", Buffer.concat([
    Buffer.alloc(SHA256_BLOCK_OCTETS, MAC_KEY_ID),
    repeatedToBlocks(salt),
    repeatedToBlocks(bmp),
  ]), "buffer");
  for (let i = 1; i < ITERATIONS; i++) block = hash("sha256", block, "buffer");
  return block.subarray(0, SHA256_OCTETS);
}

/** `value` repeated up to the next multiple of the hash's block length. */
function repeatedToBlocks(value: Buffer): Buffer {
  const length = SHA256_BLOCK_OCTETS * Math.ceil(value.length / SHA256_BLOCK_OCTETS);
  const result = Buffer.alloc(length);
  for (let i = 0; i < length; i++) result[i] = value[i % value.length] ?? 0;
  return result;
}
