// The hooks' serving certificate and its CA: issued when missing, kept while
// good, the serving certificate replaced 30 days before it ends, the CA renewed
// with its key so that what Metacontroller loaded once keeps verifying.
import { X509Certificate } from "node:crypto";
import t from "tap";
import type { Secret } from "../../lib/api/kubernetes.js";
import { secretText } from "../../lib/certificates/observed-secrets.js";
import { HOOKS_CA_SECRET, HOOKS_TLS_SECRET, hooksDnsNames, hooksTlsSecrets } from "../../lib/hooks-tls.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeyPairSource, fixtureKeys } from "../helpers/keys.js";
import { NOW, testEnvironment } from "./fixtures.js";

const SERVICE = { name: "kafka-hooks", namespace: "kafka-hooks" };
const DAY_MS = 24 * 60 * 60 * 1000;
const at = (ms: number) => testEnvironment("hooks-tls", new Date(ms));
const cert = (secret: Secret, key: string) => new X509Certificate(secretText(secret, key) ?? "");
const issuedBy = (leaf: X509Certificate, ca: X509Certificate) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey);

t.test("from nothing: a ten-year CA and a one-year serving certificate for the Service's names", async (t) => {
  const { ca, tls, issued } = hooksTlsSecrets({}, SERVICE, testEnvironment("hooks-tls"), fixtureKeyPairSource());
  t.strictSame(issued, ["ca-created", "serving-certificate"]);
  t.strictSame([ca.metadata?.name, ca.type, Object.keys(ca.data ?? {})], [HOOKS_CA_SECRET, "Opaque", ["ca.crt", "ca.key"]]);
  t.strictSame([tls.metadata?.name, tls.type, Object.keys(tls.data ?? {})], [HOOKS_TLS_SECRET, "kubernetes.io/tls", ["ca.crt", "tls.crt", "tls.key"]]);
  t.equal(secretText(tls, "ca.crt"), secretText(ca, "ca.crt"), "the CA Metacontroller trusts is the one that signs");
  t.equal(secretText(ca, "ca.key"), fixtureKeys[0]);
  t.equal(secretText(tls, "tls.key"), fixtureKeys[1]);
  const caCert = cert(ca, "ca.crt");
  const serving = cert(tls, "tls.crt");
  t.ok(caCert.ca, "a CA");
  t.ok(issuedBy(serving, caCert));
  t.equal(serving.subjectAltName, hooksDnsNames(SERVICE).map((n) => `DNS:${n}`).join(", "));
  t.strictSame(hooksDnsNames(SERVICE), ["kafka-hooks", "kafka-hooks.kafka-hooks", "kafka-hooks.kafka-hooks.svc", "kafka-hooks.kafka-hooks.svc.cluster.local"]);
  t.equal(serving.checkHost("kafka-hooks.kafka-hooks.svc"), "kafka-hooks.kafka-hooks.svc");
  t.equal((Date.parse(caCert.validTo) - Date.parse(caCert.validFrom)) / DAY_MS, 3650);
  t.equal((Date.parse(serving.validTo) - Date.parse(serving.validFrom)) / DAY_MS, 365);
});

t.test("kept while good; the serving certificate replaced with a new key once within 30 days of its end", async (t) => {
  const first = hooksTlsSecrets({}, SERVICE, testEnvironment("hooks-tls"), fixtureKeyPairSource());
  const notAfter = Date.parse(cert(first.tls, "tls.crt").validTo);
  const kept = hooksTlsSecrets({ ca: first.ca, tls: first.tls }, SERVICE, at(notAfter - 30 * DAY_MS), fixtureKeyPairSource());
  t.strictSame(kept.issued, []);
  t.strictSame([kept.ca.data, kept.tls.data], [first.ca.data, first.tls.data], "nothing to write");

  const renewed = hooksTlsSecrets({ ca: first.ca, tls: first.tls }, SERVICE, at(notAfter - 30 * DAY_MS + 1000), fixtureKeyPairSource());
  t.strictSame(renewed.issued, ["serving-certificate"]);
  t.strictSame(renewed.ca.data, first.ca.data, "the CA stays");
  t.not(secretText(renewed.tls, "tls.key"), secretText(first.tls, "tls.key"), "a new key");
  t.ok(issuedBy(cert(renewed.tls, "tls.crt"), cert(first.ca, "ca.crt")));
});

t.test("the CA is renewed with its key in its last year: Metacontroller's copy of the old one still verifies new serving certificates", async (t) => {
  const first = hooksTlsSecrets({}, SERVICE, testEnvironment("hooks-tls"), fixtureKeyPairSource());
  const oldCa = cert(first.ca, "ca.crt");
  const due = Date.parse(oldCa.validTo) - 365 * DAY_MS + 1000;
  const renewed = hooksTlsSecrets({ ca: first.ca, tls: first.tls }, SERVICE, at(due), fixtureKeyPairSource());
  t.strictSame(renewed.issued, ["ca-renewed", "serving-certificate"], "the serving certificate, older than 30 days before its end, too");
  t.equal(secretText(renewed.ca, "ca.key"), secretText(first.ca, "ca.key"), "the same key");
  const newCa = cert(renewed.ca, "ca.crt");
  t.equal(newCa.subject, oldCa.subject);
  t.equal(Date.parse(newCa.validTo), due - (due % 1000) + 3650 * DAY_MS);
  t.ok(issuedBy(cert(renewed.tls, "tls.crt"), oldCa), "verifies against the CA certificate loaded years ago");
  t.ok(issuedBy(cert(renewed.tls, "tls.crt"), newCa));
});

t.test("a broken CA or a certificate for other names is replaced, never served", async (t) => {
  const first = hooksTlsSecrets({}, SERVICE, testEnvironment("hooks-tls"), fixtureKeyPairSource());
  const wrongKey: Secret = { ...first.ca, data: { ...first.ca.data, "ca.key": Buffer.from(fixtureKeys[5] ?? "").toString("base64") } };
  // Keys the first issue did not use, so that the new CA's differs from the old one's.
  const fromBrokenCa = hooksTlsSecrets({ ca: wrongKey, tls: first.tls }, SERVICE, at(NOW.getTime()), fixedKeyPairSource(fixtureKeys.slice(2)));
  t.strictSame(fromBrokenCa.issued, ["ca-created", "serving-certificate"]);
  t.ok(issuedBy(cert(fromBrokenCa.tls, "tls.crt"), cert(fromBrokenCa.ca, "ca.crt")));
  t.notOk(issuedBy(cert(fromBrokenCa.tls, "tls.crt"), cert(first.ca, "ca.crt")));

  const otherService = hooksTlsSecrets({ ca: first.ca, tls: first.tls }, { name: "hooks", namespace: "kafka-hooks" }, at(NOW.getTime()), fixtureKeyPairSource());
  t.strictSame(otherService.issued, ["serving-certificate"]);
  t.equal(cert(otherService.tls, "tls.crt").checkHost("hooks.kafka-hooks.svc"), "hooks.kafka-hooks.svc");

  const garbage: Secret = { ...first.tls, data: { ...first.tls.data, "tls.crt": Buffer.from("not a certificate").toString("base64") } };
  t.strictSame(hooksTlsSecrets({ ca: first.ca, tls: garbage }, SERVICE, at(NOW.getTime()), fixtureKeyPairSource()).issued, ["serving-certificate"]);
});
