// KafkaConnector validation: the schema's problems and the ones only Connect's
// rules know, each naming its field; Strimzi's example passes whole.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import yaml from "js-yaml";
import { forbiddenConnectorOptions } from "../../lib/api/kafka-connector.js";
import { validateKafkaConnector, type ValidationResult } from "../../lib/api/validate.js";
import { sharedDir } from "../helpers/paths.js";

type Json = Record<string, unknown>;

const connector = (spec: Json): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaConnector",
  metadata: { name: "my-source-connector", namespace: "myproject", labels: { "strimzi.io/cluster": "my-connect-cluster" } },
  spec,
});

const problems = <T>(result: ValidationResult<T>) => (result.ok ? [] : result.problems);

t.test("Strimzi's example is valid, with nothing unknown", async (t) => {
  const example = yaml.load(readFileSync(join(sharedDir, "strimzi-examples/connect/source-connector.yaml"), "utf8")) as Json;
  const result = validateKafkaConnector({ ...example, metadata: { ...(example.metadata as Json), namespace: "myproject" } });
  t.ok(result.ok);
  if (result.ok) {
    t.strictSame(result.unknownFields, []);
    t.strictSame(result.value.spec, {
      class: "org.apache.kafka.connect.file.FileStreamSourceConnector",
      tasksMax: 2,
      config: { file: "/opt/kafka/LICENSE", topic: "my-topic" },
    });
  }
});

t.test("the schema's rules name the field", async (t) => {
  t.strictSame(problems(validateKafkaConnector(connector({ class: "C", tasksMax: 0, state: "sleeping" }))), [
    { path: "spec.state", message: "must be one of: paused, stopped, running" },
    { path: "spec.tasksMax", message: "must be >= 1" },
  ]);
  t.strictSame(problems(validateKafkaConnector(connector({ class: "C", autoRestart: { enabled: "yes", maxRestarts: 1.5 } }))), [
    { path: "spec.autoRestart.enabled", message: "must be a boolean" },
    { path: "spec.autoRestart.maxRestarts", message: "must be an integer" },
  ]);
  t.strictSame(problems(validateKafkaConnector(connector({ class: "C", listOffsets: {}, alterOffsets: { fromConfigMap: { name: 3 } } }))), [
    { path: "spec.alterOffsets.fromConfigMap.name", message: "must be a string" },
    { path: "spec.listOffsets.toConfigMap", message: "is required" },
  ]);
});

t.test("Connect's rules: a class, and configuration values it can read", async (t) => {
  t.strictSame(problems(validateKafkaConnector(connector({ config: { topic: "t" } }))), [{ path: "spec.class", message: "is required" }]);
  t.strictSame(problems(validateKafkaConnector(connector({ class: "C", config: { "topic": { nested: true }, "file": "f", "batch.size": 3, "transforms.x.fields": ["a", "b"], "x": null } }))), [
    { path: "spec.config.topic", message: "must be a string, number or boolean" },
    { path: "spec.config[\"transforms.x.fields\"]", message: "must be a string, number or boolean" },
    { path: "spec.config.x", message: "must be a string, number or boolean" },
  ]);
});

t.test("options the spec's own fields set are found, as Strimzi drops them", async (t) => {
  const result = validateKafkaConnector(connector({ class: "C", config: { "tasks.max": 3, "name": "x", "file": "f", "connector.class": "D" } }));
  t.ok(result.ok);
  if (result.ok) t.strictSame(forbiddenConnectorOptions(result.value.spec), ["tasks.max", "name", "connector.class"]);
});
