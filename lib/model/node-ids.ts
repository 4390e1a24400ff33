// Node id assignment with Strimzi's rules: ids are stable once assigned; scale-up
// takes ids from `strimzi.io/next-node-ids` (then the lowest free id), scale-down
// removes ids in `strimzi.io/remove-node-ids` (then the highest); no id is ever
// in two pools. Shared by the Kafka hook and the KafkaNodePool hook so that both
// compute the same ids from the same observations.

export interface PoolNodeIdInput {
  pool: string;
  replicas: number;
  /** Ids the pool's nodes have now (read from its observed StrimziPodSet). */
  currentIds: readonly number[];
  /** Raw `strimzi.io/next-node-ids` annotation. */
  nextNodeIds?: string;
  /** Raw `strimzi.io/remove-node-ids` annotation. */
  removeNodeIds?: string;
}

export type NodeIdAssignment =
  | { ok: true; idsByPool: Map<string, number[]> }
  | { ok: false; problems: Array<{ path: string; message: string }> };

/** Parses Strimzi's id list syntax, e.g. `[0, 1, 10-12]`, into ids in the order given. */
export function parseNodeIdRanges(text: string): number[] | undefined {
  const body = text.trim().replace(/^\[/, "").replace(/\]$/, "").trim();
  if (body === "") return [];
  const ids: number[] = [];
  for (const item of body.split(",").map((s) => s.trim())) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to) return undefined;
      for (let id = from; id <= to; id++) ids.push(id);
    } else if (/^\d+$/.test(item)) {
      ids.push(Number(item));
    } else {
      return undefined;
    }
  }
  return ids;
}

function annotationIds(pool: string, name: string, raw: string | undefined, problems: Array<{ path: string; message: string }>): number[] {
  if (raw === undefined) return [];
  const ids = parseNodeIdRanges(raw);
  if (ids === undefined) {
    problems.push({
      path: `KafkaNodePool/${pool} metadata.annotations["${name}"]`,
      message: `"${raw}" is not a list of node ids or ranges like [0, 1, 10-12]`,
    });
    return [];
  }
  return ids;
}

/**
 * @param runningIds ids of every node that still runs, in any pool: also those of
 *   pools that were deleted or renamed, whose brokers are held until Kafka confirms
 *   their removal. None of them is given to another node.
 */
export function assignNodeIds(pools: readonly PoolNodeIdInput[], runningIds: Iterable<number> = []): NodeIdAssignment {
  const problems: Array<{ path: string; message: string }> = [];
  const owner = new Map<number, string>();
  for (const pool of pools) {
    for (const id of pool.currentIds) {
      const other = owner.get(id);
      if (other !== undefined && other !== pool.pool) {
        problems.push({ path: `KafkaNodePool/${pool.pool}`, message: `node id ${id} is also used by KafkaNodePool/${other}` });
      }
      owner.set(id, pool.pool);
    }
  }
  const ordered = [...pools].sort((a, b) => a.pool.localeCompare(b.pool));
  const parsed = ordered.map((pool) => ({
    pool,
    next: annotationIds(pool.pool, "strimzi.io/next-node-ids", pool.nextNodeIds, problems),
    remove: annotationIds(pool.pool, "strimzi.io/remove-node-ids", pool.removeNodeIds, problems),
  }));
  if (problems.length > 0) return { ok: false, problems };

  // Every id in use stays reserved for this sync, including ids being removed, so an
  // id never moves from one pool to another while its old pod may still run.
  const reserved = new Set([...owner.keys(), ...runningIds]);
  const idsByPool = new Map<string, number[]>();
  for (const { pool, next, remove } of parsed) {
    const ids = [...new Set(pool.currentIds)];
    while (ids.length > pool.replicas) {
      const preferred = remove.find((id) => ids.includes(id));
      const victim = preferred ?? Math.max(...ids);
      ids.splice(ids.indexOf(victim), 1);
    }
    let lowest = 0;
    while (ids.length < pool.replicas) {
      let id = next.find((candidate) => !reserved.has(candidate));
      if (id === undefined) {
        while (reserved.has(lowest)) lowest++;
        id = lowest;
      }
      reserved.add(id);
      ids.push(id);
    }
    idsByPool.set(pool.pool, ids.sort((a, b) => a - b));
  }
  return { ok: true, idsByPool };
}
