// The User Operator against a real broker (single-broker.ts): the user-operator
// process (startUserOperator) as the Entity Operator runs it, with Strimzi's
// env, reading its TLS material from the Secrets the env names, on the API
// server stand-in (test/helpers/fake-apiserver.ts). A TLS user's
// user.crt/user.key and user.p12 log in through the TLS listener and may do
// exactly what its ACLs grant; a SCRAM user's sasl.jaas.config logs in through
// the SCRAM listener; a changed password logs in and the old one does not;
// quotas show in Kafka's describe; deleting the KafkaUsers removes their ACLs,
// quotas and credentials and leaves a foreign principal's ACL alone.
import { Admin, Producer, stringSerializers } from "@platformatic/kafka";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import t from "tap";
import type { KafkaUserStatus } from "../../../lib/api/kafka-user.js";
import type { Secret } from "../../../lib/api/kubernetes.js";
import { pino } from "pino";
import type { AclBinding } from "../../../lib/users/acls.js";
import { KafkaClient } from "../../../sidecar/kafka/client.js";
import { parseUserOperatorEnv } from "../../../entity-operator/user-operator/config.js";
import { ownershipSecretName } from "../../../entity-operator/user-operator/kubernetes.js";
import { startUserOperator } from "../../../entity-operator/user-operator/user-operator.js";
import { FakeApiServer } from "../../helpers/fake-apiserver.js";
import { until } from "../../helpers/sidecar-harness.js";
import { startSingleBroker } from "./single-broker.js";

const NS = "myproject";
const b64 = (text: string): string => Buffer.from(text).toString("base64");
const unb64 = (text: string | undefined): string => Buffer.from(text ?? "", "base64").toString("utf8");

const ACLS = [
  { resource: { type: "topic", name: "allowed-topic", patternType: "literal" }, operations: ["Describe", "Read", "Write"] },
  { resource: { type: "group", name: "app-", patternType: "prefix" }, operations: ["Read"] },
];
const QUOTAS = { producerByteRate: 1048576, consumerByteRate: 2097152, requestPercentage: 55, controllerMutationRate: 10 };

t.test("the User Operator on a real broker", async (t) => {
  const broker = await startSingleBroker();
  t.teardown(() => broker.stop());
  const kafka = new KafkaClient({ bootstrap: broker.tlsBootstrap, tls: { caPem: broker.clusterCa.certificatePem, certPem: broker.operator.certPem, keyPem: broker.operator.keyPem }, connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
  t.teardown(() => kafka.close());
  const operatorAdmin = new Admin({ clientId: "setup", bootstrapBrokers: [broker.tlsBootstrap], tls: { ca: broker.clusterCa.certificatePem, cert: broker.operator.certPem, key: broker.operator.keyPem } });
  t.teardown(() => operatorAdmin.close());
  await operatorAdmin.createTopics({ topics: ["allowed-topic", "denied-topic"], partitions: 1, replicas: 1 });

  const foreign: AclBinding = { principal: "User:foreign", resourceType: "topic", resourceName: "denied-topic", patternType: "literal", host: "*", operation: "Read", permission: "allow" };
  await kafka.createAcls([foreign]);

  const server = await FakeApiServer.start({ garbageCollector: true });
  t.teardown(() => server.stop());
  const secret = (name: string, data: Record<string, string>): void => {
    server.createObject({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: NS }, data });
  };
  secret("my-cluster-clients-ca-cert", { "ca.crt": b64(broker.clientsCa.certificatePem) });
  secret("my-cluster-clients-ca", { "ca.key": b64(broker.clientsCa.privateKeyPem) });
  secret("my-cluster-cluster-ca-cert", { "ca.crt": b64(broker.clusterCa.certificatePem) });
  // The broker's super user stands for CN=my-cluster-entity-user-operator, O=io.strimzi here.
  secret("my-cluster-entity-user-operator-certs", { "entity-operator.crt": b64(broker.operator.certPem), "entity-operator.key": b64(broker.operator.keyPem) });
  const get = (kind: string, name: string) => server.all().find((o) => o.kind === kind && o.metadata.name === name);
  const userObject = (name: string, spec: object) => ({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, namespace: NS, labels: { "strimzi.io/cluster": "my-cluster" } }, spec });
  const statusOf = (name: string) => get("KafkaUser", name)?.["status"] as KafkaUserStatus | undefined;
  const readyAt = (name: string, generation: number): Promise<void> =>
    until(`${name} Ready at generation ${generation}`, () => statusOf(name)?.observedGeneration === generation && statusOf(name)?.conditions?.[0]?.status === "True", 60_000);
  const secretOf = (name: string): Secret | undefined => get("Secret", name) as Secret | undefined;

  const operator = await startUserOperator(parseUserOperatorEnv({
    STRIMZI_KAFKA_BOOTSTRAP_SERVERS: broker.tlsBootstrap,
    STRIMZI_NAMESPACE: NS,
    STRIMZI_LABELS: "strimzi.io/cluster=my-cluster",
    STRIMZI_CA_KEY_NAME: "my-cluster-clients-ca",
    STRIMZI_CA_CERT_NAME: "my-cluster-clients-ca-cert",
    STRIMZI_CA_NAMESPACE: NS,
    STRIMZI_CLUSTER_CA_CERT_SECRET_NAME: "my-cluster-cluster-ca-cert",
    STRIMZI_EO_KEY_SECRET_NAME: "my-cluster-entity-user-operator-certs",
    STRIMZI_ACLS_ADMIN_API_SUPPORTED: "true",
  }), { kubeConfig: server.kubeConfig(), logger: pino({ level: "warn" }) });
  t.teardown(() => operator.stop());
  await until("the first full reconciliation", () => operator.ready(), 60_000);

  server.createObject(userObject("tls-user", { authentication: { type: "tls" }, authorization: { type: "simple", acls: ACLS }, quotas: QUOTAS }));
  server.createObject(userObject("scram-user", { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: ACLS } }));
  await readyAt("tls-user", 1);
  await readyAt("scram-user", 1);

  const tlsSecret = secretOf("tls-user");
  const scramSecret = secretOf("scram-user");
  t.strictSame(statusOf("tls-user"), {
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: statusOf("tls-user")?.conditions?.[0]?.lastTransitionTime }],
    observedGeneration: 1, username: "CN=tls-user", secret: "tls-user",
  });
  t.equal(statusOf("scram-user")?.username, "scram-user");
  const owned = (): string => Buffer.from((get("Secret", ownershipSecretName("my-cluster"))?.["data"] as Record<string, string> | undefined)?.["users"] ?? "", "base64").toString("utf8");
  t.equal(owned(), '["scram-user","tls-user"]');

  const tlsClient = { ca: broker.clusterCa.certificatePem, cert: unb64(tlsSecret?.data?.["user.crt"]), key: unb64(tlsSecret?.data?.["user.key"]) };
  const scramLogin = (password: string) => ({ mechanism: "SCRAM-SHA-512" as const, username: "scram-user", password });
  const jaasPassword = (secret: Secret | undefined): string => /password="([^"]+)"/.exec(unb64(secret?.data?.["sasl.jaas.config"]))?.[1] ?? "";

  await t.test("ACLs and quotas in Kafka are exactly the KafkaUsers'", async (t) => {
    const acls = await kafka.describeAcls("User:CN=tls-user");
    t.strictSame(acls.map((b) => `${b.resourceType}:${b.resourceName}:${b.patternType}:${b.operation}:${b.permission}:${b.host}`).sort(), [
      "group:app-:prefix:Read:allow:*",
      "topic:allowed-topic:literal:Describe:allow:*",
      "topic:allowed-topic:literal:Read:allow:*",
      "topic:allowed-topic:literal:Write:allow:*",
    ]);
    t.strictSame((await kafka.describeUserQuotas()).get("CN=tls-user"), { producer_byte_rate: 1048576, consumer_byte_rate: 2097152, request_percentage: 55, controller_mutation_rate: 10 });
    t.strictSame(await kafka.describeScramUsers(), ["scram-user"]);
  });

  await t.test("the TLS user's user.crt and user.key log in; its ACLs allow exactly what they grant", async (t) => {
    const admin = new Admin({ clientId: "tls-user", bootstrapBrokers: [broker.tlsBootstrap], tls: tlsClient, retries: 0 });
    t.strictSame(await admin.listTopics(), ["allowed-topic"], "Describe on allowed-topic only");
    await admin.close();
    const producer = new Producer({ clientId: "tls-user", bootstrapBrokers: [broker.tlsBootstrap], tls: tlsClient, serializers: stringSerializers, retries: 0 });
    t.teardown(() => producer.close());
    await producer.send({ messages: [{ topic: "allowed-topic", value: "granted" }] });
    await t.rejects(producer.send({ messages: [{ topic: "denied-topic", value: "denied" }] }), "writing to denied-topic is refused");
  });

  await t.test("the TLS user's user.p12 logs in with user.password (Kafka's own Java client)", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "uo-p12-"));
    writeFileSync(join(dir, "user.p12"), Buffer.from(tlsSecret?.data?.["user.p12"] ?? "", "base64"));
    writeFileSync(join(dir, "ca.pem"), broker.clusterCa.certificatePem);
    writeFileSync(join(dir, "client.properties"), [
      "security.protocol=SSL", "ssl.truststore.type=PEM", `ssl.truststore.location=${join(dir, "ca.pem")}`,
      "ssl.keystore.type=PKCS12", `ssl.keystore.location=${join(dir, "user.p12")}`, `ssl.keystore.password=${unb64(tlsSecret?.data?.["user.password"])}`, "",
    ].join("\n"));
    const { stdout } = await promisify(execFile)(join(broker.home, "opt", "kafka", "bin", "kafka-topics.sh"),
      ["--bootstrap-server", broker.tlsBootstrap, "--command-config", join(dir, "client.properties"), "--list"], { env: { ...process.env, KAFKA_HEAP_OPTS: "-Xmx128m" }, timeout: 120_000 });
    t.strictSame(stdout.trim().split("\n"), ["allowed-topic"]);
  });

  await t.test("the SCRAM user's sasl.jaas.config logs in; a changed password logs in and the old one does not", async (t) => {
    const old = jaasPassword(scramSecret);
    t.equal(old, unb64(scramSecret?.data?.["password"]));
    const admin = new Admin({ clientId: "scram-user", bootstrapBrokers: [broker.scramBootstrap], sasl: scramLogin(old), retries: 0 });
    t.strictSame(await admin.listTopics(), ["allowed-topic"]);
    await admin.close();

    secret("scram-password", { pw: b64("a-new-password") });
    const stored = get("KafkaUser", "scram-user");
    t.equal(server.updateObject({ ...stored, ...userObject("scram-user", { authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "scram-password", key: "pw" } } } }, authorization: { type: "simple", acls: ACLS } }), metadata: { ...stored?.metadata, name: "scram-user", namespace: NS } }), "done");
    await readyAt("scram-user", 2);
    t.equal(jaasPassword(secretOf("scram-user")), "a-new-password");
    const renewed = new Admin({ clientId: "scram-user", bootstrapBrokers: [broker.scramBootstrap], sasl: scramLogin("a-new-password"), retries: 0 });
    t.strictSame(await renewed.listTopics(), ["allowed-topic"]);
    await renewed.close();
    const stale = new Admin({ clientId: "scram-user", bootstrapBrokers: [broker.scramBootstrap], sasl: scramLogin(old), retries: 0 });
    await t.rejects(stale.listTopics(), "the old password is refused");
    await stale.close().catch(() => undefined);
  });

  await t.test("deleted KafkaUsers lose their ACLs, quotas and credentials; the foreign ACL stays", async (t) => {
    server.deleteObject("kafka.strimzi.io/v1", "KafkaUser", NS, "tls-user");
    server.deleteObject("kafka.strimzi.io/v1", "KafkaUser", NS, "scram-user");
    await until("the record to forget both", () => owned() === "[]", 60_000);
    t.strictSame(await kafka.describeAcls(null), [foreign]);
    t.equal((await kafka.describeUserQuotas()).size, 0);
    t.strictSame(await kafka.describeScramUsers(), []);
    t.equal(secretOf("tls-user"), undefined, "the Secrets went with their owners");
  });
});
