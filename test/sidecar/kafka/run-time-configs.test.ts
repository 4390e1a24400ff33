// brokerConfigs and alterBrokerConfigs over the wire against the stand-in:
// DescribeConfigs v4 on a broker's own resource and IncrementalAlterConfigs v1,
// with Kafka's precedence of overrides and its refusals.
import t from "tap";
import { describeFailure } from "../../../sidecar/kafka/client.js";
import { standIn, threeBrokers } from "./scenarios.js";

const scenario = { ...threeBrokers([]), brokerConfigs: { "min.insync.replicas": "2", "log.retention.ms": "604800000" } };

t.test("a broker reports its run-time options with their sources; alterations change them as Kafka's precedence says", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  const read = async (...names: string[]) => {
    const reported = await kafka.brokerConfigs(0);
    return names.map((name) => [name, reported.get(name)]);
  };
  t.strictSame(await read("min.insync.replicas", "log.retention.ms", "message.max.bytes"), [
    ["min.insync.replicas", { value: "2", source: "static" }],
    ["log.retention.ms", { value: "604800000", source: "static" }],
    ["message.max.bytes", undefined],
  ], "what server.properties says; an option set nowhere is not reported by the stand-in");

  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "log.retention.ms", op: "SET", value: "3600000" }, { name: "min.insync.replicas", op: "SET", value: "1" }]), {});
  t.strictSame(await kafka.alterBrokerConfigs(0, [{ name: "min.insync.replicas", op: "SET", value: "3" }]), {});
  t.strictSame(await read("min.insync.replicas", "log.retention.ms"), [
    ["min.insync.replicas", { value: "3", source: "dynamic-broker" }],
    ["log.retention.ms", { value: "3600000", source: "dynamic-default-broker" }],
  ], "the broker's override first, then the cluster default");
  t.strictSame(await kafka.alterBrokerConfigs(0, [{ name: "min.insync.replicas", op: "DELETE" }]), {});
  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "log.retention.ms", op: "DELETE" }]), {});
  t.strictSame(await read("min.insync.replicas", "log.retention.ms"), [
    ["min.insync.replicas", { value: "1", source: "dynamic-default-broker" }],
    ["log.retention.ms", { value: "604800000", source: "static" }],
  ], "deleted overrides fall back to the cluster default, then the file");
  t.strictSame([...fake.dynamicOverrides].map(([resource, options]) => [resource, [...options]]), [["", [["min.insync.replicas", "1"]]], ["0", []]]);
  // The client finds broker 0 in Metadata (through the bootstrap address, broker 0's too) and asks it; the cluster default goes to any broker.
  t.strictSame(fake.requests.map((r) => `${r.api} v${r.version} to ${r.broker}`), [
    "ApiVersions v3 to 0", "Metadata v12 to 0", "DescribeConfigs v4 to 0", "IncrementalAlterConfigs v1 to 0", "Metadata v12 to 0", "IncrementalAlterConfigs v1 to 0",
    "Metadata v12 to 0", "DescribeConfigs v4 to 0", "Metadata v12 to 0", "IncrementalAlterConfigs v1 to 0", "IncrementalAlterConfigs v1 to 0",
    "Metadata v12 to 0", "DescribeConfigs v4 to 0",
  ]);
  t.strictSame(fake.unimplemented, []);
});

t.test("Kafka's refusals are answers, in its words; nothing is changed", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "log.retention.hours", op: "SET", value: "72" }]),
    { refused: "INVALID_REQUEST: Cannot update these configs dynamically: Set(log.retention.hours)" });
  t.strictSame(await kafka.alterBrokerConfigs(0, [{ name: "ssl.truststore.type", op: "SET", value: "PEM" }]),
    { refused: "INVALID_REQUEST: These security configs can be dynamically updated only per-listener using the listener prefix: Set(ssl.truststore.type)" });
  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "ssl.cipher.suites", op: "SET", value: "TLS_AES_256_GCM_SHA384" }]),
    { refused: "INVALID_REQUEST: Cannot update these configs at default cluster level, broker id must be specified: Set(ssl.cipher.suites)" });
  t.strictSame([...fake.dynamicOverrides], []);
});

t.test("each broker is asked about its own resource on its own listener, found in Kafka's Metadata", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  t.strictSame(await kafka.alterBrokerConfigs(1, [{ name: "message.max.bytes", op: "SET", value: "2000000" }]), {});
  t.strictSame((await kafka.brokerConfigs(1)).get("message.max.bytes"), { value: "2000000", source: "dynamic-broker" });
  t.strictSame((await kafka.brokerConfigs(2)).get("message.max.bytes"), undefined, "broker 2 has no override");
  t.strictSame(fake.requests.filter((r) => r.api !== "Metadata" && r.api !== "ApiVersions").map((r) => `${r.api} to ${r.broker}`),
    ["IncrementalAlterConfigs to 1", "DescribeConfigs to 1", "DescribeConfigs to 2"]);
  t.strictSame([...fake.dynamicOverrides].map(([resource, options]) => [resource, [...options]]), [["1", [["message.max.bytes", "2000000"]]]]);
  const unknown = await kafka.brokerConfigs(7).then(() => "answered", describeFailure);
  t.equal(unknown, "DescribeConfigs to broker 7 failed: Kafka's metadata has no broker 7", "a broker Kafka does not know is a failure");
});

t.test("a broker that does not answer is a failure, not a refusal", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  fake.misbehaviour = { dropOn: "IncrementalAlterConfigs" };
  await t.rejects(kafka.alterBrokerConfigs(0, [{ name: "message.max.bytes", op: "SET", value: "2000000" }]), /IncrementalAlterConfigs/);
});
