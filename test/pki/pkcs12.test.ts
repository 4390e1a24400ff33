import { createPrivateKey, createPublicKey } from "node:crypto";
import forge from "node-forge";
import t from "tap";
import { createKeystore, createTruststore, generateStorePassword, storeMacKey, TRUSTSTORE_CA_ALIAS } from "../../lib/pki/pkcs12.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { OPERATOR_COMMON_NAME } from "../../lib/pki/end-entity.js";
import { seededRandom } from "../../lib/environment.js";
import { fixtureKeyPairSource, fixtureKeys } from "../helpers/keys.js";
import { issueCluster, testEnvironment } from "./fixtures.js";
import { keytool, needsKeytool, needsOpenssl, openssl, withFiles } from "./tools.js";

const PASSWORD = "Str1mz1Pass0";

function stores(seed = "stores") {
  const { clusterCa, operator } = issueCluster();
  const random = seededRandom(seed);
  const truststore = createTruststore([{ alias: TRUSTSTORE_CA_ALIAS, certificatePem: clusterCa.certificatePem }], PASSWORD, random);
  const keystore = createKeystore(
    { alias: OPERATOR_COMMON_NAME, privateKeyPem: operator.privateKeyPem, certificatePem: operator.certificatePem, chainPems: [clusterCa.certificatePem] },
    PASSWORD,
    random,
  );
  return { clusterCa, operator, truststore, keystore };
}

/** node-forge's own PKCS#12 reader: an oracle that needs no external tool. */
function readWithForge(store: Buffer, password: string) {
  const pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(store.toString("binary")), true, password);
  return pfx.safeContents.flatMap((contents) => contents.safeBags).map((bag) => ({
    type: bag.type === forge.pki.oids.certBag ? "cert" : "key",
    friendlyName: (bag.attributes as { friendlyName?: string[] }).friendlyName ?? [],
    commonName: bag.cert?.subject.getField("CN")?.value as string | undefined,
    key: bag.key,
  }));
}

t.test("store passwords: 12 characters of [A-Za-z0-9], every character equally likely", async (t) => {
  const password = generateStorePassword(seededRandom("password"));
  t.match(password, /^[A-Za-z0-9]{12}$/);
  t.equal(generateStorePassword(seededRandom("password")), password, "same seed, same password");
  t.not(generateStorePassword(seededRandom("other")), password);
  // 0 -> "A", 61 -> "9", 62 wraps to "A"; 248 and above would favour the first 8 characters, so they are skipped.
  const bytes = [0, 61, 62, 248, 255, 25, 26, 51, 52, 1, 2, 3, 4, 5, 6, 7];
  let call = 0;
  const scripted = (n: number) => Buffer.from(bytes.slice(call * n, ++call * n).concat(new Array<number>(n).fill(9)).slice(0, n));
  t.equal(generateStorePassword(scripted), "A9AZaz0BCDEF");
});

t.test("the same certificates, password and seed give byte-identical stores", async (t) => {
  const first = stores();
  const second = stores();
  t.ok(first.truststore.equals(second.truststore), "truststore");
  t.ok(first.keystore.equals(second.keystore), "keystore");
  const other = stores("another seed");
  t.notOk(other.truststore.equals(first.truststore), "new salts with other random bytes");
  t.notOk(other.keystore.equals(first.keystore));
});

t.test("a store made again with the same password and salt (a new cluster's sync, run again) recalls its MAC key", async (t) => {
  const { lookups } = storeMacKey.stage;
  const before = { ...lookups };
  const first = stores("mac keys");
  t.same({ recalled: lookups.recalled - before.recalled, missed: lookups.missed - before.missed }, { recalled: 0, missed: 2 }, "derived for the truststore and the keystore");
  const again = stores("mac keys");
  t.same({ recalled: lookups.recalled - before.recalled, missed: lookups.missed - before.missed }, { recalled: 2, missed: 2 }, "recalled for both");
  t.ok(again.truststore.equals(first.truststore) && again.keystore.equals(first.keystore), "the same stores");
});

t.test("the truststore holds the CA certificate under its alias and nothing else", async (t) => {
  const { truststore } = stores();
  t.same(readWithForge(truststore, PASSWORD), [{ type: "cert", friendlyName: ["ca.crt"], commonName: "cluster-ca v0", key: undefined }]);
  t.throws(() => readWithForge(truststore, "wrong password"), /MAC could not be verified/);
});

t.test("the keystore holds the operator's key with its certificate chain", async (t) => {
  const { keystore, operator } = stores();
  const bags = readWithForge(keystore, PASSWORD);
  t.same(bags.map(({ type, friendlyName, commonName }) => ({ type, friendlyName, commonName })), [
    { type: "cert", friendlyName: ["cluster-operator"], commonName: "cluster-operator" },
    { type: "cert", friendlyName: [], commonName: "cluster-ca v0" },
    { type: "key", friendlyName: ["cluster-operator"], commonName: undefined },
  ]);
  const key = bags[2]?.key;
  if (!key) throw new Error("no key bag");
  const publicKeyPem = forge.pki.publicKeyToPem(forge.pki.setRsaPublicKey(key.n, key.e));
  t.equal(
    createPublicKey(publicKeyPem).export({ type: "spki", format: "pem" }),
    createPublicKey(createPrivateKey(operator.privateKeyPem)).export({ type: "spki", format: "pem" }),
    "the decrypted key is the operator's",
  );
});

t.test("a keystore refuses a key that is not its certificate's, and passwords must be printable ASCII", async (t) => {
  const { clusterCa, operator } = issueCluster();
  const random = seededRandom("refusals");
  const entry = { alias: "x", privateKeyPem: fixtureKeys[5] ?? "", certificatePem: operator.certificatePem, chainPems: [] };
  t.throws(() => createKeystore(entry, PASSWORD, random), { message: "the private key for \"x\" does not belong to its certificate" });
  const trusted = [{ alias: "ca.crt", certificatePem: clusterCa.certificatePem }];
  t.throws(() => createTruststore(trusted, "", random), /non-empty printable ASCII/);
  t.throws(() => createTruststore(trusted, "pässword", random), /non-empty printable ASCII/);
});

t.test("keytool lists the truststore's CA as one trustedCertEntry", needsKeytool, async (t) => {
  const { truststore } = stores();
  withFiles({ "ca.p12": truststore }, (dir) => {
    const list = keytool(dir, "-list", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", PASSWORD);
    t.equal(list.status, 0, list.stdout + list.stderr);
    t.match(list.stdout, "Your keystore contains 1 entry");
    t.match(list.stdout, /^ca\.crt, .*, trustedCertEntry,\s*$/m);
    t.equal(list.stdout.match(/trustedCertEntry/g)?.length, 1);
    const wrong = keytool(dir, "-list", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", "wrong-password");
    t.not(wrong.status, 0, "a wrong password is refused");
  });
});

t.test("keytool lists a truststore with the old and the new CA (a key replacement) as two trusted entries", needsKeytool, async (t) => {
  const { clusterCa } = issueCluster();
  const keys = fixtureKeyPairSource();
  for (let i = 0; i < 3; i++) keys();
  const next = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 1, validityDays: 365 }, keys, testEnvironment());
  const truststore = createTruststore([
    { alias: "ca.crt", certificatePem: next.certificatePem },
    { alias: "ca-2026-03-01T12-00-00Z.crt", certificatePem: clusterCa.certificatePem },
  ], PASSWORD, seededRandom("two"));
  withFiles({ "ca.p12": truststore }, (dir) => {
    const list = keytool(dir, "-list", "-v", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", PASSWORD);
    t.equal(list.status, 0, list.stdout + list.stderr);
    t.match(list.stdout, "Your keystore contains 2 entries");
    t.match(list.stdout, /Alias name: ca\.crt\n.*\nEntry type: trustedCertEntry\n\nOwner: CN=cluster-ca v1, O=io\.strimzi/);
    t.match(list.stdout, /Alias name: ca-2026-03-01t12-00-00z\.crt\n.*\nEntry type: trustedCertEntry\n\nOwner: CN=cluster-ca v0, O=io\.strimzi/);
  });
});

t.test("keytool lists the keystore as one PrivateKeyEntry with a chain of two, and Java can decrypt its key", needsKeytool, async (t) => {
  const { keystore } = stores();
  withFiles({ "operator.p12": keystore }, (dir) => {
    const list = keytool(dir, "-list", "-v", "-storetype", "PKCS12", "-keystore", "operator.p12", "-storepass", PASSWORD);
    t.equal(list.status, 0, list.stdout + list.stderr);
    t.match(list.stdout, "Your keystore contains 1 entry");
    t.match(list.stdout, /Alias name: cluster-operator\n.*\nEntry type: PrivateKeyEntry\nCertificate chain length: 2\n/);
    t.match(list.stdout, /Certificate\[1\]:\nOwner: CN=cluster-operator, O=io\.strimzi\nIssuer: CN=cluster-ca v0, O=io\.strimzi/);
    t.match(list.stdout, /Certificate\[2\]:\nOwner: CN=cluster-ca v0, O=io\.strimzi\nIssuer: CN=cluster-ca v0, O=io\.strimzi/);
    // -list never touches the key; copying the entry makes Java decrypt it.
    const copy = keytool(dir, "-importkeystore", "-srckeystore", "operator.p12", "-srcstoretype", "PKCS12", "-srcstorepass", PASSWORD,
      "-destkeystore", "copy.p12", "-deststoretype", "PKCS12", "-deststorepass", "changeit", "-noprompt");
    t.equal(copy.status, 0, copy.stdout + copy.stderr);
    t.match(copy.stdout + copy.stderr, "Entry for alias cluster-operator successfully imported.");
  });
});

t.test("openssl pkcs12 reads both stores with the password", needsOpenssl, async (t) => {
  const { truststore, keystore, operator } = stores();
  withFiles({ "ca.p12": truststore, "operator.p12": keystore, "operator.pem": operator.certificatePem }, (dir) => {
    const trusted = openssl(dir, "pkcs12", "-info", "-in", "ca.p12", "-passin", `pass:${PASSWORD}`, "-nokeys");
    t.equal(trusted.status, 0, trusted.stderr);
    t.match(trusted.stdout + trusted.stderr, "MAC: sha256, Iteration 2048");
    t.match(trusted.stdout, /friendlyName: ca\.crt\nsubject=O = io\.strimzi, CN = cluster-ca v0\nissuer=O = io\.strimzi, CN = cluster-ca v0\n-----BEGIN CERTIFICATE-----/);
    t.equal(trusted.stdout.match(/-----BEGIN CERTIFICATE-----/g)?.length, 1);
    t.notMatch(trusted.stdout, "PRIVATE KEY");

    const wrong = openssl(dir, "pkcs12", "-info", "-in", "ca.p12", "-passin", "pass:wrong", "-nokeys");
    t.not(wrong.status, 0);
    t.match(wrong.stderr, /mac verify (error|failure)/i);

    const keyed = openssl(dir, "pkcs12", "-info", "-in", "operator.p12", "-passin", `pass:${PASSWORD}`, "-nokeys");
    t.equal(keyed.status, 0, keyed.stderr);
    t.match(keyed.stdout + keyed.stderr, "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256");
    t.equal(keyed.stdout.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);

    const extracted = openssl(dir, "pkcs12", "-in", "operator.p12", "-passin", `pass:${PASSWORD}`, "-nocerts", "-nodes", "-out", "key.pem");
    t.equal(extracted.status, 0, extracted.stderr);
    t.equal(
      openssl(dir, "rsa", "-in", "key.pem", "-noout", "-modulus").stdout,
      openssl(dir, "x509", "-in", "operator.pem", "-noout", "-modulus").stdout,
      "the key openssl decrypts is the operator certificate's",
    );
  });
});
