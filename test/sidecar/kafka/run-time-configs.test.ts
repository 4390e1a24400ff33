// brokerConfigs and alterBrokerConfigs over the wire against the stand-in:
// DescribeConfigs v4 on a broker's own resource and IncrementalAlterConfigs v1,
// with Kafka's precedence of overrides and its refusals.
import t from "tap";
import { standIn, threeBrokers } from "./scenarios.js";

const scenario = { ...threeBrokers([]), brokerConfigs: { "min.insync.replicas": "2", "log.retention.ms": "604800000" } };

t.test("a broker reports its run-time options with their sources; alterations change them as Kafka's precedence says", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  const broker = { nodeId: 0, host: fake.listener.host, port: fake.listener.port };
  const read = async (...names: string[]) => {
    const reported = await kafka.brokerConfigs(broker);
    return names.map((name) => [name, reported.get(name)]);
  };
  t.strictSame(await read("min.insync.replicas", "log.retention.ms", "message.max.bytes"), [
    ["min.insync.replicas", { value: "2", source: "static" }],
    ["log.retention.ms", { value: "604800000", source: "static" }],
    ["message.max.bytes", undefined],
  ], "what server.properties says; an option set nowhere is not reported by the stand-in");

  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "log.retention.ms", op: "SET", value: "3600000" }, { name: "min.insync.replicas", op: "SET", value: "1" }]), {});
  t.strictSame(await kafka.alterBrokerConfigs(broker, [{ name: "min.insync.replicas", op: "SET", value: "3" }]), {});
  t.strictSame(await read("min.insync.replicas", "log.retention.ms"), [
    ["min.insync.replicas", { value: "3", source: "dynamic-broker" }],
    ["log.retention.ms", { value: "3600000", source: "dynamic-default-broker" }],
  ], "the broker's override first, then the cluster default");
  t.strictSame(await kafka.alterBrokerConfigs(broker, [{ name: "min.insync.replicas", op: "DELETE" }]), {});
  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "log.retention.ms", op: "DELETE" }]), {});
  t.strictSame(await read("min.insync.replicas", "log.retention.ms"), [
    ["min.insync.replicas", { value: "1", source: "dynamic-default-broker" }],
    ["log.retention.ms", { value: "604800000", source: "static" }],
  ], "deleted overrides fall back to the cluster default, then the file");
  t.strictSame([...fake.dynamicOverrides].map(([resource, options]) => [resource, [...options]]), [["", [["min.insync.replicas", "1"]]], ["0", []]]);
  t.strictSame(fake.requests.map((r) => `${r.api} v${r.version}`), [
    "ApiVersions v3", "DescribeConfigs v4", "IncrementalAlterConfigs v1", "IncrementalAlterConfigs v1", "DescribeConfigs v4",
    "IncrementalAlterConfigs v1", "IncrementalAlterConfigs v1", "DescribeConfigs v4",
  ]);
  t.strictSame(fake.unimplemented, []);
});

t.test("Kafka's refusals are answers, in its words; nothing is changed", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  const broker = { nodeId: 0, host: fake.listener.host, port: fake.listener.port };
  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "log.retention.hours", op: "SET", value: "72" }]),
    { refused: "INVALID_REQUEST: Cannot update these configs dynamically: Set(log.retention.hours)" });
  t.strictSame(await kafka.alterBrokerConfigs(broker, [{ name: "ssl.truststore.type", op: "SET", value: "PEM" }]),
    { refused: "INVALID_REQUEST: These security configs can be dynamically updated only per-listener using the listener prefix: Set(ssl.truststore.type)" });
  t.strictSame(await kafka.alterBrokerConfigs("cluster", [{ name: "ssl.cipher.suites", op: "SET", value: "TLS_AES_256_GCM_SHA384" }]),
    { refused: "INVALID_REQUEST: Cannot update these configs at default cluster level, broker id must be specified: Set(ssl.cipher.suites)" });
  t.strictSame(await kafka.alterBrokerConfigs({ ...broker, nodeId: 1 }, [{ name: "message.max.bytes", op: "SET", value: "2000000" }]),
    { refused: "INVALID_REQUEST: Unexpected broker id, expected 0, but received 1" }, "a broker alters only its own resource");
  t.strictSame([...fake.dynamicOverrides], []);
  await t.rejects(kafka.brokerConfigs({ ...broker, nodeId: 1 }), /DescribeConfigs/, "nor describes another's");
});

t.test("a broker that does not answer is a failure, not a refusal", async (t) => {
  const { fake, kafka } = await standIn(t, scenario);
  const broker = { nodeId: 0, host: fake.listener.host, port: fake.listener.port };
  fake.misbehaviour = { dropOn: "IncrementalAlterConfigs" };
  await t.rejects(kafka.alterBrokerConfigs(broker, [{ name: "message.max.bytes", op: "SET", value: "2000000" }]), /IncrementalAlterConfigs/);
});
