// Scaling a pool through the whole loop: node ids from the Kafka hook, PodSet
// entries and pods through Metacontroller, claims through the sidecar's volumes
// reconciler, with `deleteClaim` deciding what happens to a removed node's data.
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { conditions, readiness, startCluster, startHooks, type ClusterInWorld } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

type Pool = KubeObject & { spec: { replicas: number; storage: { type: string; volumes: Array<Record<string, unknown>> } } };

const entries = (podSet: StrimziPodSet | undefined): string[] => podSet?.spec.pods.map((p) => p.metadata.name) ?? [];
const brokers = (c: ClusterInWorld): string[] => c.podNames().filter((n) => n.includes("-broker-"));
const brokerClaims = (c: ClusterInWorld): string[] => c.claimNames().filter((n) => n.includes("-broker-"));
const uidOf = (c: ClusterInWorld, claim: string): string | undefined => c.claims().find((p) => p.metadata?.name === claim)?.metadata?.uid;

function scale(c: ClusterInWorld, replicas: number, annotations?: Record<string, string>): void {
  const pool = c.pool("broker") as Pool;
  c.world.apply({ ...pool, metadata: { ...pool.metadata, ...(annotations ? { annotations } : {}) }, spec: { ...pool.spec, replicas } });
}

/** The order in which pods and claims disappeared from the store. */
function deletions(c: ClusterInWorld): string[] {
  const gone: string[] = [];
  c.world.server.onChange(({ type, object }) => {
    if (type === "DELETED" && (object.kind === "Pod" || object.kind === "PersistentVolumeClaim")) gone.push(`${object.kind}/${object.metadata.name}`);
  });
  return gone;
}

/**
 * The example's replication factors are 3; a cluster scaled down to 2 brokers must say 2, or the
 * Kafka is refused, as Strimzi refuses it (KafkaCluster.validateIntConfigProperty).
 */
function factorsForTwoBrokers(o: KubeObject): void {
  if (o.kind !== "Kafka") return;
  const config = (o as unknown as Kafka).spec.kafka.config ?? {};
  for (const key of ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor"]) config[key] = 2;
}
const twoBrokersWillDo = { sidecar: {}, edit: factorsForTwoBrokers };

const sidecarEvents = (c: ClusterInWorld, reason: string): string[] => c.world.server.list<{ reason: string; note: string; metadata: { name: string } }>("events.k8s.io/v1", "Event", c.namespace)
  .filter((e) => e.reason === reason).map((e) => e.note);

t.test("scaling down with deleteClaim: false removes the node's PodSet entry and pod and keeps its claim; scaling up adds node ids and claims", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", twoBrokersWillDo);
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  t.same(brokerClaims(c), ["data-0-my-cluster-broker-0", "data-0-my-cluster-broker-1", "data-0-my-cluster-broker-2"]);
  const retainedUid = uidOf(c, "data-0-my-cluster-broker-2");
  const gone = deletions(c);

  scale(c, 2);
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready");
  t.same(entries(c.podSet("broker")), ["my-cluster-broker-0", "my-cluster-broker-1"], "the highest id leaves the PodSet");
  t.same(brokers(c), ["my-cluster-broker-0", "my-cluster-broker-1"]);
  t.same(gone, ["Pod/my-cluster-broker-2"], "only the pod went: Metacontroller deleted the child the PodSet hook stopped listing");
  t.same(brokerClaims(c), ["data-0-my-cluster-broker-0", "data-0-my-cluster-broker-1", "data-0-my-cluster-broker-2"], "its claim stays");
  t.same(sidecarEvents(c, "PersistentVolumeClaimRetained"), ["data-0-my-cluster-broker-2 is kept: its node was removed and its volume has deleteClaim: false"]);
  t.match(c.pool("broker")?.["status"], { nodeIds: [0, 1], replicas: 2 });
  t.same(c.world.sidecarPodDeletions(), [], "no other pod restarted");

  scale(c, 4);
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready");
  t.same(entries(c.podSet("broker")), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6"],
    "the lowest free ids: 2 again, then 6 (3 to 5 are the controllers')");
  t.same(brokers(c), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-broker-6"]);
  t.same(brokerClaims(c), ["data-0-my-cluster-broker-0", "data-0-my-cluster-broker-1", "data-0-my-cluster-broker-2", "data-0-my-cluster-broker-6"]);
  t.equal(uidOf(c, "data-0-my-cluster-broker-2"), retainedUid, "node 2 comes back to the claim it kept, with its old data (as in Strimzi)");
  t.same(c.world.kubelet.running().filter((p) => p.refusal).map((p) => p.name), [], "and its volume's cluster id matches: it starts");
  t.match(c.pool("broker")?.["status"], { nodeIds: [0, 1, 2, 6], replicas: 4 });
  t.same(c.world.sidecarPodDeletions(), [], "scaling restarts no existing pod");
});

t.test("scaling down with deleteClaim: true deletes the removed node's claim once its pod is gone", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", {
    sidecar: {},
    edit: (o) => {
      factorsForTwoBrokers(o);
      if (o.kind === "KafkaNodePool" && o.metadata.name === "broker") ((o as Pool).spec.storage.volumes[0] as Record<string, unknown>)["deleteClaim"] = true;
    },
  });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const kafkaUid = c.kafka()?.metadata.uid;
  t.same(c.claims().filter((p) => p.metadata?.name?.includes("-broker-")).map((p) => p.metadata?.ownerReferences?.map((r) => `${r.kind}/${r.name} ${r.uid === kafkaUid}`)),
    [["Kafka/my-cluster true"], ["Kafka/my-cluster true"], ["Kafka/my-cluster true"]], "claims with deleteClaim: true are owned by the Kafka");
  const gone = deletions(c);

  scale(c, 2, { "strimzi.io/remove-node-ids": "[0]" });
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready");
  t.same(entries(c.podSet("broker")), ["my-cluster-broker-1", "my-cluster-broker-2"], "strimzi.io/remove-node-ids chooses the node");
  t.same(gone, ["Pod/my-cluster-broker-0", "PersistentVolumeClaim/data-0-my-cluster-broker-0"], "the pod first, then its claim");
  t.same(brokerClaims(c), ["data-0-my-cluster-broker-1", "data-0-my-cluster-broker-2"]);
  t.same(sidecarEvents(c, "PersistentVolumeClaimDeleted"), ["data-0-my-cluster-broker-0 is deleted: its node was removed and its volume has deleteClaim: true"]);
  t.same(c.world.sidecarPodDeletions(), [], "no other pod restarted");

  scale(c, 3);
  await c.world.converge();
  t.same(entries(c.podSet("broker")), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "id 0 is free again and the lowest");
  t.same(brokerClaims(c), ["data-0-my-cluster-broker-0", "data-0-my-cluster-broker-1", "data-0-my-cluster-broker-2"], "a new, empty claim for it");
  t.equal(readiness(c.kafka()), "Ready");
});

t.test("a broker that still hosts partition replicas keeps running until Kafka confirms it can go", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", twoBrokersWillDo);
  t.teardown(() => c.world.stop());
  // What Kafka answers for broker 2: it still hosts replicas.
  c.world.kafka.hostedReplicas.set(2, "broker 2 hosts replicas of 12 partitions (orders-0, orders-1, orders-2, ...)");
  const gone = deletions(c);
  scale(c, 2);
  await c.world.converge();
  t.same(brokers(c), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "broker 2 keeps running");
  t.same(entries(c.podSet("broker")), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "and stays in its PodSet");
  t.same(gone, [], "nothing was deleted");
  t.match(c.pool("broker")?.["status"], { nodeIds: [0, 1, 2], replicas: 3 }, "the pool's status counts the broker still running");
  const ready = conditions(c.kafka()).find((condition) => condition.type === "NotReady");
  t.equal(ready?.reason, "ScaleDownBlocked");
  t.match(ready?.message, /my-cluster-broker-2, which Kafka refuses: broker 2 hosts replicas of 12 partitions.*strimzi\.io\/skip-broker-scaledown-check=true/,
    "the Kafka says why the scale-down waits and what to do");
  t.same(sidecarEvents(c, "BrokerRemovalRefused"), ["broker 2 of my-cluster-broker is kept: broker 2 hosts replicas of 12 partitions (orders-0, orders-1, orders-2, ...)"]);

  // The replicas move away (a rebalance): the next check confirms, and broker 2 goes.
  c.world.kafka.hostedReplicas.delete(2);
  await c.world.converge();
  t.same(brokers(c), ["my-cluster-broker-0", "my-cluster-broker-1"], "broker 2 is removed once Kafka confirms it hosts nothing");
  t.same(gone, ["Pod/my-cluster-broker-2"]);
  t.equal(readiness(c.kafka()), "Ready");
  t.match(c.pool("broker")?.["status"], { nodeIds: [0, 1], replicas: 2 });
  t.equal(c.podSet("broker")?.metadata.annotations?.["kafka-hooks.io/removable-brokers"], undefined, "the confirmation is withdrawn once used");
  t.equal(c.podSet("broker")?.metadata.annotations?.["kafka-hooks.io/brokers-to-remove"], undefined);
});

t.test("strimzi.io/skip-broker-scaledown-check removes a broker without asking Kafka", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", twoBrokersWillDo);
  t.teardown(() => c.world.stop());
  c.world.kafka.hostedReplicas.set(2, "broker 2 hosts replicas of 12 partitions");
  const kafka = c.kafka() as KubeObject;
  c.world.apply({ ...kafka, metadata: { ...kafka.metadata, annotations: { ...kafka.metadata.annotations, "strimzi.io/skip-broker-scaledown-check": "true" } } });
  await c.world.converge();
  scale(c, 2);
  await c.world.converge();
  t.same(brokers(c), ["my-cluster-broker-0", "my-cluster-broker-1"]);
  t.equal(readiness(c.kafka()), "Ready");
  t.notOk(c.world.kafka.questions.some((q) => q.startsWith("remove")), "Kafka was not asked");
});

t.test("the brokers of a deleted KafkaNodePool keep running until Kafka confirms they host no partition replicas", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", twoBrokersWillDo);
  t.teardown(() => c.world.stop());
  const broker = c.pool("broker") as Pool;
  c.world.apply({ ...broker, metadata: { name: "extra", namespace: c.namespace, labels: broker.metadata.labels ?? {} }, spec: { ...broker.spec, replicas: 2 } });
  await c.world.converge();
  t.same(entries(c.podSet("extra")), ["my-cluster-extra-6", "my-cluster-extra-7"]);
  t.equal(readiness(c.kafka()), "Ready");

  c.world.kafka.hostedReplicas.set(7, "broker 7 hosts replicas of 3 partitions (orders-0, orders-1, orders-2)");
  const gone = deletions(c);
  c.world.delete("kafka.strimzi.io/v1", "KafkaNodePool", c.namespace, "extra");
  await c.world.converge();
  t.same(entries(c.podSet("extra")), ["my-cluster-extra-7"], "the broker Kafka confirmed empty went; the other stays in the pool's PodSet");
  t.ok(c.podNames().includes("my-cluster-extra-7"), "and keeps running");
  t.same(gone, ["Pod/my-cluster-extra-6"]);
  t.ok(c.world.list("ConfigMap", c.namespace).some((m) => m.metadata.name === "my-cluster-extra-7"), "with its configuration");
  const revision = (name: string): string | undefined => c.podSet(name)?.metadata.annotations?.[ANNOTATION.podSetsRevision];
  t.equal(revision("extra"), revision("broker"), "the kept PodSet carries the answer's revision, so the roller is not held by it");
  const notReady = conditions(c.kafka()).find((condition) => condition.type === "NotReady");
  t.equal(notReady?.reason, "ScaleDownBlocked");
  t.match(notReady?.message, /my-cluster-extra-7 \(KafkaNodePool extra was deleted\), which Kafka refuses: broker 7 hosts replicas of 3 partitions/);

  c.world.kafka.hostedReplicas.delete(7);
  await c.world.converge();
  t.equal(c.podSet("extra"), undefined, "once confirmed, the PodSet goes");
  t.notOk(c.podNames().includes("my-cluster-extra-7"));
  t.equal(readiness(c.kafka()), "Ready");
});
