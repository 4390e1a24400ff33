// The cluster's certificates through the Kafka hook: issued once, carried forward
// byte for byte, renewed and replaced only when they must be.
import { createPrivateKey } from "node:crypto";
import { connect, createServer, type TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import t from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest, type SyncResponse } from "../../lib/metacontroller.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueNodeCertificate } from "../../lib/pki/end-entity.js";
import { isSignedBy, parseCertificate } from "../../lib/pki/inspect.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import type { Environment } from "../../lib/environment.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeyPairSource, fixtureKeys } from "../helpers/keys.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import { needsOpenssl, run, withFiles } from "../pki/tools.js";

const SECRETS = typeKey("Secret", "v1");
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-11-24T12:00:00.000Z");

const at = (when: Date, seed = "later"): Environment => ({ ...testEnvironment(seed), now: () => when });
const secrets = (answer: SyncResponse): Map<string, Secret> =>
  new Map(answer.children.filter((c) => c.kind === "Secret").map((c) => [c.metadata.name, c as Secret]));
const text = (secret: Secret | undefined, key: string): string => Buffer.from(secret?.data?.[key] ?? "", "base64").toString("utf8");
const podAnnotations = (answer: SyncResponse, pod: string): Record<string, string> | undefined => answer.children
  .filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")
  .flatMap((ps) => ps.spec.pods).find((p) => p.metadata.name === pod)?.metadata.annotations;

/** A cluster after its first sync, as the next sync observes it. */
function runningCluster(): { first: SyncResponse; request: SyncRequest } {
  const initial = exampleRequest("kafka/kafka-persistent.yaml");
  const first = syncKafka(initial, testEnvironment());
  return { first, request: nextRequest(initial, first) };
}

function annotateObserved(request: SyncRequest, secret: string, annotations: Record<string, string>): void {
  const observed = request.children[SECRETS]?.[`myproject/${secret}`];
  if (!observed) throw new Error(`no observed Secret ${secret}`);
  observed.metadata.annotations = { ...observed.metadata.annotations, ...annotations };
}

t.test("a first sync issues both CAs, every node's certificate and the operator's, in Strimzi's layout", async (t) => {
  const { first } = runningCluster();
  const s = secrets(first);
  t.same(Object.keys(s.get("my-cluster-cluster-ca-cert")?.data ?? {}), ["ca.crt", "ca.p12", "ca.password"]);
  t.same(Object.keys(s.get("my-cluster-cluster-ca")?.data ?? {}), ["ca.key"]);
  t.same(Object.keys(s.get("my-cluster-broker-0")?.data ?? {}), ["my-cluster-broker-0.crt", "my-cluster-broker-0.key"]);
  t.same(Object.keys(s.get("my-cluster-cluster-operator-certs")?.data ?? {}),
    ["cluster-operator.crt", "cluster-operator.key", "cluster-operator.p12", "cluster-operator.password"]);
  t.same(s.get("my-cluster-cluster-ca-cert")?.metadata?.annotations, { "strimzi.io/ca-cert-generation": "0" });
  t.same(s.get("my-cluster-cluster-ca")?.metadata?.annotations, { "strimzi.io/ca-key-generation": "0" });
  t.equal(parseCertificate(text(s.get("my-cluster-cluster-ca-cert"), "ca.crt")).subject, "O=io.strimzi, CN=cluster-ca v0");
  t.equal(parseCertificate(text(s.get("my-cluster-clients-ca-cert"), "ca.crt")).subject, "O=io.strimzi, CN=clients-ca v0");
  t.same(parseCertificate(text(s.get("my-cluster-broker-0"), "my-cluster-broker-0.crt")).dnsNames, [
    "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc.cluster.local",
    "my-cluster-kafka-bootstrap", "my-cluster-kafka-bootstrap.myproject", "my-cluster-kafka-bootstrap.myproject.svc",
    "my-cluster-kafka-bootstrap.myproject.svc.cluster.local",
    "my-cluster-kafka-brokers", "my-cluster-kafka-brokers.myproject", "my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-kafka-brokers.myproject.svc.cluster.local",
  ]);
  t.same(parseCertificate(text(s.get("my-cluster-controller-3"), "my-cluster-controller-3.crt")).dnsNames, [
    "my-cluster-controller-3.my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-controller-3.my-cluster-kafka-brokers.myproject.svc.cluster.local",
    // Strimzi puts the cluster Services' names on every node certificate (KafkaCluster.buildKafkaNodeCertsSubject).
    "my-cluster-kafka-bootstrap", "my-cluster-kafka-bootstrap.myproject", "my-cluster-kafka-bootstrap.myproject.svc",
    "my-cluster-kafka-bootstrap.myproject.svc.cluster.local",
    "my-cluster-kafka-brokers", "my-cluster-kafka-brokers.myproject", "my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-kafka-brokers.myproject.svc.cluster.local",
  ], "controllers carry the pod's and the cluster Services' names");
  t.same(podAnnotations(first, "my-cluster-broker-0"), {
    "strimzi.io/clients-ca-cert-generation": "0",
    "strimzi.io/cluster-ca-cert-generation": "0",
    "strimzi.io/cluster-ca-key-generation": "0",
    "strimzi.io/configuration-hash": podAnnotations(first, "my-cluster-broker-0")?.["strimzi.io/configuration-hash"],
    "strimzi.io/kafka-version": "4.3.1",
    "strimzi.io/server-cert-hash": podAnnotations(first, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"],
  });
  t.equal(first.resyncAfterSeconds, undefined, "six nodes fit in one sync's key budget");
});

t.test("OpenSSL verifies every node and the operator certificate against the cluster CA", needsOpenssl, async (t) => {
  const s = secrets(runningCluster().first);
  const files: Record<string, string> = { "ca.pem": text(s.get("my-cluster-cluster-ca-cert"), "ca.crt") };
  for (const pod of ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"]) {
    files[`${pod}.pem`] = text(s.get(pod), `${pod}.crt`);
  }
  files["operator.pem"] = text(s.get("my-cluster-cluster-operator-certs"), "cluster-operator.crt");
  withFiles(files, (dir) => {
    for (const file of Object.keys(files).filter((f) => f !== "ca.pem")) {
      const verified = run("openssl", ["verify", "-attime", String(NOW.getTime() / 1000 + 60), "-CAfile", "ca.pem", file], dir);
      t.equal(verified.stdout.trim(), `${file}: OK`, verified.stderr);
    }
  });
});

/** A TLS server with one broker's certificate, requiring a client certificate from `clientCa`. */
async function handshake(server: { cert: string; key: string; ca: string }, client: { cert: string; key: string; ca: string }, servername: string): Promise<string> {
  const listener = createServer({ cert: server.cert, key: server.key, ca: server.ca, requestCert: true, rejectUnauthorized: true }, (socket) => socket.end("ok"));
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket: TLSSocket = connect({ host: "127.0.0.1", port, servername, cert: client.cert, key: client.key, ca: client.ca }, () => {
        socket.once("data", (d) => resolve(`connected: ${String(d)}`));
      });
      socket.once("error", (e) => resolve(`refused: ${e.message}`));
      socket.once("close", () => resolve("refused: closed without an answer"));
    });
  } finally {
    listener.close();
  }
}

t.test("a real mutual-TLS handshake: a peer trusting only the cluster CA reaches a broker by every name", async (t) => {
  // Issued now: the handshake checks validity against the real clock.
  const s = secrets(syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), at(new Date())));
  const ca = text(s.get("my-cluster-cluster-ca-cert"), "ca.crt");
  const broker = { cert: text(s.get("my-cluster-broker-0"), "my-cluster-broker-0.crt"), key: text(s.get("my-cluster-broker-0"), "my-cluster-broker-0.key"), ca };
  const peer = { cert: text(s.get("my-cluster-controller-3"), "my-cluster-controller-3.crt"), key: text(s.get("my-cluster-controller-3"), "my-cluster-controller-3.key"), ca };
  for (const name of parseCertificate(broker.cert).dnsNames) {
    t.equal(await handshake(broker, peer, name), "connected: ok", name);
  }
  t.match(await handshake(broker, peer, "my-cluster-broker-1.my-cluster-kafka-brokers.myproject.svc"), /^refused: .*(altnames|Host)/, "another broker's name is refused");

  // The test environment gave the cluster CA the first fixture key; the impostor has another.
  const keys = fixedKeyPairSource(fixtureKeys.slice(1));
  const impostorCa = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, keys, at(new Date()));
  const impostorKey = keys();
  const impostor = {
    cert: issueNodeCertificate(impostorCa, { clusterName: "my-cluster", dnsNames: ["x"], ipAddresses: [], validityDays: 365, privateKeyPem: impostorKey }, at(new Date())),
    key: impostorKey,
    ca,
  };
  t.match(await handshake(broker, impostor, "my-cluster-kafka-bootstrap"), /^refused: /, "a client certificate from another CA is refused");
});

t.test("a steady sync re-emits every Secret byte for byte", async (t) => {
  const { first, request } = runningCluster();
  const again = syncKafka(request, at(new Date(NOW.getTime() + 100 * DAY), "another seed"));
  t.same([...secrets(again).entries()], [...secrets(first).entries()]);
});

t.test("inside the renewal window the CA certificate is renewed with the same key, and the node certificates follow", async (t) => {
  const { first, request } = runningCluster();
  const renewed = syncKafka(request, at(new Date(NOW.getTime() + 340 * DAY)));
  const before = secrets(first);
  const after = secrets(renewed);
  t.same(after.get("my-cluster-cluster-ca-cert")?.metadata?.annotations, { "strimzi.io/ca-cert-generation": "1" });
  t.same(after.get("my-cluster-cluster-ca")?.data, before.get("my-cluster-cluster-ca")?.data, "same key");
  t.not(text(after.get("my-cluster-cluster-ca-cert"), "ca.crt"), text(before.get("my-cluster-cluster-ca-cert"), "ca.crt"));
  t.not(after.get("my-cluster-broker-0")?.data, before.get("my-cluster-broker-0")?.data);
  t.equal(podAnnotations(renewed, "my-cluster-broker-0")?.["strimzi.io/cluster-ca-cert-generation"], "1");
  t.not(podAnnotations(renewed, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"], podAnnotations(first, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"], "every pod will restart");
});

t.test("a node certificate whose names are not exactly the wanted ones is re-issued; the others are kept", async (t) => {
  const { first, request } = runningCluster();
  const s = secrets(first);
  const ca = { certificatePem: text(s.get("my-cluster-cluster-ca-cert"), "ca.crt"), privateKeyPem: text(s.get("my-cluster-cluster-ca"), "ca.key") };
  const key = text(s.get("my-cluster-broker-1"), "my-cluster-broker-1.key");
  const narrow = issueNodeCertificate(ca, { clusterName: "my-cluster", dnsNames: ["my-cluster-broker-1.my-cluster-kafka-brokers.myproject.svc"], ipAddresses: [], validityDays: 365, privateKeyPem: key }, at(NOW));
  const observed = request.children[SECRETS]?.["myproject/my-cluster-broker-1"] as Secret;
  observed.data = { ...observed.data, "my-cluster-broker-1.crt": Buffer.from(narrow).toString("base64") };
  const answer = syncKafka(request, at(NOW));
  t.equal(parseCertificate(text(secrets(answer).get("my-cluster-broker-1"), "my-cluster-broker-1.crt")).dnsNames.length, 10);
  t.same(secrets(answer).get("my-cluster-broker-0")?.data, s.get("my-cluster-broker-0")?.data);
});

t.test("strimzi.io/force-renew renews the CA certificate once and is acknowledged", async (t) => {
  const { request } = runningCluster();
  annotateObserved(request, "my-cluster-cluster-ca-cert", { "strimzi.io/force-renew": "true" });
  const answer = syncKafka(request, at(NOW));
  t.same(secrets(answer).get("my-cluster-cluster-ca-cert")?.metadata?.annotations, { "strimzi.io/ca-cert-generation": "1", "strimzi.io/force-renew": "false" });
  const next = syncKafka(nextRequest(request, answer), at(NOW));
  t.same(secrets(next).get("my-cluster-cluster-ca-cert")?.metadata?.annotations, { "strimzi.io/ca-cert-generation": "1" }, "not renewed again");
});

t.test("strimzi.io/force-replace replaces the key in two rolls: trust first, certificates second, then the old CA goes", async (t) => {
  const { first, request } = runningCluster();
  annotateObserved(request, "my-cluster-cluster-ca", { "strimzi.io/force-replace": "true" });
  const trustedCount = (answer: SyncResponse) => text(secrets(answer).get("my-cluster-cluster-ca-cert"), "ca.crt").match(/BEGIN CERTIFICATE/g)?.length;
  const brokerIssuer = (answer: SyncResponse) => parseCertificate(text(secrets(answer).get("my-cluster-broker-0"), "my-cluster-broker-0.crt")).issuer;

  // Phase 1: the new CA joins the trust bundle; certificates of the old key stay; every pod rolls to trust both.
  const replaced = syncKafka(request, at(NOW));
  const s = secrets(replaced);
  t.equal(trustedCount(replaced), 2, "new and old CA certificates both trusted");
  t.same(s.get("my-cluster-cluster-ca")?.metadata?.annotations, { "strimzi.io/ca-key-generation": "1", "strimzi.io/force-replace": "false" });
  t.equal(parseCertificate(text(s.get("my-cluster-cluster-ca-cert"), "ca.crt")).subject, "O=io.strimzi, CN=cluster-ca v1");
  t.not(s.get("my-cluster-cluster-ca")?.data, secrets(first).get("my-cluster-cluster-ca")?.data);
  t.equal(brokerIssuer(replaced), "O=io.strimzi, CN=cluster-ca v0", "node certificates of the old key are kept while pods do not all trust the new one");
  t.equal(podAnnotations(replaced, "my-cluster-broker-0")?.["strimzi.io/cluster-ca-cert-generation"], "1", "every pod will restart to trust both");

  // Pods still rolling: nothing more happens.
  const rolling = syncKafka(nextRequest(request, replaced, { readyPods: () => 1 }), at(NOW));
  t.equal(trustedCount(rolling), 2);
  t.equal(brokerIssuer(rolling), "O=io.strimzi, CN=cluster-ca v0");

  // Phase 2: every pod trusts both; certificates are re-issued by the new key and the pods roll again.
  const afterFirstRoll = nextRequest(request, replaced);
  const reissued = syncKafka(afterFirstRoll, at(NOW));
  t.equal(brokerIssuer(reissued), "O=io.strimzi, CN=cluster-ca v1", "now re-issued by the new key");
  t.equal(trustedCount(reissued), 2, "the old CA is still trusted: pods not yet restarted serve its certificates");
  t.not(podAnnotations(reissued, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"], podAnnotations(replaced, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"]);

  // Every pod restarted with a certificate of the new key: the old CA certificate goes.
  const retired = syncKafka(nextRequest(afterFirstRoll, reissued), at(NOW));
  t.equal(trustedCount(retired), 1);
  t.equal(brokerIssuer(retired), "O=io.strimzi, CN=cluster-ca v1");
});

t.test("a user-provided CA is read from related Secrets and never written", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  (request.parent.spec as { clusterCa?: object }).clusterCa = { generateCertificateAuthority: false };
  const missing = syncKafka(request, testEnvironment());
  t.match(missing.status.conditions?.[0], {
    type: "NotReady", reason: "CertificateAuthorityMissing",
    message: "spec.clusterCa.generateCertificateAuthority: is false, so the Secrets my-cluster-cluster-ca-cert (with ca.crt) and my-cluster-cluster-ca (with ca.key) must be provided. Nothing was changed.",
  });
  t.same(missing.children, []);

  const keys = fixtureKeyPairSource();
  const own = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 700 }, keys, at(NOW));
  const userSecret = (name: string, data: Record<string, string>): KubeObject => ({
    apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "myproject" },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
  });
  request.related[SECRETS] = {
    "myproject/my-cluster-cluster-ca-cert": userSecret("my-cluster-cluster-ca-cert", { "ca.crt": own.certificatePem }),
    "myproject/my-cluster-cluster-ca": userSecret("my-cluster-cluster-ca", { "ca.key": own.privateKeyPem }),
  };
  const answer = syncKafka(request, testEnvironment());
  const s = secrets(answer);
  t.notOk(s.has("my-cluster-cluster-ca-cert"), "the user's Secret is not a child");
  t.notOk(s.has("my-cluster-cluster-ca"));
  t.ok(s.has("my-cluster-clients-ca-cert"), "the clients CA is still generated");
  const brokerCert = text(s.get("my-cluster-broker-0"), "my-cluster-broker-0.crt");
  t.ok(isSignedBy(brokerCert, own.certificatePem), "node certificates are signed by the user's CA");
  t.equal(parseCertificate(brokerCert).notAfter.toISOString(), "2027-11-24T12:00:00.000Z", "for spec.clusterCa.validityDays (default 365), within the CA's own validity");
});

t.test("an existing cluster whose CA Secret is gone gets no new CA unless the user asks for one", async (t) => {
  const { request } = runningCluster();
  delete request.children[SECRETS]?.["myproject/my-cluster-cluster-ca"];
  const refused = syncKafka(request, at(NOW));
  t.same(refused.children, keepObservedChildren(request.children), "nothing changes");
  t.match(refused.status.conditions?.[0], {
    type: "NotReady", reason: "CertificateAuthorityMissing",
    message: /^Secret\/my-cluster-cluster-ca: the cluster-ca of this existing cluster is missing; .* annotate the Kafka with kafka-hooks.io\/force-new-ca=cluster-ca /,
  });

  request.parent.metadata.annotations = { "kafka-hooks.io/force-new-ca": "cluster-ca" };
  const forced = syncKafka(request, at(NOW));
  t.same(secrets(forced).get("my-cluster-cluster-ca")?.metadata?.annotations, { "strimzi.io/ca-key-generation": "1" });
  t.equal(parseCertificate(text(secrets(forced).get("my-cluster-broker-0"), "my-cluster-broker-0.crt")).issuer, "O=io.strimzi, CN=cluster-ca v1");
});

t.test("a 100-node pool gets its certificates over several quick syncs, pods joining as theirs arrive", async (t) => {
  let request = exampleRequest("kafka/kafka-persistent.yaml");
  (request.related["KafkaNodePool.kafka.strimzi.io/v1"]?.["myproject/broker"] as KafkaNodePool).spec.replicas = 100;
  const env = testEnvironment();
  const podCounts: number[] = [];
  let answer = syncKafka(request, env);
  for (let sync = 1; sync < 20 && answer.resyncAfterSeconds !== undefined; sync++) {
    podCounts.push(answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").reduce((n, ps) => n + ps.spec.pods.length, 0));
    t.equal(answer.resyncAfterSeconds, 1);
    t.match(answer.status.conditions?.[0], { type: "NotReady", reason: "IssuingCertificates", message: /^waiting for certificates for / });
    request = nextRequest(request, answer);
    answer = syncKafka(request, env);
  }
  // Controllers first (3), then brokers; each sync adds the budget's worth.
  t.equal(env.newKeysPerSync, 16);
  t.same(podCounts, [16, 32, 48, 64, 80, 96]);
  t.equal(answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").reduce((n, ps) => n + ps.spec.pods.length, 0), 103);
  t.equal(answer.children.filter((c) => c.kind === "Secret").length, 4 + 1 + 103 + 1 + 2, "the CAs, the trust bundle, every node, the operator and the Entity Operator's two have their Secret");
  t.equal(answer.resyncAfterSeconds, undefined);
});

t.test("a listener's own certificate (brokerCertChainAndKey) is read from the user's Secret and served by brokers only", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const listeners = (request.parent.spec as { kafka: { listeners: Array<{ name: string; configuration?: object }> } }).kafka.listeners;
  const tls = listeners.find((l) => l.name === "tls");
  if (!tls) throw new Error("the persistent example has a tls listener");
  tls.configuration = { brokerCertChainAndKey: { secretName: "my-listener-cert", certificate: "tls.crt", key: "tls.key" } };

  const missing = syncKafka(request, testEnvironment());
  t.equal(missing.status.conditions?.[0]?.message,
    "spec.kafka.listeners[1].configuration.brokerCertChainAndKey.secretName: Secret my-listener-cert does not exist in namespace myproject. Nothing was changed.");

  const keys = fixedKeyPairSource(fixtureKeys.slice(2));
  const publicCa = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, keys, at(NOW));
  const key = keys();
  const certificate = issueNodeCertificate(publicCa, { clusterName: "public", dnsNames: ["kafka.example.com"], ipAddresses: [], validityDays: 90, privateKeyPem: key }, at(NOW));
  const pkcs1 = createPrivateKey(key).export({ type: "pkcs1", format: "pem" }).toString();
  request.related[SECRETS] = {
    "myproject/my-listener-cert": {
      apiVersion: "v1", kind: "Secret", metadata: { name: "my-listener-cert", namespace: "myproject" },
      data: { "tls.crt": Buffer.from(certificate).toString("base64"), "tls.key": Buffer.from(pkcs1).toString("base64") },
    },
  };
  const answer = syncKafka(request, testEnvironment());
  const broker = secrets(answer).get("my-cluster-broker-0");
  t.same(Object.keys(broker?.data ?? {}), ["custom-tls-9093.crt", "custom-tls-9093.key", "my-cluster-broker-0.crt", "my-cluster-broker-0.key"]);
  t.equal(text(broker, "custom-tls-9093.crt"), certificate);
  t.equal(text(broker, "custom-tls-9093.key"), key, "converted to the PKCS#8 Kafka reads");
  t.same(Object.keys(secrets(answer).get("my-cluster-controller-3")?.data ?? {}), ["my-cluster-controller-3.crt", "my-cluster-controller-3.key"]);
  const properties = String((answer.children.find((c) => c.kind === "ConfigMap" && c.metadata.name === "my-cluster-broker-0") as { data?: Record<string, string> }).data?.["server.properties"]);
  t.match(properties, /^listener\.name\.tls-9093\.ssl\.keystore\.certificate\.chain=\$\{strimzidir:\/opt\/kafka\/broker-certs:custom-tls-9093\.crt\}$/m);
  t.match(properties, /^listener\.name\.tls-9093\.ssl\.keystore\.key=\$\{strimzidir:\/opt\/kafka\/broker-certs:custom-tls-9093\.key\}$/m);
  const plain = syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), testEnvironment());
  t.not(podAnnotations(answer, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"], podAnnotations(plain, "my-cluster-broker-0")?.["strimzi.io/server-cert-hash"],
    "a broker restarts when its listener certificate changes");
});

t.test("switching an existing cluster to generateCertificateAuthority: false keeps the CA Secrets it created", async (t) => {
  const { first, request } = runningCluster();
  (request.parent.spec as { clusterCa?: object }).clusterCa = { generateCertificateAuthority: false };
  const answer = syncKafka(request, at(NOW));
  t.same(secrets(answer).get("my-cluster-cluster-ca-cert")?.data, secrets(first).get("my-cluster-cluster-ca-cert")?.data);
  t.same(secrets(answer).get("my-cluster-cluster-ca")?.data, secrets(first).get("my-cluster-cluster-ca")?.data);
  t.same(secrets(syncKafka(request, at(new Date(NOW.getTime() + 340 * DAY)))).get("my-cluster-cluster-ca-cert")?.data,
    secrets(first).get("my-cluster-cluster-ca-cert")?.data, "and no longer renews them");
});
