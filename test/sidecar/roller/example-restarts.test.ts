// The restart reasons of pods the real Kafka hook made, after real changes to the Kafka.
import t from "tap";
import { expandPod } from "../../../lib/podset/expand.js";
import { restartReasons } from "../../../lib/roller/restart-reasons.js";
import { exampleCluster, reconfigured, type ExampleCluster } from "../../helpers/example-cluster.js";
import { runningPods } from "../../helpers/podsets.js";

const before = exampleCluster("kafka/kafka-persistent.yaml");

function reasonsAfter(after: ExampleCluster): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const set of before.podSets) {
    const desiredSet = after.podSets.find((s) => s.metadata.name === set.metadata.name);
    for (const pod of runningPods(set)) {
      const name = pod.metadata?.name ?? "";
      const entry = desiredSet?.spec.pods.find((p) => p.metadata.name === name);
      if (!desiredSet || !entry) continue;
      result[name] = restartReasons({ observed: pod, desired: expandPod(desiredSet, entry) });
    }
  }
  return result;
}

const allPods = (reasons: string[]) => Object.fromEntries(
  ["broker-0", "broker-1", "broker-2", "controller-3", "controller-4", "controller-5"].map((p) => [`my-cluster-${p}`, reasons]),
);

t.test("the example settles into two PodSets of three pods (pools in name order)", async (t) => {
  t.strictSame(before.podSets.map((s) => [s.metadata.name, s.spec.pods.map((p) => p.metadata.name)]), [
    ["my-cluster-broker", ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]],
    ["my-cluster-controller", ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"]],
  ]);
  t.strictSame(reasonsAfter(before), allPods([]));
});

t.test("a broker configuration change restarts every pod for its configuration only", async (t) => {
  const after = reconfigured(before, (spec) => {
    const kafka = spec.kafka as { config: Record<string, unknown> };
    kafka.config["log.retention.hours"] = 72;
  });
  t.strictSame(reasonsAfter(after), allPods(["CONFIG_CHANGE_REQUIRES_RESTART"]));
});

t.test("a new image is a new revision", async (t) => {
  const after = reconfigured(before, (spec) => {
    (spec.kafka as { image?: string }).image = "registry.example.com/kafka:4.3.1";
  });
  t.strictSame(reasonsAfter(after), allPods(["POD_HAS_OLD_REVISION"]));
});
