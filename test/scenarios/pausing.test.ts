// Pausing a cluster with Strimzi's `strimzi.io/pause-reconciliation: "true"`:
// the hooks keep every child exactly as observed and report ReconciliationPaused,
// the pools' status stays, the sidecar does nothing; once the annotation goes,
// what changed meanwhile is applied.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { conditions, readiness, snapshot, startCluster, startHooks } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

const PAUSE = "strimzi.io/pause-reconciliation";

t.test("a paused Kafka changes nothing while its spec and pools change; resumed, the changes are applied", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml");
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const clusterId = (c.kafka()?.["status"] as { clusterId?: string }).clusterId;

  const kafka = c.kafka() as KubeObject & { spec: { kafka: { config: Record<string, unknown> } } };
  c.world.apply({ ...kafka, metadata: { ...kafka.metadata, annotations: { ...kafka.metadata.annotations, [PAUSE]: "true" } } });
  await c.world.converge();
  t.same(conditions(c.kafka()).map((cond) => [cond.type, cond.status, cond.reason]), [["ReconciliationPaused", "True", undefined]], "the one condition is Strimzi's");
  const before = snapshot(c.world);
  const poolStatus = c.pool("broker")?.["status"] as Record<string, unknown>;

  // While paused: a configuration change (which would restart every pod) and one more broker.
  const paused = c.kafka() as typeof kafka;
  c.world.apply({ ...paused, spec: { ...paused.spec, kafka: { ...paused.spec.kafka, config: { ...paused.spec.kafka.config, "log.retention.hours": 72 } } } });
  const pool = c.pool("broker") as KubeObject & { spec: { replicas: number } };
  c.world.apply({ ...pool, spec: { ...pool.spec, replicas: 4 } });
  await c.world.converge();
  t.equal(snapshot(c.world), before, "no child, pod or claim created, changed or deleted");
  t.same(c.world.sidecarPodDeletions(), [], "the sidecar restarted nothing");
  t.match(c.kafka()?.["status"], { conditions: [{ type: "ReconciliationPaused", status: "True" }], clusterId }, "the status still says paused and keeps the cluster id");
  const { observedGeneration: _generation, ...poolNow } = c.pool("broker")?.["status"] as Record<string, unknown>;
  const { observedGeneration: _before, ...poolBefore } = poolStatus;
  t.same(poolNow, poolBefore, "the pool's status is left as it was (Metacontroller still writes its observedGeneration)");

  // Resumed: both changes arrive.
  const resumed = c.kafka() as typeof kafka;
  const { [PAUSE]: _pause, ...annotations } = resumed.metadata.annotations ?? {};
  c.world.apply({ ...resumed, metadata: { ...resumed.metadata, annotations } });
  await c.world.converge(80);
  t.equal(readiness(c.kafka()), "Ready", conditions(c.kafka())[0]?.message ?? "");
  t.same(c.podNames().filter((n) => n.includes("broker")).sort(), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6"]);
  t.match(c.pool("broker")?.["status"], { nodeIds: [0, 1, 2, 6], replicas: 4 });
  t.same([...new Set(c.world.sidecarPodDeletions())].sort(), [
    "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5",
  ], "the configuration change restarted every pod that existed");
  const configMap = c.world.get<KubeObject & { data: Record<string, string> }>("v1", "ConfigMap", c.namespace, "my-cluster-broker-0");
  t.match(configMap?.data["server.properties"], /^log\.retention\.hours=72$/m);
});
