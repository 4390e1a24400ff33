import t from "tap";
import { podDisruptionBudget } from "../../lib/operands/brokers/pod-disruption-budget.js";
import { exampleModel } from "../config/model.js";

// Kubernetes' disruption controller reads `maxUnavailable` (and percentages) through
// the scale subresource of the pods' controller; StrimziPodSet has none, so only an
// absolute `minAvailable` lets a drain evict a Kafka pod. Strimzi's values:
// PodDisruptionBudgetUtils.createCustomControllerPodDisruptionBudget over every node.

t.test("minAvailable is every node of every pool minus one", async (t) => {
  // 3 brokers and 3 controllers.
  t.strictSame(podDisruptionBudget(exampleModel("kafka/kafka-persistent.yaml")).spec, {
    minAvailable: 5,
    selector: { matchLabels: { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-kafka" } },
  });
  t.equal(podDisruptionBudget(exampleModel("kafka/kafka-single-node.yaml")).spec?.minAvailable, 0);
});

t.test("the template's maxUnavailable is subtracted from the node count, never below 0", async (t) => {
  const withMaxUnavailable = (maxUnavailable: number) => exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.template = { podDisruptionBudget: { maxUnavailable } };
  });
  t.equal(podDisruptionBudget(withMaxUnavailable(0)).spec?.minAvailable, 6);
  t.equal(podDisruptionBudget(withMaxUnavailable(2)).spec?.minAvailable, 4);
  t.equal(podDisruptionBudget(withMaxUnavailable(9)).spec?.minAvailable, 0);
  t.notOk("maxUnavailable" in (podDisruptionBudget(withMaxUnavailable(2)).spec ?? {}));
});

t.test("a pool scaled up counts in the budget", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml", (_kafka, pools) => {
    const broker = pools.find((p) => p.metadata.name === "broker");
    if (broker) broker.spec.replicas = 5;
  });
  t.equal(podDisruptionBudget(model).spec?.minAvailable, 7);
});
