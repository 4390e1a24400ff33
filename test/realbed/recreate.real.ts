// kafka-persistent.yaml (deleteClaim: false) deleted with its pools, as
// `kubectl delete -f` does, and applied again, on real Kafka: every pod stops
// and goes, the claims and their data stay, the Kafka created again has the
// same cluster id, its brokers accept their old log directories, and the
// messages written before are read back.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { isReady, KAFKA_API, readiness, startHooks } from "../helpers/scenario.js";
import { byNumber, consume, createTopic, produce } from "./clients.js";
import { smallJvms } from "./resources.js";
import { startRealCluster } from "./real-world.js";

const CLAIMS = [0, 1, 2].map((id) => `data-0-my-cluster-broker-${id}`).concat([3, 4, 5].map((id) => `data-0-my-cluster-controller-${id}`)).sort();

t.test("deleted with deleteClaim: false and created again: the same cluster id, the old data readable", async (t) => {
  const hooks = await startHooks();
  t.teardown(() => hooks.close());
  const cluster = await startRealCluster(hooks, "kafka/kafka-persistent.yaml", smallJvms);
  t.teardown(() => cluster.stop());
  const ready = (): boolean => cluster.pods().length === 6 && cluster.pods().every(isReady) && readiness(cluster.kafka()) === "Ready";
  await cluster.until("six pods Ready and the Kafka Ready", ready, 300_000);
  const clusterId = (): string | undefined => (cluster.kafka()?.["status"] as { clusterId?: string } | undefined)?.clusterId;
  const id = clusterId();
  t.match(id, /^[A-Za-z0-9_-]{22}$/);

  const endpoint = { bootstrap: `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092` };
  await createTopic(endpoint, "kept");
  const sent = await produce(endpoint, "kept", 1000);
  const claimUids = new Map(cluster.claims().map((c) => [c.metadata?.name ?? "", c.metadata?.uid]));

  cluster.world.delete(KAFKA_API, "Kafka", cluster.namespace, cluster.name);
  for (const pool of ["broker", "controller"]) cluster.world.delete(KAFKA_API, "KafkaNodePool", cluster.namespace, pool);
  await cluster.until("every pod stopped and gone", () => cluster.pods().length === 0 && cluster.kubelet.pids().length === 0, 180_000);
  t.same(cluster.claimNames().sort(), CLAIMS, "the claims stay");

  for (const o of cluster.objects) cluster.world.apply(o as KubeObject);
  await cluster.until("the Kafka Ready again", ready, 300_000);
  t.equal(clusterId(), id, "the same cluster id");
  for (const [name, uid] of claimUids) t.equal(cluster.claims().find((c) => c.metadata?.name === name)?.metadata?.uid, uid, `${name} is the claim it was`);
  const received = await consume(endpoint, "kept", 1000, 120_000);
  t.same(byNumber(received), sent, "the messages written before the deletion are read back");
});
