// Cluster CA key replacement (strimzi.io/force-replace on <cluster>-cluster-ca)
// on real Kafka, in Strimzi's phases: `ca.crt` first holds the new and the old
// CA certificate while every pod restarts to trust both, then every pod
// restarts again with a certificate signed by the new key, then the old
// certificate leaves `ca.crt`. A TLS consumer that took `ca.crt` as published
// in the first phase (both certificates, every node certificate still the old key's)
// keeps reading through both rolls, while Kafka's VerifiableProducer writes
// (acks=all); afterwards a client trusting the new CA alone reads everything.
import { X509Certificate } from "node:crypto";
import t from "tap";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { nodeCertificateKey } from "../../lib/certificates/node-certificates.js";
import { ANNOTATION } from "../../lib/labels.js";
import { clusterCaKeySecretName } from "../../lib/names.js";
import { isReady, readiness } from "../helpers/scenario.js";
import { createTopic } from "./clients.js";
import { readBack, startJavaConsumer } from "./java-consumer.js";
import { startJavaProducer } from "./java-producer.js";
import { smallJvms } from "./resources.js";
import { clusterCaCertificates, kafkaImage, readyRealCluster } from "./real-world.js";

const signedBy = (certificatePem: string, caPem: string): boolean =>
  certificatePem !== "" && new X509Certificate(certificatePem).verify(new X509Certificate(caPem).publicKey);

t.test("cluster CA key replacement rolls every pod twice while a TLS consumer trusting old and new keeps reading", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", smallJvms);
  const java = { image: kafkaImage(), hostsFile: cluster.kubelet.network.hostsFile, topic: "replacement" };
  const plain = `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092`;
  const tls = `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9093`;

  // A node's certificate Secret is named as its pod.
  const nodeCertificate = (pod: string): string => {
    const secret = cluster.world.get<Secret & KubeObject>("v1", "Secret", cluster.namespace, pod);
    return Buffer.from(secret?.data?.[nodeCertificateKey(pod)] ?? "", "base64").toString("utf8");
  };
  const [oldCa = ""] = clusterCaCertificates(cluster);
  await createTopic({ bootstrap: plain }, "replacement");
  const producer = startJavaProducer({ ...java, bootstrap: plain, perSecond: 200 });
  await cluster.until("the producer under way", () => producer.acknowledged() >= 100, 120_000);

  const deletedBefore = cluster.world.sidecarPodDeletions().length;
  const deletions = (): string[] => cluster.world.sidecarPodDeletions().slice(deletedBefore);
  cluster.world.annotate("v1", "Secret", cluster.namespace, clusterCaKeySecretName(cluster.name), { [ANNOTATION.forceReplace]: "true" });
  await cluster.until("ca.crt holding the new and the old certificate", () => clusterCaCertificates(cluster).length === 2, 120_000);
  const bundle = clusterCaCertificates(cluster);
  t.equal(bundle[1], oldCa, "the old certificate stays in ca.crt, after the new one");
  t.same(cluster.pods().map((p) => p.metadata?.name ?? "").filter((pod) => !signedBy(nodeCertificate(pod), oldCa)), [],
    "while ca.crt holds both, every node certificate is still the old key's");
  const consumer = startJavaConsumer({ ...java, bootstrap: tls, caPem: bundle.join("") });
  t.teardown(() => consumer.stop());

  const pods = cluster.pods().map((p) => p.metadata?.name ?? "").sort();
  await cluster.until("every pod restarted twice, the old certificate retired, every pod and the Kafka Ready", () =>
    pods.every((pod) => deletions().filter((p) => p === pod).length >= 2) && clusterCaCertificates(cluster).length === 1
      && cluster.pods().length === 6 && cluster.pods().every(isReady) && readiness(cluster.kafka()) === "Ready", 1_200_000);
  const [newCa = ""] = clusterCaCertificates(cluster);
  t.equal(newCa, bundle[0], "the new certificate is the one ca.crt held first");
  t.same(pods.filter((pod) => !signedBy(nodeCertificate(pod), newCa)), [], "every node certificate is the new key's");
  t.same(pods.map((pod) => deletions().filter((p) => p === pod).length), pods.map(() => 2), "every pod restarted twice: to trust the new key, then to serve its certificate");
  const { acknowledged, failed } = await producer.stop();
  t.same(failed, [], "no send failed");
  t.same(await readBack(cluster, consumer, acknowledged, 180_000), [],
    `the consumer connected throughout read all ${acknowledged.length} acknowledged records where they were acknowledged (${consumer.records().size} read)`);

  const fresh = startJavaConsumer({ ...java, bootstrap: tls, caPem: newCa });
  t.teardown(() => fresh.stop());
  t.same(await readBack(cluster, fresh, acknowledged, 180_000), [], "a client trusting the new CA alone reads them all");
});
