import t from "tap";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import { rollOptions } from "../../../lib/roller/roll-options.js";

const kafka = (annotations: Record<string, string>, rack = true): KubeObject => ({
  apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", annotations },
  spec: { kafka: { ...(rack ? { rack: { topologyKey: "topology.kubernetes.io/zone" } } : {}) } },
});

t.test("off by default: one pod at a time, Strimzi's readiness timeout", async (t) => {
  t.strictSame(rollOptions(kafka({})), { perRack: false, maxParallel: Infinity, readyTimeoutMs: 300_000, availabilityTimeoutMs: 600_000, recoveryTimeoutMs: 1_800_000, problems: [] });
  t.equal(rollOptions(kafka({}), 5000).readyTimeoutMs, 5000, "the sidecar's default where the Kafka sets none");
});

t.test("per rack, bounded, with budgets", async (t) => {
  t.strictSame(rollOptions(kafka({
    "kafka-hooks.io/roll-parallelism": "rack",
    "kafka-hooks.io/roll-max-parallel": "2",
    "kafka-hooks.io/roll-ready-timeout-seconds": "600",
    "kafka-hooks.io/roll-availability-timeout-seconds": "1800",
    "kafka-hooks.io/roll-recovery-timeout-seconds": "7200",
  })), { perRack: true, maxParallel: 2, readyTimeoutMs: 600_000, availabilityTimeoutMs: 1_800_000, recoveryTimeoutMs: 7_200_000, problems: [] });
});

t.test("what cannot be used is said, and the default used", async (t) => {
  t.strictSame(rollOptions(kafka({ "kafka-hooks.io/roll-parallelism": "rack" }, false)).problems,
    ["kafka-hooks.io/roll-parallelism: \"rack\" needs spec.kafka.rack; brokers restart one at a time"]);
  t.equal(rollOptions(kafka({ "kafka-hooks.io/roll-parallelism": "rack" }, false)).perRack, false);
  t.strictSame(rollOptions(kafka({
    "kafka-hooks.io/roll-parallelism": "zone",
    "kafka-hooks.io/roll-max-parallel": "0",
    "kafka-hooks.io/roll-availability-timeout-seconds": "-1",
  })), {
    perRack: false, maxParallel: Infinity, readyTimeoutMs: 300_000, availabilityTimeoutMs: 600_000, recoveryTimeoutMs: 1_800_000,
    problems: [
      "kafka-hooks.io/roll-parallelism: \"zone\" is neither \"rack\" nor \"one\"; pods restart one at a time",
      "kafka-hooks.io/roll-max-parallel: \"0\" is not a positive whole number; a whole rack restarts at once",
      "kafka-hooks.io/roll-availability-timeout-seconds: \"-1\" is not a positive whole number; 600 is used",
    ],
  });
});
