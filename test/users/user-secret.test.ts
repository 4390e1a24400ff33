// The user Secret: Strimzi's layout for TLS and SCRAM users, kept byte for byte
// across syncs, renewed when due (inside maintenance windows), when forced and
// when the clients CA changes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import type { KafkaUser } from "../../lib/api/kafka-user.js";
import type { Secret } from "../../lib/api/kubernetes.js";
import { validateKafkaUser } from "../../lib/api/validate.js";
import { seededRandom } from "../../lib/environment.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { parseCertificate } from "../../lib/pki/inspect.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { desiredUserSecret, type UserSecretEnvironment, type UserSecretInput, type UserSecretSettings } from "../../lib/users/user-secret.js";
import { fixtureKeys } from "../helpers/keys.js";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const DAY_MS = 86_400_000;
const b64 = (text: string): string => Buffer.from(text).toString("base64");
const text = (secret: Secret | undefined, key: string): string => Buffer.from(secret?.data?.[key] ?? "", "base64").toString("utf8");

const CA_KEY = fixtureKeys[0] as string;
const USER_KEY = fixtureKeys[1] as string;
const SECOND_USER_KEY = fixtureKeys[2] as string;

function clientsCa(keyGeneration = 0, caKey = CA_KEY): { cert: Secret; key: Secret; pem: string } {
  const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration, validityDays: 730 }, fixedKeyPairSource([caKey]), { now: () => NOW, random: seededRandom("ca") });
  return {
    pem: ca.certificatePem,
    cert: { apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca-cert", namespace: "myproject" }, data: { "ca.crt": b64(ca.certificatePem) } },
    key: { apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca", namespace: "myproject" }, data: { "ca.key": b64(ca.privateKeyPem) } },
  };
}

const SETTINGS: UserSecretSettings = { secretPrefix: "", caValidityDays: 365, caRenewalDays: 30, maintenanceWindows: [], pkcs12: true, scramPasswordLength: 32 };

function kafkaUser(spec: Record<string, unknown>, labels: Record<string, string> = {}): KafkaUser {
  const result = validateKafkaUser({
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaUser",
    metadata: { name: "my-user", namespace: "myproject", uid: "uid-1", labels: { "strimzi.io/cluster": "my-cluster", ...labels } },
    spec,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

function env(keys: readonly string[] = [USER_KEY], at = NOW): UserSecretEnvironment {
  return { now: () => at, random: seededRandom("user"), newPrivateKey: fixedKeyPairSource(keys) };
}

function input(user: KafkaUser, observed?: Secret, extra: Partial<UserSecretInput> = {}): UserSecretInput {
  const ca = clientsCa();
  return { user, observed, clientsCaCert: ca.cert, clientsCaKey: ca.key, providedPassword: undefined, settings: SETTINGS, ...extra };
}

function secretOf(result: ReturnType<typeof desiredUserSecret>): Secret {
  if (!result.ok || !result.secret) throw new Error(`no Secret: ${JSON.stringify(result)}`);
  return result.secret;
}

const TLS = { authentication: { type: "tls" } };
const SCRAM = { authentication: { type: "scram-sha-512" } };

t.test("a TLS user gets Strimzi's Secret: the clients CA certificate, its certificate CN=<user> and key, a keystore", async (t) => {
  const ca = clientsCa();
  const user = kafkaUser({ ...TLS, template: { secret: { metadata: { labels: { team: "a" }, annotations: { note: "x" } } } } }, { "app.kubernetes.io/name": "mine", "app.kubernetes.io/part-of": "shop" });
  const secret = secretOf(desiredUserSecret(input(user), env()));
  t.strictSame(secret.metadata, {
    name: "my-user",
    namespace: "myproject",
    labels: {
      "strimzi.io/cluster": "my-cluster",
      "app.kubernetes.io/part-of": "my-user",
      "strimzi.io/kind": "KafkaUser",
      "app.kubernetes.io/name": "strimzi-user-operator",
      "app.kubernetes.io/instance": "my-user",
      "app.kubernetes.io/managed-by": "strimzi-user-operator",
      team: "a",
    },
    annotations: { note: "x" },
    ownerReferences: [{ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", name: "my-user", uid: "uid-1", blockOwnerDeletion: true, controller: false }],
  });
  t.equal(secret.type, "Opaque");
  t.strictSame(Object.keys(secret.data ?? {}).sort(), ["ca.crt", "user.crt", "user.key", "user.p12", "user.password"]);
  t.equal(text(secret, "ca.crt"), ca.pem);
  t.equal(text(secret, "user.key"), USER_KEY);
  const cert = parseCertificate(text(secret, "user.crt"));
  t.equal(cert.subject, "CN=my-user");
  t.equal(cert.issuer, "O=io.strimzi, CN=clients-ca v0");
  t.equal(cert.notBefore.toISOString(), NOW.toISOString());
  t.equal(cert.notAfter.toISOString(), new Date(NOW.getTime() + 365 * DAY_MS).toISOString());
  t.match(text(secret, "user.password"), /^[A-Za-z0-9]{12}$/);

  // The keystore opens with its password and holds the user's key and certificate.
  const dir = mkdtempSync(join(tmpdir(), "user-p12-"));
  writeFileSync(join(dir, "user.p12"), Buffer.from(secret.data?.["user.p12"] ?? "", "base64"));
  const pem = execFileSync("openssl", ["pkcs12", "-in", join(dir, "user.p12"), "-passin", `pass:${text(secret, "user.password")}`, "-nodes"], { encoding: "utf8" });
  t.match(pem, /friendlyName: my-user/);
  t.ok(pem.includes(text(secret, "user.crt").trim()), "the keystore holds user.crt");
  t.ok(pem.includes(USER_KEY.trim()), "the keystore holds user.key");
  t.throws(() => execFileSync("openssl", ["pkcs12", "-in", join(dir, "user.p12"), "-passin", "pass:wrong", "-nodes"], { stdio: "pipe" }));

  t.strictSame(desiredUserSecret(input(user), env()), { ok: true, secret, renewal: "missing" }, "the same inputs give the same Secret");
});

t.test("per-user validityDays and the secret prefix", async (t) => {
  const user = kafkaUser({ authentication: { type: "tls", validityDays: 10, renewalDays: 2 } });
  const secret = secretOf(desiredUserSecret(input(user, undefined, { settings: { ...SETTINGS, secretPrefix: "kafka-" } }), env()));
  t.equal(secret.metadata?.name, "kafka-my-user");
  t.equal(parseCertificate(text(secret, "user.crt")).notAfter.toISOString(), new Date(NOW.getTime() + 10 * DAY_MS).toISOString());
});

t.test("an existing TLS Secret is kept byte for byte: no key is made", async (t) => {
  const user = kafkaUser(TLS);
  const first = secretOf(desiredUserSecret(input(user), env()));
  const again = desiredUserSecret(input(user, first), env([]));
  t.strictSame(again, { ok: true, secret: first });
});

t.test("a keystore missing from the Secret is made again from its key and certificate", async (t) => {
  const user = kafkaUser(TLS);
  const first = secretOf(desiredUserSecret(input(user), env()));
  const { "user.p12": _p12, "user.password": _password, ...pemOnly } = first.data ?? {};
  const again = secretOf(desiredUserSecret(input(user, { ...first, data: pemOnly }), env([])));
  t.equal(again.data?.["user.crt"], first.data?.["user.crt"]);
  t.equal(again.data?.["user.key"], first.data?.["user.key"]);
  t.ok(again.data?.["user.p12"]);
  t.match(text(again, "user.password"), /^[A-Za-z0-9]{12}$/);
});

t.test("renewal: due inside a maintenance window, due but outside one, forced, and after the clients CA changed", async (t) => {
  const user = kafkaUser(TLS);
  const first = secretOf(desiredUserSecret(input(user), env()));
  const due = new Date(NOW.getTime() + 336 * DAY_MS); // a Tuesday 29 days before notAfter, inside the 30-day renewal period

  const renewed = desiredUserSecret(input(user, first), env([SECOND_USER_KEY], due));
  t.equal(renewed.ok && renewed.renewal, "expiring");
  t.equal(text(secretOf(renewed), "user.key"), SECOND_USER_KEY);
  t.equal(parseCertificate(text(secretOf(renewed), "user.crt")).notBefore.toISOString(), due.toISOString());

  // The window is Sundays only.
  const outside = desiredUserSecret(input(user, first, { settings: { ...SETTINGS, maintenanceWindows: ["* * * ? * SUN"] } }), env([], due));
  t.strictSame(outside, { ok: true, secret: first }, "outside the windows the due certificate is kept");
  const sunday = new Date(due.getTime() + 5 * DAY_MS);
  const inside = desiredUserSecret(input(user, first, { settings: { ...SETTINGS, maintenanceWindows: ["* * * ? * SUN"] } }), env([SECOND_USER_KEY], sunday));
  t.equal(inside.ok && inside.renewal, "expiring");

  const forced = { ...first, metadata: { ...first.metadata, annotations: { "strimzi.io/force-renew": "true" } } };
  const afterForce = secretOf(desiredUserSecret(input(user, forced), env([SECOND_USER_KEY])));
  t.equal(text(afterForce, "user.key"), SECOND_USER_KEY);
  t.equal(afterForce.metadata?.annotations, undefined, "the force-renew annotation is gone once acted on");

  const newCa = clientsCa(1, fixtureKeys[3] as string);
  const afterCa = desiredUserSecret(input(user, first, { clientsCaCert: newCa.cert, clientsCaKey: newCa.key }), env([SECOND_USER_KEY]));
  t.equal(afterCa.ok && afterCa.renewal, "clients-ca-changed");
  t.equal(text(secretOf(afterCa), "ca.crt"), newCa.pem);
  t.equal(parseCertificate(text(secretOf(afterCa), "user.crt")).issuer, "O=io.strimzi, CN=clients-ca v1");
});

t.test("a certificate that ends with its clients CA is not issued anew at each reconcile: the CA's renewal reissues it", async (t) => {
  const user = kafkaUser(TLS);
  const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 0, validityDays: 20 }, fixedKeyPairSource([CA_KEY]), { now: () => NOW, random: seededRandom("ca") });
  const shortCa = {
    clientsCaCert: { apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca-cert", namespace: "myproject" }, data: { "ca.crt": b64(ca.certificatePem) } },
    clientsCaKey: { apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca", namespace: "myproject" }, data: { "ca.key": b64(ca.privateKeyPem) } },
  } satisfies Partial<UserSecretInput>;
  const first = secretOf(desiredUserSecret(input(user, undefined, shortCa), env()));
  t.equal(parseCertificate(text(first, "user.crt")).notAfter.toISOString(), parseCertificate(ca.certificatePem).notAfter.toISOString(), "capped at the CA's end, inside the 30-day renewal period");
  t.strictSame(desiredUserSecret(input(user, first, shortCa), env([], new Date(NOW.getTime() + DAY_MS))), { ok: true, secret: first }, "kept, with no new key");
});

t.test("a TLS user without the clients CA gets no Secret and a message", async (t) => {
  t.strictSame(desiredUserSecret(input(kafkaUser(TLS), undefined, { clientsCaKey: undefined }), env([])), {
    ok: false,
    message: "the clients CA Secrets (ca.crt and ca.key) are missing or incomplete: the Kafka's clients CA is not created yet",
  });
});

t.test("a SCRAM user: a generated password, kept across syncs, and the client's sasl.jaas.config", async (t) => {
  const user = kafkaUser(SCRAM);
  const secret = secretOf(desiredUserSecret(input(user), env([])));
  t.strictSame(Object.keys(secret.data ?? {}).sort(), ["password", "sasl.jaas.config"]);
  const password = text(secret, "password");
  t.match(password, /^[A-Za-z][A-Za-z0-9]{31}$/);
  t.equal(text(secret, "sasl.jaas.config"), `org.apache.kafka.common.security.scram.ScramLoginModule required username="my-user" password="${password}";`);
  t.strictSame(desiredUserSecret(input(user, secret), { ...env([]), random: seededRandom("other") }), { ok: true, secret }, "the observed password is kept");
});

t.test("a SCRAM user's own password replaces the generated one", async (t) => {
  const user = kafkaUser({ authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "pw", key: "password" } } } } });
  const generated = secretOf(desiredUserSecret(input(kafkaUser(SCRAM)), env([])));
  const secret = secretOf(desiredUserSecret(input(user, generated, { providedPassword: "s3cret" }), env([])));
  t.strictSame(secret.data, {
    password: b64("s3cret"),
    "sasl.jaas.config": b64('org.apache.kafka.common.security.scram.ScramLoginModule required username="my-user" password="s3cret";'),
  });
});

t.test("tls-external and no authentication: no Secret", async (t) => {
  t.strictSame(desiredUserSecret(input(kafkaUser({ authentication: { type: "tls-external" } })), env([])), { ok: true, secret: undefined });
  t.strictSame(desiredUserSecret(input(kafkaUser({ quotas: { producerByteRate: 1 } })), env([])), { ok: true, secret: undefined });
});
