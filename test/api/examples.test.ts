// Every Kafka and KafkaNodePool in Strimzi's examples is valid and fully known to our schemas.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import t from "tap";
import { validateKafka, validateKafkaNodePool } from "../../lib/api/validate.js";
import { examplesDir } from "../helpers/paths.js";
import { NAMESPACE, readExample } from "../helpers/requests.js";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith(".yaml") ? [path] : [];
  });
}

// Listed so that an example Strimzi adds or drops shows up here.
const EXPECTED = [
  "cruise-control/kafka-cruise-control-auto-rebalancing.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "cruise-control/kafka-cruise-control-with-goals.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "cruise-control/kafka-cruise-control.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "kafka/kafka-ephemeral.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "kafka/kafka-jbod.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "kafka/kafka-persistent.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "kafka/kafka-single-node.yaml: KafkaNodePool/dual-role, Kafka/my-cluster",
  "kafka/kafka-with-dual-role-nodes.yaml: KafkaNodePool/dual-role, Kafka/my-cluster",
  "metrics/kafka-cruise-control-metrics.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "metrics/kafka-metrics.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "metrics/strimzi-metrics-reporter/kafka-metrics.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "mirror-maker/kafka-source.yaml: KafkaNodePool/source, Kafka/cluster-a",
  "mirror-maker/kafka-target.yaml: KafkaNodePool/target, Kafka/cluster-b",
  "security/keycloak-authorization/kafka-ephemeral-oauth-single-keycloak-authz-metrics.yaml: KafkaNodePool/dual-role, Kafka/my-cluster",
  "security/keycloak-authorization/kafka-ephemeral-oauth-single-keycloak-authz.yaml: KafkaNodePool/dual-role, Kafka/my-cluster",
  "security/scram-sha-512-auth/kafka.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "security/scram-sha-512-auth/mirror-maker-2.yaml: KafkaNodePool/source, Kafka/cluster-a, KafkaNodePool/target, Kafka/cluster-b",
  "security/tls-auth/kafka.yaml: KafkaNodePool/controller, KafkaNodePool/broker, Kafka/my-cluster",
  "security/tls-auth/mirror-maker-2.yaml: KafkaNodePool/source, Kafka/cluster-a, KafkaNodePool/target, Kafka/cluster-b",
];

const examples = yamlFiles(examplesDir).sort().flatMap((path) => {
  const example = relative(examplesDir, path);
  const resources = readExample(example).filter((r) => r.kind === "Kafka" || r.kind === "KafkaNodePool");
  return resources.length > 0 ? [{ example, resources }] : [];
});

t.test("the examples with a Kafka or KafkaNodePool are the ones we expect", async (t) => {
  t.strictSame(examples.map(({ example, resources }) => `${example}: ${resources.map((r) => `${r.kind}/${r.metadata.name}`).join(", ")}`), EXPECTED);
});

for (const { example, resources } of examples) {
  t.test(example, async (t) => {
    for (const resource of resources) {
      // Metacontroller always hands over objects with a namespace; the examples have none.
      const placed = { ...resource, metadata: { ...resource.metadata, namespace: NAMESPACE } };
      const result = resource.kind === "Kafka" ? validateKafka(placed) : validateKafkaNodePool(placed);
      t.strictSame(result.ok ? { unknownFields: result.unknownFields } : result.problems, { unknownFields: [] }, `${resource.kind}/${resource.metadata.name}`);
    }
  });
}
