// Metacontroller keeps the whole desired object in an annotation capped at 256 KiB;
// a PodSet of 100 nodes must stay far below it.
import t from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const LAST_APPLIED_LIMIT = 256 * 1024;

t.test("a 100-node pool's StrimziPodSet is under a quarter of the last-applied limit", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const brokers = request.related["KafkaNodePool.kafka.strimzi.io/v1"]?.["myproject/broker"] as KafkaNodePool;
  brokers.spec.replicas = 100;
  const answer = syncKafka(request, testEnvironment());
  const podSet = answer.children.find((c) => c.kind === "StrimziPodSet" && c.metadata.name === "my-cluster-broker");
  const bytes = Buffer.byteLength(JSON.stringify(podSet));
  t.comment(`StrimziPodSet my-cluster-broker with 100 pods: ${bytes} bytes`);
  t.ok(bytes < LAST_APPLIED_LIMIT / 4, `${bytes} bytes < ${LAST_APPLIED_LIMIT / 4}`);
});
