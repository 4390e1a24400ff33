// The leader keeps the hooks' serving certificate in the stand-in API server:
// issued at once, left alone while good, replaced when the clock reaches its last
// 30 days, and issued again when someone deletes the Secret.
import { X509Certificate } from "node:crypto";
import t from "tap";
import type { Secret } from "../../lib/api/kubernetes.js";
import { secretText } from "../../lib/certificates/observed-secrets.js";
import { HOOKS_CA_SECRET, HOOKS_TLS_SECRET } from "../../lib/hooks-tls.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeys } from "../helpers/keys.js";
import { LEASE_NAMESPACE, startHarness, until } from "../helpers/sidecar-harness.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const SERVICE = { name: "kafka-hooks", namespace: LEASE_NAMESPACE };

t.test("issued when the sidecar starts leading, kept while good, replaced before it ends, recreated when deleted", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  let now = Date.now();
  await harness.startSidecar("sidecar-a", {
    clock: () => new Date(now),
    hooksTls: { service: SERVICE, checkIntervalMs: 20 },
    newPrivateKey: fixedKeyPairSource([...fixtureKeys, ...fixtureKeys]),
  });
  const secret = (name: string) => harness.server.get<Secret>("v1", "Secret", LEASE_NAMESPACE, name);
  const serving = () => secretText(secret(HOOKS_TLS_SECRET), "tls.crt");
  await until("the serving certificate", () => serving() !== undefined);
  const first = serving() ?? "";
  const caPem = secretText(secret(HOOKS_CA_SECRET), "ca.crt") ?? "";
  const ca = new X509Certificate(caPem);
  t.ok(new X509Certificate(first).checkIssued(ca), "signed by the CA in kafka-hooks-ca");
  t.equal(secretText(secret(HOOKS_TLS_SECRET), "ca.crt"), caPem, "and published beside it for Metacontroller's caBundle");
  t.equal(secret(HOOKS_TLS_SECRET)?.type, "kubernetes.io/tls");

  const writes = () => harness.server.writes.filter((w) => w.resource === "secrets" && w.namespace === LEASE_NAMESPACE).length;
  const before = writes();
  const checks = () => harness.server.requests.filter((r) => r.resource === "secrets" && r.name === HOOKS_TLS_SECRET && r.verb === "get").length;
  const seen = checks();
  await until("three more checks", () => checks() >= seen + 3);
  t.equal(writes(), before, "nothing written while the certificate is good");

  now = Date.parse(new X509Certificate(first).validTo) - 30 * DAY_MS + 1000;
  await until("the replacement", () => serving() !== first);
  const second = new X509Certificate(serving() ?? "");
  t.ok(second.checkIssued(ca) && second.verify(ca.publicKey), "from the same CA: Metacontroller keeps trusting it");
  t.equal(secretText(secret(HOOKS_CA_SECRET), "ca.crt"), caPem, "the CA unchanged");

  harness.server.remove("v1", "Secret", LEASE_NAMESPACE, HOOKS_TLS_SECRET);
  await until("the Secret again", () => serving() !== undefined);
  t.ok(new X509Certificate(serving() ?? "").checkIssued(ca));
});
