import t from "tap";
import { brokerProperties } from "../../lib/config/broker-properties.js";
import { exampleModel, exampleModelResult, nodeOf } from "./model.js";
import { asOurLines } from "./strimzi-lines.js";

const S3 = {
  type: "custom" as const,
  remoteStorageManager: {
    className: "com.example.kafka.tiered.storage.s3.S3RemoteStorageManager",
    classPath: "/opt/kafka/plugins/tiered-storage-s3/*",
    config: { "storage.bucket.name": "my-bucket" },
  },
};

// KafkaBrokerConfigurationBuilderTest.testWithTieredStorage (Strimzi 1.2): the default
// security context, TLS and mutual TLS on the replication listener, as every cluster here has.
const STRIMZI_TIERED_STORAGE = [
  "remote.log.storage.system.enable=true",
  "remote.log.metadata.manager.impl.prefix=rlmm.config.",
  "remote.log.metadata.manager.class.name=org.apache.kafka.server.log.remote.metadata.storage.TopicBasedRemoteLogMetadataManager",
  "remote.log.metadata.manager.listener.name=REPLICATION-9091",
  "rlmm.config.remote.log.metadata.common.client.bootstrap.servers=test-cluster-1-kafka-brokers:9091",
  "rlmm.config.remote.log.metadata.common.client.security.protocol=SSL",
  "rlmm.config.remote.log.metadata.common.client.ssl.truststore.certificates=${strimzisecrets:namespace/test-cluster-1-trustbundle:cluster-ca.crt}",
  "rlmm.config.remote.log.metadata.common.client.ssl.truststore.type=PEM",
  "rlmm.config.remote.log.metadata.common.client.ssl.keystore.certificate.chain=${strimzisecrets:namespace/my-cluster-kafka-2:my-cluster-kafka-2.crt}",
  "rlmm.config.remote.log.metadata.common.client.ssl.keystore.key=${strimzisecrets:namespace/my-cluster-kafka-2:my-cluster-kafka-2.key}",
  "rlmm.config.remote.log.metadata.common.client.ssl.keystore.type=PEM",
  "remote.log.storage.manager.class.name=com.example.kafka.tiered.storage.s3.S3RemoteStorageManager",
  "remote.log.storage.manager.class.path=/opt/kafka/plugins/tiered-storage-s3/*",
  "remote.log.storage.manager.impl.prefix=rsm.config.",
  "rsm.config.storage.bucket.name=my-bucket",
];

const tieredKeys = (entries: Array<[string, string]>) => entries.filter(([k]) => /^(remote\.log\.|rlmm\.config\.|rsm\.config\.)/.test(k));

t.test("tiered storage: Strimzi's lines, on brokers and controllers alike", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => { kafka.spec.kafka.tieredStorage = S3; });
  for (const pod of ["my-cluster-broker-0", "my-cluster-controller-3"]) {
    t.strictSame(tieredKeys(brokerProperties(model, nodeOf(model, pod))),
      asOurLines(STRIMZI_TIERED_STORAGE, { strimziCluster: "test-cluster-1", cluster: "my-cluster", pod }), pod);
  }
  // Before the config providers and the user's config, right after authorization (none here) as in Strimzi.
  const keys = brokerProperties(model, nodeOf(model, "my-cluster-broker-0")).map(([k]) => k);
  t.equal(keys.indexOf("remote.log.storage.system.enable"), keys.indexOf("config.providers") - STRIMZI_TIERED_STORAGE.length);
});

t.test("tiered storage: rsm.config keys sorted; no class path line without a class path", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.tieredStorage = { type: "custom", remoteStorageManager: { className: "com.example.Rsm", config: { "z.key": "1", "a.key": "two words" } } };
  });
  const entries = tieredKeys(brokerProperties(model, nodeOf(model, "my-cluster-broker-1")));
  t.strictSame(entries.slice(-4), [
    ["remote.log.storage.manager.class.name", "com.example.Rsm"],
    ["remote.log.storage.manager.impl.prefix", "rsm.config."],
    ["rsm.config.a.key", "two words"],
    ["rsm.config.z.key", "1"],
  ]);
  t.notOk(entries.some(([k]) => k === "remote.log.storage.manager.class.path"));
});

t.test("tiered storage without a remote storage manager class is refused, naming the field", async (t) => {
  for (const tiered of [{ type: "custom" as const }, { type: "custom" as const, remoteStorageManager: { classPath: "/opt/rsm/*" } }]) {
    const built = exampleModelResult("kafka/kafka-persistent.yaml", (kafka) => { kafka.spec.kafka.tieredStorage = tiered; });
    t.strictSame(built.ok ? [] : built.problems, [{
      reason: "InvalidResource", path: "spec.kafka.tieredStorage.remoteStorageManager.className", message: "is required for custom tiered storage",
    }]);
  }
});
