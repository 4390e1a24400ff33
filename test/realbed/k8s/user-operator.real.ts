// The User Operator against the real API server and a real Kafka node
// (user-operator-bed.ts): KafkaUsers applied with kubectl, the operator in
// process with the Entity Operator's RBAC and the contract's env, reading its
// TLS material from the Secrets the env names. TLS and SCRAM users turn Ready
// with Strimzi's Secret layout and owner reference (the uid the API server
// gave); a changed password Secret changes the credential in Kafka; a deleted
// KafkaUser's Secret is removed by kube-controller-manager's garbage collector
// through that owner reference, its ACLs and credentials by the operator, a
// foreign principal's ACL stays; the ownership record follows; an operator
// stopped mid-way and started again finishes without issuing anything twice.
// Run as root, alone:
//   npx tap --jobs=1 --timeout=600 --disable-coverage dist/test/realbed/k8s/user-operator.real.js
import { Admin } from "@platformatic/kafka";
import { join } from "node:path";
import { pino } from "pino";
import t from "tap";
import yaml from "js-yaml";
import type { KafkaUserStatus } from "../../../lib/api/kafka-user.js";
import type { AclBinding } from "../../../lib/users/acls.js";
import { parseUserOperatorEnv } from "../../../entity-operator/user-operator/config.js";
import { ownershipSecretName } from "../../../entity-operator/user-operator/kubernetes.js";
import { startUserOperator, type UserOperator } from "../../../entity-operator/user-operator/user-operator.js";
import { eventually } from "./cluster.js";
import type { JsonMap } from "./rest.js";
import { CLUSTER, NS, startUserOperatorBed } from "./user-operator-bed.js";

const WAIT_MS = 120_000;
const b64 = (text: string): string => Buffer.from(text).toString("base64");
const unb64 = (text: string | undefined): string => Buffer.from(text ?? "", "base64").toString("utf8");

const bed = await startUserOperatorBed({ fullReconciliationIntervalMs: 3000 });
t.teardown(() => bed.stop());
const { cluster, kafka, broker } = bed;
const logFile = join(cluster.dir, "user-operator.log");
const logger = pino({ level: "debug" }, pino.destination({ dest: logFile, sync: true }));
const start = (): Promise<UserOperator> => startUserOperator(parseUserOperatorEnv(bed.env), { kubeConfig: bed.kubeConfig, logger });
let operator = await start();
t.teardown(() => operator.stop());
await eventually("the operator ready", async () => (operator.ready() ? true : undefined), WAIT_MS);

const apply = (objects: object[]): Promise<string> => cluster.kubectl(["apply", "-n", NS, "-f", "-"], objects.map((o) => yaml.dump(o)).join("---\n"));
const kafkaUser = (name: string, spec: JsonMap) => ({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, namespace: NS, labels: { "strimzi.io/cluster": CLUSTER } }, spec });
const find = (kind: string, name: string): Promise<JsonMap | undefined> =>
  cluster.api.find({ apiVersion: kind === "Secret" ? "v1" : "kafka.strimzi.io/v1", kind, metadata: { name, namespace: NS } });
type Secret = { data?: Record<string, string>; metadata: { ownerReferences?: unknown[]; uid?: string } };
const secretOf = async (name: string): Promise<Secret | undefined> => (await find("Secret", name)) as Secret | undefined;
/** The status once Ready is `status` for the KafkaUser's current generation. */
const ready = (name: string, status = "True") => eventually(`KafkaUser ${name} Ready=${status}`, async () => {
  const object = await find("KafkaUser", name);
  const s = object?.["status"] as KafkaUserStatus | undefined;
  const generation = (object?.["metadata"] as { generation?: number } | undefined)?.generation;
  return s?.conditions?.[0]?.type === "Ready" && s.conditions[0].status === status && s.observedGeneration === generation ? { status: s, object } : undefined;
}, WAIT_MS);
const owned = async (): Promise<string[]> => JSON.parse(unb64((await secretOf(ownershipSecretName(CLUSTER)))?.data?.["users"]) || "[]") as string[];
const scramAdmin = (user: string, password: string) => new Admin({
  clientId: user, bootstrapBrokers: [broker.scramBootstrap], sasl: { mechanism: "SCRAM-SHA-512", username: user, password }, retries: 0, connectTimeout: 10_000,
});
const canLogIn = async (user: string, password: string): Promise<boolean> => {
  const admin = scramAdmin(user, password);
  try {
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => undefined);
  }
};

const ACLS = [{ resource: { type: "topic", name: "orders", patternType: "literal" }, operations: ["Read", "Describe"] }];
const foreign: AclBinding = { principal: "User:foreign", resourceType: "topic", resourceName: "orders", patternType: "literal", host: "*", operation: "Read", permission: "allow" };
await kafka.createAcls([foreign]);

t.test("TLS and SCRAM users Ready: Strimzi's Secrets, owned by their KafkaUsers; ACLs and the credential in Kafka", async (t) => {
  await apply([
    kafkaUser("tls-user", { authentication: { type: "tls" }, authorization: { type: "simple", acls: ACLS }, quotas: { producerByteRate: 1048576 } }),
    kafkaUser("scram-user", { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: ACLS } }),
  ]);
  const tls = await ready("tls-user");
  const scram = await ready("scram-user");
  t.strictSame([tls.status.username, tls.status.secret, scram.status.username, scram.status.secret], ["CN=tls-user", "tls-user", "scram-user", "scram-user"]);
  for (const [name, keys, object] of [["tls-user", ["ca.crt", "user.crt", "user.key", "user.p12", "user.password"], tls.object], ["scram-user", ["password", "sasl.jaas.config"], scram.object]] as const) {
    const secret = await secretOf(name);
    t.strictSame(Object.keys(secret?.data ?? {}).sort(), keys, `${name}'s keys`);
    t.strictSame(secret?.metadata.ownerReferences, [{
      apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", name, uid: (object?.["metadata"] as { uid: string }).uid, controller: false, blockOwnerDeletion: true,
    }], `${name}'s owner reference carries the uid the API server gave`);
  }
  t.equal(unb64((await secretOf("tls-user"))?.data?.["ca.crt"]), broker.clientsCa.certificatePem);
  const acls = (await kafka.describeAcls(null)).map((b) => `${b.principal} ${b.resourceName} ${b.operation}`).sort();
  t.strictSame(acls, ["User:CN=tls-user orders Describe", "User:CN=tls-user orders Read", "User:foreign orders Read", "User:scram-user orders Describe", "User:scram-user orders Read"]);
  t.strictSame((await kafka.describeUserQuotas()).get("CN=tls-user"), { producer_byte_rate: 1048576 });
  t.strictSame(await kafka.describeScramUsers(), ["scram-user"]);
  t.strictSame(await owned(), ["scram-user", "tls-user"], "the ownership record names both");
  t.ok(await canLogIn("scram-user", unb64((await secretOf("scram-user"))?.data?.["password"])), "the generated password logs in");
});

t.test("an invalid KafkaUser: NotReady naming the field, no Secret, nothing in Kafka", async (t) => {
  await apply([kafkaUser("bad-user", { authentication: { type: "tls", validityDays: 10, renewalDays: 20 } })]);
  const { status } = await ready("bad-user", "False");
  t.strictSame([status.conditions?.[0]?.reason, status.conditions?.[0]?.message], ["InvalidResource", "spec.authentication.renewalDays: must be less than validityDays"]);
  t.equal(await secretOf("bad-user"), undefined);
  t.notOk((await kafka.describeAcls(null)).some((b) => b.principal === "User:CN=bad-user"));
  await cluster.kubectl(["delete", "kafkauser", "bad-user", "-n", NS]);
});

t.test("a user's password Secret changed: the new password logs in, the old one does not", async (t) => {
  await apply([{ apiVersion: "v1", kind: "Secret", metadata: { name: "scram-password", namespace: NS }, data: { password: b64("first-password") } }]);
  await apply([kafkaUser("scram-user", { authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "scram-password", key: "password" } } } }, authorization: { type: "simple", acls: ACLS } })]);
  await ready("scram-user");
  await eventually("the first password to log in", async () => ((await canLogIn("scram-user", "first-password")) ? true : undefined), WAIT_MS);
  // The password Secret has no KafkaUser label: the full reconciliation (every 3 s here) reads it again.
  await apply([{ apiVersion: "v1", kind: "Secret", metadata: { name: "scram-password", namespace: NS }, data: { password: b64("second-password") } }]);
  await eventually("the user Secret to hold the new password", async () => (unb64((await secretOf("scram-user"))?.data?.["password"]) === "second-password" ? true : undefined), WAIT_MS);
  await eventually("the new password to log in", async () => ((await canLogIn("scram-user", "second-password")) ? true : undefined), WAIT_MS);
  t.notOk(await canLogIn("scram-user", "first-password"), "the old password is refused");
  t.match(unb64((await secretOf("scram-user"))?.data?.["sasl.jaas.config"]), /username="scram-user" password="second-password"/);
});

t.test("deletion: the Secret goes by garbage collection, ACLs, quotas and credentials by the operator; the foreign ACL stays", async (t) => {
  await cluster.kubectl(["delete", "kafkauser", "tls-user", "scram-user", "-n", NS, "--wait=false"]);
  await eventually("both Secrets collected", async () => ((await secretOf("tls-user")) === undefined && (await secretOf("scram-user")) === undefined ? true : undefined), WAIT_MS);
  await eventually("the record to forget both", async () => ((await owned()).length === 0 ? true : undefined), WAIT_MS);
  t.strictSame(await kafka.describeAcls(null), [foreign]);
  t.equal((await kafka.describeUserQuotas()).size, 0);
  t.strictSame(await kafka.describeScramUsers(), []);
});

t.test("an operator stopped mid-way and started again finishes, issuing nothing twice", async (t) => {
  const names = Array.from({ length: 40 }, (_, i) => `restart-${String(i).padStart(2, "0")}`);
  await operator.stop();
  await apply(names.map((name) => kafkaUser(name, { authentication: { type: "tls" }, authorization: { type: "simple", acls: ACLS } })));
  operator = await start();
  const readyNames = async (): Promise<string[]> => (await cluster.api.list("kafka.strimzi.io/v1", "KafkaUser", NS))
    .filter((u) => (u["status"] as KafkaUserStatus | undefined)?.conditions?.[0]?.status === "True").map((u) => (u["metadata"] as { name: string }).name);
  await eventually("some users Ready", async () => ((await readyNames()).length > 0 ? true : undefined), WAIT_MS);
  await operator.stop();
  const certificatesAtStop = new Map<string, string>();
  for (const name of names) {
    const crt = (await secretOf(name))?.data?.["user.crt"];
    if (crt) certificatesAtStop.set(name, crt);
  }
  t.ok((await readyNames()).length < names.length, `stopped with ${(await readyNames()).length} of ${names.length} Ready`);
  operator = await start();
  await eventually("every user Ready", async () => ((await readyNames()).length === names.length ? true : undefined), WAIT_MS);
  for (const [name, crt] of certificatesAtStop) t.equal((await secretOf(name))?.data?.["user.crt"], crt, `${name}'s certificate from before the restart is kept`);
  const acls = (await kafka.describeAcls(null)).filter((b) => b.principal.startsWith("User:CN=restart-"));
  t.equal(acls.length, names.length * 2, "two ACLs a user, none twice");
  t.strictSame(await owned(), names, "each name recorded once");
});
