// Every child the Kafka hook emits for every Strimzi example, created in a real
// API server: accepted with strict field validation, and read back with every
// field the hook set unchanged (the fixed point Metacontroller's InPlace updates
// need: a child that comes back different is rewritten on every sync). The
// admission model in test/helpers/apiserver-defaults.ts claims the same; here it
// is held against the real server, field by field.
import t from "tap";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../../lib/api/strimzi-podset.js";
import { expandPodSet } from "../../../lib/podset/expand.js";
import { syncKafka } from "../../../lib/sync/kafka-sync.js";
import { admitted, drift } from "../../helpers/apiserver-defaults.js";
import { exampleRequests } from "../../helpers/examples.js";
import { applyUpdate, createdChild, desiredChild } from "../../helpers/metacontroller-standin.js";
import { testEnvironment } from "../../helpers/requests.js";
import { repoRoot } from "../../helpers/paths.js";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { crdsEstablished, startCluster } from "./cluster.js";
import { lost, serverAssigned } from "./compare.js";
import type { Json, JsonMap } from "./rest.js";

const cluster = await startCluster();
t.teardown(() => cluster.stop());
await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
await crdsEstablished(cluster);

// ServiceAccounts first: the ServiceAccount admission plugin refuses a pod whose account is missing.
const ORDER = ["ServiceAccount", "Secret", "ConfigMap", "Service", "NetworkPolicy", "PodDisruptionBudget", "StrimziPodSet"];
const rank = (kind: string): number => ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length;

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";
/** An object as a user would write it: no server-set metadata. */
const asWritten = <T extends KubeObject>(object: T, namespace: string): T => {
  const { name, labels, annotations } = object.metadata;
  return { ...object, metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) } };
};

exampleRequests().forEach(({ example, fixture, request }, index) => {
  t.test(`${fixture}: every child of ${example} is accepted and comes back as sent`, async (t) => {
    const namespace = `children-${index}`;
    await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    const kafka = await cluster.api.create(asWritten(request.parent, namespace) as unknown as JsonMap) as unknown as KubeObject;
    for (const pool of Object.values(request.related[POOLS] ?? {})) await cluster.api.create(asWritten(pool, namespace) as unknown as JsonMap);
    const inNamespace = <T extends KubeObject>(object: T): T => ({ ...object, metadata: { ...object.metadata, namespace } });
    const children = syncKafka(request, testEnvironment()).children.map(inNamespace).sort((a, b) => rank(a.kind) - rank(b.kind));
    t.ok(children.length > 0, "the hook emits children");
    for (const child of children) {
      const what = `${child.kind}/${child.metadata.name}`;
      const desired = desiredChild(kafka, child);
      await cluster.api.create(createdChild(kafka, desired) as unknown as JsonMap);
      const stored = await cluster.api.get(child);
      t.same(drift(child as unknown as Json, stored), [], `${what}: every field the hook set comes back as set`);
      // The model's claim: what it says the server stores, the server stores
      // (addresses the server allocates aside).
      const model = admitted(child);
      t.same(drift(model as Json, serverAssigned(stored, model)), [], `${what}: the admission model agrees with the server`);
      // Metacontroller's next sync merges the same answer into what is stored: nothing to write.
      const merged = applyUpdate(stored as unknown as KubeObject, desired);
      t.same(drift(merged as unknown as Json, stored), [], `${what}: the next sync's three-way merge changes nothing`);
    }
    // Pods are never updated (OnDelete): the server may add to them, but must
    // keep every value the PodSet hook set, quantities included.
    for (const podSet of children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")) {
      for (const pod of expandPodSet(podSet) as KubeObject[]) {
        await cluster.api.create(pod as unknown as JsonMap);
        const stored = await cluster.api.get(pod);
        t.same(lost(pod as unknown as Json, stored), [], `Pod/${pod.metadata.name}: nothing set is lost or changed`);
      }
    }
  });
});

// RBAC lets nobody create a Role granting more than it holds, nor bind one (the
// escalation check), unless it may `escalate` or `bind`. Metacontroller, as
// installed, holds exactly the rules of the Entity Operator's Role instead.
t.test("Metacontroller's generated ClusterRole lets it create the Entity Operator's Role and RoleBindings; without those rules the server refuses", async (t) => {
  const namespace = "rbac-escalation";
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  const generated = yaml.load(readFileSync(join(repoRoot, "manifests", "metacontroller-least-privilege", "cluster-role.yaml"), "utf8")) as { rules: Array<{ resources: string[] }> };
  const request = exampleRequests().find((r) => r.example === "kafka/kafka-persistent.yaml")?.request;
  if (!request) throw new Error("no kafka-persistent example");
  const rbacChildren = syncKafka(request, testEnvironment()).children.filter((c) => c.kind === "Role" || c.kind === "RoleBinding")
    .map((c) => ({ ...c, metadata: { ...c.metadata, namespace } }));
  t.same(rbacChildren.map((c) => `${c.kind}/${c.metadata.name}`), ["Role/my-cluster-entity-operator", "RoleBinding/my-cluster-entity-topic-operator-role", "RoleBinding/my-cluster-entity-user-operator-role"]);
  const actAs = async (user: string, rules: unknown[], object: KubeObject): Promise<string> => {
    await cluster.kubectl(["apply", "-f", "-"], JSON.stringify({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: user }, rules }));
    await cluster.kubectl(["apply", "-f", "-"], JSON.stringify({
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: user },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: user }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
    }));
    return cluster.kubectl(["create", "--as", user, "-f", "-", "-o", "name"], JSON.stringify(object)).then((out) => out.trim(), (error: Error) => error.message);
  };
  // Without the Strimzi kinds' rules, the Role is refused: the check is real.
  const withoutTopics = generated.rules.filter((r) => !r.resources.some((resource) => resource.startsWith("kafkatopics") || resource.startsWith("kafkausers")));
  const [role, ...bindings] = rbacChildren;
  if (!role) throw new Error("no Role");
  t.match(await actAs("metacontroller-without-eo-rules", withoutTopics, role), /forbidden.*escalat|attempting to grant RBAC permissions not currently held/);
  t.equal(await actAs("metacontroller-as-installed", generated.rules, role), "role.rbac.authorization.k8s.io/my-cluster-entity-operator");
  for (const binding of bindings) {
    t.equal(await actAs("metacontroller-as-installed", generated.rules, binding), `rolebinding.rbac.authorization.k8s.io/${binding.metadata.name}`);
  }
});

