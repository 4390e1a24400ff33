// The data-loss oracle: what a 200 answer to a sync of an existing cluster must
// never do, since Metacontroller deletes every observed child the answer leaves
// out, a pod entry that disappears deletes its pod, and the sidecar deletes the
// claims of removed volumes. Written from the observed request and the answer
// alone, with no code of the hooks, so that it judges the hooks rather than
// repeating them.
import type { KubeObject, Volume } from "../../lib/api/kubernetes.js";
import type { PodEntry, StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";

export type LossKind =
  | "pod removed"
  | "controller removed"
  | "controller added"
  | "node id moved"
  | "claim lost"
  | "secret lost"
  | "configmap lost"
  | "podset lost"
  | "cluster id changed";

export interface Loss {
  kind: LossKind;
  /** What was lost, in Kubernetes terms (`Pod/my-cluster-broker-2`, ...). */
  detail: string;
}

const CONTROLLER_ROLE = "strimzi.io/controller-role";
const BROKER_ROLE = "strimzi.io/broker-role";
const CLUSTER_ID = "strimzi.io/cluster-id";
const COMPONENT_TYPE = "strimzi.io/component-type";
const REMOVABLE_BROKERS = "kafka-hooks.io/removable-brokers";
const SKIP_SCALEDOWN_CHECK = "strimzi.io/skip-broker-scaledown-check";

interface ObservedNode {
  podSet: string;
  pod: PodEntry;
  id: number | undefined;
  controller: boolean;
  broker: boolean;
  /** Kafka confirmed it hosts nothing (or the Kafka skips the check): it may go. */
  mayGo: boolean;
}

const podSetsOf = (objects: Iterable<KubeObject>): StrimziPodSet[] =>
  [...objects].filter((o): o is StrimziPodSet => o.kind === "StrimziPodSet");

const observedChildren = (request: SyncRequest): KubeObject[] =>
  Object.values(request.children).flatMap((group) => Object.values(group));

/** The node id in a pod name `<cluster>-<pool>-<id>`. */
function nodeId(podName: string): number | undefined {
  const match = /-(\d+)$/.exec(podName);
  return match ? Number(match[1]) : undefined;
}

/** A pod's role label: its own entry's, else its PodSet template's. */
const role = (podSet: StrimziPodSet, pod: PodEntry, label: string): boolean =>
  (pod.metadata.labels?.[label] ?? podSet.spec?.podTemplate?.metadata?.labels?.[label]) === "true";

/** Ids in Strimzi's list syntax (`0,1` or `[0, 3-5]`); anything unreadable confirms nothing. */
function confirmedIds(podSet: StrimziPodSet): Set<number> {
  const raw = podSet.metadata.annotations?.[REMOVABLE_BROKERS]?.trim().replace(/^\[|\]$/g, "") ?? "";
  const ids = new Set<number>();
  for (const item of raw.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const range = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(item);
    if (!range) return new Set();
    for (let id = Number(range[1]); id <= Number(range[2] ?? range[1]); id++) ids.add(id);
  }
  return ids;
}

function observedNodes(request: SyncRequest): ObservedNode[] {
  const skipCheck = request.parent.metadata.annotations?.[SKIP_SCALEDOWN_CHECK] === "true";
  return podSetsOf(observedChildren(request)).flatMap((podSet) => {
    const confirmed = confirmedIds(podSet);
    return (podSet.spec?.pods ?? []).map((pod) => {
      const id = nodeId(pod.metadata.name);
      const controller = role(podSet, pod, CONTROLLER_ROLE);
      const broker = role(podSet, pod, BROKER_ROLE);
      const mayGo = broker && !controller && (skipCheck || (id !== undefined && confirmed.has(id)));
      return { podSet: podSet.metadata.name, pod, id, controller, broker, mayGo };
    });
  });
}

/** Volume name to claim name, the pod entry's volumes over its template's. */
function claims(podSet: StrimziPodSet, pod: PodEntry): Map<string, string> {
  const volumes: Volume[] = [...(podSet.spec?.podTemplate?.spec?.volumes ?? []), ...(pod.spec?.volumes ?? [])];
  const byName = new Map(volumes.map((v) => [v.name, v]));
  return new Map([...byName].flatMap(([name, v]) => (v.persistentVolumeClaim?.claimName ? [[name, v.persistentVolumeClaim.claimName]] : [])));
}

/** Controller pod names, in PodSets of existing clusters. */
function controllers(podSets: readonly StrimziPodSet[]): Set<string> {
  return new Set(podSets.flatMap((ps) => (ps.spec?.pods ?? []).filter((pod) => role(ps, pod, CONTROLLER_ROLE)).map((pod) => pod.metadata.name)));
}

/** Everything of the observed cluster the answer loses; none for a safe answer. */
export function dataLosses(request: SyncRequest, answer: readonly KubeObject[]): Loss[] {
  const losses: Loss[] = [];
  const observedPodSets = podSetsOf(observedChildren(request));
  const answerPodSets = new Map(podSetsOf(answer).map((ps) => [ps.metadata.name, ps]));
  const nodes = observedNodes(request);
  const gone = new Set<string>();

  for (const node of nodes) {
    const podSet = answerPodSets.get(node.podSet);
    const kept = podSet?.spec?.pods?.find((pod) => pod.metadata.name === node.pod.metadata.name);
    if (!kept) {
      gone.add(node.pod.metadata.name);
      if (!node.mayGo) losses.push({ kind: "pod removed", detail: `Pod/${node.pod.metadata.name} of StrimziPodSet/${node.podSet}` });
      continue;
    }
    const before = claims(observedPodSets.find((ps) => ps.metadata.name === node.podSet) as StrimziPodSet, node.pod);
    const after = podSet ? claims(podSet, kept) : new Map<string, string>();
    for (const [volume, claim] of before) {
      if (after.get(volume) !== claim) {
        losses.push({ kind: "claim lost", detail: `Pod/${node.pod.metadata.name} volume ${volume}: PersistentVolumeClaim/${claim} → ${after.get(volume) ?? "none"}` });
      }
    }
  }

  for (const podSet of observedPodSets) {
    const name = podSet.metadata.name;
    const kept = answerPodSets.get(name);
    if (!kept) {
      if ((podSet.spec?.pods ?? []).some((pod) => !nodes.find((n) => n.pod === pod)?.mayGo)) losses.push({ kind: "podset lost", detail: `StrimziPodSet/${name}` });
      continue;
    }
    const id = podSet.metadata.annotations?.[CLUSTER_ID];
    if (id !== undefined && kept.metadata.annotations?.[CLUSTER_ID] !== id) {
      losses.push({ kind: "cluster id changed", detail: `StrimziPodSet/${name}: ${id} → ${kept.metadata.annotations?.[CLUSTER_ID] ?? "none"}` });
    }
  }
  // A new PodSet formats its volumes with its cluster id: another one splits the cluster.
  const clusterIds = new Set(observedPodSets.flatMap((ps) => ps.metadata.annotations?.[CLUSTER_ID] ?? []));
  if (clusterIds.size === 1) {
    const [id] = clusterIds;
    for (const podSet of answerPodSets.values()) {
      if (observedPodSets.some((ps) => ps.metadata.name === podSet.metadata.name)) continue;
      if (podSet.metadata.annotations?.[CLUSTER_ID] !== id) {
        losses.push({ kind: "cluster id changed", detail: `new StrimziPodSet/${podSet.metadata.name}: ${podSet.metadata.annotations?.[CLUSTER_ID] ?? "none"}, cluster ${id}` });
      }
    }
  }

  // The KRaft quorum of an existing cluster is changed by no answer.
  const votersBefore = controllers(observedPodSets);
  if (votersBefore.size > 0) {
    const votersAfter = controllers([...answerPodSets.values()]);
    for (const pod of votersBefore) if (!votersAfter.has(pod)) losses.push({ kind: "controller removed", detail: `Pod/${pod}` });
    for (const pod of votersAfter) if (!votersBefore.has(pod)) losses.push({ kind: "controller added", detail: `Pod/${pod}` });
  }

  const owner = new Map(nodes.flatMap((n) => (n.id === undefined ? [] : [[n.id, n.podSet] as const])));
  for (const podSet of answerPodSets.values()) {
    for (const pod of podSet.spec?.pods ?? []) {
      const id = nodeId(pod.metadata.name);
      const before = id === undefined ? undefined : owner.get(id);
      if (before !== undefined && before !== podSet.metadata.name) {
        losses.push({ kind: "node id moved", detail: `node ${id}: StrimziPodSet/${before} → StrimziPodSet/${podSet.metadata.name}` });
      }
    }
  }

  // Key-holding Secrets and the ConfigMaps carrying the cluster id, but those of a node that may go,
  // and a component's own client certificate once the answer runs nothing of that component (Kafka
  // Exporter, an Entity Operator's operator removed from the spec): Strimzi deletes it too, and no
  // other object holds or trusts its key. The nodes' and the CAs' Secrets are the `kafka` component's.
  // The Topic Operator's Cruise Control password (`<cluster>-entity-topic-operator-cc-api`, a Cruise
  // Control Secret) goes once either of the two is off, as in Strimzi: only that pair uses it.
  const listed = new Set(answer.map((c) => `${c.kind}/${c.metadata.name}`));
  const components = new Set(answer.map((c) => c.metadata.labels?.[COMPONENT_TYPE]));
  for (const child of observedChildren(request)) {
    const stateful = child.kind === "Secret" || (child.kind === "ConfigMap" && child.metadata.annotations?.[CLUSTER_ID] !== undefined);
    if (!stateful || listed.has(`${child.kind}/${child.metadata.name}`)) continue;
    const ofRemovedNode = gone.has(child.metadata.name) && nodes.some((n) => n.pod.metadata.name === child.metadata.name && n.mayGo);
    const component = child.metadata.labels?.[COMPONENT_TYPE];
    const ofRemovedComponent = child.kind === "Secret" && component !== undefined && component !== "kafka" && !components.has(component);
    const ofRemovedPair = child.kind === "Secret" && child.metadata.name.endsWith("-entity-topic-operator-cc-api")
      && !(components.has("cruise-control") && components.has("entity-topic-operator"));
    if (!ofRemovedNode && !ofRemovedComponent && !ofRemovedPair) losses.push({ kind: child.kind === "Secret" ? "secret lost" : "configmap lost", detail: `${child.kind}/${child.metadata.name}` });
  }
  return losses;
}
