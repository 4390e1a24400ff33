import t from "tap";
import type { Pod } from "../../../lib/api/kubernetes.js";
import { nodeIdOf, podState, rollNodes } from "../../../lib/roller/cluster-nodes.js";
import { podSet, runningPods } from "../../helpers/podsets.js";

t.test("pods of every PodSet, with roles from their labels, state and reasons", async (t) => {
  const controllers = podSet({ pool: "controller", nodeIds: [3, 4], roles: ["controller"] });
  const dual = podSet({ pool: "dual", nodeIds: [0], roles: ["controller", "broker"] });
  const pods = [
    ...runningPods(controllers, (pod) => (pod.endsWith("-4") ? "unready" : "ready")),
    ...runningPods(podSet({ pool: "dual", nodeIds: [0], roles: ["controller", "broker"], image: "old" })),
  ];
  t.strictSame(rollNodes({ podSets: [controllers, dual], pods, claims: [] }), [
    { pod: "my-cluster-controller-3", podSet: "my-cluster-controller", nodeId: 3, controller: true, broker: false, state: "ready", reasons: [] },
    { pod: "my-cluster-controller-4", podSet: "my-cluster-controller", nodeId: 4, controller: true, broker: false, state: "unready", reasons: [] },
    { pod: "my-cluster-dual-0", podSet: "my-cluster-dual", nodeId: 0, controller: true, broker: true, state: "ready", reasons: ["POD_HAS_OLD_REVISION"] },
  ]);
  t.strictSame(rollNodes({ podSets: [controllers], pods: [], claims: [] }).map((n) => [n.pod, n.state, n.reasons]), [
    ["my-cluster-controller-3", "missing", []],
    ["my-cluster-controller-4", "missing", []],
  ]);
});

t.test("pod states", async (t) => {
  const pod = (status: Pod["status"], deleting = false): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", ...(deleting ? { deletionTimestamp: "2026-11-24T12:00:00Z" } : {}) }, status });
  t.equal(podState(undefined), "missing");
  t.equal(podState(pod({ conditions: [{ type: "Ready", status: "True" }] })), "ready");
  t.equal(podState(pod({ conditions: [{ type: "Ready", status: "True" }] }, true)), "terminating");
  t.equal(podState(pod({ phase: "Failed" })), "terminating");
  t.equal(podState(pod({ phase: "Running", conditions: [{ type: "Ready", status: "False" }] })), "unready");
  t.equal(podState(pod({ phase: "Pending" })), "unready");
  t.equal(nodeIdOf("my-cluster-broker-12"), 12);
  t.equal(nodeIdOf("not-a-node"), undefined);
});
