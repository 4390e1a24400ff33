// Exact problems, unknown fields and defaults of the validator.
import t from "tap";
import { formatPath } from "../../lib/api/schemas/fields.js";
import { validateKafka, validateKafkaNodePool, type ValidationResult } from "../../lib/api/validate.js";

type Json = Record<string, unknown>;

const kafka = (spec: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "Kafka",
  metadata: { name: "my-cluster", namespace: "myproject" },
  spec: {
    kafka: { listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }], ...spec },
  },
});

const pool = (spec: Json = {}): Json => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaNodePool",
  metadata: { name: "broker", namespace: "myproject", labels: { "strimzi.io/cluster": "my-cluster" } },
  spec: { replicas: 3, roles: ["broker"], storage: { type: "persistent-claim", size: "100Gi" }, ...spec },
});

const problems = <T>(result: ValidationResult<T>) => (result.ok ? [] : result.problems);

t.test("paths: dots, [index], and quoted keys that are not identifiers", async (t) => {
  t.equal(formatPath(["spec", "kafka", "listeners", 0, "type"]), "spec.kafka.listeners[0].type");
  t.equal(formatPath(["spec", "kafka", "config", "min.insync.replicas"]), 'spec.kafka.config["min.insync.replicas"]');
  t.equal(formatPath(["spec", "jvmOptions", "-Xmx"]), 'spec.jvmOptions["-Xmx"]');
  t.equal(formatPath([]), "");
});

t.test("a minimal Kafka and pool are valid", async (t) => {
  t.strictSame(validateKafka(kafka()), { ok: true, value: kafka(), unknownFields: [] });
  t.strictSame(validateKafkaNodePool(pool()), { ok: true, value: pool(), unknownFields: [] });
});

t.test("a wrong listener type names the allowed types", async (t) => {
  const resource = kafka({ listeners: [{ name: "plain", port: 9092, type: "bogus", tls: false }] });
  t.strictSame(problems(validateKafka(resource)), [
    { path: "spec.kafka.listeners[0].type", message: "must be one of: internal, route, tlsroute, loadbalancer, nodeport, ingress, cluster-ip" },
  ]);
});

t.test("a missing required field is reported at its own path", async (t) => {
  const resource = kafka();
  delete (resource.spec as { kafka: Json }).kafka.listeners;
  t.strictSame(problems(validateKafka(resource)), [{ path: "spec.kafka.listeners", message: "is required" }]);
});

t.test("wrong types, minimums and patterns", async (t) => {
  t.strictSame(problems(validateKafka(kafka({ listeners: [{ name: "plain", port: "9092", type: "internal", tls: false }] }))), [
    { path: "spec.kafka.listeners[0].port", message: "must be an integer" },
  ]);
  t.strictSame(problems(validateKafkaNodePool(pool({ replicas: -1 }))), [{ path: "spec.replicas", message: "must be >= 0" }]);
  t.strictSame(problems(validateKafka(kafka({ listeners: [{ name: "Plain_1", port: 9000, type: "internal", tls: "no" }] }))), [
    { path: "spec.kafka.listeners[0].name", message: "must match ^[a-z0-9]{1,11}$" },
    { path: "spec.kafka.listeners[0].port", message: "must be >= 9092" },
    { path: "spec.kafka.listeners[0].tls", message: "must be a boolean" },
  ]);
  t.strictSame(problems(validateKafka(kafka({ listeners: [{ name: 7, port: 9092, type: 1, tls: false }] }))), [
    { path: "spec.kafka.listeners[0].name", message: "must be a string" },
    { path: "spec.kafka.listeners[0].type", message: "must be a string" },
  ], "a wrong type hides the enum and pattern of the same field");
  t.strictSame(problems(validateKafka(kafka({ listeners: [] }))), [{ path: "spec.kafka.listeners", message: "must have at least 1 item" }]);
  t.strictSame(problems(validateKafkaNodePool(pool({ roles: [] }))), [{ path: "spec.roles", message: "must have at least 1 item" }]);
});

t.test("config values must be scalars; keys with dots are quoted", async (t) => {
  const resource = kafka({ config: { "min.insync.replicas": 2, "auto.create.topics.enable": false, "x.y": { nested: 1 } } });
  t.strictSame(problems(validateKafka(resource)), [{ path: 'spec.kafka.config["x.y"]', message: "must be a string, number or boolean" }]);
});

t.test("storage: the type is checked first, then what that type needs", async (t) => {
  const jbod = (volumes: Json[]) => pool({ storage: { type: "jbod", volumes } });
  t.strictSame(problems(validateKafkaNodePool(jbod([{ id: 0, type: "persistent-claim", size: "1Gi" }, { id: 1, type: "jbod" }]))), [
    { path: "spec.storage.volumes[1].type", message: "must be one of: ephemeral, persistent-claim" },
  ]);
  t.strictSame(problems(validateKafkaNodePool(pool({ storage: { type: "jbod" } }))), [
    { path: "spec.storage.volumes", message: "is required when type is jbod" },
  ]);
  t.strictSame(problems(validateKafkaNodePool(pool({ storage: { type: "disk" } }))), [
    { path: "spec.storage.type", message: "must be one of: ephemeral, persistent-claim, jbod" },
  ]);
});

t.test("rules Strimzi states in CEL: rack and metrics", async (t) => {
  t.strictSame(problems(validateKafka(kafka({ rack: {} }))), [
    { path: "spec.kafka.rack.topologyKey", message: "is required unless type is environment-variable" },
  ]);
  t.strictSame(problems(validateKafka(kafka({ rack: { type: "environment-variable" } }))), [
    { path: "spec.kafka.rack.envVarName", message: "is required when type is environment-variable" },
  ]);
  t.strictSame(problems(validateKafka(kafka({ metricsConfig: { type: "jmxPrometheusExporter" } }))), [
    { path: "spec.kafka.metricsConfig.valueFrom", message: "is required when type is jmxPrometheusExporter" },
  ]);
  t.strictSame(problems(validateKafka(kafka({ metricsConfig: { type: "strimziMetricsReporter" } }))), []);
});

t.test("the envelope: apiVersion, kind, name and namespace", async (t) => {
  const resource = { ...kafka(), apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaTopic", metadata: { name: "" } };
  t.strictSame(problems(validateKafka(resource)), [
    { path: "apiVersion", message: "must be kafka.strimzi.io/v1" },
    { path: "kind", message: "must be Kafka" },
    { path: "metadata.name", message: "must not be empty" },
    { path: "metadata.namespace", message: "is required" },
  ]);
  t.strictSame(problems(validateKafka(null)), [{ path: "(root)", message: "must be an object" }]);
});

t.test("several problems at once, each once, sorted by path then message", async (t) => {
  const resource = kafka({
    listeners: [
      { name: "plain", port: 9092, type: "internal", tls: false },
      { name: "external", port: 9094, type: "nodeport" },
    ],
    authorization: { type: "custom" },
    livenessProbe: { timeoutSeconds: 0, periodSeconds: "10" },
  });
  Object.assign(resource.spec as Json, {
    clusterCa: { validityDays: 0, renewalDays: 0 },
    clientsCa: { certificateExpirationPolicy: "never" },
  });
  t.strictSame(problems(validateKafka(resource)), [
    { path: "spec.clientsCa.certificateExpirationPolicy", message: "must be one of: renew-certificate, replace-key" },
    { path: "spec.clusterCa.renewalDays", message: "must be >= 1" },
    { path: "spec.clusterCa.validityDays", message: "must be >= 1" },
    { path: "spec.kafka.authorization.authorizerClass", message: "is required when type is custom" },
    { path: "spec.kafka.listeners[1].tls", message: "is required" },
    { path: "spec.kafka.livenessProbe.periodSeconds", message: "must be an integer" },
    { path: "spec.kafka.livenessProbe.timeoutSeconds", message: "must be >= 1" },
  ]);
});

t.test("unknown fields are listed, sorted, where the schema is not free-form; they are not errors", async (t) => {
  const resource = kafka({
    foo: 1,
    listeners: [{ name: "plain", port: 9092, type: "internal", tls: false, bogus: true, configuration: { bootstrap: { hots: "x" } } }],
    config: { "anything.goes": "yes" },
    template: { pod: { affinity: { nodeAffinity: {} }, metadata: { labels: { any: "label" } }, bogus: {} } },
  });
  (resource.metadata as Json).uid = "0000";
  (resource.spec as Json).extra = { deep: [1] };
  (resource as Json).status = { whatever: true };
  const result = validateKafka(resource);
  t.ok(result.ok);
  if (result.ok) {
    t.strictSame(result.unknownFields, [
      "spec.extra",
      "spec.kafka.foo",
      "spec.kafka.listeners[0].bogus",
      "spec.kafka.listeners[0].configuration.bootstrap.hots",
      "spec.kafka.template.pod.bogus",
    ]);
  }
  const withJbod = pool({ storage: { type: "jbod", volumes: [{ id: 0, type: "ephemeral", sizelimit: "1Gi" }] }, extra: 1 });
  const poolResult = validateKafkaNodePool(withJbod);
  t.strictSame(poolResult.ok && poolResult.unknownFields, ["spec.extra", "spec.storage.volumes[0].sizelimit"]);
});

t.test("defaults are applied to a copy; the input is never changed", async (t) => {
  const resource = kafka({ livenessProbe: { initialDelaySeconds: 30 }, template: { podDisruptionBudget: {} } });
  (resource.spec as Json).clusterCa = { validityDays: 700 };
  const before = structuredClone(resource);
  const result = validateKafka(resource);
  t.strictSame(resource, before, "input unchanged");
  t.ok(result.ok);
  if (!result.ok) return;
  t.strictSame(result.value.spec.clusterCa, {
    validityDays: 700,
    generateCertificateAuthority: true,
    generateSecretOwnerReference: true,
    renewalDays: 30,
    certificateExpirationPolicy: "renew-certificate",
  });
  t.strictSame(result.value.spec.kafka.livenessProbe, {
    initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
  });
  t.strictSame(result.value.spec.kafka.template?.podDisruptionBudget, { maxUnavailable: 1 });
  t.equal(result.value.spec.clientsCa, undefined, "an absent object is not created");
  t.equal(result.unknownFields.length, 0);
});

t.test("an invalid resource is reported the same way however often it is validated", async (t) => {
  const resource = pool({ replicas: -1 });
  t.strictSame(validateKafkaNodePool(resource), validateKafkaNodePool(resource));
});
