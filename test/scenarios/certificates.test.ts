// Certificate renewal through the whole loop. Each pod trusts the cluster CA
// certificates (`ca.crt` of `<cluster>-cluster-ca-cert`) it started with and
// serves the node certificate it started with (Kafka reads PEM stores at start;
// the kubelet stand-in records both). After every step of every round, every
// running pod must trust every other running pod's certificate: otherwise
// controllers lose their quorum and brokers stop replicating mid-roll.
import { X509Certificate } from "node:crypto";
import t from "tap";
import type { Secret } from "../../lib/api/kubernetes.js";
import { pemCertificates } from "../../lib/certificates/observed-secrets.js";
import { ANNOTATION } from "../../lib/labels.js";
import { clusterCaCertSecretName, clusterCaKeySecretName } from "../../lib/names.js";
import { readiness, startCluster, startHooks, type ClusterInWorld } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

const ALL_PODS = ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];

const validAt = (cert: X509Certificate, at: Date): boolean => Date.parse(cert.validFrom) <= at.getTime() && at.getTime() <= Date.parse(cert.validTo);

/** Whether a certificate chains to one of the CA certificates of a bundle, at a moment: issuer name, signature, both valid then. */
export function trusts(bundlePem: string, certificatePem: string, at: Date): boolean {
  if (!certificatePem) return false;
  const certificate = new X509Certificate(certificatePem);
  return pemCertificates(bundlePem).some((pem) => {
    const ca = new X509Certificate(pem);
    return certificate.checkIssued(ca) && certificate.verify(ca.publicKey) && validAt(ca, at) && validAt(certificate, at);
  });
}

/** Records, after every step of the loop, each running pod that does not trust another running pod. */
function watchTrust(c: ClusterInWorld): string[] {
  const violations: string[] = [];
  c.world.steps.push((step) => {
    const running = c.world.kubelet.running().filter((p) => p.namespace === c.namespace);
    for (const a of running) {
      for (const b of running) {
        if (a !== b && !trusts(a.trustedCaPem, b.certificatePem, hooks.clock.now)) violations.push(`round ${c.world.rounds} ${step}: ${a.name} does not trust ${b.name}`);
      }
    }
  });
  return violations;
}

const secret = (c: ClusterInWorld, name: string): Secret | undefined => c.world.get("v1", "Secret", c.namespace, name) as Secret | undefined;
const caCertificates = (c: ClusterInWorld): string[] =>
  pemCertificates(Buffer.from(secret(c, clusterCaCertSecretName(c.name))?.data?.["ca.crt"] ?? "", "base64").toString("utf8"));
const publicKey = (pem: string | undefined): string => (pem ? new X509Certificate(pem).publicKey.export({ type: "spki", format: "pem" }).toString() : "");
/** The values an annotation of a Secret takes after each step, without repeats. */
function annotationPath(c: ClusterInWorld, name: string, annotation: string): string[] {
  const path: string[] = [];
  c.world.steps.push(() => {
    const value = secret(c, name)?.metadata?.annotations?.[annotation] ?? "(none)";
    if (path[path.length - 1] !== value) path.push(value);
  });
  return path;
}

const podAnnotation = (c: ClusterInWorld, pod: string, annotation: string): string | undefined =>
  c.pods().find((p) => p.metadata?.name === pod)?.metadata?.annotations?.[annotation];

t.test("force-renew of the cluster CA certificate rolls every pod exactly once, and every pod trusts every other throughout", async (t) => {
  hooks.clock.now = new Date("2026-11-24T12:00:00.000Z");
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 } });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const violations = watchTrust(c);
  const [oldCa] = caCertificates(c);

  const annotation = annotationPath(c, clusterCaCertSecretName(c.name), ANNOTATION.forceRenew);
  c.world.annotate("v1", "Secret", c.namespace, clusterCaCertSecretName(c.name), { [ANNOTATION.forceRenew]: "true" });
  const rounds = await c.world.converge(80);
  t.ok(rounds < 80, `converged in ${rounds} rounds`);

  const certSecret = secret(c, clusterCaCertSecretName(c.name));
  t.same(annotation, ["false", "(none)"],
    "the sync that acted wrote it back as false over the user's true; the next, no longer setting it, made Metacontroller's merge remove it: it acts once");
  t.equal(certSecret?.metadata?.annotations?.[ANNOTATION.caCertGeneration], "1");
  const [newCa, ...rest] = caCertificates(c);
  t.not(newCa, oldCa, "a new CA certificate");
  t.equal(publicKey(newCa), publicKey(oldCa), "for the same key");
  t.same(rest, [], "ca.crt holds the new certificate only");
  t.same(c.world.sidecarPodDeletions(), ALL_PODS, "every pod restarted once, controllers first and the active one last among them");
  for (const pod of ALL_PODS) t.equal(podAnnotation(c, pod, ANNOTATION.clusterCaCertGeneration), "1", `${pod} runs with the new generation`);
  t.same(violations, [], "every running pod trusted every other at every step");
  t.equal(readiness(c.kafka()), "Ready");
  await c.world.converge();
  t.same(c.world.sidecarPodDeletions(), ALL_PODS, "and nothing more restarts");
});

t.test("a clock moved into the renewal window renews the CAs and node certificates and rolls every pod exactly once", async (t) => {
  hooks.clock.now = new Date("2026-11-24T12:00:00.000Z");
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 } });
  t.teardown(() => c.world.stop());
  const violations = watchTrust(c);
  const [oldCa] = caCertificates(c);
  const oldServed = new Map(c.world.kubelet.running().map((p) => [p.name, p.certificatePem]));
  // Ten days before the CA expires: inside the default 30-day renewal window.
  hooks.clock.now = new Date(Date.parse(new X509Certificate(oldCa ?? "").validTo) - 10 * 86_400_000);

  const rounds = await c.world.converge(80);
  t.ok(rounds < 80, `converged in ${rounds} rounds`);
  const [newCa] = caCertificates(c);
  t.not(newCa, oldCa, "the cluster CA certificate was renewed");
  t.same(c.world.sidecarPodDeletions(), ALL_PODS, "every pod restarted exactly once");
  for (const pod of c.world.kubelet.running()) {
    t.not(pod.certificatePem, oldServed.get(pod.name), `${pod.name} serves a new certificate`);
    t.ok(trusts(newCa ?? "", pod.certificatePem, hooks.clock.now), `${pod.name}'s certificate is signed by the renewed CA`);
  }
  t.same(violations, [], "every running pod trusted every other at every step");
  t.equal(readiness(c.kafka()), "Ready");
  await c.world.converge();
  t.same(c.world.sidecarPodDeletions(), ALL_PODS, "and nothing more restarts");
  hooks.clock.now = new Date("2026-11-24T12:00:00.000Z");
});

t.test("force-replace of the cluster CA key: old and new certificates trusted until every pod runs with the new key", async (t) => {
  hooks.clock.now = new Date("2026-11-24T12:00:00.000Z");
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 } });
  t.teardown(() => c.world.stop());
  const violations = watchTrust(c);
  const [oldCa] = caCertificates(c);
  // While the roll runs, ca.crt must hold both certificates.
  const bundles: string[] = [];
  c.world.steps.push(() => {
    const text = caCertificates(c).map((pem) => (pem === oldCa ? "old" : "new")).join("+");
    if (bundles[bundles.length - 1] !== text) bundles.push(text);
  });

  const annotation = annotationPath(c, clusterCaKeySecretName(c.name), ANNOTATION.forceReplace);
  c.world.annotate("v1", "Secret", c.namespace, clusterCaKeySecretName(c.name), { [ANNOTATION.forceReplace]: "true" });
  const rounds = await c.world.converge(100);
  t.ok(rounds < 100, `converged in ${rounds} rounds`);

  const [newCa, ...rest] = caCertificates(c);
  t.not(publicKey(newCa), publicKey(oldCa), "a new key");
  t.same(rest, [], "once every pod runs with the new key, the old certificate is dropped");
  t.same(bundles, ["new+old", "new"], "ca.crt held the new and the old certificate until then");
  t.same(annotation, ["false", "(none)"], "acted on once");
  for (const pod of c.world.kubelet.running()) {
    t.ok(trusts(newCa ?? "", pod.certificatePem, hooks.clock.now), `${pod.name} serves a certificate signed by the new key`);
  }
  t.equal(readiness(c.kafka()), "Ready");
  t.same([...new Set(c.world.sidecarPodDeletions())].sort(), [...ALL_PODS].sort(), "every pod restarted");
  t.comment(`restarts: ${c.world.sidecarPodDeletions().join(", ")}`);
  for (const violation of violations.slice(0, 3)) t.comment(violation);
  t.same(violations.slice(0, 5), [], `every running pod trusts every other at every step of the two rolls (${violations.length} violations, the first five shown)`);
  const restarts = c.world.sidecarPodDeletions();
  t.same(ALL_PODS.map((pod) => restarts.filter((p) => p === pod).length), ALL_PODS.map(() => 2), "every pod restarted twice: to trust the new CA, then to serve its certificate");
});
