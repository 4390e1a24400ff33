import t from "tap";
import type { PersistentVolumeClaim, Pod } from "../../../lib/api/kubernetes.js";
import { planClaims } from "../../../lib/volumes/claim-plan.js";
import { desiredClaims } from "../../../lib/volumes/desired-claims.js";
import { nextPodAndClaims } from "../../../lib/volumes/delete-pod-and-claims.js";

const kafka = { name: "my-cluster", namespace: "kafka", uid: "uid-kafka" };

function claims(pods: string[], size = "100Gi", deleteClaim = false, storageClass?: string): PersistentVolumeClaim[] {
  return desiredClaims({ kafka, pool: { name: "broker", storage: { type: "persistent-claim", size, deleteClaim, ...(storageClass ? { class: storageClass } : {}) } }, pods });
}

const pod = (name: string, claim: string, annotations: Record<string, string> = {}, deleting = false): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, uid: `uid-${name}`, annotations, ...(deleting ? { deletionTimestamp: "2026-11-24T12:00:00Z" } : {}) },
  spec: { containers: [], volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }] },
});

const none = new Set<string>();

t.test("missing claims are created", async (t) => {
  const desired = claims(["my-cluster-broker-3", "my-cluster-broker-4"]);
  const plan = planClaims({ desired, observed: desired.slice(0, 1), pods: [], unsettledPools: none });
  t.strictSame(plan, { create: desired.slice(1), patch: [], refused: [], remove: [], retain: [] });
});

t.test("a larger size grows the claim; a smaller one is refused", async (t) => {
  const observed = claims(["my-cluster-broker-3"], "100Gi");
  t.strictSame(planClaims({ desired: claims(["my-cluster-broker-3"], "200Gi"), observed, pods: [], unsettledPools: none }), {
    create: [],
    patch: [{ name: "data-my-cluster-broker-3", changes: [{ kind: "grow", from: "100Gi", to: "200Gi" }], patch: { spec: { resources: { requests: { storage: "200Gi" } } } } }],
    refused: [],
    remove: [],
    retain: [],
  });
  t.strictSame(planClaims({ desired: claims(["my-cluster-broker-3"], "50Gi"), observed, pods: [], unsettledPools: none }), {
    create: [],
    patch: [],
    refused: [{ name: "data-my-cluster-broker-3", message: "the claim stays at 100Gi: a PersistentVolumeClaim is never shrunk (requested 50Gi)" }],
    remove: [],
    retain: [],
  });
  t.strictSame(planClaims({ desired: claims(["my-cluster-broker-3"], "107374182400"), observed, pods: [], unsettledPools: none }).patch, [], "same size, other spelling");
});

t.test("a new storage class is refused: it cannot change", async (t) => {
  const plan = planClaims({ desired: claims(["my-cluster-broker-3"], "100Gi", false, "fast"), observed: claims(["my-cluster-broker-3"], "100Gi", false, "slow"), pods: [], unsettledPools: none });
  t.strictSame(plan.refused, [{ name: "data-my-cluster-broker-3", message: "the storage class stays slow: the class of an existing claim cannot change (requested fast)" }]);
});

t.test("deleteClaim turned on or off moves the Kafka ownerReference", async (t) => {
  const kept = claims(["my-cluster-broker-3"], "100Gi", false);
  const deleted = claims(["my-cluster-broker-3"], "100Gi", true);
  t.strictSame(planClaims({ desired: deleted, observed: kept, pods: [], unsettledPools: none }).patch, [{
    name: "data-my-cluster-broker-3",
    changes: [{ kind: "deleteClaim", to: true }],
    patch: { metadata: {
      annotations: { "strimzi.io/delete-claim": "true" },
      ownerReferences: [{ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "my-cluster", uid: "uid-kafka", blockOwnerDeletion: false, controller: false }],
    } },
  }]);
  t.strictSame(planClaims({ desired: kept, observed: deleted, pods: [], unsettledPools: none }).patch, [{
    name: "data-my-cluster-broker-3",
    changes: [{ kind: "deleteClaim", to: false }],
    patch: { metadata: { annotations: { "strimzi.io/delete-claim": "false" }, ownerReferences: null } },
  }]);
});

t.test("claims of removed nodes: deleted with deleteClaim, kept without, never while mounted", async (t) => {
  const observed = [...claims(["my-cluster-broker-4"], "100Gi", true), ...claims(["my-cluster-broker-5"], "100Gi", false), ...claims(["my-cluster-broker-6"], "100Gi", true)];
  const plan = planClaims({
    desired: [],
    observed,
    pods: [pod("my-cluster-broker-6", "data-my-cluster-broker-6", {}, true)],
    unsettledPools: none,
  });
  t.strictSame(plan, { create: [], patch: [], refused: [], remove: ["data-my-cluster-broker-4"], retain: ["data-my-cluster-broker-5"] });
  t.strictSame(planClaims({ desired: [], observed, pods: [], unsettledPools: new Set(["broker"]) }),
    { create: [], patch: [], refused: [], remove: [], retain: [] }, "a pool whose pods are not known yet keeps its claims");
});

t.test("strimzi.io/delete-pod-and-pvc: one pod at a time, its claims with it", async (t) => {
  const observed = claims(["my-cluster-broker-3", "my-cluster-broker-4"]);
  const pods = [
    pod("my-cluster-broker-4", "data-my-cluster-broker-4", { "strimzi.io/delete-pod-and-pvc": "true" }),
    pod("my-cluster-broker-3", "data-my-cluster-broker-3", { "strimzi.io/delete-pod-and-pvc": "true" }),
  ];
  t.strictSame(nextPodAndClaims(pods, observed), { pod: "my-cluster-broker-3", uid: "uid-my-cluster-broker-3", claims: ["data-my-cluster-broker-3"] });
  t.equal(nextPodAndClaims([...pods, pod("my-cluster-broker-5", "data-my-cluster-broker-5", {}, true)], observed), undefined);
  t.equal(nextPodAndClaims([pod("my-cluster-broker-3", "data-my-cluster-broker-3", { "strimzi.io/delete-pod-and-pvc": "false" })], observed), undefined);
});

t.test("the cluster id is recorded on claims that lack it, and never overwritten", async (t) => {
  const withId = (id: string) => desiredClaims({ kafka, pool: { name: "broker", storage: { type: "persistent-claim", size: "100Gi" } }, pods: ["my-cluster-broker-3"], clusterId: id });
  t.equal(withId("abc")[0]?.metadata?.annotations?.["strimzi.io/cluster-id"], "abc");
  t.strictSame(planClaims({ desired: withId("abc"), observed: claims(["my-cluster-broker-3"]), pods: [], unsettledPools: none }).patch, [{
    name: "data-my-cluster-broker-3",
    changes: [{ kind: "clusterId", to: "abc" }],
    patch: { metadata: { annotations: { "strimzi.io/cluster-id": "abc" } } },
  }]);
  t.strictSame(planClaims({ desired: withId("abc"), observed: withId("xyz"), pods: [], unsettledPools: none }), {
    create: [],
    patch: [],
    refused: [{ name: "data-my-cluster-broker-3", message: "the claim records cluster id xyz, not this cluster's abc: its data belongs to another cluster" }],
    remove: [],
    retain: [],
  });
});
