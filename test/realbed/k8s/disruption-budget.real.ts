// The PodDisruptionBudget the Kafka hook emits, read by kube-controller-manager's
// real disruption controller over the pods of the cluster's StrimziPodSets, and
// the eviction API (what `kubectl drain` calls) held to it: one node of the
// cluster at a time. There is no kubelet: pods are made Ready through the status
// subresource, as a kubelet would report them.
import t from "tap";
import { join } from "node:path";
import type { KubeObject, OwnerReference } from "../../../lib/api/kubernetes.js";
import { expandPodSet } from "../../../lib/podset/expand.js";
import { exampleCluster } from "../../helpers/example-cluster.js";
import { repoRoot } from "../../helpers/paths.js";
import { crdsEstablished, eventually, startCluster } from "./cluster.js";
import type { JsonMap } from "./rest.js";

const cluster = await startCluster();
t.teardown(() => cluster.stop());
await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
await crdsEstablished(cluster);

const NAMESPACE = "drain";
const inNamespace = <T extends KubeObject>(object: T, ownerReferences?: OwnerReference[]): T =>
  ({ ...object, metadata: { ...object.metadata, namespace: NAMESPACE, ...(ownerReferences ? { ownerReferences } : {}) } });

async function makeReady(pod: JsonMap): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const conditions = ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True", lastTransitionTime: now }));
  await cluster.api.replace({ ...pod, status: { phase: "Running", conditions, startTime: now } }, "status");
}

interface BudgetStatus {
  observedGeneration?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  disruptionsAllowed?: number;
  conditions?: Array<{ type: string; status: string; reason: string; message: string }>;
}

t.test("kafka-persistent's budget lets exactly one of its six nodes be evicted at a time", async (t) => {
  const { children, podSets } = exampleCluster("kafka/kafka-persistent.yaml");
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  const budget = children.find((c) => c.kind === "PodDisruptionBudget");
  if (!budget) throw new Error("no PodDisruptionBudget among the children");
  for (const account of children.filter((c) => c.kind === "ServiceAccount")) await cluster.api.create(inNamespace(account) as unknown as JsonMap);
  await cluster.api.create(inNamespace(budget) as unknown as JsonMap);
  const pods: string[] = [];
  for (const podSet of podSets) {
    const created = await cluster.api.create(inNamespace(podSet) as unknown as JsonMap);
    const metadata = created["metadata"] as { name: string; uid: string };
    // The PodSet hook's pods are Metacontroller children of their StrimziPodSet.
    const owner = { apiVersion: podSet.apiVersion, kind: podSet.kind, name: metadata.name, uid: metadata.uid, controller: true, blockOwnerDeletion: true };
    for (const pod of expandPodSet(podSet) as KubeObject[]) {
      await makeReady(await cluster.api.create(inNamespace(pod, [owner]) as unknown as JsonMap));
      pods.push(pod.metadata.name);
    }
  }
  t.equal(pods.length, 6);

  const budgetRef = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: budget.metadata.name, namespace: NAMESPACE } };
  let last: BudgetStatus = {};
  const status = await eventually("the disruption controller to count every pod healthy", async () => {
    last = ((await cluster.api.get(budgetRef))["status"] ?? {}) as BudgetStatus;
    return last.observedGeneration === 1 && last.currentHealthy === pods.length ? last : undefined;
  }, 60_000, () => `status: ${JSON.stringify(last)}\n${cluster.logTail("kube-controller-manager")}`);
  t.match(status, { currentHealthy: 6, desiredHealthy: 5, expectedPods: 6, disruptionsAllowed: 1 });
  t.match(status.conditions, [{ type: "DisruptionAllowed", status: "True", reason: "SufficientPods" }]);

  const evict = (name: string): Promise<number> => cluster.api.request("POST", `/api/v1/namespaces/${NAMESPACE}/pods/${name}/eviction`,
    { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: NAMESPACE } }).then((reply) => reply.status);
  const [first, second] = [pods[0] ?? "", pods[1] ?? ""];
  t.equal(await evict(first), 201, `${first} is evicted`);
  // The eviction took the one disruption allowed; until the pod is back and Ready, no other goes.
  t.equal(await evict(second), 429, `${second} is refused: too many requests`);
});
