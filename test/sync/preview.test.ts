import t from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { previewEnvironment, REDACTED, redactKeyMaterial } from "../../lib/sync/preview.js";
import { fixtureKeys } from "../helpers/keys.js";
import { exampleRequest } from "../helpers/requests.js";

const now = new Date("2026-11-24T12:00:00.000Z");
const preview = (key: string, example = "kafka/kafka-persistent.yaml") =>
  JSON.stringify(redactKeyMaterial(syncKafka(exampleRequest(example), previewEnvironment("myproject/my-cluster", key, now)).children));

t.test("a preview is the same whatever throwaway key it was issued with, and shows no key material", async (t) => {
  const one = preview(fixtureKeys[0] as string);
  t.equal(preview(fixtureKeys[1] as string), one);
  t.notMatch(one, /BEGIN|PRIVATE KEY/);
  const parsed = JSON.parse(one) as Array<{ kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: { pods?: Array<{ metadata: { annotations: Record<string, string> } }> } }>;
  t.same(parsed.find((c) => c.metadata.name === "my-cluster-broker-0" && c.kind === "Secret")?.data,
    { "my-cluster-broker-0.crt": REDACTED, "my-cluster-broker-0.key": REDACTED });
  t.equal(parsed.find((c) => c.kind === "StrimziPodSet")?.spec?.pods?.[0]?.metadata.annotations["strimzi.io/server-cert-hash"], REDACTED);
});

t.test("a preview of a cluster with Kafka Exporter masks its certificate's hash too", async (t) => {
  const one = preview(fixtureKeys[0] as string, "metrics/kafka-metrics.yaml");
  t.equal(preview(fixtureKeys[1] as string, "metrics/kafka-metrics.yaml"), one);
  const parsed = JSON.parse(one) as Array<{ kind: string; spec?: { template?: { metadata: { annotations: Record<string, string> } } } }>;
  t.equal(parsed.find((c) => c.kind === "Deployment")?.spec?.template?.metadata.annotations["strimzi.io/server-cert-hash"], REDACTED);
});

t.test("a preview shows every node at once: no key budget", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const pools = request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {};
  (pools["myproject/broker"] as KafkaNodePool).spec.replicas = 40;
  const answer = syncKafka(request, previewEnvironment("s", fixtureKeys[0] as string, now));
  t.equal(answer.resyncAfterSeconds, undefined);
  t.equal(answer.children.filter((c) => c.kind === "Secret").length, 4 + 1 + 43 + 1 + 2, "the CAs, the trust bundle, the nodes, the operator, the Entity Operator's two");
});
