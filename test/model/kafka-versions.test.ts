import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import { chooseMetadataVersion, findKafkaVersion, type KafkaVersion } from "../../lib/model/kafka-versions.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const version = (v: string): KafkaVersion => {
  const found = findKafkaVersion(v);
  if (!found) throw new Error(`no Kafka ${v}`);
  return found;
};

// Strimzi's KafkaClusterTest.testKRaftMetadataVersionValidation values, over Kafka 4.3's MetadataVersion.
t.test("metadata versions Kafka knows are used as written", async (t) => {
  for (const requested of ["3.6", "3.6-IV2", "3.3", "3.3-IV3", "4.3-IV0", "4.3", "3.6.1", "4.0-IV3"]) {
    t.strictSame(chooseMetadataVersion(requested, version("4.3.1"), undefined), { ok: true, metadataVersion: requested }, requested);
  }
  t.strictSame(chooseMetadataVersion(undefined, version("4.3.1"), "4.2-IV1"), { ok: true, metadataVersion: "4.3-IV0" });
});

t.test("unknown metadata versions, and those older than 3.3-IV3, are refused", async (t) => {
  for (const requested of ["3.6-IV9", "3", "3.2", "3.2-IV0", "4.4-IV0", "latest", ""]) {
    t.strictSame(chooseMetadataVersion(requested, version("4.3.1"), undefined), {
      ok: false,
      message: `Metadata version ${requested} is invalid: Kafka 4.3.1 supports 3.3-IV3 to 4.3-IV0 (or a release such as 4.3)`,
    }, requested);
  }
});

t.test("a metadata version newer than the Kafka version's is not applied: the one in use stays, or the version's own", async (t) => {
  t.strictSame(chooseMetadataVersion("4.3-IV0", version("4.2.1"), "4.1-IV1"), {
    ok: true, metadataVersion: "4.1-IV1", notApplied: "metadata version 4.3-IV0 is newer than Kafka 4.2.1 supports; 4.1-IV1 is used",
  });
  t.strictSame(chooseMetadataVersion("4.3", version("4.2.1"), undefined), {
    ok: true, metadataVersion: "4.2-IV1", notApplied: "metadata version 4.3 is newer than Kafka 4.2.1 supports; 4.2-IV1 is used",
  });
  // The same release is not newer (Strimzi compares releases only).
  t.strictSame(chooseMetadataVersion("4.2-IV0", version("4.2.1"), undefined), { ok: true, metadataVersion: "4.2-IV0" });
});

t.test("the status says when the requested metadata version is not applied", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const kafka = request.parent as Kafka;
  kafka.spec.kafka.version = "4.2.1";
  kafka.spec.kafka.metadataVersion = "4.3-IV0";
  const answer = syncKafka(request, testEnvironment());
  t.equal(answer.status.kafkaMetadataVersion, "4.2-IV1");
  t.match(answer.status.conditions?.find((c) => c.type === "Warning"), {
    reason: "MetadataVersionNotApplied",
    message: "spec.kafka.metadataVersion: metadata version 4.3-IV0 is newer than Kafka 4.2.1 supports; 4.2-IV1 is used",
  });
});
