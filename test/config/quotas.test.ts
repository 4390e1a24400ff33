import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import { brokerProperties } from "../../lib/config/broker-properties.js";
import { javaDouble } from "../../lib/config/quotas.js";
import { exampleModel, exampleModelResult, nodeOf, observed } from "./model.js";
import { asOurLines } from "./strimzi-lines.js";

const IMAGE = "registry.example.com/kafka-with-plugins:4.3.1";
const quotaKeys = (entries: Array<[string, string]>) => entries.filter(([k]) => k.startsWith("client.quota."));
const names = (pod: string) => ({ strimziCluster: "my-personal-cluster", cluster: "my-cluster", pod });

// KafkaBrokerConfigurationBuilderTest.testWithStrimziQuotas (Strimzi 1.2), default security context.
const STRIMZI_QUOTAS = [
  "client.quota.callback.class=io.strimzi.kafka.quotas.StaticQuotaCallback",
  "client.quota.callback.static.kafka.admin.bootstrap.servers=my-personal-cluster-kafka-brokers:9091",
  "client.quota.callback.static.kafka.admin.security.protocol=SSL",
  "client.quota.callback.static.kafka.admin.ssl.truststore.certificates=${strimzisecrets:namespace/my-personal-cluster-trustbundle:cluster-ca.crt}",
  "client.quota.callback.static.kafka.admin.ssl.truststore.type=PEM",
  "client.quota.callback.static.kafka.admin.ssl.keystore.certificate.chain=${strimzisecrets:namespace/my-cluster-kafka-2:my-cluster-kafka-2.crt}",
  "client.quota.callback.static.kafka.admin.ssl.keystore.key=${strimzisecrets:namespace/my-cluster-kafka-2:my-cluster-kafka-2.key}",
  "client.quota.callback.static.kafka.admin.ssl.keystore.type=PEM",
  "client.quota.callback.static.produce=1000",
  "client.quota.callback.static.fetch=1000",
  "client.quota.callback.static.storage.per.volume.limit.min.available.bytes=200000",
  "client.quota.callback.static.excluded.principal.name.list=User:CN=my-personal-cluster-kafka,O=io.strimzi;User:CN=my-personal-cluster-cruise-control,O=io.strimzi;User:my-user1;User:my-user2",
];

const strimziQuotas = (kafka: Kafka) => {
  kafka.spec.kafka.image = IMAGE;
  kafka.spec.kafka.quotas = { type: "strimzi", consumerByteRate: 1000, producerByteRate: 1000, excludedPrincipals: ["User:my-user1", "User:my-user2"], minAvailableBytesPerVolume: 200000 };
};

t.test("strimzi quotas: Strimzi's lines, on brokers and controllers alike", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", strimziQuotas);
  for (const pod of ["my-cluster-broker-0", "my-cluster-controller-3"]) {
    t.strictSame(quotaKeys(brokerProperties(model, nodeOf(model, pod))), asOurLines(STRIMZI_QUOTAS, names(pod)), pod);
  }
});

t.test("strimzi quotas with nothing set: the callback, its client and only the operator's principals excluded", async (t) => {
  // testWithStrimziQuotasWithoutMtls lists no principal, as Strimzi excludes its own only with mutual TLS, which every cluster here has.
  const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.image = IMAGE;
    kafka.spec.kafka.quotas = { type: "strimzi", minAvailableRatioPerVolume: 0.1 };
  });
  const entries = quotaKeys(brokerProperties(model, nodeOf(model, "my-cluster-broker-0")));
  t.strictSame(entries.slice(-2), [
    ["client.quota.callback.static.storage.per.volume.limit.min.available.ratio", "0.1"],
    ["client.quota.callback.static.excluded.principal.name.list", "User:CN=my-cluster-kafka,O=io.strimzi;User:CN=my-cluster-cruise-control,O=io.strimzi"],
  ]);
});

t.test("the ratio is written as Java's Double.toString writes it", async (t) => {
  t.strictSame([0, 1, 0.5, 0.125, 0.001, 0.0001, 0.00015, 1e7].map(javaDouble), ["0.0", "1.0", "0.5", "0.125", "0.001", "1.0E-4", "1.5E-4", "1.0E7"]);
});

t.test("kafka quotas (testWithKafkaQuotas) and strimzi quotas with the apache/kafka image write no client.quota line", async (t) => {
  const kafkaType = exampleModelResult("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.quotas = { type: "kafka", consumerByteRate: 1000, producerByteRate: 1000, requestPercentage: 33, controllerMutationRate: 0.5 };
  });
  const defaultImage = exampleModelResult("kafka/kafka-persistent.yaml", (kafka) => {
    strimziQuotas(kafka);
    delete kafka.spec.kafka.image;
  });
  if (!kafkaType.ok || !defaultImage.ok) throw new Error("models not built");
  t.strictSame(quotaKeys(brokerProperties(observed(kafkaType.model), nodeOf(observed(kafkaType.model), "my-cluster-broker-0"))), []);
  t.strictSame(kafkaType.warnings, []);
  t.strictSame(quotaKeys(brokerProperties(observed(defaultImage.model), nodeOf(observed(defaultImage.model), "my-cluster-broker-0"))), []);
  t.strictSame(defaultImage.warnings, [{
    reason: "IgnoredField", path: "spec.kafka.quotas",
    message: "is ignored: the apache/kafka image has no Strimzi quotas plugin (io.strimzi.kafka.quotas.StaticQuotaCallback); set spec.kafka.image to an image with its jar in /opt/kafka/libs",
  }]);
});

t.test("a callback class in spec.kafka.config gives way to spec.kafka.quotas, with Strimzi's QuotasPluginConflict", async (t) => {
  for (const type of ["kafka", "strimzi"] as const) {
    const built = exampleModelResult("kafka/kafka-persistent.yaml", (kafka) => {
      kafka.spec.kafka.image = IMAGE;
      kafka.spec.kafka.quotas = { type };
      kafka.spec.kafka.config = { ...kafka.spec.kafka.config, "client.quota.callback.class": "com.example.MyCallback" };
    });
    if (!built.ok) throw new Error("model not built");
    t.strictSame(built.warnings, [{
      reason: "QuotasPluginConflict", path: "spec.kafka.config",
      message: `Quotas plugin class cannot be configured in .spec.kafka.config, when .spec.kafka.quotas contains configuration of \`${type}\` plugin. The plugin from .spec.kafka.quotas will be used`,
    }], type);
    const callback = brokerProperties(observed(built.model), nodeOf(observed(built.model), "my-cluster-broker-0")).filter(([k]) => k === "client.quota.callback.class");
    t.strictSame(callback, type === "strimzi" ? [["client.quota.callback.class", "io.strimzi.kafka.quotas.StaticQuotaCallback"]] : [], type);
  }
  const without = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.config = { ...kafka.spec.kafka.config, "client.quota.callback.class": "com.example.MyCallback" };
  });
  t.equal(without.userConfig["client.quota.callback.class"], "com.example.MyCallback", "without quotas the user's class stays");
});

t.test("strimzi quotas with both volume limits are refused, as Strimzi refuses them", async (t) => {
  const built = exampleModelResult("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.quotas = { type: "strimzi", minAvailableBytesPerVolume: 1, minAvailableRatioPerVolume: 0.5 };
  });
  t.strictSame(built.ok ? [] : built.problems, [{
    reason: "InvalidResource", path: "spec.kafka.quotas", message: "minAvailableBytesPerVolume and minAvailableRatioPerVolume are mutually exclusive",
  }]);
});

t.test("kafka quotas: each value set as Kafka's default user quota key; a 0, which Kafka refuses, is refused naming the field", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.quotas = { type: "kafka", consumerByteRate: 1000, producerByteRate: 2000, requestPercentage: 33, controllerMutationRate: 0.5 };
  });
  t.strictSame(model.defaultUserQuotas, { producer_byte_rate: 2000, consumer_byte_rate: 1000, request_percentage: 33, controller_mutation_rate: 0.5 });
  t.strictSame(exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.image = IMAGE;
    kafka.spec.kafka.quotas = { type: "strimzi", producerByteRate: 2000 };
  }).defaultUserQuotas, {}, "strimzi quotas: none, so what the kafka type set is removed");
  t.strictSame(exampleModel("kafka/kafka-persistent.yaml").defaultUserQuotas, {}, "no quotas: none");
  const zero = exampleModelResult("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.quotas = { type: "kafka", producerByteRate: 0, requestPercentage: 0, consumerByteRate: 1 };
  });
  t.strictSame(zero.ok ? [] : zero.problems, [
    { reason: "InvalidResource", path: "spec.kafka.quotas.producerByteRate", message: "must be greater than 0: Kafka refuses a quota of 0" },
    { reason: "InvalidResource", path: "spec.kafka.quotas.requestPercentage", message: "must be greater than 0: Kafka refuses a quota of 0" },
  ]);
});
