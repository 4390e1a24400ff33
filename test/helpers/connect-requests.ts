// KafkaConnect requests from the Strimzi examples, with the Secrets a running
// cluster would have (test/helpers/bridge-requests.ts): the examples without a
// Kafka beside them connect to kafka/kafka-ephemeral.yaml's `my-cluster`.
import { exampleConnectRequests, type ExampleRequest } from "./examples.js";
import { clusterSecretsFor, withRelated } from "./bridge-requests.js";

export function connectRequests(): ExampleRequest[] {
  return exampleConnectRequests().map((e) => ({ ...e, request: withRelated(e.request, clusterSecretsFor(e.example, "my-connect", "kafka/kafka-ephemeral.yaml")) }));
}
