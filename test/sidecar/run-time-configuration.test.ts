// The sidecar applies `spec.kafka.config` options Kafka takes at run time to the
// running brokers (sidecar/reconcilers/run-time-configuration.ts), restarting
// none, records it on the PodSets, and restarts the brokers once when Kafka
// refuses; the decision of what to alter (lib/roller/run-time-update.ts) with
// Kafka's precedence of overrides.
import t, { type Test } from "tap";
import { ANNOTATION } from "../../lib/labels.js";
import { runTimeScope } from "../../lib/config/run-time-options.js";
import { runTimeConfigurationApplied, runTimeUpdate, type ReportedOption } from "../../lib/roller/run-time-update.js";
import { reconfigured } from "../helpers/example-cluster.js";
import { startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const scopeOf = (key: string) => runTimeScope("4.3.1", key);
const reported = (entries: Record<string, ReportedOption>): Map<string, ReportedOption> => new Map(Object.entries(entries));

t.test("what to alter: values that differ are SET in their scope, overrides no longer wanted DELETEd", async (t) => {
  const desired = { "cluster-wide": { "log.retention.ms": "1000", "message.max.bytes": "2000000" }, "per-broker": { "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384" } };
  t.strictSame(runTimeUpdate(desired, reported({
    "log.retention.ms": { value: null, source: "default" },
    "message.max.bytes": { value: "2000000", source: "static" },
    "ssl.cipher.suites": { value: "", source: "default" },
    "log.cleaner.threads": { value: "1", source: "default" },
  }), scopeOf), {
    broker: [{ name: "ssl.cipher.suites", op: "SET", value: "TLS_AES_256_GCM_SHA384" }],
    cluster: [{ name: "log.retention.ms", op: "SET", value: "1000" }],
  }, "a value the file already gives needs nothing");
  t.strictSame(runTimeUpdate(desired, reported({
    "log.retention.ms": { value: "1000", source: "dynamic-broker" },
    "message.max.bytes": { value: "2000000", source: "dynamic-default-broker" },
    "ssl.cipher.suites": { value: "TLS_AES_256_GCM_SHA384", source: "dynamic-broker" },
  }), scopeOf), {
    broker: [{ name: "log.retention.ms", op: "DELETE" }],
    cluster: [{ name: "log.retention.ms", op: "SET", value: "1000" }],
  }, "a cluster-wide option overridden on one broker goes back to the cluster's value (Strimzi's rule)");
  t.strictSame(runTimeUpdate({ "cluster-wide": {}, "per-broker": {} }, reported({
    "log.retention.ms": { value: "1000", source: "dynamic-default-broker" },
    "message.max.bytes": { value: "1", source: "dynamic-broker" },
    "ssl.cipher.suites": { value: "TLS_AES_256_GCM_SHA384", source: "dynamic-broker" },
    "log.cleaner.threads": { value: "2", source: "static" },
    "metric.reporters": { value: "x", source: "dynamic-default-broker" },
  }), scopeOf), {
    broker: [{ name: "message.max.bytes", op: "DELETE" }, { name: "ssl.cipher.suites", op: "DELETE" }],
    cluster: [{ name: "log.retention.ms", op: "DELETE" }],
  }, "options removed from the spec fall back to the file; options the operator merges into are never touched");
  t.strictSame(runTimeUpdate({ "cluster-wide": {}, "per-broker": {} }, reported({ "cordoned.log.dirs": { value: "*", source: "dynamic-broker" } }), scopeOf),
    { broker: [], cluster: [] }, "a broker auto-rebalancing cordoned stays cordoned");
});

/** The running cluster, then a change of run-time options only, applied as Metacontroller applies the hook's answer. */
async function changeRunTimeOptions(t: Test, config: Record<string, unknown>): Promise<Harness> {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");
  await until("the roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  const changed = reconfigured(harness.cluster, (spec) => Object.assign((spec.kafka as { config: Record<string, unknown> }).config, config));
  harness.applyPodSets(changed.podSets);
  return harness;
}

const BROKERS = [0, 1, 2];

t.test("a run-time change reaches Kafka once, cluster-wide, restarts nothing, and is recorded once every broker holds it", async (t) => {
  const harness = await changeRunTimeOptions(t, { "log.retention.ms": 3600000, "min.insync.replicas": 1 });
  t.equal(harness.podSet("my-cluster-broker").metadata.annotations?.[ANNOTATION.runTimeConfiguration], '{"cluster-wide":{"log.retention.ms":"3600000","min.insync.replicas":"1"},"per-broker":{}}');
  await until("the record on both PodSets", () => ["my-cluster-broker", "my-cluster-controller"].every((name) => runTimeConfigurationApplied(harness.podSet(name))));
  const asked = harness.kafka.questions.filter((q) => q.startsWith("configs ") || q.startsWith("alter "));
  t.strictSame(asked.slice(0, 7), [
    ...BROKERS.map((id) => `configs ${id}`),
    "alter cluster log.retention.ms=3600000,min.insync.replicas=1",
    ...BROKERS.map((id) => `configs ${id}`),
  ], "asked, altered once for the cluster, asked again");
  // A pass may start before the cache has the record, and ask once more.
  t.ok(asked.slice(7).every((q) => q.startsWith("configs ")), "never altered again");
  t.strictSame([...harness.kafka.clusterDefaults], [["log.retention.ms", "3600000"], ["min.insync.replicas", "1"]]);
  t.strictSame(harness.podDeletions(), [], "no pod restarted");
  t.strictSame(harness.events().filter((e) => e.reason.startsWith("RunTimeConfiguration")).map((e) => [e.type, e.reason, e.regarding, e.note]), [[
    "Normal", "RunTimeConfigurationApplied", "my-cluster",
    "applied without restarting: cluster-wide: log.retention.ms=3600000, min.insync.replicas=1",
  ]]);
  // A pass under way when the record was written may still ask; those after it do not.
  await harness.reconciled("sidecar-a", 2);
  const questions = harness.kafka.questions.length;
  await harness.reconciled("sidecar-a", 3);
  t.equal(harness.kafka.questions.filter((q, i) => i >= questions && q.startsWith("configs ")).length, 0, "not asked again once recorded");
});

t.test("a per-broker option goes to each broker's own resource", async (t) => {
  const harness = await changeRunTimeOptions(t, { "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384" });
  await until("the record", () => runTimeConfigurationApplied(harness.podSet("my-cluster-broker")));
  t.strictSame(harness.kafka.questions.filter((q) => q.startsWith("alter ")), BROKERS.map((id) => `alter ${id} ssl.cipher.suites=TLS_AES_256_GCM_SHA384`));
  t.strictSame(BROKERS.map((id) => harness.kafka.brokerOverrides.get(id)?.get("ssl.cipher.suites")), Array(3).fill("TLS_AES_256_GCM_SHA384"));
});

t.test("Kafka's refusal restarts the brokers once to read the option from their files, with a Warning", async (t) => {
  const harness = await changeRunTimeOptions(t, {});
  harness.kafka.refusedOptions.set("log.retention.ms", "Invalid value -5 for configuration log.retention.ms");
  const changed = reconfigured(harness.cluster, (spec) => { (spec.kafka as { config: Record<string, unknown> }).config["log.retention.ms"] = -5; });
  harness.applyPodSets(changed.podSets);
  await until("the brokers restarted", () => harness.podDeletions().length === 3, 30_000);
  t.strictSame(harness.podDeletions(), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]);
  t.strictSame(harness.events().filter((e) => e.reason === "RunTimeConfigurationRefused").map((e) => [e.type, e.note]), [[
    "Warning",
    "Kafka refused to apply the configuration at run time, so my-cluster-broker-0, my-cluster-broker-1, my-cluster-broker-2 restart: "
    + "cluster-wide: INVALID_REQUEST: Invalid value -5 for configuration log.retention.ms",
  ]]);
  await until("the roll over", () => harness.allPodsCurrent() && harness.rollDone(), 30_000);
  t.strictSame(harness.events().filter((e) => e.reason === "ConfigChangeRequiresRestart").map((e) => e.regarding).sort(),
    ["my-cluster", "my-cluster", "my-cluster", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]);
  await harness.reconciled("sidecar-a", 3);
  t.equal(harness.podDeletions().length, 3, "Kafka still refuses, but the brokers restart only once for it");
});

t.test("a broker that cannot be asked fails the pass, which is retried; nothing is recorded until it answers", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  harness.kafka.unreachable.add(1);
  await harness.startSidecar("sidecar-a");
  await until("the roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  const changed = reconfigured(harness.cluster, (spec) => { (spec.kafka as { config: Record<string, unknown> }).config["log.retention.ms"] = 1000; });
  harness.applyPodSets(changed.podSets);
  await until("broker 1 asked twice", () => harness.kafka.questions.filter((q) => q === "configs 1").length >= 2);
  t.notOk(runTimeConfigurationApplied(harness.podSet("my-cluster-broker")), "still the earlier record");
  harness.kafka.unreachable.delete(1);
  await until("the record", () => runTimeConfigurationApplied(harness.podSet("my-cluster-broker")));
  t.strictSame([...harness.kafka.clusterDefaults], [["log.retention.ms", "1000"]]);
  t.strictSame(harness.podDeletions(), []);
});

/** The running cluster, then `spec.kafka.quotas` edited, applied as Metacontroller applies the hook's answer. */
function changeQuotas(harness: Harness, edit: (kafka: Record<string, unknown>) => void): void {
  const changed = reconfigured(harness.cluster, (spec) => edit(spec.kafka as Record<string, unknown>));
  harness.applyPodSets(changed.podSets);
}

t.test("kafka quotas become Kafka's default user quotas with no restart; a change alters only what differs; a change of type or removal clears them", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");
  await until("the roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  const quotaQuestions = () => harness.kafka.questions.filter((q) => q.startsWith("alter default user quotas"));
  const quotas = { type: "kafka", producerByteRate: 1048576, consumerByteRate: 2097152, requestPercentage: 55, controllerMutationRate: 0.5 };

  changeQuotas(harness, (kafka) => { kafka.quotas = quotas; });
  await until("the record", () => runTimeConfigurationApplied(harness.podSet("my-cluster-broker")) && runTimeConfigurationApplied(harness.podSet("my-cluster-controller")));
  t.strictSame(quotaQuestions(), ["alter default user quotas producer_byte_rate=1048576,consumer_byte_rate=2097152,request_percentage=55,controller_mutation_rate=0.5"]);
  t.strictSame(Object.fromEntries(harness.kafka.defaultUserQuotas), { producer_byte_rate: 1048576, consumer_byte_rate: 2097152, request_percentage: 55, controller_mutation_rate: 0.5 });
  t.strictSame(harness.events().filter((e) => e.reason === "RunTimeConfigurationApplied").map((e) => e.note), [
    "applied without restarting: default user quotas: producer_byte_rate=1048576, consumer_byte_rate=2097152, request_percentage=55, controller_mutation_rate=0.5",
  ]);

  changeQuotas(harness, (kafka) => { kafka.quotas = { ...quotas, producerByteRate: 1024, requestPercentage: undefined }; });
  await until("the change", () => quotaQuestions().length === 2 && runTimeConfigurationApplied(harness.podSet("my-cluster-broker")));
  t.strictSame(quotaQuestions()[1], "alter default user quotas producer_byte_rate=1024,-request_percentage", "only what differs; a value dropped is removed");

  changeQuotas(harness, (kafka) => { kafka.quotas = { type: "strimzi", producerByteRate: 1024 }; });
  await until("the type change", () => quotaQuestions().length === 3 && runTimeConfigurationApplied(harness.podSet("my-cluster-broker")));
  t.strictSame(quotaQuestions()[2], "alter default user quotas -producer_byte_rate,-consumer_byte_rate,-controller_mutation_rate", "strimzi quotas: Kafka's default user quotas removed");
  t.strictSame([...harness.kafka.defaultUserQuotas], []);

  // A pass under way when the record was written may still clear; those after it do not ask.
  await harness.reconciled("sidecar-a", 2);
  harness.kafka.defaultUserQuotas.set("consumer_byte_rate", 10);
  changeQuotas(harness, (kafka) => { kafka.quotas = { type: "kafka", consumerByteRate: 10 }; });
  await until("back to kafka quotas", () => runTimeConfigurationApplied(harness.podSet("my-cluster-broker")) && harness.podSet("my-cluster-broker").metadata.annotations?.[ANNOTATION.runTimeConfiguration]?.includes("consumer_byte_rate") === true);
  t.strictSame(quotaQuestions().slice(3), [], "Kafka already holds the value: nothing altered");
  changeQuotas(harness, (kafka) => { delete kafka.quotas; });
  await until("the removal", () => quotaQuestions().length === 4 && runTimeConfigurationApplied(harness.podSet("my-cluster-broker")));
  t.strictSame(quotaQuestions()[3], "alter default user quotas -consumer_byte_rate", "the section removed: cleared");
  t.strictSame([...harness.kafka.defaultUserQuotas], []);
  t.strictSame(harness.podDeletions(), [], "no pod restarted throughout");
});
