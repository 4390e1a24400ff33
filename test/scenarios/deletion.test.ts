// Deleting a Kafka and creating it again, through the whole loop: the garbage
// collector removes what the Kafka owned, claims with `deleteClaim: false`
// (which the sidecar created without an owner) stay, and a Kafka created again
// under the same name must find its data. The kubelet stand-in formats each
// volume once with the cluster id of the pod that first starts on it, and a pod
// whose cluster id differs from its volume's crash-loops, as Kafka does.
import t, { type Test } from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { KAFKA_API, conditions, readiness, startCluster, startHooks, type ClusterInWorld } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

type Pool = KubeObject & { spec: { storage: { volumes: Array<Record<string, unknown>> } } };

/** Brokers delete their claims with the Kafka; controllers keep theirs (the example's default). */
const brokerClaimsDeleted = (o: KubeObject): void => {
  if (o.kind === "KafkaNodePool" && o.metadata.name === "broker") ((o as Pool).spec.storage.volumes[0] as Record<string, unknown>)["deleteClaim"] = true;
};

const CONTROLLER_CLAIMS = ["data-0-my-cluster-controller-3", "data-0-my-cluster-controller-4", "data-0-my-cluster-controller-5"];

const clusterId = (c: ClusterInWorld): string | undefined => (c.kafka()?.["status"] as { clusterId?: string } | undefined)?.clusterId;
const claimUids = (c: ClusterInWorld): Record<string, string | undefined> => Object.fromEntries(c.claims().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
const left = (c: ClusterInWorld): string[] => c.world.server.all().filter((o) => o.metadata.namespace === c.namespace && o.kind !== "Event").map((o) => `${o.kind}/${o.metadata.name}`);

async function deleteKafka(t: Test, c: ClusterInWorld, alsoPools: boolean): Promise<void> {
  c.world.delete(KAFKA_API, "Kafka", c.namespace, c.name);
  if (alsoPools) for (const pool of ["broker", "controller"]) c.world.delete(KAFKA_API, "KafkaNodePool", c.namespace, pool);
  await c.world.converge();
  t.same(left(c), [
    ...(alsoPools ? [] : ["KafkaNodePool/broker", "KafkaNodePool/controller"]),
    ...CONTROLLER_CLAIMS.map((n) => `PersistentVolumeClaim/${n}`),
  ], "the garbage collector removed every child (PodSets, their pods, ConfigMaps, Secrets, Services…) and the claims the Kafka owned; the claims with deleteClaim: false stay");
}

t.test("the Kafka deleted and created again with its pools still there finds its data", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: {}, edit: brokerClaimsDeleted });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const id = clusterId(c);
  const uids = claimUids(c);
  t.match(id, /^[A-Za-z0-9_-]{22}$/);

  await deleteKafka(t, c, false);
  t.equal((c.pool("controller")?.["status"] as { clusterId?: string } | undefined)?.clusterId, id, "the pools' status still holds the cluster id");

  c.world.apply(c.objects.find((o) => o.kind === "Kafka") as KubeObject);
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready", conditions(c.kafka())[0]?.message ?? "");
  t.equal(clusterId(c), id, "the same cluster id, read back from the pools' status");
  t.equal(c.podSet("controller")?.metadata.annotations?.[ANNOTATION.clusterId], id);
  for (const claim of CONTROLLER_CLAIMS) t.equal(claimUids(c)[claim], uids[claim], `${claim} is the claim the controller had`);
  t.same(c.world.kubelet.running().filter((p) => p.refusal).map((p) => `${p.name}: ${p.refusal}`), [], "every pod starts on its volume");
});

t.test("the Kafka and its pools deleted (kubectl delete -f of the example) and created again", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: {}, edit: brokerClaimsDeleted });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const id = clusterId(c);
  const uids = claimUids(c);

  await deleteKafka(t, c, true);
  for (const o of c.objects) c.world.apply(o);
  await c.world.converge(15);
  for (const claim of CONTROLLER_CLAIMS) t.equal(claimUids(c)[claim], uids[claim], `${claim}, kept, is mounted again by its controller`);
  const refusals = c.world.kubelet.running().filter((p) => p.refusal).map((p) => `${p.name}: ${p.refusal}`);
  t.comment(`cluster id before: ${id}; after: ${clusterId(c)}; Kafka: ${readiness(c.kafka())}`);
  for (const refusal of refusals) t.comment(refusal);

  // With no PodSet, status or pool left, the id comes from the kept claims, where the sidecar recorded it.
  t.equal(clusterId(c), id, "it finds its data: the same cluster id");
  t.same(refusals, [], "no node refuses its data");
  t.equal(readiness(c.kafka()), "Ready", "and the Kafka becomes Ready");
});

t.test("with generateSecretOwnerReference: false the CAs outlive the Kafka, and a Kafka created again takes them up", async (t) => {
  const keepCas = (o: KubeObject): void => {
    brokerClaimsDeleted(o);
    if (o.kind === "Kafka") Object.assign(o.spec as object, { clusterCa: { generateSecretOwnerReference: false }, clientsCa: { generateSecretOwnerReference: false } });
  };
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: {}, edit: keepCas });
  t.teardown(() => c.world.stop());
  t.equal(readiness(c.kafka()), "Ready");
  const caSecrets = ["my-cluster-cluster-ca-cert", "my-cluster-cluster-ca", "my-cluster-clients-ca-cert", "my-cluster-clients-ca"];
  const data = (name: string) => c.world.get<KubeObject & { data?: Record<string, string> }>("v1", "Secret", c.namespace, name)?.data;
  const before = Object.fromEntries(caSecrets.map((name) => [name, data(name)]));
  for (const name of caSecrets) t.same(data(`${name}-retained`), before[name], `the sidecar keeps an unowned copy of ${name}`);

  c.world.delete(KAFKA_API, "Kafka", c.namespace, c.name);
  await c.world.converge();
  t.same(left(c), [
    "KafkaNodePool/broker", "KafkaNodePool/controller",
    ...CONTROLLER_CLAIMS.map((n) => `PersistentVolumeClaim/${n}`),
    ...caSecrets.map((n) => `Secret/${n}-retained`),
  ].sort(), "the copies stay with the claims; everything the Kafka owned went");

  c.world.apply(c.objects.find((o) => o.kind === "Kafka") as KubeObject);
  await c.world.converge();
  t.equal(readiness(c.kafka()), "Ready", conditions(c.kafka())[0]?.message ?? "");
  for (const name of caSecrets) t.same(data(name), before[name], `${name} is the CA it was: clients keep trusting the cluster`);
  t.same(c.world.kubelet.running().filter((p) => p.refusal).map((p) => `${p.name}: ${p.refusal}`), [], "every pod starts on its volume");
});
