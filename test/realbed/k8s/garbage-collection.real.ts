// A Kafka deleted from a real API server: kube-controller-manager's garbage
// collector removes what its owner references tie to the Kafka (every
// Metacontroller child, the pods of its StrimziPodSets, claims with
// `deleteClaim: true`) and leaves what has no owner on purpose (claims with
// `deleteClaim: false`, the retained copies of CA Secrets with
// `generateSecretOwnerReference: false`).
import t from "tap";
import type { KubeObject, OwnerReference } from "../../../lib/api/kubernetes.js";
import { retainedCopies } from "../../../lib/certificates/retained-cas.js";
import { KAFKA_API_VERSION } from "../../../lib/api/kafka.js";
import { expandPodSet } from "../../../lib/podset/expand.js";
import { desiredClaims } from "../../../lib/volumes/desired-claims.js";
import { settledCluster } from "../../helpers/example-cluster.js";
import { exampleRequest } from "../../helpers/requests.js";
import { repoRoot } from "../../helpers/paths.js";
import { join } from "node:path";
import { crdsEstablished, eventually, startCluster } from "./cluster.js";
import type { JsonMap, ObjectRef } from "./rest.js";

const cluster = await startCluster();
t.teardown(() => cluster.stop());
await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
await crdsEstablished(cluster);

const NAMESPACE = "gc";
const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";

/** Metacontroller's reference from a child to its parent. */
const controllerReference = (owner: JsonMap): OwnerReference => {
  const metadata = owner["metadata"] as { name: string; uid: string };
  return { apiVersion: owner["apiVersion"] as string, kind: owner["kind"] as string, name: metadata.name, uid: metadata.uid, controller: true, blockOwnerDeletion: true };
};
const owned = <T extends KubeObject>(object: T, owner: JsonMap): T => ({ ...object, metadata: { ...object.metadata, namespace: NAMESPACE, ownerReferences: [controllerReference(owner)] } });
const ref = (object: KubeObject): ObjectRef => ({ apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata.name, namespace: NAMESPACE } });

t.test("deleting a Kafka deletes what it owns and keeps claims and CA Secrets meant to outlive it", async (t) => {
  // kafka-persistent with the broker pool's claims deleted with the cluster and the cluster CA retained.
  const request = structuredClone(exampleRequest("kafka/kafka-persistent.yaml"));
  request.parent.metadata.namespace = NAMESPACE;
  (request.parent.spec as Record<string, unknown>)["clusterCa"] = { generateSecretOwnerReference: false };
  const pools = Object.values(request.related[POOLS] ?? {});
  const brokers = pools.find((p) => p.metadata.name === "broker");
  if (!brokers) throw new Error("kafka-persistent has no broker pool");
  (brokers.spec as { storage: { volumes: Array<{ deleteClaim?: boolean }> } }).storage.volumes.forEach((v) => { v.deleteClaim = true; });
  const { children, podSets } = settledCluster(request);

  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  const kafka = await cluster.api.create({ ...request.parent, metadata: { name: request.parent.metadata.name, namespace: NAMESPACE } } as unknown as JsonMap);
  const kafkaUid = (kafka["metadata"] as { uid: string }).uid;
  for (const pool of pools) await cluster.api.create({ ...pool, metadata: { name: pool.metadata.name, namespace: NAMESPACE, labels: pool.metadata.labels } } as unknown as JsonMap);

  const gone: ObjectRef[] = [];
  // ServiceAccounts before pods: admission refuses a pod whose account is missing.
  for (const child of [...children].sort((a, b) => Number(b.kind === "ServiceAccount") - Number(a.kind === "ServiceAccount"))) {
    const created = await cluster.api.create(owned(child, kafka) as unknown as JsonMap);
    gone.push(ref(child));
    if (child.kind !== "StrimziPodSet") continue;
    for (const pod of expandPodSet(podSets.find((p) => p.metadata.name === child.metadata.name) ?? (child as never)) as KubeObject[]) {
      await cluster.api.create(owned(pod, created) as unknown as JsonMap);
      gone.push(ref(pod));
    }
  }
  // What the sidecar creates itself: claims, owned by the Kafka only with deleteClaim, and retained CA copies, owned by nothing.
  const kept: ObjectRef[] = [];
  for (const pool of pools) {
    const podSet = podSets.find((p) => p.metadata.name === `${request.parent.metadata.name}-${pool.metadata.name}`);
    const claims = desiredClaims({
      kafka: { name: request.parent.metadata.name, namespace: NAMESPACE, uid: kafkaUid },
      pool: { name: pool.metadata.name, storage: (pool.spec as never as { storage: never }).storage },
      pods: podSet?.spec.pods.map((p) => p.metadata.name) ?? [],
    });
    t.ok(claims.length > 0, `${pool.metadata.name} has claims`);
    for (const claim of claims as KubeObject[]) {
      await cluster.api.create(claim as unknown as JsonMap);
      (claim.metadata.ownerReferences ? gone : kept).push(ref(claim));
    }
  }
  const secrets = new Map(children.filter((c) => c.kind === "Secret").map((s) => [s.metadata.name, s]));
  const copies = retainedCopies(request.parent as never, (name) => secrets.get(name) as never) as KubeObject[];
  t.same(copies.map((c) => c.metadata.name).sort(), ["my-cluster-cluster-ca-cert-retained", "my-cluster-cluster-ca-retained"]);
  for (const copy of copies) {
    await cluster.api.create({ ...copy, metadata: { ...copy.metadata, namespace: NAMESPACE } } as unknown as JsonMap);
    kept.push(ref(copy));
  }

  // `kubectl delete kafka` deletes in the background: the Kafka goes at once, the garbage collector does the rest.
  await cluster.kubectl(["delete", "-n", NAMESPACE, "kafka", request.parent.metadata.name, "--wait=false"]);
  let left: string[] = [];
  // The collector notices new kinds (our CRDs) on its 30 s discovery resync, so a minute or two is normal.
  await eventually("the garbage collector to delete every owned object", async () => {
    left = [];
    for (const object of gone) if (await cluster.api.find(object)) left.push(`${object.kind}/${object.metadata.name}`);
    return left.length === 0 ? true : undefined;
  }, 240_000, () => `still there: ${left.join(", ")}\n${cluster.logTail("kube-controller-manager")}`);
  t.equal(gone.length, children.length + 6 + 3, `all ${children.length} children, the six pods and the brokers' three claims deleted`);
  t.notOk(await cluster.api.find({ apiVersion: KAFKA_API_VERSION, kind: "Kafka", metadata: { name: request.parent.metadata.name, namespace: NAMESPACE } }), "the Kafka is gone");
  for (const object of kept) {
    const found = await cluster.api.find(object);
    t.ok(found, `${object.kind}/${object.metadata.name} is kept`);
    t.notOk(found?.["metadata"] && (found["metadata"] as JsonMap)["deletionTimestamp"], `${object.kind}/${object.metadata.name} is not being deleted`);
  }
  t.equal(kept.filter((k) => k.kind === "PersistentVolumeClaim").length, 3, "the controller pool's three claims stay");
});
