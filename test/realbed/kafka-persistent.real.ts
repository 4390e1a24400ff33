// Strimzi's kafka/kafka-persistent.yaml on real Kafka: three controllers and
// three brokers run as processes from the configuration our hooks generate; the
// quorum forms, the Kafka goes Ready, and 1,000 messages go through each
// listener (plain, and TLS verified against <cluster>-cluster-ca-cert).
import t from "tap";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { roundTripEach, type Endpoint } from "./clients.js";
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
  await roundTripEach(t, listeners, MESSAGES);
});
