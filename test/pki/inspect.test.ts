import { createHash } from "node:crypto";
import t from "tap";
import { issueCaCertificate } from "../../lib/pki/certificate-authority.js";
import { issueNodeCertificate } from "../../lib/pki/end-entity.js";
import { coversSubjectAltNames, isSignedBy, isWithinRenewalWindow, keyMatchesCertificate, parseCertificate } from "../../lib/pki/inspect.js";
import { seededRandom } from "../../lib/environment.js";
import { fixtureKeys } from "../helpers/keys.js";
import { issueCluster, NODE_DNS_NAMES, NOW_SECOND, testEnvironment } from "./fixtures.js";
import { needsOpenssl, openssl, withFiles } from "./tools.js";

const DAY = 24 * 60 * 60 * 1000;

/** The serial a certificate gets from the n-th 20-byte draw of seededRandom(seed): first octet forced into 0x40-0x7f. */
function expectedSerial(seed: string, draw: number): string {
  const random = seededRandom(seed);
  for (let i = 0; i < draw; i++) random(20);
  const octets = random(20);
  octets[0] = ((octets[0] ?? 0) & 0x3f) | 0x40;
  return octets.toString("hex").toUpperCase();
}

function sha256Fingerprint(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
  return (createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g) ?? []).join(":");
}

t.test("parseCertificate reads what the hook decides on", async (t) => {
  const { clusterCa, node } = issueCluster();
  t.same(parseCertificate(node.certificatePem), {
    notBefore: NOW_SECOND,
    notAfter: new Date("2026-03-01T12:00:00.000Z"),
    subject: "O=io.strimzi, CN=my-cluster-kafka",
    issuer: "O=io.strimzi, CN=cluster-ca v0",
    dnsNames: NODE_DNS_NAMES,
    ipAddresses: ["10.0.0.7", "fd00::7"],
    serialNumber: expectedSerial("pki", 1),
    sha256Fingerprint: sha256Fingerprint(node.certificatePem),
  });
  t.equal(parseCertificate(clusterCa.certificatePem).serialNumber, expectedSerial("pki", 0), "the CA took the first draw");
});

t.test("parseCertificate refuses what is not a certificate", async (t) => {
  t.throws(() => parseCertificate("not a certificate"), { message: "not a PEM X.509 certificate" });
  t.throws(() => parseCertificate(fixtureKeys[0] ?? ""), { message: "not a PEM X.509 certificate" });
});

t.test("the renewal window opens strictly after notAfter minus renewalDays, as in Strimzi", async (t) => {
  const cert = { notAfter: new Date("2026-03-01T12:00:00.000Z") };
  const opens = new Date(cert.notAfter.getTime() - 30 * DAY);
  t.equal(opens.toISOString(), "2026-01-30T12:00:00.000Z");
  t.equal(isWithinRenewalWindow(cert, new Date(opens.getTime() - DAY), 30), false, "a day before");
  t.equal(isWithinRenewalWindow(cert, opens, 30), false, "at the boundary itself");
  t.equal(isWithinRenewalWindow(cert, new Date(opens.getTime() + 1), 30), true, "a millisecond later");
  t.equal(isWithinRenewalWindow(cert, cert.notAfter, 30), true, "at expiry");
  t.equal(isWithinRenewalWindow(cert, new Date(cert.notAfter.getTime() + DAY), 30), true, "after expiry");
  t.equal(isWithinRenewalWindow(cert, cert.notAfter, 0), false, "no window: not at notAfter");
  t.equal(isWithinRenewalWindow(cert, new Date(cert.notAfter.getTime() + 1), 0), true, "no window: once expired");
  t.equal(isWithinRenewalWindow(cert, NOW_SECOND, 366), true, "a window longer than the validity is open from issuance");
});

t.test("coversSubjectAltNames: every wanted name present, DNS without case, IPs in any spelling", async (t) => {
  const cert = parseCertificate(issueCluster().node.certificatePem);
  t.equal(coversSubjectAltNames(cert, NODE_DNS_NAMES, ["10.0.0.7", "fd00::7"]), true, "exactly its names");
  t.equal(coversSubjectAltNames(cert, [], []), true, "nothing wanted");
  t.equal(coversSubjectAltNames(cert, ["MY-CLUSTER-KAFKA-BOOTSTRAP.myproject.svc"], ["FD00:0:0:0:0:0:0:7"]), true, "other spellings");
  t.equal(coversSubjectAltNames(cert, [...NODE_DNS_NAMES, "my-cluster-kafka-bootstrap"], []), false, "a DNS name missing");
  t.equal(coversSubjectAltNames(cert, [], ["10.0.0.8"]), false, "an IP missing");
  t.equal(coversSubjectAltNames(cert, ["10.0.0.7"], []), false, "an IP is not a DNS name");
  t.throws(() => coversSubjectAltNames(cert, [], ["10.0.0"]), /not an IP address/);
  const wildcard = { dnsNames: ["*.my-cluster-kafka-brokers.myproject.svc"], ipAddresses: [] };
  t.equal(coversSubjectAltNames(wildcard, ["*.my-cluster-kafka-brokers.myproject.svc"], []), true);
  t.equal(coversSubjectAltNames(wildcard, ["my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc"], []), false, "wildcards are not expanded");
});

t.test("isSignedBy: the issuing CA, a renewal of it, and nothing else", async (t) => {
  const { clusterCa, node, operator } = issueCluster();
  t.equal(isSignedBy(node.certificatePem, clusterCa.certificatePem), true);
  t.equal(isSignedBy(clusterCa.certificatePem, node.certificatePem), false);
  t.equal(isSignedBy(node.certificatePem, operator.certificatePem), false);
  t.equal(isSignedBy(node.certificatePem, node.certificatePem), false);
  const renewed = issueCaCertificate({ kind: "cluster-ca", keyGeneration: 0, validityDays: 10, privateKeyPem: clusterCa.privateKeyPem }, testEnvironment("renew"));
  t.equal(isSignedBy(node.certificatePem, renewed), true);
  const sameNameOtherKey = issueCaCertificate({ kind: "cluster-ca", keyGeneration: 0, validityDays: 10, privateKeyPem: fixtureKeys[5] ?? "" }, testEnvironment());
  t.equal(isSignedBy(node.certificatePem, sameNameOtherKey), false);
});

t.test("keyMatchesCertificate", async (t) => {
  const { clusterCa, node, operator } = issueCluster();
  t.equal(keyMatchesCertificate(node.privateKeyPem, node.certificatePem), true);
  t.equal(keyMatchesCertificate(clusterCa.privateKeyPem, clusterCa.certificatePem), true);
  t.equal(keyMatchesCertificate(operator.privateKeyPem, node.certificatePem), false);
  t.equal(keyMatchesCertificate(clusterCa.privateKeyPem, node.certificatePem), false);
});

t.test("certificates made elsewhere: an OpenSSL EC certificate past 2049, and a v1 certificate", needsOpenssl, async (t) => {
  withFiles({}, (dir) => {
    const made = openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key", "-out", "ec.pem",
      "-days", "10000", "-subj", "/O=example/CN=user ca", "-addext", "subjectAltName=DNS:kafka.example.com,IP:2001:db8::1,DNS:*.example.com,IP:192.0.2.1");
    t.equal(made.status, 0, made.stderr);
    const pem = openssl(dir, "x509", "-in", "ec.pem").stdout;
    const info = parseCertificate(pem);
    t.equal(info.subject, "O=example, CN=user ca");
    t.same(info.dnsNames, ["kafka.example.com", "*.example.com"]);
    t.same(info.ipAddresses, ["2001:db8::1", "192.0.2.1"]);
    t.equal(info.notAfter.getTime() - info.notBefore.getTime(), 10000 * DAY, "GeneralizedTime read like UTCTime");
    t.ok(info.notAfter.getUTCFullYear() >= 2050);
    t.equal(info.serialNumber, openssl(dir, "x509", "-in", "ec.pem", "-noout", "-serial").stdout.trim().replace(/^serial=/, ""));
    t.equal(info.sha256Fingerprint, openssl(dir, "x509", "-in", "ec.pem", "-noout", "-fingerprint", "-sha256").stdout.trim().replace(/^sha256 Fingerprint=/i, ""));
    t.equal(isSignedBy(pem, pem), true);
    t.equal(keyMatchesCertificate(openssl(dir, "pkey", "-in", "ec.key").stdout, pem), true);

    t.equal(openssl(dir, "req", "-new", "-key", "ec.key", "-subj", "/CN=v1", "-out", "v1.csr").status, 0);
    t.equal(openssl(dir, "x509", "-req", "-in", "v1.csr", "-signkey", "ec.key", "-days", "5", "-out", "v1.pem").status, 0);
    t.match(openssl(dir, "x509", "-in", "v1.pem", "-noout", "-text").stdout, "Version: 1 (0x0)");
    const v1 = parseCertificate(openssl(dir, "x509", "-in", "v1.pem").stdout);
    t.equal(v1.subject, "CN=v1");
    t.same([v1.dnsNames, v1.ipAddresses], [[], []]);
    t.equal(v1.notAfter.getTime() - v1.notBefore.getTime(), 5 * DAY);
  });
});

t.test("node certificate SANs survive a round trip through issue and parse", async (t) => {
  const { clusterCa } = issueCluster();
  const ips = ["0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::", "::ffff:10.0.0.1", "2001:db8:0:1:0:0:0:1"];
  const pem = issueNodeCertificate(clusterCa, { clusterName: "c", dnsNames: [], ipAddresses: ips, validityDays: 1, privateKeyPem: fixtureKeys[3] ?? "" }, testEnvironment());
  t.same(parseCertificate(pem).ipAddresses, ["0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::", "::ffff:a00:1", "2001:db8:0:1::1"]);
});
