// The KRaft cluster id is written into every node's storage when it is formatted;
// a node refuses to start on data formatted with another id. So the id is generated
// once, for a cluster that has nothing stateful yet, and from then on read back
// from what exists: the observed children first (they survive a status wipe), then
// the status. An existing cluster whose id cannot be found is an error, never a new id.

export interface ClusterIdSources {
  /** Ids found on observed children (StrimziPodSets, node ConfigMaps), with where each was found. */
  fromChildren: Array<{ id: string; source: string }>;
  /** `status.clusterId` of the Kafka and of its pools. */
  fromStatus: string[];
  /** Whether any stateful child of the cluster was observed. */
  clusterExists: boolean;
}

export type ClusterIdResolution =
  | { ok: true; clusterId: string; generated: boolean }
  | { ok: false; message: string };

/** A Kafka cluster id: a random UUID in Kafka's URL-safe base64 form (22 characters). */
export function newClusterId(random: (bytes: number) => Buffer): string {
  return random(16).toString("base64url");
}

export function resolveClusterId(sources: ClusterIdSources, random: (bytes: number) => Buffer): ClusterIdResolution {
  const childIds = [...new Set(sources.fromChildren.map((c) => c.id))];
  if (childIds.length > 1) {
    const where = sources.fromChildren.map((c) => `${c.source}=${c.id}`).join(", ");
    return { ok: false, message: `the cluster's children disagree on the cluster id (${where}); refusing to change anything until they agree` };
  }
  const id = childIds[0] ?? sources.fromStatus.find((s) => s !== "");
  if (id !== undefined) return { ok: true, clusterId: id, generated: false };
  if (sources.clusterExists) {
    return {
      ok: false,
      message: "the cluster has existing children but no cluster id on them or in the status; a new id would make every node refuse its data. Restore status.clusterId (or the strimzi.io/cluster-id annotation of the StrimziPodSets) with the id in the nodes' meta.properties",
    };
  }
  return { ok: true, clusterId: newClusterId(random), generated: true };
}
