// Fields our schemas accept that nothing reads: each is warned about when set
// (lib/api/ignored-fields.ts) or named below with how it is handled. "Reads" is
// found in the sources: a field whose name appears nowhere outside lib/api (as
// `.name`, a quoted key, or a destructured name) is read by nothing.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { IGNORED_KAFKA_FIELDS, IGNORED_POOL_FIELDS, ignoredFieldWarnings } from "../../lib/api/ignored-fields.js";
import type { Schema } from "../../lib/api/schemas/combinators.js";
import { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { kafkaNodePoolSchema } from "../../lib/api/schemas/kafka-nodepool.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { repoRoot } from "../helpers/paths.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

/** Unread fields that are not warned about, and why. */
const HANDLED_OTHERWISE: Record<string, string> = {
  "spec.entityOperator": "the Topic and User Operators are not part of kafka-hooks yet (README, Compared with Strimzi: not yet); every Strimzi example sets it",
  "spec.cruiseControl": "Cruise Control is not part of kafka-hooks yet (README: not yet)",
  "spec.kafkaExporter": "Kafka Exporter is not part of kafka-hooks yet (README: not yet)",
  "spec.kafka.logging.valueFrom.configMapKeyRef.optional": "a missing logging ConfigMap is always tolerated: the defaults apply and ExternalLoggingNotFound says so",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const sources = ["lib", "sidecar", "hooks"].flatMap((d) => sourceFiles(join(repoRoot, d)))
  .filter((f) => !f.includes(`${join("lib", "api")}`))
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");
const isRead = (name: string) => new RegExp(`\\.${name}\\b|["'\`]${name}["'\`]|\\{[^}=;]*\\b${name}\\b[^}=;]*\\}\\s*=`).test(sources);

function unreadFields(schema: Schema, path: string, skip: ReadonlySet<string>): string[] {
  if (schema["x-kubernetes-preserve-unknown-fields"] || skip.has(path)) return [];
  const below = schema.items ? unreadFields(schema.items, `${path}[]`, skip) : [];
  return [...below, ...Object.entries(schema.properties ?? {}).flatMap(([name, child]) => {
    const at = `${path}.${name}`;
    if (skip.has(at)) return [];
    return isRead(name) ? unreadFields(child, at, skip) : [at];
  })];
}

t.test("every schema field nothing reads is warned about or handled otherwise", async (t) => {
  const warned = new Set(IGNORED_KAFKA_FIELDS.map((f) => f.path));
  const kafkaSpec = kafkaSchema.properties?.spec;
  const poolSpec = kafkaNodePoolSchema.properties?.spec;
  if (!kafkaSpec || !poolSpec) throw new Error("schemas without spec");
  const unread = unreadFields(kafkaSpec, "spec", warned);
  t.same(unread.sort(), Object.keys(HANDLED_OTHERWISE).sort(), "unread Kafka fields");
  t.same(unreadFields(poolSpec, "spec", new Set(IGNORED_POOL_FIELDS.map((f) => f.path))), [], "unread KafkaNodePool fields");
  for (const path of warned) t.notOk(path in HANDLED_OTHERWISE, `${path} is not both warned and handled otherwise`);
});

t.test("the oracle finds a field nothing reads", async (t) => {
  const schema: Schema = { type: "object", properties: { kafka: { type: "object", properties: { notReadByAnythingAtAll: { type: "string" } } } } };
  t.same(unreadFields(schema, "spec", new Set()), ["spec.kafka.notReadByAnythingAtAll"]);
});

t.test("a Kafka that sets ignored fields gets one IgnoredField Warning naming each", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const kafka = request.parent as Kafka;
  kafka.spec.kafka.tieredStorage = { type: "custom", remoteStorageManager: { className: "com.example.Rsm", classPath: "/opt/rsm/*" } };
  kafka.spec.kafka.quotas = { type: "kafka", producerByteRate: 1048576 };
  t.same(ignoredFieldWarnings(kafka).map((w) => w.path), ["spec.kafka.tieredStorage", "spec.kafka.quotas"]);
  const pool = { metadata: { name: "broker" }, spec: { template: { initContainer: { env: [] } } } } as unknown as KafkaNodePool;
  t.same(ignoredFieldWarnings(kafka, [pool]).map((w) => w.path), ["spec.kafka.tieredStorage", "spec.kafka.quotas", "KafkaNodePool/broker spec.template.initContainer"]);
  const answer = syncKafka(request, testEnvironment());
  t.same(answer.status.conditions?.find((c) => c.reason === "IgnoredField"), {
    type: "Warning", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "IgnoredField",
    message: "spec.kafka.tieredStorage: is ignored: tiered storage is not configured yet: no remote.log.* or rsm.config.* settings are written; "
      + "spec.kafka.quotas: is ignored: quotas are not applied yet: no client.quota.* settings or dynamic quotas are written",
  });
  t.notOk(syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), testEnvironment()).status.conditions?.some((c) => c.reason === "IgnoredField"),
    "none when none is set");
});
