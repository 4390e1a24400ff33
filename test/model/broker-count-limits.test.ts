import t from "tap";
import { brokerCountProblems } from "../../lib/model/broker-count-limits.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import type { Kafka } from "../../lib/api/kafka.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

// Strimzi's KafkaCluster.validateIntConfigProperty: the four options, integers, at most the broker count.
t.test("replication factors and the transaction log's min ISR may not exceed the brokers", async (t) => {
  t.strictSame(brokerCountProblems({
    "default.replication.factor": 3,
    "offsets.topic.replication.factor": 4,
    "transaction.state.log.replication.factor": "5",
    "transaction.state.log.min.isr": 3,
    // Not checked by Strimzi.
    "min.insync.replicas": 9,
  }, 3), [
    { path: 'spec.kafka.config["offsets.topic.replication.factor"]', message: "is 4, but this cluster has only 3 brokers: set it to 3 or less" },
    { path: 'spec.kafka.config["transaction.state.log.replication.factor"]', message: "is 5, but this cluster has only 3 brokers: set it to 3 or less" },
  ]);
  t.strictSame(brokerCountProblems({ "offsets.topic.replication.factor": 3 }, 1), [
    { path: 'spec.kafka.config["offsets.topic.replication.factor"]', message: "is 3, but this cluster has only 1 broker: set it to 1" },
  ]);
  t.strictSame(brokerCountProblems({ "default.replication.factor": "three", "offsets.topic.replication.factor": 1.5, "transaction.state.log.min.isr": "+2" }, 3), [
    { path: 'spec.kafka.config["default.replication.factor"]', message: "three is not an integer" },
    { path: 'spec.kafka.config["offsets.topic.replication.factor"]', message: "1.5 is not an integer" },
  ]);
  t.strictSame(brokerCountProblems(undefined, 1), []);
});

t.test("a Kafka whose factors exceed its brokers, or with an unknown metadata version, is refused and changes nothing", async (t) => {
  const first = exampleRequest("kafka/kafka-persistent.yaml");
  const settled = nextRequest(first, syncKafka(first, testEnvironment()));
  const edit = (change: (kafka: Kafka) => void) => {
    const request = structuredClone(settled);
    change(request.parent as Kafka);
    return request;
  };
  const factor = edit((kafka) => { kafka.spec.kafka.config = { ...kafka.spec.kafka.config, "offsets.topic.replication.factor": 4 }; });
  const refused = syncKafka(factor, testEnvironment());
  t.match(refused.status.conditions, [{
    type: "NotReady", reason: "InvalidResource",
    message: 'spec.kafka.config["offsets.topic.replication.factor"]: is 4, but this cluster has only 3 brokers: set it to 3 or less. Nothing was changed.',
  }]);
  t.same(refused.children, keepObservedChildren(factor.children));

  const metadata = edit((kafka) => { kafka.spec.kafka.metadataVersion = "3.6-IV9"; });
  const refusedMetadata = syncKafka(metadata, testEnvironment());
  t.match(refusedMetadata.status.conditions, [{
    type: "NotReady", reason: "InvalidResource",
    message: "spec.kafka.metadataVersion: Metadata version 3.6-IV9 is invalid: Kafka 4.3.1 supports 3.3-IV3 to 4.3-IV0 (or a release such as 4.3). Nothing was changed.",
  }]);
  t.same(refusedMetadata.children, keepObservedChildren(metadata.children));
});
