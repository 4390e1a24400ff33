// Valid edits that a running cluster cannot survive are refused: the whole answer
// keeps every observed child as last applied, and the status names the field.
import t from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { syncKafkaNodePool } from "../../lib/sync/nodepool-sync.js";
import { exampleCluster } from "../helpers/example-cluster.js";
import { testEnvironment } from "../helpers/requests.js";

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";

/** The running cluster's request with its pools edited (the pool map is keyed `namespace/name`). */
function withPools(request: SyncRequest, edit: (pools: Map<string, KafkaNodePool>) => void): SyncRequest {
  const edited = structuredClone(request);
  const pools = new Map(Object.values(edited.related[POOLS] ?? {}).map((p) => [p.metadata.name, p as KafkaNodePool]));
  edit(pools);
  edited.related[POOLS] = Object.fromEntries([...pools.values()].map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  return edited;
}

function pool(pools: Map<string, KafkaNodePool>, name: string): KafkaNodePool {
  const found = pools.get(name);
  if (!found) throw new Error(`no pool ${name}`);
  return found;
}

function renamed(pools: Map<string, KafkaNodePool>, from: string, to: string): void {
  const copy = structuredClone(pool(pools, from));
  pools.delete(from);
  copy.metadata.name = to;
  delete copy.status;
  pools.set(to, copy);
}

function refusal(request: SyncRequest): { reason?: string; message?: string; keptEverything: boolean } {
  const answer = syncKafka(request, testEnvironment());
  const [condition] = answer.status.conditions ?? [];
  return {
    reason: condition?.type === "NotReady" ? condition.reason : undefined,
    message: condition?.message,
    keptEverything: JSON.stringify(answer.children) === JSON.stringify(keepObservedChildren(request.children)),
  };
}

const persistent = exampleCluster("kafka/kafka-persistent.yaml");
const jbod = exampleCluster("kafka/kafka-jbod.yaml");

t.test("the example clusters are running with three controllers [3, 4, 5] and three brokers [0, 1, 2]", async (t) => {
  for (const cluster of [persistent, jbod]) {
    t.same(cluster.podSets.map((ps) => [ps.metadata.name, ps.spec.pods.map((p) => p.metadata.name)]), [
      ["my-cluster-broker", ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]],
      ["my-cluster-controller", ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"]],
    ]);
  }
});

t.test("the controller quorum of a running cluster does not change", async (t) => {
  const cases: Array<[string, (pools: Map<string, KafkaNodePool>) => void, string]> = [
    ["scaled 3 → 1", (pools) => { pool(pools, "controller").spec.replicas = 1; },
      "KafkaNodePool/controller spec.replicas: would remove voters [4, 5] of the KRaft controller quorum [3, 4, 5]"],
    ["scaled 3 → 5", (pools) => { pool(pools, "controller").spec.replicas = 5; },
      "KafkaNodePool/controller spec.replicas: would add voters [6, 7] of the KRaft controller quorum [3, 4, 5]"],
    ["renamed", (pools) => renamed(pools, "controller", "controller-b"),
      "KafkaNodePool/controller: would remove voters [3, 4, 5] of the KRaft controller quorum [3, 4, 5] (the pool was deleted or renamed)"],
    ["roles swapped", (pools) => { pool(pools, "controller").spec.roles = ["broker"]; pool(pools, "broker").spec.roles = ["controller"]; },
      "KafkaNodePool/broker spec.roles: would add voters [0, 1, 2] of the KRaft controller quorum [3, 4, 5], which loses their metadata log or forms a new quorum. The quorum of a running cluster is static (controller.quorum.voters) and cannot change yet: the existing controllers keep running.; KafkaNodePool/controller spec.roles: would remove voters [3, 4, 5]"],
    ["brokers made dual-role", (pools) => { pool(pools, "broker").spec.roles = ["controller", "broker"]; },
      "KafkaNodePool/broker spec.roles: would add voters [0, 1, 2]"],
  ];
  for (const [name, edit, message] of cases) {
    const answer = refusal(withPools(persistent.request, edit));
    t.equal(answer.reason, "ControllerQuorumChangeRefused", name);
    t.match(answer.message, message, name);
    t.match(answer.message, "the existing controllers keep running", name);
    t.ok(answer.keptEverything, `${name}: every observed child is kept as last applied`);
  }
  const renamedPool = refusal(withPools(persistent.request, (pools) => renamed(pools, "controller", "controller-b")));
  t.match(renamedPool.message, "KafkaNodePool/controller-b: would add voters [6, 7, 8]", "the renamed pool's new voters are named too");
});

t.test("a running node's storage type and JBOD volumes do not change", async (t) => {
  const ephemeral = refusal(withPools(persistent.request, (pools) => {
    pool(pools, "broker").spec.storage = { type: "jbod", volumes: [{ id: 0, type: "ephemeral" }] };
  }));
  t.equal(ephemeral.reason, "StorageChangeRefused");
  t.equal(ephemeral.message, "KafkaNodePool/broker spec.storage: changes volume data-0 from persistent-claim to ephemeral of running nodes, losing the data on it. As in Strimzi, a pool's storage type cannot change and a JBOD volume goes only once its partitions have moved: restore it (new volumes can be added). Nothing was changed.");
  t.ok(ephemeral.keptEverything);
  const single = refusal(withPools(persistent.request, (pools) => { pool(pools, "broker").spec.storage = { type: "ephemeral" }; }));
  t.match(single.message, "KafkaNodePool/broker spec.storage: removes volume data-0 (persistent-claim)", "jbod → a single volume renames the volume");

  const removed = refusal(withPools(jbod.request, (pools) => {
    const storage = pool(pools, "broker").spec.storage;
    if (storage.type === "jbod") storage.volumes = storage.volumes.filter((v) => v.id !== 1);
  }));
  t.equal(removed.reason, "StorageChangeRefused");
  t.match(removed.message, "KafkaNodePool/broker spec.storage: removes volume data-1 (persistent-claim) of running nodes");
  t.ok(removed.keptEverything);

  const renumbered = refusal(withPools(jbod.request, (pools) => {
    const storage = pool(pools, "broker").spec.storage;
    if (storage.type === "jbod") storage.volumes = storage.volumes.map((v) => (v.id === 1 ? { ...v, id: 7 } : v));
  }));
  t.match(renumbered.message, "removes volume data-1 (persistent-claim)", "a renumbered volume is a removed one");

  const persistentClaim = refusal(withPools(jbod.request, (pools) => {
    pool(pools, "broker").spec.storage = { type: "persistent-claim", size: "100Gi", deleteClaim: false };
  }));
  t.match(persistentClaim.message, "removes volume data-0 (persistent-claim) and removes volume data-1 (persistent-claim)", "jbod → persistent-claim renames the claims");
});

t.test("edits that keep the data go through", async (t) => {
  const added = syncKafka(withPools(jbod.request, (pools) => {
    const storage = pool(pools, "broker").spec.storage;
    if (storage.type === "jbod") storage.volumes.push({ id: 2, type: "persistent-claim", size: "100Gi", deleteClaim: false });
  }), testEnvironment());
  t.notOk(added.status.conditions?.some((c) => c.type === "NotReady" && c.reason === "StorageChangeRefused"), "a JBOD volume can be added");
  const brokers = added.children.find((c): c is StrimziPodSet => c.kind === "StrimziPodSet" && c.metadata.name === "my-cluster-broker");
  t.same(brokers?.spec.pods[0]?.spec?.volumes?.filter((v) => v.name.startsWith("data")).map((v) => v.name), ["data-0", "data-1", "data-2"]);

  const scaledUp = syncKafka(withPools(persistent.request, (pools) => { pool(pools, "broker").spec.replicas = 5; }), testEnvironment());
  t.notOk(scaledUp.status.conditions?.some((c) => c.type === "NotReady" && c.reason === "ControllerQuorumChangeRefused"), "brokers can be added");
});

t.test("a renamed broker pool takes new ids: its old brokers are held with theirs until Kafka confirms them", async (t) => {
  const request = withPools(persistent.request, (pools) => renamed(pools, "broker", "broker-b"));
  const answer = syncKafka(request, testEnvironment());
  const pods = (name: string) => answer.children
    .find((c): c is StrimziPodSet => c.kind === "StrimziPodSet" && c.metadata.name === name)?.spec.pods.map((p) => p.metadata.name);
  t.same(pods("my-cluster-broker"), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "the old pool's brokers keep running");
  t.same(pods("my-cluster-broker-b"), ["my-cluster-broker-b-6", "my-cluster-broker-b-7", "my-cluster-broker-b-8"], "the new pool gets ids no running node has");

  // The pool hook, on the same observations, assigns the same ids.
  const renamedPool = Object.values(request.related[POOLS] ?? {}).find((p) => p.metadata.name === "broker-b");
  if (!renamedPool) throw new Error("the renamed pool is among the related pools");
  const poolAnswer = syncKafkaNodePool({
    controller: request.controller,
    parent: renamedPool,
    children: {},
    related: {
      "Kafka.kafka.strimzi.io/v1": { [`${request.parent.metadata.namespace}/${request.parent.metadata.name}`]: request.parent },
      [POOLS]: request.related[POOLS] ?? {},
      "StrimziPodSet.core.strimzi.io/v1": request.children["StrimziPodSet.core.strimzi.io/v1"] ?? {},
    },
  }, testEnvironment());
  t.same(poolAnswer.status.nodeIds, [6, 7, 8]);
});

t.test("dual-role nodes that are to become controllers only keep the broker role until Kafka confirms they host no replicas", async (t) => {
  const dual = exampleCluster("kafka/kafka-with-dual-role-nodes.yaml");
  const request = withPools(dual.request, (pools) => {
    pool(pools, "dual-role").spec.roles = ["controller"];
    const brokers = structuredClone(pool(pools, "dual-role"));
    brokers.metadata.name = "brokers";
    brokers.spec.roles = ["broker"];
    pools.set("brokers", brokers);
  });
  const held = syncKafka(request, testEnvironment());
  const podSetOf = (children: typeof held.children) => children.find((c): c is StrimziPodSet => c.kind === "StrimziPodSet" && c.metadata.name === "my-cluster-dual-role");
  t.equal(podSetOf(held.children)?.metadata.annotations?.["kafka-hooks.io/brokers-to-remove"], "0,1,2");
  t.equal(podSetOf(held.children)?.spec.podTemplate.metadata?.labels?.["strimzi.io/broker-role"], "true", "still brokers");
  t.match(held.status.conditions?.[0], { type: "NotReady", reason: "ScaleDownPending", message: "the broker role of my-cluster-dual-role-0, my-cluster-dual-role-1, my-cluster-dual-role-2, until Kafka confirms they host no partition replicas" });

  const confirmed = structuredClone(request);
  const observed = Object.values(confirmed.children["StrimziPodSet.core.strimzi.io/v1"] ?? {}).find((ps) => ps.metadata.name === "my-cluster-dual-role");
  if (!observed) throw new Error("the dual-role PodSet is observed");
  observed.metadata.annotations = { ...observed.metadata.annotations, "kafka-hooks.io/removable-brokers": "0,1,2" };
  const answer = syncKafka(confirmed, testEnvironment());
  t.equal(podSetOf(answer.children)?.spec.podTemplate.metadata?.labels?.["strimzi.io/broker-role"], "false", "confirmed, they become controllers only");
  t.same(podSetOf(answer.children)?.spec.pods.map((p) => p.metadata.name), ["my-cluster-dual-role-0", "my-cluster-dual-role-1", "my-cluster-dual-role-2"]);
});
