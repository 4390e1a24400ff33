// The volumes reconciler with the real client against the stand-in API server.
import t from "tap";
import { MY_CLUSTER_LABELS } from "../helpers/cluster-labels.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { PersistentVolumeClaim, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { NAMESPACE, startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const BROKER_CLAIMS = ["data-0-my-cluster-broker-0", "data-0-my-cluster-broker-1", "data-0-my-cluster-broker-2"];
const CONTROLLER_CLAIMS = ["data-0-my-cluster-controller-3", "data-0-my-cluster-controller-4", "data-0-my-cluster-controller-5"];

const claims = (harness: Harness): PersistentVolumeClaim[] => harness.server.list<PersistentVolumeClaim>("v1", "PersistentVolumeClaim", NAMESPACE);
const claim = (harness: Harness, name: string): PersistentVolumeClaim | undefined => harness.server.get<PersistentVolumeClaim>("v1", "PersistentVolumeClaim", NAMESPACE, name);
const size = (c: PersistentVolumeClaim | undefined): unknown => c?.spec?.resources?.requests?.storage;

/** Changes the broker pool's single JBOD volume, as a user editing the KafkaNodePool would. */
function editBrokerVolume(harness: Harness, change: Record<string, unknown>): void {
  const pool = harness.server.get<KafkaNodePool>("kafka.strimzi.io/v1", "KafkaNodePool", NAMESPACE, "broker");
  if (!pool || pool.spec.storage.type !== "jbod") throw new Error("no broker pool");
  const [volume] = pool.spec.storage.volumes;
  harness.server.put({ ...pool, spec: { ...pool.spec, storage: { type: "jbod", volumes: [{ ...volume, ...change }] } } });
}

/** Scales the broker PodSet down by one node, as the Kafka hook and Metacontroller would. */
function removeBroker(harness: Harness, pod: string): void {
  const podSet = harness.podSet("my-cluster-broker");
  harness.server.put({ ...podSet, spec: { ...podSet.spec, pods: podSet.spec.pods.filter((p) => p.metadata.name !== pod) } } satisfies StrimziPodSet);
  harness.server.remove("v1", "Pod", NAMESPACE, pod);
}

t.test("claims are created for every pod, grown, never shrunk, and kept or deleted with their node", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");

  await until("the claims", () => claims(harness).length === 6);
  t.strictSame(claims(harness).map((c) => c.metadata?.name), [...BROKER_CLAIMS, ...CONTROLLER_CLAIMS]);
  const created = claim(harness, "data-0-my-cluster-broker-0");
  t.strictSame({ labels: created?.metadata?.labels, annotations: created?.metadata?.annotations, owners: created?.metadata?.ownerReferences, spec: created?.spec }, {
    labels: { ...MY_CLUSTER_LABELS, "strimzi.io/pool-name": "broker" },
    annotations: {
      "argocd.argoproj.io/compare-options": "IgnoreExtraneous", "argocd.argoproj.io/sync-options": "Prune=false",
      "strimzi.io/cluster-id": harness.podSet("my-cluster-broker").metadata.annotations?.["strimzi.io/cluster-id"], "strimzi.io/delete-claim": "false",
    },
    owners: undefined,
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } }, volumeMode: "Filesystem" },
  });

  editBrokerVolume(harness, { size: "200Gi" });
  await until("the broker claims to grow", () => BROKER_CLAIMS.every((name) => size(claim(harness, name)) === "200Gi"));
  t.ok(CONTROLLER_CLAIMS.every((name) => size(claim(harness, name)) === "100Gi"), "the controllers' claims keep their size");
  t.ok(harness.server.writes.filter((w) => w.resource === "persistentvolumeclaims" && w.verb === "patch").every((w) => w.contentType === "application/merge-patch+json"));
  await until("the resize Events", () => harness.events().filter((e) => e.reason === "PersistentVolumeClaimResized").length === 6);
  t.strictSame(harness.events().filter((e) => e.reason === "PersistentVolumeClaimResized" && e.regarding === "my-cluster").map((e) => e.note),
    BROKER_CLAIMS.map((name) => `${name} grows from 100Gi to 200Gi`));

  editBrokerVolume(harness, { size: "50Gi" });
  const refusals = () => harness.events().filter((e) => e.reason === "PersistentVolumeClaimChangeRefused");
  await until("the refusals", () => refusals().length === 6);
  await harness.reconciled("sidecar-a", 3);
  t.ok(BROKER_CLAIMS.every((name) => size(claim(harness, name)) === "200Gi"), "a smaller size never shrinks a claim");
  t.strictSame(refusals().filter((e) => e.regarding === "my-cluster").map((e) => [e.type, e.note]), BROKER_CLAIMS.map((name) => [
    "Warning", `${name}: the claim stays at 200Gi: a PersistentVolumeClaim is never shrunk (requested 50Gi)`,
  ]), "said once per claim, not on every resync");

  editBrokerVolume(harness, { size: "200Gi" });
  removeBroker(harness, "my-cluster-broker-2");
  await until("the retention Event", () => harness.events().some((e) => e.reason === "PersistentVolumeClaimRetained"));
  await harness.reconciled("sidecar-a", 3);
  t.ok(claim(harness, "data-0-my-cluster-broker-2"), "deleteClaim: false keeps the claim of a removed node");
  t.strictSame(harness.events().filter((e) => e.reason === "PersistentVolumeClaimRetained").map((e) => [e.related, e.note]), [
    ["data-0-my-cluster-broker-2", "data-0-my-cluster-broker-2 is kept: its node was removed and its volume has deleteClaim: false"],
  ]);

  editBrokerVolume(harness, { deleteClaim: true });
  await until("the Kafka to own the broker claims", () => ["data-0-my-cluster-broker-0", "data-0-my-cluster-broker-1"].every((name) => claim(harness, name)?.metadata?.ownerReferences?.length === 1));
  const kafkaUid = harness.server.get("kafka.strimzi.io/v1", "Kafka", NAMESPACE, "my-cluster")?.metadata.uid;
  t.strictSame(claim(harness, "data-0-my-cluster-broker-0")?.metadata?.ownerReferences, [
    { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "my-cluster", uid: kafkaUid, blockOwnerDeletion: false, controller: false },
  ]);
  t.equal(claim(harness, "data-0-my-cluster-broker-0")?.metadata?.annotations?.["strimzi.io/delete-claim"], "true");
  t.ok(claim(harness, "data-0-my-cluster-broker-2"), "a claim kept earlier stays kept: only claims of current nodes follow the new deleteClaim");

  removeBroker(harness, "my-cluster-broker-1");
  await until("the claim of the removed node to go", () => claim(harness, "data-0-my-cluster-broker-1") === undefined);
  await until("the deletion Event", () => harness.events().some((e) => e.reason === "PersistentVolumeClaimDeleted" && e.related === "data-0-my-cluster-broker-1"));
  t.ok(claim(harness, "data-0-my-cluster-broker-0"), "the claims of remaining nodes stay");
});

t.test("strimzi.io/delete-pod-and-pvc: the claim goes, then the pod; both come back new", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");
  await until("the claims", () => claims(harness).length === 6);
  const before = claim(harness, "data-0-my-cluster-broker-0")?.metadata?.uid;
  const pod = harness.pod("my-cluster-broker-0") as Pod;
  harness.server.put({ ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata?.annotations, "strimzi.io/delete-pod-and-pvc": "true" } } });

  await until("a new claim and a new ready pod", () => {
    const now = claim(harness, "data-0-my-cluster-broker-0")?.metadata?.uid;
    return now !== undefined && now !== before && harness.allPodsCurrent();
  });
  const order = harness.server.writes.filter((w) => w.verb === "delete").map((w) => `${w.resource}/${w.name}`);
  t.strictSame(order, ["persistentvolumeclaims/data-0-my-cluster-broker-0", "pods/my-cluster-broker-0"]);
  t.equal(harness.pod("my-cluster-broker-0")?.metadata?.annotations?.["strimzi.io/delete-pod-and-pvc"], undefined);
  t.ok(harness.events().some((e) => e.reason === "PodAndPersistentVolumeClaimsDeleted" && e.related === "my-cluster-broker-0"));
});
