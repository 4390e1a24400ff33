// The data-loss oracle catches each kind of loss on a crafted answer, and lets
// through what is safe: a steady answer, a broker Kafka confirmed empty, Strimzi's
// skip-check annotation.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { exampleCluster } from "../helpers/example-cluster.js";
import { dataLosses, type Loss } from "./data-loss-oracle.js";

const separate = exampleCluster("kafka/kafka-persistent.yaml");
const dual = exampleCluster("kafka/kafka-with-dual-role-nodes.yaml");

/** The settled answer, edited by `change`. */
function answerWith(cluster: { children: readonly KubeObject[] }, change: (children: KubeObject[]) => KubeObject[] | void): KubeObject[] {
  const children = structuredClone(cluster.children) as KubeObject[];
  return change(children) ?? children;
}

function podSet(children: readonly KubeObject[], name: string): StrimziPodSet {
  const found = children.find((c): c is StrimziPodSet => c.kind === "StrimziPodSet" && c.metadata.name === name);
  if (!found) throw new Error(`no StrimziPodSet/${name}`);
  return found;
}

const without = (children: KubeObject[], name: string, kind: string): KubeObject[] => children.filter((c) => !(c.kind === kind && c.metadata.name === name));

/** The request with an annotation on an observed PodSet or on the Kafka. */
function annotated(request: SyncRequest, target: "Kafka" | string, key: string, value: string): SyncRequest {
  const copy = structuredClone(request);
  const object = target === "Kafka" ? copy.parent : copy.children["StrimziPodSet.core.strimzi.io/v1"]?.[`myproject/${target}`];
  if (!object) throw new Error(`nothing to annotate: ${target}`);
  object.metadata.annotations = { ...object.metadata.annotations, [key]: value };
  return copy;
}

const kinds = (losses: Loss[]): string[] => losses.map((l) => `${l.kind}: ${l.detail}`);

t.test("a steady answer loses nothing", async (t) => {
  t.same(dataLosses(separate.request, separate.children), []);
  t.same(dataLosses(dual.request, dual.children), []);
});

t.test("a broker pod removed without Kafka's confirmation", async (t) => {
  const answer = answerWith(separate, (c) => void podSet(c, "my-cluster-broker").spec.pods.pop());
  t.same(kinds(dataLosses(separate.request, answer)), ["pod removed: Pod/my-cluster-broker-2 of StrimziPodSet/my-cluster-broker"]);
});

t.test("a broker Kafka confirmed empty may go, with its Secret and ConfigMap", async (t) => {
  const answer = answerWith(separate, (c) => {
    podSet(c, "my-cluster-broker").spec.pods.pop();
    return without(without(c, "my-cluster-broker-2", "Secret"), "my-cluster-broker-2", "ConfigMap");
  });
  t.same(dataLosses(annotated(separate.request, "my-cluster-broker", "kafka-hooks.io/removable-brokers", "2"), answer), []);
  t.same(dataLosses(annotated(separate.request, "Kafka", "strimzi.io/skip-broker-scaledown-check", "true"), answer), [], "skip-check");
  t.same(kinds(dataLosses(annotated(separate.request, "my-cluster-broker", "kafka-hooks.io/removable-brokers", "1"), answer)), [
    "pod removed: Pod/my-cluster-broker-2 of StrimziPodSet/my-cluster-broker",
    "configmap lost: ConfigMap/my-cluster-broker-2",
    "secret lost: Secret/my-cluster-broker-2",
  ], "another broker's confirmation confirms nothing");
});

t.test("a controller goes: never, confirmed or not", async (t) => {
  const answer = answerWith(separate, (c) => void podSet(c, "my-cluster-controller").spec.pods.pop());
  t.same(kinds(dataLosses(annotated(separate.request, "Kafka", "strimzi.io/skip-broker-scaledown-check", "true"), answer)), [
    "pod removed: Pod/my-cluster-controller-5 of StrimziPodSet/my-cluster-controller",
    "controller removed: Pod/my-cluster-controller-5",
  ]);
  const dualAnswer = answerWith(dual, (c) => void podSet(c, "my-cluster-dual-role").spec.pods.pop());
  t.same(kinds(dataLosses(annotated(dual.request, "my-cluster-dual-role", "kafka-hooks.io/removable-brokers", "0-2"), dualAnswer)), [
    "pod removed: Pod/my-cluster-dual-role-2 of StrimziPodSet/my-cluster-dual-role",
    "controller removed: Pod/my-cluster-dual-role-2",
  ], "a dual-role node is a voter");
});

t.test("a role change that adds or removes voters", async (t) => {
  const brokersBecomeControllers = answerWith(separate, (c) => {
    const labels = podSet(c, "my-cluster-broker").spec.podTemplate.metadata.labels ?? {};
    labels["strimzi.io/controller-role"] = "true";
  });
  t.same(kinds(dataLosses(separate.request, brokersBecomeControllers)), [
    "controller added: Pod/my-cluster-broker-0",
    "controller added: Pod/my-cluster-broker-1",
    "controller added: Pod/my-cluster-broker-2",
  ]);
  const dualBecomesBroker = answerWith(dual, (c) => {
    const pod = podSet(c, "my-cluster-dual-role").spec.pods[1];
    if (pod) pod.metadata.labels = { ...pod.metadata.labels, "strimzi.io/controller-role": "false" };
  });
  t.same(kinds(dataLosses(dual.request, dualBecomesBroker)), ["controller removed: Pod/my-cluster-dual-role-1"]);
});

t.test("a node id given to another pool", async (t) => {
  const answer = answerWith(separate, (c) => {
    const broker = podSet(c, "my-cluster-broker");
    const moved = structuredClone(broker);
    moved.metadata.name = "my-cluster-broker-b";
    moved.spec.pods = broker.spec.pods.splice(2, 1).map((pod) => ({ ...pod, metadata: { ...pod.metadata, name: "my-cluster-broker-b-2" } }));
    c.push(moved);
  });
  t.same(kinds(dataLosses(annotated(separate.request, "my-cluster-broker", "kafka-hooks.io/removable-brokers", "2"), answer)), [
    "node id moved: node 2: StrimziPodSet/my-cluster-broker → StrimziPodSet/my-cluster-broker-b",
  ], "even once the old broker was confirmed empty: its pod may still run");
});

t.test("a claim-backed volume lost or renamed", async (t) => {
  const answer = answerWith(separate, (c) => {
    const [first, second] = podSet(c, "my-cluster-broker").spec.pods;
    if (!first || !second) throw new Error("three brokers");
    first.spec.volumes = first.spec.volumes.map((v) => (v.name === "data-0" ? { name: "data-0", emptyDir: {} } : v));
    second.spec.volumes = second.spec.volumes.map((v) => (v.name === "data-0" ? { name: "data-0", persistentVolumeClaim: { claimName: "data-1-my-cluster-broker-1" } } : v));
  });
  t.same(kinds(dataLosses(separate.request, answer)), [
    "claim lost: Pod/my-cluster-broker-0 volume data-0: PersistentVolumeClaim/data-0-my-cluster-broker-0 → none",
    "claim lost: Pod/my-cluster-broker-1 volume data-0: PersistentVolumeClaim/data-0-my-cluster-broker-1 → data-1-my-cluster-broker-1",
  ]);
});

t.test("a CA Secret, a node Secret and a node ConfigMap of surviving nodes", async (t) => {
  const answer = answerWith(separate, (c) => without(without(without(c, "my-cluster-clients-ca", "Secret"), "my-cluster-controller-3", "Secret"), "my-cluster-broker-0", "ConfigMap"));
  t.same(kinds(dataLosses(separate.request, answer)).sort(), [
    "configmap lost: ConfigMap/my-cluster-broker-0",
    "secret lost: Secret/my-cluster-clients-ca",
    "secret lost: Secret/my-cluster-controller-3",
  ]);
});

t.test("a component's certificate goes with the component only", async (t) => {
  const operatorObjects = (c: KubeObject[]) => c.filter((o) => o.metadata.labels?.["strimzi.io/component-type"] !== "entity-user-operator");
  t.ok(separate.children.some((c) => c.kind === "Secret" && c.metadata.name === "my-cluster-entity-user-operator-certs"), "the example runs a User Operator");
  t.same(kinds(dataLosses(separate.request, answerWith(separate, operatorObjects))), [], "the User Operator removed, its RoleBinding, ConfigMap and certificate with it");
  t.same(kinds(dataLosses(separate.request, answerWith(separate, (c) => without(c, "my-cluster-entity-user-operator-certs", "Secret")))),
    ["secret lost: Secret/my-cluster-entity-user-operator-certs"], "its certificate alone, while it still runs");
});

t.test("a whole StrimziPodSet", async (t) => {
  const answer = answerWith(separate, (c) => without(c, "my-cluster-broker", "StrimziPodSet"));
  t.same(kinds(dataLosses(separate.request, answer)), [
    "pod removed: Pod/my-cluster-broker-0 of StrimziPodSet/my-cluster-broker",
    "pod removed: Pod/my-cluster-broker-1 of StrimziPodSet/my-cluster-broker",
    "pod removed: Pod/my-cluster-broker-2 of StrimziPodSet/my-cluster-broker",
    "podset lost: StrimziPodSet/my-cluster-broker",
  ]);
  t.same(dataLosses(annotated(separate.request, "my-cluster-broker", "kafka-hooks.io/removable-brokers", "[0-2]"), answer), [], "every broker confirmed: a deleted pool's PodSet goes");
});

t.test("the cluster id of a PodSet, kept or new", async (t) => {
  const answer = answerWith(separate, (c) => {
    const broker = podSet(c, "my-cluster-broker");
    broker.metadata.annotations = { ...broker.metadata.annotations, "strimzi.io/cluster-id": "another" };
    const added = structuredClone(podSet(c, "my-cluster-controller"));
    added.metadata.name = "my-cluster-extra";
    added.metadata.annotations = { ...added.metadata.annotations, "strimzi.io/cluster-id": "another" };
    added.spec.pods = [];
    c.push(added);
  });
  const id = podSet(separate.children, "my-cluster-broker").metadata.annotations?.["strimzi.io/cluster-id"];
  t.same(kinds(dataLosses(separate.request, answer)), [
    `cluster id changed: StrimziPodSet/my-cluster-broker: ${id} → another`,
    `cluster id changed: new StrimziPodSet/my-cluster-extra: another, cluster ${id}`,
  ]);
});
