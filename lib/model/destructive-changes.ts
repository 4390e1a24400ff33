// Edits that are valid but would destroy what a running cluster keeps: its KRaft
// quorum and its nodes' volumes. They are refused (the whole sync changes
// nothing, the status names the field), because nothing short of Kafka itself
// could confirm they are safe, and the hook cannot ask Kafka.
//
// The quorum is static (`controller.quorum.voters` in every node's
// configuration): a voter that goes takes its copy of the metadata log with it,
// and a voter that comes joins with an empty one; every other node would have to
// restart with the new voter list at once. Kafka's dynamic quorum (KIP-853:
// `controller.quorum.bootstrap.servers`, AddRaftVoter and RemoveRaftVoter) is
// what makes that safe, one voter at a time, and needs the sidecar to drive it.
import type { KubeObject } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { LABEL } from "../labels.js";
import { dataVolumeName, persistentVolumeClaimName, podSetName } from "../names.js";
import { REASON } from "../reasons.js";
import type { ModelProblem } from "./types.js";
import { podSetPool } from "./observed-nodes.js";
import type { DataVolume, KafkaClusterModel } from "./types.js";

const VOTERS_LINE = /^controller\.quorum\.voters=(.*)$/m;

/** Adds `value` to the list kept under `key`. */
function collect<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface ObservedCluster {
  podSets: readonly StrimziPodSet[];
  /** The observed ConfigMaps: each node's holds the configuration it last started with. */
  configMaps: readonly KubeObject[];
}

interface ObservedPod {
  pool: string;
  name: string;
  nodeId: number;
  isController: boolean;
  /** Data volumes by name: the claim each mounts, or undefined for an emptyDir. */
  dataVolumes: Map<string, string | undefined>;
}

const isDataVolume = (name: string): boolean => name === dataVolumeName(undefined) || name.startsWith(`${dataVolumeName(undefined)}-`);

function observedPods(cluster: string, podSets: readonly StrimziPodSet[]): ObservedPod[] {
  return podSets.flatMap((podSet) => {
    const pool = podSetPool(cluster, podSet);
    const isController = podSet.spec.podTemplate?.metadata?.labels?.[LABEL.controllerRole] === "true";
    const prefix = `${podSetName(cluster, pool)}-`;
    return podSet.spec.pods.map((pod) => ({
      pool,
      name: pod.metadata.name,
      nodeId: Number(pod.metadata.name.slice(prefix.length)),
      isController,
      dataVolumes: new Map((pod.spec?.volumes ?? [])
        .filter((v) => isDataVolume(v.name))
        .map((v) => [v.name, v.persistentVolumeClaim?.claimName] as const)),
    }));
  });
}

/**
 * The voters the running nodes were configured with: every id any observed node's
 * configuration lists (a node held back for its certificate has a ConfigMap before
 * it has a pod); from the controller pods when no configuration was observed.
 */
function currentVoters(pods: readonly ObservedPod[], configMaps: readonly KubeObject[]): Set<number> {
  const running = new Set(pods.map((p) => p.name));
  const fromConfig = configMaps
    .filter((c) => running.has(c.metadata.name))
    .flatMap((c) => {
      const properties = (c.data as Record<string, unknown> | undefined)?.["server.properties"];
      const voters = typeof properties === "string" ? VOTERS_LINE.exec(properties)?.[1] ?? "" : "";
      return [...voters.matchAll(/(?:^|,)(\d+)@/g)].map((m) => Number(m[1]));
    });
  if (fromConfig.length > 0) return new Set(fromConfig);
  return new Set(pods.filter((p) => p.isController && Number.isSafeInteger(p.nodeId)).map((p) => p.nodeId));
}

const idList = (ids: Iterable<number>): string => `[${[...ids].sort((a, b) => a - b).join(", ")}]`;

function quorumProblems(model: KafkaClusterModel, pods: readonly ObservedPod[], configMaps: readonly KubeObject[]): ModelProblem[] {
  const current = currentVoters(pods, configMaps);
  if (current.size === 0) return [];
  const wanted = new Set(model.nodes.filter((n) => n.isController).map((n) => n.nodeId));
  const removed = [...current].filter((id) => !wanted.has(id));
  const added = [...wanted].filter((id) => !current.has(id));
  if (removed.length === 0 && added.length === 0) return [];

  // One problem per pool whose edit changes the quorum, on the field the user changed.
  const removedByPool = new Map<string, number[]>();
  const addedByPool = new Map<string, number[]>();
  for (const id of removed) {
    const pool = pods.find((p) => p.nodeId === id)?.pool ?? model.nodes.find((n) => n.nodeId === id)?.pool;
    collect(removedByPool, pool ?? "", id);
  }
  for (const id of added) collect(addedByPool, model.nodes.find((n) => n.nodeId === id)?.pool ?? "", id);
  const quorum = `the KRaft controller quorum ${idList(current)}`;
  const remedy = "The quorum of a running cluster is static (controller.quorum.voters) and cannot change yet: the existing controllers keep running.";
  const pools = [...new Set([...removedByPool.keys(), ...addedByPool.keys()])].sort();
  return pools.map((pool) => {
    const wanted = model.pools.find((p) => p.name === pool);
    const wasController = pods.some((p) => p.pool === pool && p.isController);
    const hadPods = pods.some((p) => p.pool === pool);
    const field = !wanted || !hadPods ? "" : wanted.roles.includes("controller") === wasController ? " spec.replicas" : " spec.roles";
    const what = [
      removedByPool.has(pool) ? `remove voters ${idList(removedByPool.get(pool) ?? [])}` : undefined,
      addedByPool.has(pool) ? `add voters ${idList(addedByPool.get(pool) ?? [])}` : undefined,
    ].filter(Boolean).join(" and ");
    const cause = wanted ? "" : " (the pool was deleted or renamed)";
    return {
      reason: REASON.controllerQuorumChangeRefused,
      path: `KafkaNodePool/${pool}${field}`,
      message: `would ${what} of ${quorum}${cause}, which loses their metadata log or forms a new quorum. ${remedy}`,
    };
  });
}

function desiredDataVolumes(volumes: readonly DataVolume[], pod: string): Map<string, string | undefined> {
  return new Map(volumes.map((v) => [dataVolumeName(v.id), v.type === "persistent-claim" ? persistentVolumeClaimName(v.id, pod) : undefined]));
}

const storageType = (claim: string | undefined): string => (claim === undefined ? "ephemeral" : "persistent-claim");

function storageProblems(model: KafkaClusterModel, pods: readonly ObservedPod[]): ModelProblem[] {
  const nodes = new Map(model.nodes.map((n) => [n.podName, n]));
  const changes = new Map<string, string[]>();
  for (const pod of pods) {
    const node = nodes.get(pod.name);
    const pool = node && model.pools.find((p) => p.name === node.pool);
    if (!pool) continue;
    const desired = desiredDataVolumes(pool.volumes, pod.name);
    for (const [volume, claim] of pod.dataVolumes) {
      if (!desired.has(volume)) collect(changes, pool.name, `removes volume ${volume} (${storageType(claim)})`);
      else if (desired.get(volume) !== claim) collect(changes, pool.name, `changes volume ${volume} from ${storageType(claim)} to ${storageType(desired.get(volume))}`);
    }
  }
  return [...changes].sort(([a], [b]) => a.localeCompare(b)).map(([pool, what]) => ({
    reason: REASON.storageChangeRefused,
    path: `KafkaNodePool/${pool} spec.storage`,
    message: `${[...new Set(what)].join(" and ")} of running nodes, losing the data on it. As in Strimzi, a pool's storage type cannot change and a JBOD volume goes only once its partitions have moved: restore it (new volumes can be added)`,
  }));
}

/** Edits the cluster's running nodes cannot survive, each on the field that makes it. */
export function destructiveChanges(model: KafkaClusterModel, observed: ObservedCluster): ModelProblem[] {
  const pods = observedPods(model.name, observed.podSets);
  if (pods.length === 0) return [];
  return [...quorumProblems(model, pods, observed.configMaps), ...storageProblems(model, pods)];
}
