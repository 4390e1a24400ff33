// Valid edits that would destroy a running cluster's quorum or volumes, through
// the whole loop: the hooks refuse them, Metacontroller changes nothing, the
// sidecar deletes no pod and no claim; undoing the edit makes the cluster Ready.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { KAFKA_API, NAMESPACE, readiness, snapshot, startCluster, startHooks, type ClusterInWorld } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

type Pool = KubeObject & { spec: Record<string, unknown> };

function editPool(c: ClusterInWorld, name: string, edit: (spec: Record<string, unknown>) => void): Pool {
  const pool = c.pool(name) as Pool;
  const original = structuredClone(pool);
  const spec = structuredClone(pool.spec);
  edit(spec);
  c.world.apply({ ...pool, spec });
  return original;
}

/** Every pod, claim and PodSet as stored, to compare before and after. */
const state = (c: ClusterInWorld): string => snapshot(c.world);

t.test("a controller pool scaled 3 → 1, then renamed, is refused until undone; nothing is deleted meanwhile", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml");
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const before = state(c);

  const original = editPool(c, "controller", (spec) => { spec["replicas"] = 1; });
  await c.world.converge();
  t.equal(readiness(c.kafka()), "NotReady ControllerQuorumChangeRefused");
  t.equal(state(c), before, "no pod, claim or PodSet changed");
  t.same(c.world.sidecarPodDeletions(), []);

  c.world.apply(original);
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready", "undone, the cluster is Ready again");

  // A GitOps rename: the pool under a new name, the old one deleted.
  c.world.apply({ ...structuredClone(original), metadata: { name: "controller-b", namespace: NAMESPACE, labels: original.metadata.labels } } as KubeObject);
  c.world.delete(KAFKA_API, "KafkaNodePool", NAMESPACE, "controller");
  await c.world.converge();
  t.equal(readiness(c.kafka()), "NotReady ControllerQuorumChangeRefused");
  t.same(c.podNames().filter((n) => n.includes("controller")), ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"],
    "the controllers keep running and no controller-b pod was created");
});

t.test("persistent-claim → ephemeral with deleteClaim: true is refused: no claim is deleted", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", {
    sidecar: {},
    edit: (o) => {
      if (o.kind === "KafkaNodePool" && o.metadata.name === "broker") {
        (((o as Pool).spec["storage"] as { volumes: Array<Record<string, unknown>> }).volumes[0] ?? {})["deleteClaim"] = true;
      }
    },
  });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const claims = c.claimNames();
  const before = state(c);

  editPool(c, "broker", (spec) => { spec["storage"] = { type: "jbod", volumes: [{ id: 0, type: "ephemeral" }] }; });
  await c.world.converge();
  t.equal(readiness(c.kafka()), "NotReady StorageChangeRefused");
  t.equal(state(c), before, "no pod, claim or PodSet changed");
  t.same(c.claimNames(), claims);
});
