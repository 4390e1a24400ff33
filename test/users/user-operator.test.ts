// The user-operator process on the API server stand-in (real HTTP, the real
// informers of sidecar/kube) with Kafka in memory: the env Strimzi gives
// the container, a KafkaUser made Ready with its Secret and the ownership
// record, a deleted user Secret put back, an invalid KafkaUser reported, and a
// deleted KafkaUser's principals removed while a foreign one stays.
import { pino } from "pino";
import t from "tap";
import type { Secret } from "../../lib/api/kubernetes.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { seededRandom } from "../../lib/environment.js";
import { aclKey, type AclBinding } from "../../lib/users/acls.js";
import { parseUserOperatorEnv } from "../../entity-operator/user-operator/config.js";
import { ownershipSecretName } from "../../entity-operator/user-operator/kubernetes.js";
import { startUserOperator } from "../../entity-operator/user-operator/user-operator.js";
import { inlineScramSalting, SCRAM_ITERATIONS } from "../../entity-operator/user-operator/scram.js";
import { inlineUserSecrets } from "../../entity-operator/user-operator/user-secrets.js";
import { FakeApiServer } from "../helpers/fake-apiserver.js";
import { FakeUserKafka } from "../helpers/fake-user-kafka.js";
import { fixtureKeys } from "../helpers/keys.js";
import { until } from "../helpers/sidecar-harness.js";

const NS = "myproject";
const NOW = new Date("2026-11-24T12:00:00.000Z");
const b64 = (text: string): string => Buffer.from(text).toString("base64");

// The env EntityUserOperator.getEnvVars writes for cluster my-cluster.
const ENV = {
  STRIMZI_KAFKA_BOOTSTRAP_SERVERS: "my-cluster-kafka-bootstrap:9091",
  STRIMZI_NAMESPACE: NS,
  STRIMZI_LABELS: "strimzi.io/cluster=my-cluster",
  STRIMZI_FULL_RECONCILIATION_INTERVAL_MS: "120000",
  STRIMZI_CA_KEY_NAME: "my-cluster-clients-ca",
  STRIMZI_CA_CERT_NAME: "my-cluster-clients-ca-cert",
  STRIMZI_CA_NAMESPACE: NS,
  STRIMZI_CA_VALIDITY: "365",
  STRIMZI_CA_RENEWAL: "30",
  STRIMZI_CLUSTER_CA_CERT_SECRET_NAME: "my-cluster-cluster-ca-cert",
  STRIMZI_EO_KEY_SECRET_NAME: "my-cluster-entity-user-operator-certs",
  STRIMZI_SECRET_PREFIX: "",
  STRIMZI_ACLS_ADMIN_API_SUPPORTED: "true",
  STRIMZI_MAINTENANCE_TIME_WINDOWS: "",
};

t.test("the env Strimzi gives the User Operator", async (t) => {
  const config = parseUserOperatorEnv({ ...ENV, STRIMZI_MAINTENANCE_TIME_WINDOWS: "* * 0-1 ? * SUN;* * 3 ? * *", STRIMZI_IGNORED_USERS_PATTERN: "admin.*" });
  t.equal(config.cluster, "my-cluster");
  t.strictSame(config.settings.secret.maintenanceWindows, ["* * 0-1 ? * SUN", "* * 3 ? * *"]);
  t.equal(config.settings.sweepUnowned, false);
  t.equal(config.settings.ignoredUsers?.test("admin-1"), true);
  t.equal(config.settings.ignoredUsers?.test("my-admin"), false, "the pattern matches whole names, as Java's matches()");
  t.throws(() => parseUserOperatorEnv({ ...ENV, STRIMZI_LABELS: "app=x" }), /STRIMZI_LABELS must select strimzi.io\/cluster=<cluster>/);
  t.throws(() => parseUserOperatorEnv({ ...ENV, STRIMZI_CA_VALIDITY: "0" }), /STRIMZI_CA_VALIDITY must be a positive integer/);
});

t.test("the process: Secrets, statuses, the ownership record, deletion", async (t) => {
  const server = await FakeApiServer.start({ garbageCollector: true });
  t.teardown(() => server.stop());
  const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 0, validityDays: 730 }, fixedKeyPairSource([fixtureKeys[0] as string]), { now: () => NOW, random: seededRandom("ca") });
  server.createObject({ apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca-cert", namespace: NS }, data: { "ca.crt": b64(ca.certificatePem) } });
  server.createObject({ apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca", namespace: NS }, data: { "ca.key": b64(ca.privateKeyPem) } });
  const kafka = new FakeUserKafka();
  const foreign: AclBinding = { principal: "User:foreign", resourceType: "topic", resourceName: "t", patternType: "literal", host: "*", operation: "Read", permission: "allow" };
  kafka.acls.set(aclKey(foreign), foreign);
  const keys = [fixtureKeys[1] as string, fixtureKeys[2] as string];
  const operator = await startUserOperator(parseUserOperatorEnv(ENV), {
    kubeConfig: server.kubeConfig(), logger: pino({ level: "silent" }), kafka, now: () => NOW, scram: inlineScramSalting({ random: seededRandom("uo"), iterations: SCRAM_ITERATIONS }),
    userSecret: inlineUserSecrets(seededRandom("secrets"), async () => {
      const key = keys.shift();
      if (key === undefined) throw new Error("no fixture key left");
      return key;
    }),
  });
  t.teardown(() => operator.stop());
  await until("the first full reconciliation", () => operator.ready());

  const get = (kind: string, name: string) => server.all().find((o) => o.kind === kind && o.metadata.name === name);
  server.createObject({
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: "app", namespace: NS, labels: { "strimzi.io/cluster": "my-cluster" } },
    spec: { authentication: { type: "tls" }, authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "orders" }, operations: ["Read", "Describe"] }] } },
  });
  await until("app to be Ready", () => (get("KafkaUser", "app")?.["status"] as { conditions?: Array<{ status: string }> } | undefined)?.conditions?.[0]?.status === "True");
  const user = get("KafkaUser", "app");
  t.strictSame(user?.["status"], {
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: NOW.toISOString() }],
    observedGeneration: 1, username: "CN=app", secret: "app",
  });
  const secret = get("Secret", "app") as Secret | undefined;
  t.strictSame(Object.keys(secret?.data ?? {}).sort(), ["ca.crt", "user.crt", "user.key", "user.p12", "user.password"]);
  t.strictSame(secret?.metadata?.ownerReferences, [{ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", name: "app", uid: user?.metadata.uid, blockOwnerDeletion: true, controller: false }]);
  t.equal(Buffer.from(secret?.data?.["user.key"] ?? "", "base64").toString("utf8"), fixtureKeys[1]);
  t.strictSame([...kafka.acls.values()].map((b) => `${b.principal} ${b.operation}`).sort(), ["User:CN=app Describe", "User:CN=app Read", "User:foreign Read"]);
  const record = get("Secret", ownershipSecretName("my-cluster"));
  t.equal(Buffer.from((record?.["data"] as Record<string, string>)["users"] ?? "", "base64").toString("utf8"), '["app"]');

  await t.test("a deleted user Secret is put back", async (t) => {
    server.deleteObject("v1", "Secret", NS, "app");
    await until("the Secret to come back", () => get("Secret", "app") !== undefined);
    t.equal(Buffer.from((get("Secret", "app")?.["data"] as Record<string, string>)["user.key"] ?? "", "base64").toString("utf8"), fixtureKeys[2], "with a new key: the old one went with it");
  });

  await t.test("an invalid KafkaUser gets a condition naming the field", async (t) => {
    server.createObject({
      apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: "bad", namespace: NS, labels: { "strimzi.io/cluster": "my-cluster" } },
      spec: { authentication: { type: "tls", validityDays: 5 } },
    });
    await until("bad to get a status", () => get("KafkaUser", "bad")?.["status"] !== undefined);
    t.strictSame(get("KafkaUser", "bad")?.["status"], {
      conditions: [{ type: "Ready", status: "False", lastTransitionTime: NOW.toISOString(), reason: "InvalidResource", message: "spec.authentication.renewalDays: must be set together with validityDays and renewalDays, or neither" }],
      observedGeneration: 1, username: "CN=bad",
    });
    t.equal(get("Secret", "bad"), undefined);
  });

  await t.test("a deleted KafkaUser loses its ACLs; the foreign principal's stay", async (t) => {
    server.deleteObject("kafka.strimzi.io/v1", "KafkaUser", NS, "app");
    await until("app's ACLs to go", () => kafka.acls.size === 1);
    t.strictSame([...kafka.acls.values()], [foreign]);
    await until("the record to forget app", () => Buffer.from((get("Secret", ownershipSecretName("my-cluster"))?.["data"] as Record<string, string>)["users"] ?? "", "base64").toString("utf8") === "[]");
    t.equal(get("Secret", "app"), undefined, "the Secret went with its owner");
  });

  await t.test("Strimzi's metrics count each KafkaUser reconciled, with its labels", async (t) => {
    const values = async (name: string): Promise<Array<[string, number]>> =>
      (await operator.metrics.registry.getSingleMetric(name)?.get())?.values.filter((v) => !("le" in v.labels)).map((v) => [JSON.stringify(v.labels), v.value]) ?? [];
    const labels = JSON.stringify({ kind: "KafkaUser", namespace: NS, selector: "strimzi.io/cluster=my-cluster" });
    const count = async (name: string): Promise<number> => (await values(name))[0]?.[1] ?? 0;
    // app created, its Secret put back, app deleted (and maybe once more, when its Secret is collected), bad: the last batch may still be counting.
    await until("four reconciliations counted", async () => (await count("strimzi_reconciliations_total")) >= 4);
    t.strictSame(await values("strimzi_reconciliations_failed_total"), [[labels, 1]], "bad, once");
    t.equal(await count("strimzi_reconciliations_successful_total"), (await count("strimzi_reconciliations_total")) - 1, "all others succeeded");
    t.strictSame(await values("strimzi_resources"), [[labels, 1]], "bad is left");
    t.strictSame(await values("strimzi_resources_paused"), [[labels, 0]]);
    t.strictSame(await values("strimzi_reconciliations_periodical_total"), [], "no periodical reconciliation in 120 s");
  });
});
