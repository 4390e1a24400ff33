// Scale-down of a broker that holds replicas, against real Kafka
// (kafka-persistent.yaml): the sidecar asks the brokers, keeps broker 2 running
// with ScaleDownBlocked while it hosts replicas, and removes it once the
// replicas have moved (reassigned here with the Admin API); no record is lost.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { conditions, isReady, readiness } from "../helpers/scenario.js";
import { createTopic, endOffsets, produce, reassign, replicaAssignment } from "./clients.js";
import { smallJvms } from "./resources.js";
import { readyRealCluster } from "./real-world.js";

const TOPIC = "scaling";

/**
 * Small JVMs, and the example's replication factors (3) made 2: a Kafka whose
 * factors exceed its brokers is refused, as Strimzi refuses it, and this one
 * goes down to 2 brokers.
 */
function twoBrokersWillDo(o: KubeObject): void {
  smallJvms(o);
  if (o.kind !== "Kafka") return;
  const config = ((o["spec"] as { kafka: { config?: Record<string, unknown> } }).kafka.config ??= {});
  for (const key of ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor"]) config[key] = 2;
}

t.test("a broker holding replicas is kept (ScaleDownBlocked) until the replicas move, then removed", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", twoBrokersWillDo);

  const endpoint = { bootstrap: `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092` };
  // Two replicas, so that two brokers can hold every partition after the scale-down.
  await createTopic(endpoint, TOPIC, 3, 2);
  await produce(endpoint, TOPIC, 1000);
  const before = await replicaAssignment(endpoint, TOPIC);
  const onBroker2 = [...before].filter(([, replicas]) => replicas.includes(2)).map(([partition]) => partition);
  t.ok(onBroker2.length > 0, `broker 2 hosts replicas of ${onBroker2.join(", ")}`);

  const pool = cluster.pool("broker") as KubeObject & { spec: Record<string, unknown> };
  cluster.world.apply({ ...pool, spec: { ...pool.spec, replicas: 2 } });
  const blocked = (): boolean => conditions(cluster.kafka()).some((c) => c.reason === "ScaleDownBlocked");
  await cluster.until("the Kafka reports ScaleDownBlocked", blocked, 120_000);
  const condition = conditions(cluster.kafka()).find((c) => c.reason === "ScaleDownBlocked");
  t.match(condition?.message, /my-cluster-broker-2/, "the condition names the broker kept");
  t.match(condition?.message, new RegExp(onBroker2[0] ?? "none"), "and a partition it hosts, as Kafka reports it");
  t.ok(isReady(cluster.pods().find((p) => p.metadata?.name === "my-cluster-broker-2")), "broker 2 keeps running");
  t.same(cluster.world.podDeletions.map((d) => d.pod), [], "no pod was deleted");

  const moves = new Map(onBroker2.map((partition) => {
    const replicas = before.get(partition) ?? [];
    const other = [0, 1].find((b) => !replicas.includes(b)) ?? 0;
    return [partition, replicas.map((r) => (r === 2 ? other : r))] as const;
  }));
  await reassign(endpoint, moves);
  await cluster.until("broker 2 gone and the Kafka Ready", () =>
    !cluster.podNames().includes("my-cluster-broker-2") && readiness(cluster.kafka()) === "Ready" && cluster.pods().every(isReady), 300_000);
  t.same(cluster.world.podDeletions.map((d) => d.pod), ["my-cluster-broker-2"], "broker 2, and only it, was deleted");
  t.same(cluster.podNames().filter((n) => n.includes("broker")), ["my-cluster-broker-0", "my-cluster-broker-1"]);
  const after = await replicaAssignment(endpoint, TOPIC);
  t.same([...after.values()].filter((replicas) => replicas.includes(2)), [], "no replica left on broker 2");
  t.equal(await endOffsets(endpoint, TOPIC, 3), 1000n, "the topic still holds its 1,000 records");
});
