import { createHash, createPublicKey } from "node:crypto";
import { join } from "node:path";
import forge from "node-forge";
import t from "tap";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueClientCertificate, issueNodeCertificate, nodeCommonName, OPERATOR_COMMON_NAME } from "../../lib/pki/end-entity.js";
import { isSignedBy, keyMatchesCertificate, parseCertificate } from "../../lib/pki/inspect.js";
import { fixtureKeyPairSource, fixtureKeys } from "../helpers/keys.js";
import { issueCluster, NODE_DNS_NAMES, NODE_IPS, NOW_SECOND, testEnvironment } from "./fixtures.js";
import { certificateText, epochSeconds, needsOpenssl, openssl, withFiles } from "./tools.js";

const key = (n: number): string => fixtureKeys[n] ?? "";
const AT = epochSeconds(new Date("2025-06-01T00:00:00Z"));

t.test("Strimzi's subjects: <cluster>-kafka for every node, cluster-operator for the operator", async (t) => {
  t.equal(nodeCommonName("my-cluster"), "my-cluster-kafka");
  t.equal(OPERATOR_COMMON_NAME, "cluster-operator");
});

t.test("a node certificate names its node by SAN and is issued by the cluster CA", async (t) => {
  const { clusterCa, node } = issueCluster();
  const info = parseCertificate(node.certificatePem);
  t.equal(info.subject, "O=io.strimzi, CN=my-cluster-kafka");
  t.equal(info.issuer, "O=io.strimzi, CN=cluster-ca v0");
  t.same(info.dnsNames, NODE_DNS_NAMES);
  t.same(info.ipAddresses, NODE_IPS);
  t.same(info.notBefore, NOW_SECOND);
  t.same(info.notAfter, new Date("2026-03-01T12:00:00.000Z"));
  t.ok(isSignedBy(node.certificatePem, clusterCa.certificatePem));
  t.ok(keyMatchesCertificate(node.privateKeyPem, node.certificatePem));
});

t.test("the operator certificate has no SANs and is issued by the cluster CA", async (t) => {
  const { clusterCa, operator } = issueCluster();
  const info = parseCertificate(operator.certificatePem);
  t.equal(info.subject, "O=io.strimzi, CN=cluster-operator");
  t.same([info.dnsNames, info.ipAddresses], [[], []]);
  t.ok(isSignedBy(operator.certificatePem, clusterCa.certificatePem));
});

t.test("a certificate never outlives its CA", async (t) => {
  const { clusterCa } = issueCluster();
  const issue = (validityDays: number, now: Date) =>
    parseCertificate(issueNodeCertificate(clusterCa, { clusterName: "c", dnsNames: ["a"], ipAddresses: [], validityDays, privateKeyPem: key(3) }, testEnvironment("x", now)));
  t.same(issue(10, NOW_SECOND).notAfter, new Date("2025-03-11T12:00:00.000Z"), "shorter than the CA: its own validity");
  t.same(issue(400, NOW_SECOND).notAfter, new Date("2026-03-01T12:00:00.000Z"), "longer: cut at the CA's notAfter");
  const lateInLife = new Date("2026-02-20T00:00:00.000Z");
  t.same(issue(365, lateInLife).notAfter, new Date("2026-03-01T12:00:00.000Z"));
  const operator = issueClientCertificate(clusterCa, { commonName: OPERATOR_COMMON_NAME, validityDays: 400, privateKeyPem: key(4) }, testEnvironment("x", lateInLife));
  t.same(parseCertificate(operator).notAfter, new Date("2026-03-01T12:00:00.000Z"));
  t.throws(() => issue(1, new Date("2026-03-01T12:00:00.000Z")), { message: "the CA certificate expired at 2026-03-01T12:00:00.000Z; renew it before issuing from it" });
});

t.test("SANs are deduplicated (DNS without case, IPs as octets), keeping the first spelling", async (t) => {
  const { clusterCa } = issueCluster();
  const pem = issueNodeCertificate(clusterCa, {
    clusterName: "c", dnsNames: ["a.svc", "b.svc", "A.SVC"], ipAddresses: ["fd00::7", "FD00:0:0:0:0:0:0:7", "10.0.0.1"], validityDays: 1, privateKeyPem: key(3),
  }, testEnvironment());
  const info = parseCertificate(pem);
  t.same(info.dnsNames, ["a.svc", "b.svc"]);
  t.same(info.ipAddresses, ["fd00::7", "10.0.0.1"]);
});

t.test("requests that cannot make a usable certificate are refused", async (t) => {
  const { clusterCa } = issueCluster();
  const request = { clusterName: "my-cluster", dnsNames: ["a.svc"], ipAddresses: [], validityDays: 1, privateKeyPem: key(3) };
  const env = testEnvironment();
  t.throws(() => issueNodeCertificate(clusterCa, { ...request, dnsNames: [] }, env), /at least one DNS name or IP address/);
  t.throws(() => issueNodeCertificate(clusterCa, { ...request, clusterName: "c".repeat(59) }, env), /common name must have 1 to 64 characters/);
  t.ok(issueNodeCertificate(clusterCa, { ...request, clusterName: "c".repeat(58) }, env), "58 + \"-kafka\" = 64 characters is fine");
  t.throws(() => issueNodeCertificate(clusterCa, { ...request, dnsNames: ["has space.svc"] }, env), { message: "not a DNS name: \"has space.svc\"" });
  t.throws(() => issueNodeCertificate(clusterCa, { ...request, ipAddresses: ["10.0.0.256"] }, env), { message: "not an IP address: \"10.0.0.256\"" });
  const mismatched = { certificatePem: clusterCa.certificatePem, privateKeyPem: key(5) };
  t.throws(() => issueNodeCertificate(mismatched, request, env), { message: "the CA private key does not belong to the CA certificate" });
  t.throws(() => issueClientCertificate(mismatched, { commonName: OPERATOR_COMMON_NAME, validityDays: 1, privateKeyPem: key(3) }, env), /does not belong/);
});

t.test("certificates from a different CA with the same subject are told apart", async (t) => {
  const { clusterCa, node } = issueCluster();
  const keys = fixtureKeyPairSource();
  for (let i = 0; i < 5; i++) keys();
  const impostor = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, keys, testEnvironment());
  t.equal(parseCertificate(impostor.certificatePem).subject, parseCertificate(clusterCa.certificatePem).subject);
  t.notOk(isSignedBy(node.certificatePem, impostor.certificatePem));
});

t.test("OpenSSL verifies the chain, the purposes and the names", needsOpenssl, async (t) => {
  const { clusterCa, node, operator } = issueCluster();
  withFiles({ "ca.pem": clusterCa.certificatePem, "node.pem": node.certificatePem, "operator.pem": operator.certificatePem }, (dir) => {
    const verify = (...args: string[]) => openssl(dir, "verify", "-attime", AT, "-CAfile", "ca.pem", ...args);
    const both = verify("node.pem", "operator.pem");
    t.equal(both.status, 0, both.stdout + both.stderr);
    t.equal(both.stdout, "node.pem: OK\noperator.pem: OK\n");
    t.equal(verify("-purpose", "sslserver", "node.pem").status, 0, "node: TLS server");
    t.equal(verify("-purpose", "sslclient", "node.pem").status, 0, "node: TLS client");
    t.equal(verify("-purpose", "sslclient", "operator.pem").status, 0, "operator: TLS client");
    const operatorAsServer = verify("-purpose", "sslserver", "operator.pem");
    t.not(operatorAsServer.status, 0, "operator: not a TLS server");
    t.match(operatorAsServer.stdout + operatorAsServer.stderr, /(unsuitable|unsupported) certificate purpose/);
    t.equal(verify("-verify_hostname", "my-cluster-kafka-bootstrap.myproject.svc", "node.pem").status, 0);
    t.equal(verify("-verify_ip", "10.0.0.7", "node.pem").status, 0);
    t.equal(verify("-verify_ip", "fd00::7", "node.pem").status, 0);
    const wrongHost = verify("-verify_hostname", "my-cluster-broker-1.my-cluster-kafka-brokers.myproject.svc", "node.pem");
    t.not(wrongHost.status, 0);
    t.match(wrongHost.stdout + wrongHost.stderr, "hostname mismatch");
    t.not(verify("-verify_ip", "10.0.0.8", "node.pem").status, 0);
  });
});

t.test("OpenSSL shows the node certificate's subject and extensions", needsOpenssl, async (t) => {
  const { clusterCa, node } = issueCluster();
  const text = certificateText(node.certificatePem);
  t.match(text, "Signature Algorithm: sha512WithRSAEncryption");
  t.match(text, "Issuer: O = io.strimzi, CN = cluster-ca v0");
  t.match(text, "Subject: O = io.strimzi, CN = my-cluster-kafka");
  t.match(text, "X509v3 Basic Constraints: critical CA:FALSE");
  t.match(text, "X509v3 Key Usage: critical Digital Signature, Key Encipherment");
  t.match(text, "X509v3 Extended Key Usage: TLS Web Server Authentication, TLS Web Client Authentication");
  t.match(text, "X509v3 Subject Alternative Name: DNS:my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc, "
    + "DNS:my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc.cluster.local, DNS:my-cluster-kafka-bootstrap.myproject.svc, "
    + "IP Address:10.0.0.7, IP Address:FD00:0:0:0:0:0:0:7");
  const caKeyId = /X509v3 Subject Key Identifier: ([0-9A-F:]+)/.exec(certificateText(clusterCa.certificatePem))?.[1];
  const authorityKeyId = /X509v3 Authority Key Identifier: (?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1];
  t.ok(caKeyId);
  t.equal(authorityKeyId, caKeyId, "authorityKeyIdentifier is the CA's subjectKeyIdentifier");
});

t.test("OpenSSL shows the operator certificate as a client certificate", needsOpenssl, async (t) => {
  const text = certificateText(issueCluster().operator.certificatePem);
  t.match(text, "Subject: O = io.strimzi, CN = cluster-operator");
  t.match(text, "X509v3 Basic Constraints: critical CA:FALSE");
  t.match(text, "X509v3 Key Usage: critical Digital Signature, Key Encipherment");
  t.match(text, "X509v3 Extended Key Usage: TLS Web Client Authentication X509v3 Subject Key Identifier");
  t.notMatch(text, "Subject Alternative Name");
});

t.test("OpenSSL accepts the PKCS#8 keys and finds each certificate's modulus in its key", needsOpenssl, async (t) => {
  const { clusterCa, node, operator } = issueCluster();
  const pairs = { ca: [clusterCa.privateKeyPem, clusterCa.certificatePem], node: [node.privateKeyPem, node.certificatePem], operator: [operator.privateKeyPem, operator.certificatePem] };
  for (const [name, [keyPem = "", certPem = ""]] of Object.entries(pairs)) {
    t.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/, `${name}: PKCS#8`);
    withFiles({ "key.pem": keyPem, "cert.pem": certPem }, (dir) => {
      t.equal(openssl(dir, "pkey", "-in", "key.pem", "-noout").status, 0, `${name}: openssl pkey reads the key`);
      const keyModulus = openssl(dir, "rsa", "-in", "key.pem", "-noout", "-modulus").stdout;
      const certModulus = openssl(dir, "x509", "-in", "cert.pem", "-noout", "-modulus").stdout;
      t.match(certModulus, /^Modulus=[0-9A-F]{512}\n$/);
      t.equal(keyModulus, certModulus, `${name}: key and certificate share the modulus`);
    });
  }
});

t.test("a CA made elsewhere: its subject is copied byte for byte and, without an SKI, its key hash names it", needsOpenssl, async (t) => {
  withFiles({ "ca.key": key(0) }, (dir) => {
    // C= is a PrintableString and the rest UTF8String: forge re-encoding the name would lose that.
    const made = openssl(dir, "req", "-x509", "-key", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/C=XX/O=Example/OU=Kafka/CN=user ca",
      "-addext", "subjectKeyIdentifier=none", "-addext", "authorityKeyIdentifier=none", "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign");
    t.equal(made.status, 0, made.stderr);
    const caPem = openssl(dir, "x509", "-in", "ca.pem").stdout;
    t.notMatch(certificateText(caPem), "Subject Key Identifier");
    const userCa = { certificatePem: caPem, privateKeyPem: key(0) };
    const node = issueNodeCertificate(userCa, { clusterName: "c", dnsNames: ["a.svc"], ipAddresses: [], validityDays: 10, privateKeyPem: key(3) }, testEnvironment("user", new Date()));
    t.ok(isSignedBy(node, caPem));
    t.equal(tbsName(node, "issuer"), tbsName(caPem, "subject"), "issuer DER equals the CA's subject DER");
    withFiles({ "node.pem": node }, (inner) => {
      const verified = openssl(inner, "verify", "-CAfile", join(dir, "ca.pem"), "node.pem");
      t.equal(verified.stdout, "node.pem: OK\n", verified.stderr);
    });
    // RFC 5280 method 1: SHA-1 of the RSAPublicKey, as OpenSSL's subjectKeyIdentifier=hash.
    const expectedKeyId = createHash("sha1").update(createPublicKey(key(0)).export({ type: "pkcs1", format: "der" })).digest("hex").toUpperCase().match(/../g)?.join(":");
    t.match(certificateText(node), `X509v3 Authority Key Identifier: ${expectedKeyId}`);
  });
});

function tbsName(pem: string, which: "issuer" | "subject"): string {
  const certificate = forge.asn1.fromDer(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64").toString("binary"));
  const tbs = (certificate.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
  const name = tbs[which === "issuer" ? 3 : 5];
  if (!name) throw new Error(`no ${which}`);
  return Buffer.from(forge.asn1.toDer(name).getBytes(), "binary").toString("hex");
}
