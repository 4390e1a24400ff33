// Whether the observed StrimziPodSets can be believed. They are where node ids,
// pools and the cluster id are read back from (observed-nodes.ts), and a 200
// answer deletes every pod entry it leaves out: a PodSet that someone edited
// into contradicting itself (a pod renamed, an id no Kafka node can have, a
// cluster id that no longer matches the volumes') must not be read as the
// cluster's new truth. Both the Kafka hook and the KafkaNodePool hook check
// here first, so they refuse the same PodSets, and nothing changes until the
// PodSet is put right.
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { validateStrimziPodSet } from "../api/validate.js";
import { ANNOTATION } from "../labels.js";
import { REASON } from "../reasons.js";
import type { ModelProblem } from "./types.js";
import { podSetPool } from "./observed-nodes.js";

/** Kafka's node ids are non-negative Java ints. */
export const MAX_NODE_ID = 2 ** 31 - 1;

export const isNodeId = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_NODE_ID;

/** The node id a pod name ends with, written as Kafka writes it (no sign, no leading zeros, no exponent), or undefined. */
export function nodeIdOf(text: string): number | undefined {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_NODE_ID ? id : undefined;
}

export interface ClusterIdSource {
  id: string;
  /** Where it was read, as users name it: `Kafka/my-cluster status.clusterId`. */
  source: string;
}

/** The cluster ids the statuses of a Kafka and its pools remember. */
export function statusClusterIds(objects: ReadonlyArray<{ kind: string; metadata: { name: string }; status?: { clusterId?: string } }>): ClusterIdSource[] {
  return objects.flatMap((o) => (o.status?.clusterId ? [{ id: o.status.clusterId, source: `${o.kind}/${o.metadata.name} status.clusterId` }] : []));
}

export type ObservedPodSets =
  | { ok: true; podSets: StrimziPodSet[] }
  | { ok: false; problems: ModelProblem[] };

const problem = (where: string, path: string, message: string): ModelProblem =>
  ({ reason: REASON.inconsistentObservedState, path: where ? `${where} ${path}` : path, message });

/** What is wrong with one PodSet's pod entries: names that are not `<cluster>-<pool>-<id>` of its own pool, and repeats. */
export function podEntryProblems(cluster: string, podSet: StrimziPodSet, where = `StrimziPodSet/${podSet.metadata.name}`): ModelProblem[] {
  const pool = podSetPool(cluster, podSet);
  const prefix = `${cluster}-${pool}-`;
  const seen = new Set<string>();
  return podSet.spec.pods.flatMap((pod, index) => {
    const name = pod.metadata.name;
    const path = `spec.pods[${index}].metadata.name`;
    if (!name.startsWith(prefix)) return [problem(where, path, `${name} is not a pod of pool ${pool}: its name must be ${prefix}<node id>`)];
    if (nodeIdOf(name.slice(prefix.length)) === undefined) {
      return [problem(where, path, `${name} does not end with a node id: an integer from 0 to ${MAX_NODE_ID} without leading zeros`)];
    }
    if (seen.has(name)) return [problem(where, path, `${name} is listed twice`)];
    seen.add(name);
    return [];
  });
}

/** A PodSet whose cluster id differs from another PodSet's or from any other source's: data formatted with one id refuses to start with another. */
function clusterIdProblems(podSets: readonly StrimziPodSet[], others: readonly ClusterIdSource[]): ModelProblem[] {
  const annotated = podSets.flatMap((ps) => {
    const id = ps.metadata.annotations?.[ANNOTATION.clusterId];
    return id ? [{ id, source: `StrimziPodSet/${ps.metadata.name}` }] : [];
  });
  const sources = [...annotated, ...others.filter((o) => o.id !== "")];
  const odd = annotated.find((a) => sources.some((s) => s.id !== a.id));
  if (odd === undefined) return [];
  const all = sources.map((s) => `${s.source}=${s.id}`).join(", ");
  return [problem(odd.source, `metadata.annotations["${ANNOTATION.clusterId}"]`,
    `the cluster id differs between ${all}; every node's volumes were formatted with one of them and refuse another. Restore the one that was changed to the id in the nodes' meta.properties`)];
}

/**
 * The observed PodSets, typed, when every one has the shape of the StrimziPodSet
 * schema (lib/api/schemas/strimzi-podset.ts), pod entries of its own pool with
 * valid node ids, and a cluster id that agrees with `clusterIds` (the statuses'
 * and the claims'); otherwise every contradiction, naming the PodSet and field.
 */
export function checkObservedPodSets(cluster: string, observed: readonly unknown[], clusterIds: readonly ClusterIdSource[]): ObservedPodSets {
  const podSets: StrimziPodSet[] = [];
  const problems: ModelProblem[] = [];
  for (const object of observed) {
    const name = (object as { metadata?: { name?: unknown } }).metadata?.name;
    const where = `StrimziPodSet/${String(name)}`;
    const validated = validateStrimziPodSet(object);
    if (!validated.ok) {
      problems.push(...validated.problems.map((p) => problem(where, p.path, p.message)));
      continue;
    }
    const podSet = object as StrimziPodSet;
    problems.push(...podEntryProblems(cluster, podSet, where));
    podSets.push(podSet);
  }
  problems.push(...clusterIdProblems(podSets, clusterIds));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, podSets };
}
