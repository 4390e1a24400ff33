import t from "tap";
import {
  caCommonName, createCertificateAuthority, DEFAULT_CA_RENEWAL_DAYS, DEFAULT_CA_VALIDITY_DAYS, issueCaCertificate,
} from "../../lib/pki/certificate-authority.js";
import { isSignedBy, keyMatchesCertificate, parseCertificate } from "../../lib/pki/inspect.js";
import { fixtureKeyPairSource, fixtureKeys } from "../helpers/keys.js";
import { issueCluster, NOW_SECOND, testEnvironment } from "./fixtures.js";
import { certificateText, epochSeconds, needsOpenssl, openssl, withFiles } from "./tools.js";

t.test("Strimzi's defaults: valid 365 days, renewed in the last 30", async (t) => {
  t.equal(DEFAULT_CA_VALIDITY_DAYS, 365);
  t.equal(DEFAULT_CA_RENEWAL_DAYS, 30);
});

t.test("the common name carries the CA kind and its key generation", async (t) => {
  t.equal(caCommonName("cluster-ca", 0), "cluster-ca v0");
  t.equal(caCommonName("clients-ca", 3), "clients-ca v3");
  t.throws(() => caCommonName("cluster-ca", -1), { message: "a CA key generation is a whole number, at least 0: -1" });
  t.throws(() => caCommonName("cluster-ca", 1.5), /whole number/);
});

t.test("a new CA takes a key from the source and is valid from the current second for validityDays", async (t) => {
  const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 2, validityDays: 30 }, fixtureKeyPairSource(), testEnvironment());
  t.equal(ca.privateKeyPem, fixtureKeys[0]);
  const info = parseCertificate(ca.certificatePem);
  t.same(info.notBefore, NOW_SECOND);
  t.same(info.notAfter, new Date("2025-03-31T12:00:00.000Z"));
  t.equal(info.subject, "O=io.strimzi, CN=clients-ca v2");
  t.equal(info.issuer, "O=io.strimzi, CN=clients-ca v2");
  t.same([info.dnsNames, info.ipAddresses], [[], []]);
  t.ok(keyMatchesCertificate(ca.privateKeyPem, ca.certificatePem));
  t.ok(isSignedBy(ca.certificatePem, ca.certificatePem), "self-signed");
});

t.test("validity is a positive whole number of days", async (t) => {
  const request = { kind: "cluster-ca" as const, keyGeneration: 0, privateKeyPem: fixtureKeys[0] ?? "" };
  t.throws(() => issueCaCertificate({ ...request, validityDays: 0 }, testEnvironment()), { message: "validity must be a whole number of days, at least 1: 0" });
  t.throws(() => issueCaCertificate({ ...request, validityDays: 1.5 }, testEnvironment()), /whole number of days/);
});

t.test("renewing re-certifies the same key under the same subject, so certificates it issued stay valid", async (t) => {
  const { clusterCa, node } = issueCluster();
  const later = new Date("2026-02-01T08:30:00.000Z");
  const renewed = issueCaCertificate({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365, privateKeyPem: clusterCa.privateKeyPem }, testEnvironment("renewal", later));
  const before = parseCertificate(clusterCa.certificatePem);
  const after = parseCertificate(renewed);
  t.equal(after.subject, before.subject);
  t.same(after.notBefore, later);
  t.same(after.notAfter, new Date("2027-02-01T08:30:00.000Z"));
  t.not(after.serialNumber, before.serialNumber);
  t.ok(isSignedBy(node.certificatePem, renewed), "the node certificate verifies against the renewed CA certificate");
});

t.test("replacing the key makes a CA that did not issue the old certificates", async (t) => {
  const { node } = issueCluster();
  const keys = fixtureKeyPairSource();
  for (let i = 0; i < 3; i++) keys(); // skip the keys issueCluster used
  const replaced = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 1, validityDays: 365 }, keys, testEnvironment());
  t.equal(parseCertificate(replaced.certificatePem).subject, "O=io.strimzi, CN=cluster-ca v1");
  t.notOk(isSignedBy(node.certificatePem, replaced.certificatePem));
});

t.test("the same keys, clock and seed give byte-identical certificates; another seed changes only the serial", async (t) => {
  const first = issueCluster();
  const second = issueCluster();
  t.equal(second.clusterCa.certificatePem, first.clusterCa.certificatePem);
  t.equal(second.node.certificatePem, first.node.certificatePem);
  t.equal(second.operator.certificatePem, first.operator.certificatePem);
  const other = issueCluster("another seed");
  t.not(other.clusterCa.certificatePem, first.clusterCa.certificatePem);
  const [a, b] = [parseCertificate(first.clusterCa.certificatePem), parseCertificate(other.clusterCa.certificatePem)];
  t.not(b.serialNumber, a.serialNumber);
  t.same({ ...b, serialNumber: "", sha256Fingerprint: "" }, { ...a, serialNumber: "", sha256Fingerprint: "" });
});

t.test("serial numbers are 20 octets from the injected randomness, positive and minimally encoded", async (t) => {
  const { clusterCa, node } = issueCluster();
  for (const pem of [clusterCa.certificatePem, node.certificatePem]) {
    const serial = parseCertificate(pem).serialNumber;
    t.match(serial, /^[4-7][0-9A-F]{39}$/, "first octet 0x40-0x7f: positive, no leading zero octet");
  }
});

t.test("OpenSSL reads the CA certificate as Strimzi writes it", needsOpenssl, async (t) => {
  const { clusterCa } = issueCluster();
  const text = certificateText(clusterCa.certificatePem);
  t.match(text, "Version: 3 (0x2)");
  t.match(text, "Signature Algorithm: sha512WithRSAEncryption");
  t.match(text, "Issuer: O = io.strimzi, CN = cluster-ca v0");
  t.match(text, "Subject: O = io.strimzi, CN = cluster-ca v0");
  t.match(text, "Not Before: Mar 1 12:00:00 2025 GMT Not After : Mar 1 12:00:00 2026 GMT");
  t.match(text, "Public-Key: (2048 bit)");
  t.match(text, "X509v3 Basic Constraints: critical CA:TRUE, pathlen:0");
  t.match(text, "X509v3 Key Usage: critical Certificate Sign, CRL Sign");
  t.match(text, /X509v3 Subject Key Identifier: [0-9A-F]{2}(:[0-9A-F]{2}){19} /);
  t.notMatch(text, /Authority Key Identifier|Subject Alternative Name|Extended Key Usage/);

  withFiles({ "ca.pem": clusterCa.certificatePem }, (dir) => {
    const valid = openssl(dir, "verify", "-attime", epochSeconds(new Date("2025-06-01T00:00:00Z")), "-CAfile", "ca.pem", "ca.pem");
    t.equal(valid.status, 0, valid.stderr);
    t.equal(valid.stdout.trim(), "ca.pem: OK");
    const expired = openssl(dir, "verify", "-attime", epochSeconds(new Date("2026-03-01T12:00:01Z")), "-CAfile", "ca.pem", "ca.pem");
    t.not(expired.status, 0);
    t.match(expired.stdout + expired.stderr, "certificate has expired");
  });
});
