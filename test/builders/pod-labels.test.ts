import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { clusterLabels, validLabelValue } from "../../lib/labels.js";
import { expandPodSet } from "../../lib/podset/expand.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

// Strimzi's pods carry their KafkaPool's labels (KafkaPool: strimzi.io/* and app.kubernetes.io/*),
// the roles and the pod name (WorkloadUtils.createStatefulPod), and the template's labels.
t.test("pods carry the cluster's labels, app.kubernetes.io/* included, the pool, the roles and their name", async (t) => {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const answer = syncKafka(request, testEnvironment());
  const podSet = answer.children.find((c): c is StrimziPodSet => c.kind === "StrimziPodSet" && c.metadata.name === "my-cluster-broker");
  if (!podSet) throw new Error("no broker PodSet");
  t.strictSame(expandPodSet(podSet)[0]?.metadata?.labels, {
    "app.kubernetes.io/instance": "my-cluster",
    "app.kubernetes.io/managed-by": "kafka-hooks",
    "app.kubernetes.io/name": "kafka",
    "app.kubernetes.io/part-of": "strimzi-my-cluster",
    "statefulset.kubernetes.io/pod-name": "my-cluster-broker-0",
    "strimzi.io/broker-role": "true",
    "strimzi.io/cluster": "my-cluster",
    "strimzi.io/component-type": "kafka",
    "strimzi.io/controller-role": "false",
    "strimzi.io/kind": "Kafka",
    "strimzi.io/name": "my-cluster-kafka",
    "strimzi.io/pod-name": "my-cluster-broker-0",
    "strimzi.io/pool-name": "broker",
  });
});

t.test("label values are cut to 63 characters without a trailing separator, as Strimzi cuts part-of", async (t) => {
  const longest = `${"a".repeat(54)}-bcd`; // 58 characters, the longest cluster name
  t.equal(clusterLabels(longest)["app.kubernetes.io/part-of"], `strimzi-${"a".repeat(54)}`);
  t.equal(validLabelValue(`strimzi-${"a".repeat(49)}-b.c_d`), `strimzi-${"a".repeat(49)}-b.c_d`, "63 characters fit");
  t.equal(validLabelValue(`strimzi-${"a".repeat(50)}-b.c_d`), `strimzi-${"a".repeat(50)}-b.c`);
  t.equal(validLabelValue(`${"x".repeat(62)}.y`), "x".repeat(62));
});
