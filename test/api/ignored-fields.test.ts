// The IgnoredField Warnings a Kafka and its pools get (test/api/unread-fields.test.ts
// finds the fields that need one).
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { ignoredFieldWarnings } from "../../lib/api/ignored-fields.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

t.test("a Kafka that sets ignored fields gets one IgnoredField Warning naming each", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const kafka = request.parent as Kafka;
  kafka.spec.kafka.quotas = { type: "kafka", producerByteRate: 1048576, excludedPrincipals: ["User:me"] };
  kafka.spec.kafka.jmxOptions = {};
  t.same(ignoredFieldWarnings(kafka).map((w) => w.path), ["spec.kafka.jmxOptions", "spec.kafka.quotas.excludedPrincipals"]);
  const pool = { metadata: { name: "broker" }, spec: { storage: { type: "ephemeral", size: "1Gi" }, template: { initContainer: { env: [] } } } } as unknown as KafkaNodePool;
  t.same(ignoredFieldWarnings(kafka, [pool]).map((w) => w.path).slice(2), ["KafkaNodePool/broker spec.template.initContainer", "KafkaNodePool/broker spec.storage.size"]);
  const answer = syncKafka(request, testEnvironment());
  t.same(answer.status.conditions?.find((c) => c.reason === "IgnoredField"), {
    type: "Warning", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "IgnoredField",
    message: "spec.kafka.jmxOptions: is ignored: JMX is not exposed yet; "
      + "spec.kafka.quotas.excludedPrincipals: is ignored: it means nothing to a kafka quotas (Strimzi ignores it too)",
  });
  t.notOk(syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), testEnvironment()).status.conditions?.some((c) => c.reason === "IgnoredField"),
    "none when none is set");
});
