// Cluster CA renewal (strimzi.io/force-renew on <cluster>-cluster-ca-cert) on
// real Kafka: every pod restarts with certificates from the renewed CA while
// Kafka's VerifiableProducer writes (acks=all) and Kafka's console consumer
// reads over TLS throughout, trusting the CA certificate it read before the
// renewal (the renewed CA keeps its key, so certificates it signs verify
// against either). Every record the producer was told is acknowledged is read
// at the partition and offset it was acknowledged at.
import t from "tap";
import { ANNOTATION } from "../../lib/labels.js";
import { clusterCaCertSecretName } from "../../lib/names.js";
import { isReady, readiness } from "../helpers/scenario.js";
import { createTopic } from "./clients.js";
import { readBack, startJavaConsumer } from "./java-consumer.js";
import { startJavaProducer } from "./java-producer.js";
import { smallJvms } from "./resources.js";
import { clusterCaCertificates, kafkaImage, readyRealCluster } from "./real-world.js";

t.test("cluster CA renewal rolls every pod while a TLS consumer connected throughout keeps reading", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", smallJvms);
  const allReady = (): boolean => cluster.pods().length === 6 && cluster.pods().every(isReady);
  const java = { image: kafkaImage(), hostsFile: cluster.kubelet.network.hostsFile, topic: "renewal" };
  const plain = `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092`;

  const before = clusterCaCertificates(cluster);
  await createTopic({ bootstrap: plain }, "renewal");
  const consumer = startJavaConsumer({ ...java, bootstrap: `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9093`, caPem: before.join("") });
  t.teardown(() => consumer.stop());
  const producer = startJavaProducer({ ...java, bootstrap: plain, perSecond: 200 });
  await cluster.until("the consumer reading", () => consumer.records().size >= 100, 120_000);

  const uids = new Map(cluster.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
  cluster.world.annotate("v1", "Secret", cluster.namespace, clusterCaCertSecretName(cluster.name), { [ANNOTATION.forceRenew]: "true" });
  await cluster.until("every pod recreated and Ready, the Kafka Ready", () =>
    allReady() && cluster.pods().every((p) => p.metadata?.uid !== uids.get(p.metadata?.name ?? "")) && readiness(cluster.kafka()) === "Ready", 900_000);
  t.not(clusterCaCertificates(cluster)[0], before[0], "the CA certificate was renewed");
  const { acknowledged, failed } = await producer.stop();
  t.same(failed, [], "no send failed");
  t.same(await readBack(cluster, consumer, acknowledged, 180_000), [],
    `the consumer read all ${acknowledged.length} acknowledged records where they were acknowledged (${consumer.records().size} read)`);
});
