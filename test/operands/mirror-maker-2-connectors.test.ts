// A KafkaMirrorMaker2's connectors against Strimzi's KafkaMirrorMaker2ConnectorsTest:
// names, classes, tasksMax, states and configuration maps, value for value.
import t from "tap";
import type { KafkaMirrorMaker2 } from "../../lib/api/kafka-mirror-maker-2.js";
import { clusterConnectionConfig, mirrorConnectorConfig, mirrorMaker2Connectors } from "../../lib/operands/mirror-maker-2/connectors.js";

type Mm2 = Pick<KafkaMirrorMaker2, "metadata" | "spec">;

// Strimzi's KMM2: target "target", one mirror from "source" with both connectors and all four patterns.
const KMM2: Mm2 = {
  metadata: { name: "name", namespace: "namespace" },
  spec: {
    replicas: 1,
    target: { alias: "target", bootstrapServers: "target:9092", groupId: "g", configStorageTopic: "c", statusStorageTopic: "s", offsetStorageTopic: "o" },
    mirrors: [{
      source: { alias: "source", bootstrapServers: "source:9092" },
      sourceConnector: { tasksMax: 5, config: { "sync.topic.acls.enabled": "false" } },
      checkpointConnector: { tasksMax: 3, config: { "sync.group.offsets.enabled": "true" } },
      topicsPattern: "my-topic-.*",
      topicsExcludePattern: "exclude-topic-.*",
      groupsPattern: "my-group-.*",
      groupsExcludePattern: "exclude-group-.*",
    }],
  },
};

const sorted = (config: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1)));

const EXPECTED_ALL = {
  "groups": "my-group-.*",
  "groups.exclude": "exclude-group-.*",
  "source.cluster.alias": "source",
  "source.cluster.bootstrap.servers": "source:9092",
  "source.cluster.security.protocol": "PLAINTEXT",
  "target.cluster.alias": "target",
  "target.cluster.bootstrap.servers": "target:9092",
  "target.cluster.security.protocol": "PLAINTEXT",
  "topics": "my-topic-.*",
  "topics.exclude": "exclude-topic-.*",
};

t.test("testConnectors: one connector of each type, named <source>-><target>.<class>", async (t) => {
  const connectors = mirrorMaker2Connectors(KMM2);
  t.strictSame(connectors.map((c) => ({ name: c.metadata.name, class: c.spec.class, tasksMax: c.spec.tasksMax, state: c.spec.state, config: sorted(c.spec.config ?? {}) })), [
    { name: "source->target.MirrorSourceConnector", class: "org.apache.kafka.connect.mirror.MirrorSourceConnector", tasksMax: 5, state: undefined, config: sorted({ ...EXPECTED_ALL, "sync.topic.acls.enabled": "false" }) },
    { name: "source->target.MirrorCheckpointConnector", class: "org.apache.kafka.connect.mirror.MirrorCheckpointConnector", tasksMax: 3, state: undefined, config: sorted({ ...EXPECTED_ALL, "sync.group.offsets.enabled": "true" }) },
  ]);
  t.strictSame(connectors.map((c) => [c.apiVersion, c.kind, c.metadata.namespace]), [["kafka.strimzi.io/v1", "KafkaConnector", "namespace"], ["kafka.strimzi.io/v1", "KafkaConnector", "namespace"]]);
});

t.test("testOverridingSourceAndTargetConfiguration: the connector's config wins", async (t) => {
  const mm2: Mm2 = { ...KMM2, spec: { ...KMM2.spec, mirrors: [{ source: { alias: "source", bootstrapServers: "source:9092" }, sourceConnector: { config: { "target.cluster.security.protocol": "XXX", "source.cluster.security.protocol": "YYY" } } }] } };
  const connectors = mirrorMaker2Connectors(mm2);
  t.strictSame(connectors.map((c) => [c.metadata.name, c.spec.tasksMax, sorted(c.spec.config ?? {})]), [["source->target.MirrorSourceConnector", undefined, sorted({
    "target.cluster.alias": "target", "target.cluster.bootstrap.servers": "target:9092", "target.cluster.security.protocol": "XXX",
    "source.cluster.alias": "source", "source.cluster.bootstrap.servers": "source:9092", "source.cluster.security.protocol": "YYY",
  })]]);
});

t.test("testConnectorsWithMultipleSources and testConnectorsOnlySome", async (t) => {
  const mm2: Mm2 = { ...KMM2, spec: { ...KMM2.spec, mirrors: [
    { ...KMM2.spec.mirrors[0]!, checkpointConnector: undefined },
    { source: { alias: "other-source", bootstrapServers: "other-source:9092" }, sourceConnector: { tasksMax: 15, config: { "sync.topic.acls.enabled": "true" } }, checkpointConnector: { tasksMax: 13, config: { "sync.group.offsets.enabled": "false" } } },
  ] } };
  const connectors = mirrorMaker2Connectors(JSON.parse(JSON.stringify(mm2)) as Mm2);
  const other = { "source.cluster.alias": "other-source", "source.cluster.bootstrap.servers": "other-source:9092", "source.cluster.security.protocol": "PLAINTEXT",
    "target.cluster.alias": "target", "target.cluster.bootstrap.servers": "target:9092", "target.cluster.security.protocol": "PLAINTEXT" };
  t.strictSame(connectors.map((c) => [c.metadata.name, c.spec.tasksMax, sorted(c.spec.config ?? {})]), [
    ["source->target.MirrorSourceConnector", 5, sorted({ ...EXPECTED_ALL, "sync.topic.acls.enabled": "false" })],
    ["other-source->target.MirrorSourceConnector", 15, sorted({ ...other, "sync.topic.acls.enabled": "true" })],
    ["other-source->target.MirrorCheckpointConnector", 13, sorted({ ...other, "sync.group.offsets.enabled": "false" })],
  ]);
});

t.test("testConnectorsWithAutoRestart, state, version and offsets pass on", async (t) => {
  const mirror = { ...KMM2.spec.mirrors[0]!, sourceConnector: { autoRestart: { enabled: true, maxRestarts: 1874 }, state: "paused" as const, version: "4.3.1", listOffsets: { toConfigMap: { name: "offsets" } } }, checkpointConnector: { autoRestart: { enabled: false } } };
  const connectors = mirrorMaker2Connectors({ ...KMM2, spec: { ...KMM2.spec, mirrors: [mirror] } });
  t.strictSame(connectors.map((c) => ({ autoRestart: c.spec.autoRestart, state: c.spec.state, version: c.spec.version, listOffsets: c.spec.listOffsets })), [
    { autoRestart: { enabled: true, maxRestarts: 1874 }, state: "paused", version: "4.3.1", listOffsets: { toConfigMap: { name: "offsets" } } },
    { autoRestart: { enabled: false }, state: undefined, version: undefined, listOffsets: undefined },
  ]);
});

t.test("rack: the workers' own value, as their consumers read it (Strimzi's file is its image's)", async (t) => {
  const mirror = KMM2.spec.mirrors[0]!;
  const withRack = (rack: KafkaMirrorMaker2["spec"]["rack"]): unknown => mirrorConnectorConfig({ ...KMM2, spec: { ...KMM2.spec, rack } }, mirror, mirror.sourceConnector!)["consumer.client.rack"];
  t.equal(withRack({ type: "environment-variable", envVarName: "MY_RACK_ID" }), "${strimzienv:MY_RACK_ID}");
  t.equal(withRack({ type: "topology-label", topologyKey: "topology.kubernetes.io/zone" }), "${strimzidir:/opt/kafka/init:rack.id}");
  t.equal(withRack(undefined), undefined);
});

t.test("the Strimzi Metrics Reporter: the client reporter, without a listener of its own", async (t) => {
  const mirror = { ...KMM2.spec.mirrors[0]!, sourceConnector: { config: { "metric.reporters": "my.Reporter" } } };
  const config = mirrorConnectorConfig({ ...KMM2, spec: { ...KMM2.spec, metricsConfig: { type: "strimziMetricsReporter" } } }, mirror, mirror.sourceConnector);
  t.strictSame([config["metric.reporters"], config["prometheus.metrics.reporter.listener.enable"]],
    ["my.Reporter,io.strimzi.kafka.metrics.prometheus.ClientMetricsReporter", "false"]);
});

t.test("addClusterToMirrorMaker2ConnectorConfig: without auth, with cluster config", async (t) => {
  t.strictSame(sorted(clusterConnectionConfig("namespace", "name", { alias: "sourceClusterAlias", bootstrapServers: "sourceClusterAlias.sourceNamespace.svc:9092", config: { "config.storage.replication.factor": "-1" } }, "prefix.")), sorted({
    "prefix.alias": "sourceClusterAlias", "prefix.bootstrap.servers": "sourceClusterAlias.sourceNamespace.svc:9092",
    "prefix.security.protocol": "PLAINTEXT", "prefix.config.storage.replication.factor": "-1",
  }));
});

t.test("addClusterToMirrorMaker2ConnectorConfig: TLS authentication", async (t) => {
  t.strictSame(sorted(clusterConnectionConfig("namespace", "name", {
    alias: "sourceClusterAlias", bootstrapServers: "sourceClusterAlias.sourceNamespace.svc:9092",
    authentication: { type: "tls", certificateAndKey: { secretName: "my-secret", certificate: "my.crt", key: "my.key" } }, tls: {},
  }, "prefix.")), sorted({
    "prefix.alias": "sourceClusterAlias", "prefix.security.protocol": "SSL",
    "prefix.ssl.keystore.certificate.chain": "${strimzisecrets:namespace/my-secret:my.crt}",
    "prefix.ssl.keystore.key": "${strimzisecrets:namespace/my-secret:my.key}",
    "prefix.ssl.keystore.type": "PEM", "prefix.bootstrap.servers": "sourceClusterAlias.sourceNamespace.svc:9092",
  }));
});

t.test("addClusterToMirrorMaker2ConnectorConfig: SCRAM-SHA-512 over TLS", async (t) => {
  t.strictSame(sorted(clusterConnectionConfig("namespace", "name", {
    alias: "sourceClusterAlias", bootstrapServers: "sourceClusterAlias.sourceNamespace.svc:9092",
    authentication: { type: "scram-sha-512", username: "shaza", passwordSecret: { secretName: "my-secret", password: "pa55word" } },
    tls: { trustedCertificates: [{ secretName: "my-tls", certificate: "ca.crt" }] },
  }, "prefix.")), sorted({
    "prefix.alias": "sourceClusterAlias", "prefix.security.protocol": "SASL_SSL",
    "prefix.ssl.truststore.certificates": "${strimzisecrets:namespace/name-connect-tls-trusted-certs:sourceClusterAlias-ca.crt}",
    "prefix.ssl.truststore.type": "PEM", "prefix.sasl.mechanism": "SCRAM-SHA-512",
    "prefix.sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"shaza\" password=\"${strimzisecrets:namespace/my-secret:pa55word}\";",
    "prefix.bootstrap.servers": "sourceClusterAlias.sourceNamespace.svc:9092",
  }));
});

t.test("addClusterToMirrorMaker2ConnectorConfig: PLAIN, and custom authentication's allowed keys", async (t) => {
  t.strictSame(sorted(clusterConnectionConfig("namespace", "name", {
    alias: "a", bootstrapServers: "a:9092", authentication: { type: "plain", username: "shaza", passwordSecret: { secretName: "my-secret", password: "pa55word" } },
  }, "p.")), sorted({
    "p.alias": "a", "p.bootstrap.servers": "a:9092", "p.security.protocol": "SASL_PLAINTEXT", "p.sasl.mechanism": "PLAIN",
    "p.sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"shaza\" password=\"${strimzisecrets:namespace/my-secret:pa55word}\";",
  }));
  t.strictSame(sorted(clusterConnectionConfig("namespace", "name", {
    alias: "a", bootstrapServers: "a:9092", authentication: { type: "custom", sasl: true, config: { "sasl.mechanism": "OAUTHBEARER", "not.allowed": "x" } },
  }, "p.")), sorted({ "p.alias": "a", "p.bootstrap.servers": "a:9092", "p.sasl.mechanism": "OAUTHBEARER", "p.security.protocol": "SASL_PLAINTEXT" }));
});
