// The user Secret worker threads (entity-operator/user-operator/user-secret-workers.ts)
// as the process runs them: a SCRAM password salted there is the credential
// Kafka checks a login against (PBKDF2-HMAC-SHA512 of the password with the
// credential's own salt), each salting with a new salt, handed back as Buffers;
// and the same threads make a SCRAM user's Secret.
import { pbkdf2Sync } from "node:crypto";
import t from "tap";
import { validateKafkaUser } from "../../lib/api/validate.js";
import { SCRAM_ITERATIONS } from "../../entity-operator/user-operator/scram.js";
import { UserSecretWorkers } from "../../entity-operator/user-operator/user-secret-workers.js";

t.test("SCRAM passwords are salted on the worker threads, each with a new salt", async (t) => {
  const workers = new UserSecretWorkers(2);
  t.teardown(() => workers.close());
  const salt = workers.salting(SCRAM_ITERATIONS);
  const [first, second] = await Promise.all([salt("app", "a-password"), salt("app", "a-password")]);
  for (const credential of [first, second]) {
    t.equal(credential.user, "app");
    t.equal(credential.iterations, SCRAM_ITERATIONS);
    t.ok(Buffer.isBuffer(credential.salt) && Buffer.isBuffer(credential.saltedPassword), "Buffers, as the request encoder takes them");
    t.equal(credential.salt.length, 32);
    t.strictSame(credential.saltedPassword, pbkdf2Sync("a-password", credential.salt, SCRAM_ITERATIONS, 64, "sha512"), "Hi(password, salt, 4096) with SHA-512");
  }
  t.notSame(first.salt, second.salt);
});

t.test("the same threads make a SCRAM user's Secret", async (t) => {
  const workers = new UserSecretWorkers(1);
  t.teardown(() => workers.close());
  const user = validateKafkaUser({
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser",
    metadata: { name: "app", namespace: "myproject", uid: "uid-1", labels: { "strimzi.io/cluster": "my-cluster" } },
    spec: { authentication: { type: "scram-sha-512" } },
  });
  if (!user.ok) throw new Error(JSON.stringify(user.problems));
  const settings = { secretPrefix: "", caValidityDays: 365, caRenewalDays: 30, maintenanceWindows: [], pkcs12: true, scramPasswordLength: 32 };
  const result = await workers.make({ user: user.value, observed: undefined, clientsCaCert: undefined, clientsCaKey: undefined, providedPassword: "s3cret", settings }, new Date("2026-12-07T00:00:00Z"));
  if (!result.ok) throw new Error(result.message);
  t.equal(Buffer.from(result.secret?.data?.["password"] ?? "", "base64").toString("utf8"), "s3cret");
});

t.test("a closed pool refuses work", async (t) => {
  const workers = new UserSecretWorkers(1);
  await workers.close();
  await t.rejects(workers.salting(SCRAM_ITERATIONS)("app", "pw"), /closed/);
});
