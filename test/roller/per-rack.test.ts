// Per-rack rolls through the real sidecar, the stand-in API server and the
// stand-in Kafka (racks and partitions from its Metadata): nine brokers in three
// zones roll in three groups with `kafka-hooks.io/roll-parallelism: rack`, in
// nine steps without it; controllers always one at a time, the active one last.
import t, { type Test } from "tap";
import {
  annotateKafka, changeKafka, kafkaScenario, longerRetention, rackAwareCluster, recordSteps, spreadTopic, startKafka,
} from "../helpers/roll-scenario.js";
import { startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const BROKERS = Array.from({ length: 9 }, (_, id) => `my-cluster-broker-${id}`);
const CONTROLLERS = ["my-cluster-controller-9", "my-cluster-controller-10", "my-cluster-controller-11"];
const cluster = rackAwareCluster(9);
const scenario = kafkaScenario(9, [9, 10, 11], [spreadTopic("orders", 9, 9)]);

/** Starts the cluster and a sidecar, changes the brokers' configuration and waits for the roll to end; returns its steps. */
async function rollAfterConfigChange(t: Test, annotations: Record<string, string>): Promise<{ steps: string[][]; harness: Harness }> {
  const harness = await startHarness({ cluster, standIn: { createDelayMs: 60, readyDelayMs: 140 } });
  t.teardown(() => harness.stop());
  const { factory } = await startKafka(t, scenario);
  annotateKafka(harness, annotations);
  const steps = recordSteps(t, harness, [...CONTROLLERS, ...BROKERS]);
  await harness.startSidecar("sidecar-a", { availability: factory });
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  changeKafka(harness, longerRetention);
  await until("every pod to run its new configuration", () => harness.podDeletions().length === 12 && harness.allPodsCurrent() && harness.rollDone(), 30_000);
  return { steps: steps(), harness };
}

t.test("with kafka-hooks.io/roll-parallelism: rack, the brokers of each zone restart together, one zone at a time", async (t) => {
  const { steps, harness } = await rollAfterConfigChange(t, { "kafka-hooks.io/roll-parallelism": "rack" });
  t.strictSame(steps, [
    ["my-cluster-controller-9"], ["my-cluster-controller-11"], ["my-cluster-controller-10"],
    ["my-cluster-broker-0", "my-cluster-broker-3", "my-cluster-broker-6"],
    ["my-cluster-broker-1", "my-cluster-broker-4", "my-cluster-broker-7"],
    ["my-cluster-broker-2", "my-cluster-broker-5", "my-cluster-broker-8"],
  ]);
  const restarts = harness.events().filter((e) => e.action === "StrimziInitiatedPodRestart" && e.regarding !== "my-cluster");
  t.equal(restarts.length, 12, "one Event per restarted pod");
});

t.test("kafka-hooks.io/roll-max-parallel bounds a group", async (t) => {
  const { steps } = await rollAfterConfigChange(t, { "kafka-hooks.io/roll-parallelism": "rack", "kafka-hooks.io/roll-max-parallel": "2" });
  t.strictSame(steps.slice(3), [
    ["my-cluster-broker-0", "my-cluster-broker-3"],
    ["my-cluster-broker-1", "my-cluster-broker-4"],
    ["my-cluster-broker-2", "my-cluster-broker-5"],
    ["my-cluster-broker-6"],
    ["my-cluster-broker-7"],
    ["my-cluster-broker-8"],
  ], "then one zone's last broker at a time: a group is two or more");
});

t.test("without the option, nine brokers restart in nine steps", async (t) => {
  const { steps } = await rollAfterConfigChange(t, {});
  t.strictSame(steps, [...["my-cluster-controller-9", "my-cluster-controller-11", "my-cluster-controller-10"], ...BROKERS].map((pod) => [pod]));
});
