// `node dist/bench/user-operator.js`: the User Operator with 1,000 TLS KafkaUsers
// created together, then 1,000 SCRAM-SHA-512 ones, until every one is Ready:
// the process (entity-operator/user-operator) on the API server stand-in, with
// Kafka in memory, so what is measured is the operator's own work (keys,
// certificates, keystores, salting, Secrets and statuses over HTTP). Also the
// parts alone, and the longest the process's event loop was held; the stand-in
// API server shares that loop, so its JSON work counts against the figure too.
import { generateKeyPair } from "node:crypto";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { pino } from "pino";
import { seededRandom } from "../lib/environment.js";
import { createCertificateAuthority } from "../lib/pki/certificate-authority.js";
import { fixedKeyPairSource, RSA_KEY_OPTIONS, systemKeyPairSource } from "../lib/pki/keys.js";
import { validateKafkaUser } from "../lib/api/validate.js";
import type { KafkaUser } from "../lib/api/kafka-user.js";
import type { Secret } from "../lib/api/kubernetes.js";
import { desiredUserSecret } from "../lib/users/user-secret.js";
import { parseUserOperatorEnv } from "../entity-operator/user-operator/config.js";
import { saltedScramCredential, SCRAM_ITERATIONS } from "../entity-operator/user-operator/scram.js";
import { startUserOperator } from "../entity-operator/user-operator/user-operator.js";
import { FakeApiServer } from "../test/helpers/fake-apiserver.js";
import { FakeUserKafka } from "../test/helpers/fake-user-kafka.js";
import { ms, percentileTiming, time } from "./measure.js";

const NS = "bench";
const USERS = Number(process.env["USERS"] ?? 1000);
const b64 = (text: string): string => Buffer.from(text).toString("base64");
const generateKeyPairAsync = promisify(generateKeyPair);
const newKey = async (): Promise<string> => (await generateKeyPairAsync("rsa", RSA_KEY_OPTIONS)).privateKey;

const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 0, validityDays: 730 }, systemKeyPairSource, { now: () => new Date(), random: seededRandom("ca") });

// The parts alone.
const keyStart = performance.now();
await Promise.all(Array.from({ length: 16 }, newKey));
const keyEach = (performance.now() - keyStart) / 16;
const key = systemKeyPairSource();
const validated = validateKafkaUser({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: "u", namespace: NS, uid: "1" }, spec: { authentication: { type: "tls" } } });
if (!validated.ok) throw new Error("invalid bench user");
const user: KafkaUser = validated.value;
const caSecrets: { cert: Secret; key: Secret } = {
  cert: { apiVersion: "v1", kind: "Secret", metadata: { name: "c-clients-ca-cert", namespace: NS }, data: { "ca.crt": b64(ca.certificatePem) } },
  key: { apiVersion: "v1", kind: "Secret", metadata: { name: "c-clients-ca", namespace: NS }, data: { "ca.key": b64(ca.privateKeyPem) } },
};
const settings = { secretPrefix: "", caValidityDays: 365, caRenewalDays: 30, maintenanceWindows: [], pkcs12: true, scramPasswordLength: 32 };
const secretStep = time(() => desiredUserSecret({ user, observed: undefined, clientsCaCert: caSecrets.cert, clientsCaKey: caSecrets.key, providedPassword: undefined, settings },
  { now: () => new Date(), random: seededRandom("b"), newPrivateKey: fixedKeyPairSource([key]) }), 200);
const salts: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = performance.now();
  await saltedScramCredential("u", "a-password-of-32-characters-abcd", { random: seededRandom(`s${i}`), iterations: SCRAM_ITERATIONS });
  salts.push(performance.now() - start);
}
const saltStep = percentileTiming(salts);

// The whole process.
const server = await FakeApiServer.start();
server.createObject({ ...caSecrets.cert, metadata: { name: "c-clients-ca-cert", namespace: NS } });
server.createObject({ ...caSecrets.key, metadata: { name: "c-clients-ca", namespace: NS } });
const kafka = new FakeUserKafka();
const operator = await startUserOperator(parseUserOperatorEnv({
  STRIMZI_KAFKA_BOOTSTRAP_SERVERS: "c-kafka-bootstrap:9091", STRIMZI_NAMESPACE: NS, STRIMZI_LABELS: "strimzi.io/cluster=c",
  STRIMZI_CA_KEY_NAME: "c-clients-ca", STRIMZI_CA_CERT_NAME: "c-clients-ca-cert", STRIMZI_CLUSTER_CA_CERT_SECRET_NAME: "c-cluster-ca-cert",
  STRIMZI_EO_KEY_SECRET_NAME: "c-entity-user-operator-certs",
}), { kubeConfig: server.kubeConfig(), logger: pino({ level: "silent" }), kafka });

async function allReady(prefix: string, spec: object): Promise<{ seconds: number; maxDelayMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  for (let i = 0; i < USERS; i++) {
    server.createObject({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: `${prefix}-${i}`, namespace: NS, labels: { "strimzi.io/cluster": "c" } }, spec });
  }
  const ready = (): number => server.all().filter((o) => o.kind === "KafkaUser" && o.metadata.name.startsWith(`${prefix}-`)
    && (o["status"] as { conditions?: Array<{ status: string }> } | undefined)?.conditions?.[0]?.status === "True").length;
  const deadline = start + 600_000;
  while (ready() < USERS) {
    if (performance.now() > deadline) throw new Error(`${prefix}: ${ready()} of ${USERS} Ready after 600 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  delay.disable();
  return { seconds: (performance.now() - start) / 1000, maxDelayMs: delay.max / 1e6 };
}

const tls = await allReady("tls", { authentication: { type: "tls" }, authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "t" }, operations: ["Read"] }] } });
const scram = await allReady("scram", { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "t" }, operations: ["Read"] }] } });
await operator.stop();
await server.stop();

console.log(`RSA 2048 key, 16 in parallel on the thread pool: ${ms(keyEach)} ms each`);
console.log(`TLS user Secret with its key given (certificate + PKCS#12, on the event loop): median ${ms(secretStep.median)} ms, p99 ${ms(secretStep.p99)} ms`);
console.log(`SCRAM salting (PBKDF2-HMAC-SHA512, ${SCRAM_ITERATIONS} iterations, thread pool): median ${ms(saltStep.median)} ms, p99 ${ms(saltStep.p99)} ms`);
console.log(`${USERS} TLS KafkaUsers created together, all Ready: ${tls.seconds.toFixed(1)} s; event loop held at most ${ms(tls.maxDelayMs)} ms`);
console.log(`${USERS} SCRAM KafkaUsers created together, all Ready: ${scram.seconds.toFixed(1)} s; event loop held at most ${ms(scram.maxDelayMs)} ms`);
console.log(`batches: ${JSON.stringify(operator.stats())}; Kafka requests: ${kafka.requests.filter((r) => !r.startsWith("quota") && !r.startsWith("scram ")).length} ACL requests, ${kafka.scram.size} SCRAM users`);
