// Strimzi's kafka/kafka-jbod.yaml on real Kafka, with two listeners more than
// the example (mutual TLS and SCRAM-SHA-512): the Kafka goes Ready, partitions
// land on both JBOD volumes of each broker, and 1,000 messages go through each
// of the four listeners: plain; TLS verified against <cluster>-cluster-ca-cert;
// mutual TLS with a user certificate signed by the clients CA; SCRAM-SHA-512
// with credentials created through the Admin API.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { issueCertificate } from "../../lib/pki/x509.js";
import { seededRandom } from "../../lib/environment.js";
import { cyclingFixtureKeys } from "../helpers/keys.js";
import { roundTripEach, upsertScramUser, type Endpoint } from "./clients.js";
import { smallJvms } from "./resources.js";
import { readyRealCluster } from "./real-world.js";

const MESSAGES = 1000;

function withAuthenticatedListeners(object: KubeObject): void {
  smallJvms(object);
  if (object.kind !== "Kafka") return;
  const kafka = (object["spec"] as { kafka: { listeners: object[] } }).kafka;
  kafka.listeners.push(
    { name: "mtls", port: 9094, type: "internal", tls: true, authentication: { type: "tls" } },
    { name: "scram", port: 9095, type: "internal", tls: false, authentication: { type: "scram-sha-512" } },
  );
}

t.test("kafka-jbod.yaml: partitions on both volumes, messages through plain, TLS, mutual TLS and SCRAM-SHA-512", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-jbod.yaml", withAuthenticatedListeners);

  const secretText = (name: string, key: string): string => {
    const secret = cluster.world.get<Secret & KubeObject>("v1", "Secret", cluster.namespace, name);
    return Buffer.from(secret?.data?.[key] ?? "", "base64").toString("utf8");
  };
  const ca = secretText("my-cluster-cluster-ca-cert", "ca.crt");
  const clientsCa = { certificatePem: secretText("my-cluster-clients-ca-cert", "ca.crt"), privateKeyPem: secretText("my-cluster-clients-ca", "ca.key") };
  const userKey = cyclingFixtureKeys()();
  const userCertificate = issueCertificate({
    commonName: "alice",
    privateKeyPem: userKey,
    validityDays: 30,
    profile: { certificateAuthority: false, keyUsage: ["digitalSignature", "keyEncipherment"], extendedKeyUsage: ["clientAuth"], dnsNames: [], ipAddresses: [] },
  }, clientsCa, { now: () => new Date(), random: seededRandom("alice") });

  const bootstrap = (port: number): string => `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:${port}`;
  await upsertScramUser({ bootstrap: bootstrap(9092) }, "bob", "bob-secret-password");
  const listeners: Array<[string, Endpoint]> = [
    ["plain", { bootstrap: bootstrap(9092) }],
    ["tls", { bootstrap: bootstrap(9093), connection: { tls: { ca, rejectUnauthorized: true } } }],
    ["mtls", { bootstrap: bootstrap(9094), connection: { tls: { ca, cert: userCertificate, key: userKey, rejectUnauthorized: true } } }],
    ["scram", { bootstrap: bootstrap(9095), connection: { sasl: { mechanism: "SCRAM-SHA-512", username: "bob", password: "bob-secret-password" } } }],
  ];
  await roundTripEach(t, listeners, MESSAGES);

  // Each broker spreads its partitions over both of its volumes.
  for (const broker of [0, 1, 2]) {
    const perVolume = [0, 1].map((volume) => {
      const claim = cluster.world.get("v1", "PersistentVolumeClaim", cluster.namespace, `data-${volume}-my-cluster-broker-${broker}`);
      const logDir = join(cluster.kubelet.claimDirectory(claim?.metadata.uid ?? ""), `kafka-log${broker}`);
      return existsSync(logDir) ? readdirSync(logDir).filter((d) => /^through-[a-z]+-\d+$/.test(d)).length : 0;
    });
    t.ok(perVolume.every((n) => n > 0), `broker ${broker} has partitions on both volumes: ${perVolume.join(" and ")}`);
    t.equal(perVolume[0]! + perVolume[1]!, 12, `broker ${broker} holds a replica of each of the 12 partitions`);
  }
});
