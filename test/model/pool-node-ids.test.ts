// One node-id assignment for both hooks (lib/model/pool-node-ids.ts): what each
// pool wants, what its PodSet keeps, and how an invalid pool is read.
import t from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { clusterNodeIds } from "../../lib/model/pool-node-ids.js";
import { REASON } from "../../lib/reasons.js";
import { CLUSTER, podSet } from "../helpers/podsets.js";

function pool(name: string, replicas: number, annotations: Record<string, string> = {}): KafkaNodePool {
  return {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaNodePool",
    metadata: { name, namespace: "kafka", labels: { "strimzi.io/cluster": CLUSTER }, annotations },
    spec: { replicas, roles: ["broker"], storage: { type: "ephemeral" } },
  };
}

const running = [podSet({ pool: "a", nodeIds: [0, 1], roles: ["broker"] }), podSet({ pool: "b", nodeIds: [2, 3], roles: ["broker"] })];

t.test("an invalid pool keeps the ids it has: a valid one growing takes none of them", async (t) => {
  const ids = clusterNodeIds(CLUSTER, [{ pool: pool("a", 4), valid: true }, { pool: pool("b", 0), valid: false }], running, false);
  t.same(ids.problems, []);
  t.same(ids.assignedIds("a"), [0, 1, 4, 5]);
  t.same(ids.assignedIds("b"), [2, 3], "its replicas are not read");
  t.same(ids.nodesOf(pool("a", 4)), { nodeIds: [0, 1, 4, 5], roles: ["broker"] });
});

t.test("a scale-down holds the broker until Kafka confirms it, unless the check is skipped", async (t) => {
  const pools = [{ pool: pool("a", 1), valid: true }, { pool: pool("b", 2), valid: true }];
  const held = clusterNodeIds(CLUSTER, pools, running, false);
  t.same(held.assignedIds("a"), [0]);
  t.same(held.nodesOf(pool("a", 1)), { nodeIds: [0, 1], roles: ["broker"], removal: { held: [1] } });
  t.same(clusterNodeIds(CLUSTER, pools, running, true).nodesOf(pool("a", 1)), { nodeIds: [0], roles: ["broker"] });
});

t.test("problems carry their reason, in the order the pools are given; no pool is assigned then", async (t) => {
  const twice = [podSet({ pool: "a", nodeIds: [0], roles: ["broker"] }), podSet({ pool: "b", nodeIds: [0], roles: ["broker"] })];
  const duplicate = clusterNodeIds(CLUSTER, [{ pool: pool("b", 1), valid: true }, { pool: pool("a", 1), valid: true }], twice, false);
  t.same(duplicate.problems, [{ reason: REASON.duplicateNodeIds, path: "KafkaNodePool/a", message: "node id 0 is also used by KafkaNodePool/b" }]);
  t.same(duplicate.assignedIds("a"), []);
  const unreadable = clusterNodeIds(CLUSTER, [{ pool: pool("a", 3, { "strimzi.io/next-node-ids": "[x]" }), valid: true }], [], false);
  t.same(unreadable.problems, [{
    reason: REASON.invalidNodeIdAnnotation,
    path: 'KafkaNodePool/a metadata.annotations["strimzi.io/next-node-ids"]',
    message: '"[x]" is not a list of node ids or ranges like [0, 1, 10-12]',
  }]);
});
