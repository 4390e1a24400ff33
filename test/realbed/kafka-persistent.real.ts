// Strimzi's kafka/kafka-persistent.yaml on real Kafka: three controllers and
// three brokers run as processes from the configuration our hooks generate; the
// quorum forms, the Kafka goes Ready, and 1,000 messages go through each
// listener (plain, and TLS verified against <cluster>-cluster-ca-cert).
import t from "tap";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { byNumber, consume, createTopic, produce, type Endpoint } from "./clients.js";
import { smallJvms } from "./resources.js";
import { readyRealCluster } from "./real-world.js";

const MESSAGES = 1000;

t.test("kafka-persistent.yaml: the quorum forms, the Kafka goes Ready, messages pass every listener", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", smallJvms);
  t.same(cluster.podNames(), [
    "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2",
    "my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5",
  ]);

  const bootstrap = (port: number): string => `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:${port}`;
  const caSecret = cluster.world.get<Secret & KubeObject>("v1", "Secret", cluster.namespace, "my-cluster-cluster-ca-cert");
  const ca = Buffer.from(caSecret?.data?.["ca.crt"] ?? "", "base64").toString("utf8");
  t.match(ca, /-----BEGIN CERTIFICATE-----/);
  const listeners: Array<[string, Endpoint]> = [
    ["plain", { bootstrap: bootstrap(9092) }],
    ["tls", { bootstrap: bootstrap(9093), connection: { tls: { ca, rejectUnauthorized: true } } }],
  ];
  for (const [listener, endpoint] of listeners) {
    const topic = `through-${listener}`;
    await createTopic(endpoint, topic);
    const sent = await produce(endpoint, topic, MESSAGES);
    const received = await consume(endpoint, topic, MESSAGES);
    t.equal(received.length, MESSAGES, `${listener}: every message read back once`);
    t.same(byNumber(received), sent, `${listener}: the messages read are the messages sent`);
  }
});
