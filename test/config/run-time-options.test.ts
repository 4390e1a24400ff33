// Which `spec.kafka.config` changes restart a node and which the sidecar applies
// at run time: the split (lib/config/run-time-options.ts), what it does to the
// pods' configuration hash and the PodSets, and the restart forecast.
import t from "tap";
import type { ConfigMap } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { brokerPropertySections } from "../../lib/config/broker-properties.js";
import { restartingProperties, runTimeOptions, runTimeScope } from "../../lib/config/run-time-options.js";
import { rollForecast } from "../../lib/roller/forecast.js";
import { pendingRunTimeOptions } from "../../lib/roller/run-time-update.js";
import { rollConditions } from "../../lib/status/roll-conditions.js";
import { exampleCluster, reconfigured, type ExampleCluster } from "../helpers/example-cluster.js";
import { exampleModel, nodeOf } from "./model.js";

const EXAMPLE = "kafka/kafka-persistent.yaml";
const NOW = new Date("2026-11-24T12:00:00Z");

t.test("the scope of an option is Kafka 4.3's own, for 4.3 only; options the operator merges into restart", async (t) => {
  t.equal(runTimeScope("4.3.1", "log.retention.ms"), "cluster-wide");
  t.equal(runTimeScope("4.3.0", "message.max.bytes"), "cluster-wide");
  t.equal(runTimeScope("4.3.1", "ssl.cipher.suites"), "per-broker");
  t.equal(runTimeScope("4.3.1", "log.retention.hours"), undefined, "read-only in Kafka: only log.retention.ms is dynamic");
  t.equal(runTimeScope("4.3.1", "default.replication.factor"), undefined);
  t.equal(runTimeScope("4.3.1", "metric.reporters"), undefined, "the operator adds its reporters to the user's");
  t.equal(runTimeScope("4.3.1", "config.providers"), undefined, "the operator adds its providers to the user's");
  t.equal(runTimeScope("4.2.1", "log.retention.ms"), undefined, "the list is 4.3's: other versions restart");
});

t.test("a node's restarting part leaves out the user's run-time options; per-broker ones only on brokers", async (t) => {
  const model = exampleModel(EXAMPLE, (kafka) => {
    kafka.spec.kafka.config = { ...kafka.spec.kafka.config, "log.retention.ms": 3600000, "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384" };
  });
  const broker = nodeOf(model, "my-cluster-broker-0");
  const controller = nodeOf(model, "my-cluster-controller-3");
  const brokerSections = brokerPropertySections(model, broker);
  t.strictSame(brokerSections.user, [
    ["default.replication.factor", "3"],
    ["log.retention.ms", "3600000"],
    ["min.insync.replicas", "2"],
    ["offsets.topic.replication.factor", "3"],
    ["ssl.cipher.suites", "TLS_AES_256_GCM_SHA384"],
    ["transaction.state.log.min.isr", "2"],
    ["transaction.state.log.replication.factor", "3"],
  ]);
  t.strictSame(runTimeOptions("4.3.1", brokerSections.user, {}), {
    "cluster-wide": { "log.retention.ms": "3600000", "min.insync.replicas": "2" },
    "per-broker": { "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384" },
  });
  const userKeys = (entries: ReadonlyArray<readonly [string, string]>, sectionsLength: number) => entries.slice(sectionsLength).map(([key]) => key);
  t.strictSame(userKeys(restartingProperties("4.3.1", broker, brokerSections), brokerSections.operator.length),
    ["default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.min.isr", "transaction.state.log.replication.factor"]);
  const controllerSections = brokerPropertySections(model, controller);
  t.strictSame(userKeys(restartingProperties("4.3.1", controller, controllerSections), controllerSections.operator.length),
    ["default.replication.factor", "offsets.topic.replication.factor", "ssl.cipher.suites", "transaction.state.log.min.isr", "transaction.state.log.replication.factor"],
    "the sidecar reaches brokers only: a controller restarts for a per-broker option");
  t.strictSame(restartingProperties("4.2.1", broker, brokerSections), [...brokerSections.operator, ...brokerSections.user], "4.2 restarts for everything");
});

const hashes = (cluster: ExampleCluster): Record<string, string | undefined> => Object.fromEntries(cluster.podSets.flatMap((set) =>
  set.spec.pods.map((entry) => [entry.metadata.name, entry.metadata.annotations?.["strimzi.io/configuration-hash"]])));
const serverProperties = (cluster: ExampleCluster, pod: string): string =>
  (cluster.children.find((c) => c.kind === "ConfigMap" && c.metadata.name === pod) as ConfigMap).data?.["server.properties"] ?? "";
const annotationOf = (set: StrimziPodSet): string | undefined => set.metadata.annotations?.["kafka-hooks.io/run-time-configuration"];

t.test("a change of run-time options alone keeps every pod's hash; the files and the PodSets' annotation hold the new values", async (t) => {
  const running = exampleCluster(EXAMPLE);
  t.strictSame(running.podSets.map(annotationOf), [
    '{"cluster-wide":{"min.insync.replicas":"2"},"per-broker":{}}',
    '{"cluster-wide":{"min.insync.replicas":"2"},"per-broker":{}}',
  ]);
  const changed = reconfigured(running, (spec) => {
    const config = (spec.kafka as { config: Record<string, unknown> }).config;
    config["log.retention.ms"] = 3600000;
    config["min.insync.replicas"] = 1;
  });
  t.strictSame(hashes(changed), hashes(running), "no pod restarts");
  t.match(serverProperties(changed, "my-cluster-broker-0"), /\nlog\.retention\.ms=3600000\nmin\.insync\.replicas=1\n/);
  t.match(serverProperties(changed, "my-cluster-controller-3"), /\nlog\.retention\.ms=3600000\nmin\.insync\.replicas=1\n/);
  t.strictSame(changed.podSets.map(annotationOf), [
    '{"cluster-wide":{"log.retention.ms":"3600000","min.insync.replicas":"1"},"per-broker":{}}',
    '{"cluster-wide":{"log.retention.ms":"3600000","min.insync.replicas":"1"},"per-broker":{}}',
  ]);

  const forecast = rollForecast({ kafka: changed.request.parent, desired: changed.podSets, observed: running.podSets, now: NOW });
  t.strictSame(forecast.restarts, []);
  t.strictSame(forecast.runTimeChanges, ["log.retention.ms", "min.insync.replicas"]);
  t.strictSame(rollConditions(forecast, NOW, undefined), [{
    type: "RunTimeConfigurationUpdate", status: "True", reason: "RunTimeUpdatePending", lastTransitionTime: NOW.toISOString(),
    message: "will apply log.retention.ms, min.insync.replicas at run time, restarting no node for them",
  }]);
});

t.test("a read-only option still restarts every node, a per-broker one the controllers only; both forecast so", async (t) => {
  const running = exampleCluster(EXAMPLE);
  const readOnly = reconfigured(running, (spec) => {
    (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
  });
  const before = hashes(running);
  const after = hashes(readOnly);
  t.strictSame(Object.keys(after).filter((pod) => after[pod] === before[pod]), [], "every hash changes");
  const forecast = rollForecast({ kafka: readOnly.request.parent, desired: readOnly.podSets, observed: running.podSets, now: NOW });
  t.strictSame(forecast.restarts.map((r) => [r.pod, r.reasons]), [
    ["my-cluster-controller-3", ["CONFIG_CHANGE_REQUIRES_RESTART"]],
    ["my-cluster-controller-4", ["CONFIG_CHANGE_REQUIRES_RESTART"]],
    ["my-cluster-controller-5", ["CONFIG_CHANGE_REQUIRES_RESTART"]],
    ["my-cluster-broker-0", ["CONFIG_CHANGE_REQUIRES_RESTART"]],
    ["my-cluster-broker-1", ["CONFIG_CHANGE_REQUIRES_RESTART"]],
    ["my-cluster-broker-2", ["CONFIG_CHANGE_REQUIRES_RESTART"]],
  ]);
  t.strictSame(forecast.runTimeChanges, []);

  const perBroker = reconfigured(running, (spec) => {
    (spec.kafka as { config: Record<string, unknown> }).config["ssl.cipher.suites"] = "TLS_AES_256_GCM_SHA384";
  });
  const mixed = rollForecast({ kafka: perBroker.request.parent, desired: perBroker.podSets, observed: running.podSets, now: NOW });
  t.strictSame(mixed.restarts.map((r) => r.pod), ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"]);
  t.strictSame(mixed.runTimeChanges, ["ssl.cipher.suites"]);
});

t.test("the status forecast of a change that is part restart, part run time: which pods roll and which options are applied without a restart", async (t) => {
  const running = exampleCluster(EXAMPLE);
  const changed = reconfigured(running, (spec) => {
    const config = (spec.kafka as { config: Record<string, unknown> }).config;
    config["ssl.cipher.suites"] = "TLS_AES_256_GCM_SHA384";
    config["log.retention.ms"] = 3600000;
  });
  const forecast = rollForecast({ kafka: changed.request.parent, desired: changed.podSets, observed: running.podSets, now: NOW });
  t.strictSame(rollConditions(forecast, NOW, undefined), [{
    type: "RollingUpdate", status: "True", reason: "RestartsPending", lastTransitionTime: NOW.toISOString(),
    message: "will restart my-cluster-controller-3, my-cluster-controller-4, my-cluster-controller-5 (CONFIG_CHANGE_REQUIRES_RESTART)",
  }, {
    type: "RunTimeConfigurationUpdate", status: "True", reason: "RunTimeUpdatePending", lastTransitionTime: NOW.toISOString(),
    message: "will apply log.retention.ms, ssl.cipher.suites at run time, restarting no node for them",
  }], "the controllers restart for the per-broker option, which the brokers and every node's cluster-wide option take at run time");

  // The next sync, while the sidecar's record still names the earlier options: the same forecast, from the record.
  const applying = changed.podSets.map((set, i) => ({
    ...set, metadata: { ...set.metadata, annotations: { ...set.metadata.annotations, "kafka-hooks.io/run-time-configuration-applied": annotationOf(running.podSets[i] ?? set) ?? "" } },
  }));
  t.strictSame(rollForecast({ kafka: changed.request.parent, desired: changed.podSets, observed: applying, now: NOW }).runTimeChanges, ["log.retention.ms", "ssl.cipher.suites"],
    "the options still differing from the record");
});

t.test("pending run-time options: what changes, and everything while the sidecar's record names an earlier configuration", async (t) => {
  const podSet = (annotations: Record<string, string>) => ({ metadata: { name: "my-cluster-broker", namespace: "myproject", annotations } });
  const one = '{"cluster-wide":{"log.retention.ms":"1000"},"per-broker":{}}';
  const two = '{"cluster-wide":{"log.retention.ms":"1000","message.max.bytes":"2000000"},"per-broker":{}}';
  const RUN_TIME = "kafka-hooks.io/run-time-configuration";
  const APPLIED = "kafka-hooks.io/run-time-configuration-applied";
  t.strictSame(pendingRunTimeOptions(podSet({ [RUN_TIME]: one }), podSet({ [RUN_TIME]: two })), ["message.max.bytes"]);
  t.strictSame(pendingRunTimeOptions(podSet({ [RUN_TIME]: two }), podSet({})), ["log.retention.ms", "message.max.bytes"], "removed options are reset");
  t.strictSame(pendingRunTimeOptions(podSet({ [RUN_TIME]: one }), podSet({ [RUN_TIME]: one })), [], "never recorded: only changes count");
  t.strictSame(pendingRunTimeOptions(podSet({ [RUN_TIME]: two, [APPLIED]: one }), podSet({ [RUN_TIME]: two })),
    ["message.max.bytes"], "recorded for an earlier configuration: what differs from the record, in every sync until applied");
  t.strictSame(pendingRunTimeOptions(podSet({ [RUN_TIME]: two, [APPLIED]: two }), podSet({ [RUN_TIME]: one })),
    ["message.max.bytes"], "an option removed before it was applied is reset");
  t.strictSame(pendingRunTimeOptions(podSet({ [RUN_TIME]: two, [APPLIED]: two }), podSet({ [RUN_TIME]: two })), [], "recorded as applied");
});

t.test("kafka quotas ride on the PodSets' run-time annotation as default user quotas: no pod restarts, the forecast names them", async (t) => {
  const running = exampleCluster(EXAMPLE);
  const quotas = { type: "kafka", producerByteRate: 1048576, consumerByteRate: 2097152, requestPercentage: 55, controllerMutationRate: 0.5 };
  const withQuotas = reconfigured(running, (spec) => { (spec.kafka as Record<string, unknown>).quotas = quotas; });
  t.strictSame(hashes(withQuotas), hashes(running), "no pod restarts");
  t.strictSame(withQuotas.podSets.map(annotationOf), Array(2).fill(
    '{"cluster-wide":{"min.insync.replicas":"2"},"per-broker":{},'
    + '"default-user-quotas":{"producer_byte_rate":1048576,"consumer_byte_rate":2097152,"request_percentage":55,"controller_mutation_rate":0.5}}',
  ));
  t.strictSame(serverProperties(withQuotas, "my-cluster-broker-0"), serverProperties(running, "my-cluster-broker-0"), "nothing in the brokers' files");
  const forecast = rollForecast({ kafka: withQuotas.request.parent, desired: withQuotas.podSets, observed: running.podSets, now: NOW });
  t.strictSame(forecast.restarts, []);
  t.strictSame(rollConditions(forecast, NOW, undefined), [{
    type: "RunTimeConfigurationUpdate", status: "True", reason: "RunTimeUpdatePending", lastTransitionTime: NOW.toISOString(),
    message: "will apply default user quota consumer_byte_rate, default user quota controller_mutation_rate, default user quota producer_byte_rate, "
      + "default user quota request_percentage at run time, restarting no node for them",
  }]);

  const changed = reconfigured(withQuotas, (spec) => { (spec.kafka as { quotas: { producerByteRate: number } }).quotas.producerByteRate = 1024; });
  t.strictSame(rollForecast({ kafka: changed.request.parent, desired: changed.podSets, observed: withQuotas.podSets, now: NOW }).runTimeChanges,
    ["default user quota producer_byte_rate"], "a change names the quota that changes");

  for (const [what, edit] of [
    ["the section removed", (spec: Record<string, unknown>) => { delete (spec.kafka as Record<string, unknown>).quotas; }],
    ["the type changed to strimzi", (spec: Record<string, unknown>) => { (spec.kafka as Record<string, unknown>).quotas = { ...quotas, type: "strimzi" }; }],
  ] as const) {
    const cleared = reconfigured(withQuotas, edit);
    t.strictSame(cleared.podSets.map(annotationOf), running.podSets.map(annotationOf), `${what}: the annotation as without quotas`);
    t.strictSame(hashes(cleared), hashes(running), `${what}: no pod restarts`);
    t.strictSame(rollForecast({ kafka: cleared.request.parent, desired: cleared.podSets, observed: withQuotas.podSets, now: NOW }).runTimeChanges, [
      "default user quota consumer_byte_rate", "default user quota controller_mutation_rate", "default user quota producer_byte_rate", "default user quota request_percentage",
    ], `${what}: every quota is removed at run time`);
  }
  const none = reconfigured(running, (spec) => { (spec.kafka as Record<string, unknown>).quotas = { type: "kafka" }; });
  t.strictSame(none.podSets.map(annotationOf), running.podSets.map(annotationOf), "kafka quotas with no value: no default user quota");
});
