// KafkaTopic validation: the schema's problems and the ones only Kafka's rules
// know, each naming its field; Strimzi's example passes whole.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import yaml from "js-yaml";
import { configValueString, isManaged, topicNameOf } from "../../lib/api/kafka-topic.js";
import { validateKafkaTopic, type ValidationResult } from "../../lib/api/validate.js";
import { sharedDir } from "../helpers/paths.js";

type Json = Record<string, unknown>;

const topic = (spec: Json, metadata: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaTopic",
  metadata: { name: "my-topic", namespace: "myproject", labels: { "strimzi.io/cluster": "my-cluster" }, ...metadata },
  spec,
});

const problems = <T>(result: ValidationResult<T>) => (result.ok ? [] : result.problems);

t.test("Strimzi's example is valid, with nothing unknown", async (t) => {
  const example = yaml.load(readFileSync(join(sharedDir, "strimzi-examples/topic/kafka-topic.yaml"), "utf8")) as Json;
  const result = validateKafkaTopic({ ...example, metadata: { ...(example.metadata as Json), namespace: "myproject" } });
  t.ok(result.ok);
  if (result.ok) {
    t.strictSame(result.unknownFields, []);
    t.equal(topicNameOf(result.value), "my-topic");
    t.strictSame(result.value.spec, { partitions: 1, replicas: 1, config: { "retention.ms": 7200000, "segment.bytes": 1073741824 } });
  }
});

t.test("the schema's rules name the field", async (t) => {
  t.strictSame(problems(validateKafkaTopic(topic({ partitions: 0, replicas: 40000 }))), [
    { path: "spec.partitions", message: "must be >= 1" },
    { path: "spec.replicas", message: "must be <= 32767" },
  ]);
  t.strictSame(problems(validateKafkaTopic(topic({ partitions: "3" }))), [{ path: "spec.partitions", message: "must be an integer" }]);
  t.strictSame(problems(validateKafkaTopic(topic({ topicName: 7 }))), [{ path: "spec.topicName", message: "must be a string" }]);
  t.strictSame(problems(validateKafkaTopic({ ...topic({}), spec: undefined })), [{ path: "spec", message: "is required" }]);
});

t.test("topic names Kafka refuses", async (t) => {
  t.strictSame(problems(validateKafkaTopic(topic({ topicName: "orders/eu" }))), [
    { path: "spec.topicName", message: "must contain only ASCII letters, digits, '.', '_' and '-', as Kafka's topic names do" },
  ]);
  t.strictSame(problems(validateKafkaTopic(topic({ topicName: ".." }))), [{ path: "spec.topicName", message: 'must not be ".."' }]);
  t.strictSame(problems(validateKafkaTopic(topic({ topicName: "a".repeat(250) }))), [
    { path: "spec.topicName", message: "must be at most 249 characters long, as Kafka's topic names are" },
  ]);
  t.strictSame(problems(validateKafkaTopic(topic({}, { name: "b".repeat(253) }))), [
    { path: "metadata.name", message: "must be at most 249 characters long, as Kafka's topic names are" },
  ]);
  t.ok(validateKafkaTopic(topic({ topicName: "Orders_EU.v1-x" })).ok, "upper case and underscores, which Kubernetes names cannot have");
});

t.test("configuration values: scalars or lists of them", async (t) => {
  t.strictSame(problems(validateKafkaTopic(topic({ config: { "retention.ms": { days: 1 }, "cleanup.policy": ["compact", ["delete"]], "min.insync.replicas": 2 } }))), [
    { path: 'spec.config["retention.ms"]', message: "must be a string, number, boolean or a list of them" },
    { path: 'spec.config["cleanup.policy"]', message: "must be a string, number, boolean or a list of them" },
  ]);
  t.equal(configValueString(["compact", "delete"]), "compact,delete");
  t.equal(configValueString(7200000), "7200000");
  t.equal(configValueString(0.5), "0.5");
  t.equal(configValueString(true), "true");
});

t.test("managed unless strimzi.io/managed is \"false\"", async (t) => {
  t.equal(isManaged({ metadata: { name: "a", namespace: "n" } }), true);
  t.equal(isManaged({ metadata: { name: "a", namespace: "n", annotations: { "strimzi.io/managed": "true" } } }), true);
  t.equal(isManaged({ metadata: { name: "a", namespace: "n", annotations: { "strimzi.io/managed": "False" } } }), true);
  t.equal(isManaged({ metadata: { name: "a", namespace: "n", annotations: { "strimzi.io/managed": "false" } } }), false);
});
