// The User Operator's Kafka side against a real broker (single-broker.ts):
// the reconciler (entity-operator/user-operator/reconciler.ts) with the
// sidecar's Kafka client, and Kubernetes stood in by maps. A TLS user's
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
import { systemEnvironment } from "../../../lib/environment.js";
import { generateKeyInBackground } from "../../../hooks/key-pool.js";
import type { AclBinding } from "../../../lib/users/acls.js";
import { KafkaClient } from "../../../sidecar/kafka/client.js";
import { UserReconciler, type OwnershipRecord, type UserKubernetes } from "../../../entity-operator/user-operator/reconciler.js";
import { SCRAM_ITERATIONS } from "../../../entity-operator/user-operator/scram.js";
import { startSingleBroker } from "./single-broker.js";

const NS = "myproject";
const b64 = (text: string): string => Buffer.from(text).toString("base64");
const unb64 = (text: string | undefined): string => Buffer.from(text ?? "", "base64").toString("utf8");

class MemoryKubernetes implements UserKubernetes {
  readonly users = new Map<string, { apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid: string; generation: number }; spec: object; status?: KafkaUserStatus }>();
  readonly secrets = new Map<string, Secret>();
  async kafkaUser(name: string) {
    return structuredClone(this.users.get(name));
  }
  async secret(namespace: string, name: string) {
    return structuredClone(this.secrets.get(`${namespace}/${name}`));
  }
  async applySecret(secret: Secret) {
    this.secrets.set(`${secret.metadata?.namespace}/${secret.metadata?.name}`, structuredClone(secret));
  }
  async deleteSecret(namespace: string, name: string) {
    this.secrets.delete(`${namespace}/${name}`);
  }
  async writeStatus(user: { metadata: { name: string } }, status: KafkaUserStatus) {
    const stored = this.users.get(user.metadata.name);
    if (stored) stored.status = status;
  }
}

class MemoryOwnership implements OwnershipRecord {
  names = new Set<string>();
  async owned() {
    return new Set(this.names);
  }
  async save(names: ReadonlySet<string>) {
    this.names = new Set(names);
  }
}

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

  const kube = new MemoryKubernetes();
  kube.secrets.set(`${NS}/my-cluster-clients-ca-cert`, { apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca-cert", namespace: NS }, data: { "ca.crt": b64(broker.clientsCa.certificatePem) } });
  kube.secrets.set(`${NS}/my-cluster-clients-ca`, { apiVersion: "v1", kind: "Secret", metadata: { name: "my-cluster-clients-ca", namespace: NS }, data: { "ca.key": b64(broker.clientsCa.privateKeyPem) } });
  const addUser = (name: string, spec: object, generation = 1): void => {
    kube.users.set(name, { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, namespace: NS, uid: `uid-${name}`, generation }, spec });
  };
  addUser("tls-user", { authentication: { type: "tls" }, authorization: { type: "simple", acls: ACLS }, quotas: QUOTAS });
  addUser("scram-user", { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: ACLS } });

  const ownership = new MemoryOwnership();
  const reconciler = new UserReconciler({
    namespace: NS,
    caNamespace: NS,
    caCertSecretName: "my-cluster-clients-ca-cert",
    caKeySecretName: "my-cluster-clients-ca",
    secret: { secretPrefix: "", caValidityDays: 365, caRenewalDays: 30, maintenanceWindows: [], pkcs12: true, scramPasswordLength: 32 },
    aclsAdminApiSupported: true,
    sweepUnowned: false,
    ignoredUsers: undefined,
  }, {
    kubernetes: kube,
    kafka,
    ownership,
    now: systemEnvironment.now,
    random: systemEnvironment.random,
    newPrivateKey: generateKeyInBackground,
    scram: { random: systemEnvironment.random, iterations: SCRAM_ITERATIONS },
  });
  await reconciler.reconcile(["tls-user", "scram-user"]);

  const tlsSecret = kube.secrets.get(`${NS}/tls-user`);
  const scramSecret = kube.secrets.get(`${NS}/scram-user`);
  t.strictSame(kube.users.get("tls-user")?.status, {
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: kube.users.get("tls-user")?.status?.conditions?.[0]?.lastTransitionTime }],
    observedGeneration: 1, username: "CN=tls-user", secret: "tls-user",
  });
  t.equal(kube.users.get("scram-user")?.status?.username, "scram-user");
  t.strictSame([...ownership.names].sort(), ["scram-user", "tls-user"]);

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

    kube.secrets.set(`${NS}/scram-password`, { apiVersion: "v1", kind: "Secret", metadata: { name: "scram-password", namespace: NS }, data: { pw: b64("a-new-password") } });
    addUser("scram-user", { authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "scram-password", key: "pw" } } } }, authorization: { type: "simple", acls: ACLS } }, 2);
    await reconciler.reconcile(["scram-user"]);
    t.equal(jaasPassword(kube.secrets.get(`${NS}/scram-user`)), "a-new-password");
    const renewed = new Admin({ clientId: "scram-user", bootstrapBrokers: [broker.scramBootstrap], sasl: scramLogin("a-new-password"), retries: 0 });
    t.strictSame(await renewed.listTopics(), ["allowed-topic"]);
    await renewed.close();
    const stale = new Admin({ clientId: "scram-user", bootstrapBrokers: [broker.scramBootstrap], sasl: scramLogin(old), retries: 0 });
    await t.rejects(stale.listTopics(), "the old password is refused");
    await stale.close().catch(() => undefined);
  });

  await t.test("deleted KafkaUsers lose their ACLs, quotas and credentials; the foreign ACL stays", async (t) => {
    kube.users.delete("tls-user");
    kube.users.delete("scram-user");
    await reconciler.reconcile(["tls-user", "scram-user"]);
    t.strictSame(await kafka.describeAcls(null), [foreign]);
    t.equal((await kafka.describeUserQuotas()).size, 0);
    t.strictSame(await kafka.describeScramUsers(), []);
    t.strictSame([...ownership.names], []);
  });
});
