// KafkaRebalance validation: every Strimzi example passes, and the settings
// Strimzi's operator refuses are refused with its messages, naming the field.
import t from "tap";
import { rebalanceProblems } from "../../lib/api/kafka-rebalance.js";
import { validateKafkaRebalance } from "../../lib/api/validate.js";
import { NAMESPACE, readExample } from "../helpers/requests.js";

const EXAMPLES = [
  "kafka-rebalance-add-brokers.yaml", "kafka-rebalance-full.yaml", "kafka-rebalance-remove-brokers.yaml",
  "kafka-rebalance-remove-disks.yaml", "kafka-rebalance-with-goals.yaml", "kafka-cruise-control-auto-rebalancing.yaml",
];

t.test("every KafkaRebalance of Strimzi's cruise-control examples is valid", async (t) => {
  const rebalances = EXAMPLES.flatMap((file) => readExample(`cruise-control/${file}`)).filter((d) => d.kind === "KafkaRebalance");
  t.equal(rebalances.length, 7);
  for (const rebalance of rebalances) {
    const result = validateKafkaRebalance({ ...rebalance, metadata: { ...rebalance.metadata, namespace: NAMESPACE } });
    t.same(result.ok ? { unknownFields: result.unknownFields, problems: rebalanceProblems(result.value.spec) } : result, { unknownFields: [], problems: [] }, rebalance.metadata.name);
  }
});

const rebalance = (spec: object) => ({
  apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance", metadata: { name: "r", namespace: NAMESPACE }, spec,
});

t.test("what Strimzi's operator refuses, with its messages", async (t) => {
  const cases: Array<[object, string, string]> = [
    [{ mode: "add-brokers" }, "spec.brokers", "The brokers list is mandatory when using the add-brokers rebalancing mode"],
    [{ mode: "remove-brokers", brokers: [] }, "spec.brokers", "The brokers list is mandatory when using the remove-brokers rebalancing mode"],
    [{ mode: "remove-disks" }, "spec.moveReplicasOffVolumes", "The brokers and volume IDs list is mandatory when using the remove-disks rebalancing mode"],
    [{ rebalanceDisk: true, goals: ["DiskCapacityGoal"] }, "spec.goals", "The goals list should be empty when using the `rebalanceDisk: true` configuration for intra-broker disk balancing"],
  ];
  const problems = (spec: object) => {
    const result = validateKafkaRebalance(rebalance(spec));
    return result.ok ? rebalanceProblems(result.value.spec) : result.problems;
  };
  for (const [spec, path, message] of cases) t.strictSame(problems(spec), [{ path, message }], message);
  t.strictSame(problems({ rebalanceDisk: true }), [], "rebalanceDisk without goals");
  t.strictSame(problems({ mode: "full", brokers: [1] }), [], "brokers are ignored in full mode, as Strimzi warns and goes on");
});

t.test("the schema's own checks name the field", async (t) => {
  t.strictSame(validateKafkaRebalance(rebalance({ mode: "shrink" })), {
    ok: false, problems: [{ path: "spec.mode", message: "must be one of: full, add-brokers, remove-brokers, remove-disks" }],
  });
  const negative = validateKafkaRebalance(rebalance({ concurrentLeaderMovements: -1 }));
  t.equal(negative.ok ? "" : negative.problems.map((p) => p.path).join(), "spec.concurrentLeaderMovements");
});
