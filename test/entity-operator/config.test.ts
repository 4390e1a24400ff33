// The Topic Operator's env, as Strimzi's Cluster Operator sets it.
import t from "tap";
import { ConfigInvalid, topicOperatorConfig } from "../../entity-operator/config.js";

const ENV = {
  STRIMZI_RESOURCE_LABELS: "strimzi.io/cluster=my-cluster",
  STRIMZI_KAFKA_BOOTSTRAP_SERVERS: "my-cluster-kafka-bootstrap:9091",
  STRIMZI_NAMESPACE: "topics",
  STRIMZI_CLUSTER_NAMESPACE: "kafka",
  STRIMZI_SECURITY_PROTOCOL: "SSL",
  STRIMZI_TLS_TRUSTED_CERTS_SECRET_NAME: "my-cluster-cluster-ca-cert",
  STRIMZI_TLS_SECRET_NAME: "my-cluster-entity-topic-operator-certs",
  STRIMZI_TLS_KEY_NAME: "entity-operator.key",
  STRIMZI_TLS_CERT_NAME: "entity-operator.crt",
};

t.test("Strimzi's env, with its defaults", async (t) => {
  t.strictSame(topicOperatorConfig(ENV), {
    labelSelector: "strimzi.io/cluster=my-cluster",
    bootstrapServers: "my-cluster-kafka-bootstrap:9091",
    namespace: "topics",
    clusterNamespace: "kafka",
    fullReconciliationIntervalMs: 120_000,
    tls: {
      trustedCertsSecret: "my-cluster-cluster-ca-cert",
      secret: "my-cluster-entity-topic-operator-certs",
      keyName: "entity-operator.key",
      certName: "entity-operator.crt",
    },
    maxBatchSize: 100,
    maxBatchLingerMs: 100,
  });
  const set = topicOperatorConfig({ ...ENV, STRIMZI_FULL_RECONCILIATION_INTERVAL_MS: "30000", STRIMZI_CLUSTER_NAMESPACE: "", STRIMZI_MAX_BATCH_SIZE: "50" });
  t.equal(set.fullReconciliationIntervalMs, 30_000);
  t.equal(set.clusterNamespace, "topics", "the watched namespace when unset");
  t.equal(set.maxBatchSize, 50);
});

t.test("what cannot work is refused at start, naming the variable", async (t) => {
  t.throws(() => topicOperatorConfig({ ...ENV, STRIMZI_NAMESPACE: undefined }), new ConfigInvalid("STRIMZI_NAMESPACE is not set"));
  t.throws(() => topicOperatorConfig({ ...ENV, STRIMZI_SECURITY_PROTOCOL: "PLAINTEXT" }),
    new ConfigInvalid('STRIMZI_SECURITY_PROTOCOL must be SSL (mutual TLS with the Entity Operator\'s certificate), got "PLAINTEXT"'));
  t.throws(() => topicOperatorConfig({ ...ENV, STRIMZI_FULL_RECONCILIATION_INTERVAL_MS: "soon" }),
    new ConfigInvalid('STRIMZI_FULL_RECONCILIATION_INTERVAL_MS must be a positive integer, got "soon"'));
});

t.test("Cruise Control: Strimzi's env and mounted files; off unless enabled", async (t) => {
  t.equal(topicOperatorConfig(ENV).cruiseControl, undefined);
  t.strictSame(topicOperatorConfig({
    ...ENV,
    STRIMZI_CRUISE_CONTROL_ENABLED: "true",
    STRIMZI_CRUISE_CONTROL_RACK_AWARE: "true",
    STRIMZI_CRUISE_CONTROL_HOSTNAME: "my-cluster-cruise-control.kafka.svc",
    STRIMZI_CRUISE_CONTROL_PORT: "9090",
    STRIMZI_CRUISE_CONTROL_SSL_ENABLED: "true",
    STRIMZI_CRUISE_CONTROL_AUTH_ENABLED: "true",
  }).cruiseControl, {
    host: "my-cluster-cruise-control.kafka.svc",
    port: 9090,
    rackAware: true,
    caCertFile: "/etc/cluster-ca-certs/ca.crt",
    credentials: { userFile: "/etc/eto-cc-api/topic-operator.apiAdminName", passwordFile: "/etc/eto-cc-api/topic-operator.apiAdminPassword" },
  }, "RACK_AWARE as Strimzi's Cluster Operator writes it");
  t.strictSame(topicOperatorConfig({ ...ENV, STRIMZI_CRUISE_CONTROL_ENABLED: "true", STRIMZI_CRUISE_CONTROL_RACK_ENABLED: "true" }).cruiseControl,
    { host: "localhost", port: 9090, rackAware: true }, "Strimzi's defaults; RACK_ENABLED as its Topic Operator reads it; plain HTTP without credentials");
});
