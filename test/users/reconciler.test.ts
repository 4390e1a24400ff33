// The User Operator's reconciler against in-memory Kubernetes and Kafka: an
// invalid KafkaUser gets a NotReady condition naming the field and nothing is
// changed; a second reconcile writes nothing; ownership keeps foreign
// principals safe, and Strimzi's sweep (an option) spares ignored users.
import t from "tap";
import type { KafkaUserStatus } from "../../lib/api/kafka-user.js";
import type { Secret } from "../../lib/api/kubernetes.js";
import { seededRandom } from "../../lib/environment.js";
import { aclKey, type AclBinding } from "../../lib/users/acls.js";
import { UserReconciler, type UserKubernetes, type UserOperatorSettings } from "../../entity-operator/user-operator/reconciler.js";
import { inlineScramSalting } from "../../entity-operator/user-operator/scram.js";
import { inlineUserSecrets } from "../../entity-operator/user-operator/user-secrets.js";
import { FakeUserKafka } from "../helpers/fake-user-kafka.js";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const NS = "myproject";

class Kube implements UserKubernetes {
  users = new Map<string, { apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid: string; generation: number }; spec: object; status?: KafkaUserStatus }>();
  secrets = new Map<string, Secret>();
  writes: string[] = [];
  async kafkaUser(name: string) { return structuredClone(this.users.get(name)); }
  async secret(_namespace: string, name: string) { return structuredClone(this.secrets.get(name)); }
  async applySecret(secret: Secret) { this.writes.push(`secret ${secret.metadata?.name}`); this.secrets.set(secret.metadata?.name ?? "", secret); }
  async deleteSecret(_namespace: string, name: string) { this.writes.push(`delete secret ${name}`); this.secrets.delete(name); }
  async writeStatus(user: { metadata: { name: string } }, status: KafkaUserStatus) {
    this.writes.push(`status ${user.metadata.name}`);
    const stored = this.users.get(user.metadata.name);
    if (stored) stored.status = status;
  }
}

const SETTINGS: UserOperatorSettings = {
  namespace: NS, caNamespace: NS, caCertSecretName: "c-clients-ca-cert", caKeySecretName: "c-clients-ca",
  secret: { secretPrefix: "", caValidityDays: 365, caRenewalDays: 30, maintenanceWindows: [], pkcs12: true, scramPasswordLength: 32 },
  aclsAdminApiSupported: true, sweepUnowned: false, ignoredUsers: undefined,
};

function setup(settings: Partial<UserOperatorSettings> = {}) {
  const kube = new Kube();
  const kafka = new FakeUserKafka();
  let owned = new Set<string>();
  const reconciler = new UserReconciler({ ...SETTINGS, ...settings }, {
    kubernetes: kube, kafka,
    ownership: { owned: async () => new Set(owned), save: async (names) => { owned = new Set(names); } },
    now: () => NOW,
    userSecret: inlineUserSecrets(seededRandom("r"), async () => { throw new Error("no key is needed here"); }),
    scram: inlineScramSalting({ random: seededRandom("s"), iterations: 4096 }),
  });
  const addUser = (name: string, spec: object): void => {
    kube.users.set(name, { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, namespace: NS, uid: `uid-${name}`, generation: 1 }, spec });
  };
  return { kube, kafka, reconciler, addUser, owned: () => [...owned].sort() };
}

const foreign: AclBinding = { principal: "User:foreign", resourceType: "topic", resourceName: "t", patternType: "literal", host: "*", operation: "Read", permission: "allow" };
const SCRAM_USER = { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "t" }, operations: ["Read"] }] }, quotas: { producerByteRate: 10 } };

t.test("an invalid KafkaUser: NotReady naming the field; its Secret and Kafka state stay", async (t) => {
  const { kube, kafka, reconciler, addUser } = setup();
  addUser("u", SCRAM_USER);
  await reconciler.reconcile(["u"]);
  const secret = kube.secrets.get("u");
  const acls = [...kafka.acls.values()];
  addUser("u", { ...SCRAM_USER, quotas: { producerByteRate: -1 } });
  kube.writes = [];
  kafka.requests = [];
  await reconciler.reconcile(["u"]);
  t.strictSame(kube.users.get("u")?.status, {
    conditions: [{ type: "Ready", status: "False", lastTransitionTime: NOW.toISOString(), reason: "InvalidResource", message: "spec.quotas.producerByteRate: must be >= 0" }],
    observedGeneration: 1,
  });
  t.strictSame(kube.writes, ["status u"]);
  t.strictSame(kafka.requests, []);
  t.strictSame(kube.secrets.get("u"), secret);
  t.strictSame([...kafka.acls.values()], acls);
});

t.test("a second reconcile writes nothing and sends no change to Kafka", async (t) => {
  const { kube, kafka, reconciler, addUser } = setup();
  addUser("u", SCRAM_USER);
  await reconciler.reconcile(["u"]);
  t.strictSame(kafka.requests, ["create 1", "quota u producer_byte_rate=10", "scram u"]);
  t.strictSame(kube.writes, ["secret u", "status u"]);
  kube.writes = [];
  kafka.requests = [];
  await reconciler.reconcile(["u"]);
  t.strictSame(kube.writes, []);
  t.strictSame(kafka.requests, []);
});

t.test("a changed authentication moves ACLs and quotas to the other name form", async (t) => {
  const { kafka, reconciler, addUser } = setup();
  addUser("u", SCRAM_USER);
  await reconciler.reconcile(["u"]);
  addUser("u", { ...SCRAM_USER, authentication: { type: "tls-external" } });
  await reconciler.reconcile(["u"]);
  t.strictSame([...kafka.acls.values()].map((b) => b.principal), ["User:CN=u"]);
  t.strictSame([...kafka.quotas.keys()], ["CN=u"]);
  t.strictSame([...kafka.scram.keys()], [], "SCRAM credentials go with the SCRAM authentication");
});

t.test("ownership: a deleted user's principals go, a foreign principal stays; the sweep option spares ignored users", async (t) => {
  const { kube, kafka, reconciler, addUser, owned } = setup();
  kafka.acls.set(aclKey(foreign), foreign);
  addUser("u", SCRAM_USER);
  await reconciler.reconcile(["u"]);
  t.strictSame(owned(), ["u"]);
  kube.users.delete("u");
  await reconciler.reconcile([], true);
  t.strictSame([...kafka.acls.values()], [foreign]);
  t.strictSame([...kafka.quotas.keys()], []);
  t.strictSame([...kafka.scram.keys()], []);
  t.strictSame(owned(), []);

  const sweeping = setup({ sweepUnowned: true, ignoredUsers: /^ignored/ });
  const ignored = { ...foreign, principal: "User:ignored-app" };
  sweeping.kafka.acls.set(aclKey(foreign), foreign);
  sweeping.kafka.acls.set(aclKey(ignored), ignored);
  await sweeping.reconciler.reconcile([], true);
  t.strictSame([...sweeping.kafka.acls.values()], [ignored], "Strimzi's sweep deletes principals without a KafkaUser but the ignored ones");
});
