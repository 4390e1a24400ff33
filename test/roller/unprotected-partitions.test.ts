// A topic whose replication factor is at most min.insync.replicas can never
// keep a replica in sync while its broker restarts: it does not hold the roll
// (Strimzi issue #2964), and the user hears of it once per roll.
import t from "tap";
import { changeKafka, kafkaScenario, startKafka } from "../helpers/roll-scenario.js";
import { startHarness, until } from "../helpers/sidecar-harness.js";

const NOTE = "The roll does not wait for partitions that cannot stay in sync while a replica restarts: "
  + "logs (partitions 0, 2: replication factor 1, min.insync.replicas 2). "
  + "They are unavailable to acks=all producers while their broker restarts; raise their replication factor above min.insync.replicas to keep them available during rolls.";

t.test("a replication-factor-1 topic does not hold the roll; one Warning per roll says so", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const logs = { name: "logs", partitions: [0, 1, 2].map((p) => ({ partition: p, leader: p === 1 ? 2 : 1, replicas: [p === 1 ? 2 : 1], isr: [p === 1 ? 2 : 1] })) };
  const { factory } = await startKafka(t, kafkaScenario(3, [3, 4, 5], [logs]));
  await harness.startSidecar("sidecar-a", { availability: factory });
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  const warnings = () => harness.events().filter((e) => e.reason === "UnprotectedPartitions").map((e) => [e.regarding, e.type, e.action, e.note]);

  changeKafka(harness, (spec) => {
    (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
  });
  await until("the roll to end", () => harness.podDeletions().length === 6 && harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions().slice(3), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]);
  t.strictSame(warnings(), [["my-cluster", "Warning", "RestartDespiteUnprotectedPartitions", NOTE]],
    "at the first broker holding the topic, naming its partitions there; not again for broker 2's");

  changeKafka(harness, (spec) => {
    (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 96;
  });
  await until("the next roll to end", () => harness.podDeletions().length === 12 && harness.allPodsCurrent() && harness.rollDone());
  t.equal(warnings().length, 2, "once again in the next roll");
});
