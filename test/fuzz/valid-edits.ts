// Valid edits of an existing cluster, the kind GitOps makes every day: pools
// renamed, added, deleted, scaled by more than one, their roles and storage
// changed, Strimzi's node-id and scale-down annotations. Each edit keeps every
// resource valid against our schemas (a generator that makes an invalid one is
// a bug of the fuzzer, reported as such); whether the hooks accept the change is
// theirs to say, with a condition.
import type { KafkaNodePool, ProcessRole, SingleVolumeStorage, Storage } from "../../lib/api/kafka-nodepool.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { validateKafka, validateKafkaNodePool } from "../../lib/api/validate.js";
import type { SyncRequest } from "../../lib/metacontroller.js";

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";
const PODSETS = "StrimziPodSet.core.strimzi.io/v1";

type Random = () => number;
/** One edit of the request, in place; its description, or undefined when it does not apply. */
export type Edit = (request: SyncRequest, random: Random) => string | undefined;

const pick = <T>(items: readonly T[], random: Random): T | undefined => items[Math.floor(random() * items.length)];
const int = (from: number, to: number, random: Random): number => from + Math.floor(random() * (to - from + 1));

function pools(request: SyncRequest): KafkaNodePool[] {
  return Object.values(request.related[POOLS] ?? {}) as KafkaNodePool[];
}

function roleKind(pool: KafkaNodePool): "broker" | "controller" | "dual" {
  const roles = pool.spec.roles;
  if (roles.includes("broker") && roles.includes("controller")) return "dual";
  return roles.includes("controller") ? "controller" : "broker";
}

const cluster = (request: SyncRequest): string => request.parent.metadata.name;

/** Ids the pool's nodes have, from its observed PodSet. */
function observedIds(request: SyncRequest, pool: string): number[] {
  const podSet = request.children[PODSETS]?.[`${request.parent.metadata.namespace}/${cluster(request)}-${pool}`] as StrimziPodSet | undefined;
  return (podSet?.spec.pods ?? []).map((p) => Number(/-(\d+)$/.exec(p.metadata.name)?.[1])).filter(Number.isInteger);
}

function putPool(request: SyncRequest, pool: KafkaNodePool): void {
  request.related[POOLS] = { ...request.related[POOLS], [`${pool.metadata.namespace}/${pool.metadata.name}`]: pool };
}

function deletePool(request: SyncRequest, pool: KafkaNodePool): void {
  delete request.related[POOLS]?.[`${pool.metadata.namespace}/${pool.metadata.name}`];
}

function freePoolName(request: SyncRequest, base: string): string {
  const taken = new Set(pools(request).map((p) => p.metadata.name));
  for (let n = 0; ; n++) {
    const name = n === 0 ? `${base}-b` : `${base}-${n}`;
    if (!taken.has(name)) return name;
  }
}

const SIZES = ["10Gi", "50Gi", "100Gi", "200Gi", "1Ti"] as const;
/** Schema-valid volume ids, small and large. */
const VOLUME_IDS = [0, 1, 2, 7, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e308] as const;

function singleVolume(random: Random, id?: number): SingleVolumeStorage {
  const base = id === undefined ? {} : { id };
  if (random() < 0.3) return { ...base, type: "ephemeral", ...(random() < 0.5 ? { sizeLimit: "1Gi" } : {}) };
  return { ...base, type: "persistent-claim", size: pick(SIZES, random) ?? "100Gi", ...(random() < 0.5 ? { deleteClaim: random() < 0.5 } : {}) };
}

function randomStorage(random: Random): Storage {
  if (random() < 0.5) return singleVolume(random);
  const volumes = Array.from({ length: int(1, 3, random) }, (_, i) => singleVolume(random, i));
  if (volumes[0] && random() < 0.5) volumes[0].kraftMetadata = "shared";
  return { type: "jbod", volumes };
}

const ROLE_SETS: readonly ProcessRole[][] = [["broker"], ["controller"], ["broker", "controller"]];

function renamePool(kind: "broker" | "controller" | "dual"): Edit {
  return (request, random) => {
    const pool = pick(pools(request).filter((p) => roleKind(p) === kind), random);
    if (!pool) return undefined;
    const renamed = structuredClone(pool);
    renamed.metadata.name = freePoolName(request, pool.metadata.name);
    deletePool(request, pool);
    putPool(request, renamed);
    return `rename ${kind} pool ${pool.metadata.name} → ${renamed.metadata.name}`;
  };
}

const changeRoles: Edit = (request, random) => {
  const pool = pick(pools(request), random);
  if (!pool) return undefined;
  const before = roleKind(pool);
  const roles = pick(ROLE_SETS.filter((r) => r.join() !== pool.spec.roles.join()), random) ?? ["broker"];
  pool.spec.roles = [...roles];
  return `roles of ${before} pool ${pool.metadata.name} → ${roles.join("+")}`;
};

/** Strimzi's id list syntax, with ranges. */
const idList = (ids: readonly number[]): string => `[${ids.join(", ")}]`;

const scale: Edit = (request, random) => {
  const pool = pick(pools(request), random);
  if (!pool) return undefined;
  const before = pool.spec.replicas;
  const target = pick([0, 1, 2, 5, before + 2, before + 4, Math.max(0, before - 2)].filter((r) => r !== before), random) ?? 0;
  pool.spec.replicas = target;
  const notes: string[] = [];
  const annotations = { ...pool.metadata.annotations };
  const current = observedIds(request, pool.metadata.name);
  if (target < before && current.length > 0 && random() < 0.5) {
    const removed = current.filter(() => random() < 0.5).slice(0, before - target);
    annotations["strimzi.io/remove-node-ids"] = idList(removed);
    notes.push(`remove-node-ids ${annotations["strimzi.io/remove-node-ids"]}`);
  }
  if (target > before && random() < 0.5) {
    const from = int(0, 20, random);
    annotations["strimzi.io/next-node-ids"] = random() < 0.5 ? `[${from}-${from + target}]` : idList([from, from + 3]);
    notes.push(`next-node-ids ${annotations["strimzi.io/next-node-ids"]}`);
  }
  pool.metadata.annotations = annotations;
  return `scale ${roleKind(pool)} pool ${pool.metadata.name} ${before} → ${target}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
};

const addPool: Edit = (request, random) => {
  const template = pick(pools(request), random);
  if (!template) return undefined;
  const pool = structuredClone(template);
  pool.metadata = { name: freePoolName(request, "pool"), namespace: template.metadata.namespace, labels: { ...template.metadata.labels } };
  pool.spec.roles = [...(random() < 0.6 ? ["broker" as const] : pick(ROLE_SETS, random) ?? ["broker"])];
  pool.spec.replicas = int(1, 3, random);
  pool.spec.storage = randomStorage(random);
  putPool(request, pool);
  return `add ${roleKind(pool)} pool ${pool.metadata.name} × ${pool.spec.replicas} (${pool.spec.storage.type})`;
};

const removePool: Edit = (request, random) => {
  const pool = pick(pools(request), random);
  if (!pool || pools(request).length < 2) return undefined;
  deletePool(request, pool);
  return `delete ${roleKind(pool)} pool ${pool.metadata.name}`;
};

/** The volumes a storage change edits: the jbod's, or the single volume. */
function volumesOf(storage: Storage): SingleVolumeStorage[] {
  return storage.type === "jbod" ? storage.volumes : [storage];
}

const changeStorageType: Edit = (request, random) => {
  const pool = pick(pools(request), random);
  if (!pool) return undefined;
  const before = pool.spec.storage.type;
  pool.spec.storage = randomStorage(random);
  return `storage of ${roleKind(pool)} pool ${pool.metadata.name}: ${before} → ${describeStorage(pool.spec.storage)}`;
};

function describeStorage(storage: Storage): string {
  if (storage.type !== "jbod") return storage.type;
  return `jbod [${storage.volumes.map((v) => `${v.id}:${v.type}`).join(", ")}]`;
}

function jbodPool(request: SyncRequest, random: Random): (KafkaNodePool & { spec: { storage: { type: "jbod"; volumes: SingleVolumeStorage[] } } }) | undefined {
  return pick(pools(request).filter((p) => p.spec.storage.type === "jbod"), random) as ReturnType<typeof jbodPool>;
}

const addVolume: Edit = (request, random) => {
  const pool = jbodPool(request, random);
  if (!pool) return undefined;
  const ids = pool.spec.storage.volumes.map((v) => v.id ?? 0);
  const id = random() < 0.7 ? Math.max(-1, ...ids) + 1 : pick(VOLUME_IDS.filter((i) => !ids.includes(i)), random) ?? 9;
  pool.spec.storage.volumes.push(singleVolume(random, id));
  return `add jbod volume ${id} to ${roleKind(pool)} pool ${pool.metadata.name}`;
};

const removeVolume: Edit = (request, random) => {
  const pool = jbodPool(request, random);
  if (!pool || pool.spec.storage.volumes.length === 0) return undefined;
  const [removed] = pool.spec.storage.volumes.splice(Math.floor(random() * pool.spec.storage.volumes.length), 1);
  return `remove jbod volume ${removed?.id} of ${roleKind(pool)} pool ${pool.metadata.name}`;
};

const renumberVolume: Edit = (request, random) => {
  const pool = jbodPool(request, random);
  const volume = pool && pick(pool.spec.storage.volumes, random);
  if (!pool || !volume) return undefined;
  const ids = pool.spec.storage.volumes.map((v) => v.id);
  const before = volume.id;
  volume.id = pick(VOLUME_IDS.filter((i) => !ids.includes(i)), random) ?? 3;
  return `renumber jbod volume ${before} → ${volume.id} of ${roleKind(pool)} pool ${pool.metadata.name}`;
};

const flipDeleteClaim: Edit = (request, random) => {
  const pool = pick(pools(request), random);
  const volume = pool && pick(volumesOf(pool.spec.storage).filter((v) => v.type === "persistent-claim"), random);
  if (!pool || !volume || volume.type !== "persistent-claim") return undefined;
  volume.deleteClaim = !(volume.deleteClaim ?? false);
  return `deleteClaim ${volume.deleteClaim} on ${roleKind(pool)} pool ${pool.metadata.name}`;
};

const resize: Edit = (request, random) => {
  const pool = pick(pools(request), random);
  const volume = pool && pick(volumesOf(pool.spec.storage).filter((v) => v.type === "persistent-claim"), random);
  if (!pool || !volume || volume.type !== "persistent-claim") return undefined;
  const before = volume.size;
  volume.size = pick(SIZES.filter((s) => s !== before), random) ?? "1Ti";
  return `resize ${roleKind(pool)} pool ${pool.metadata.name} ${before ?? "unset"} → ${volume.size}`;
};

const skipScaleDownCheck: Edit = (request, random) => {
  const annotations = { ...request.parent.metadata.annotations };
  const value = pick(["true", "false", undefined], random);
  if (value === undefined) delete annotations["strimzi.io/skip-broker-scaledown-check"];
  else annotations["strimzi.io/skip-broker-scaledown-check"] = value;
  request.parent.metadata.annotations = annotations;
  return `skip-broker-scaledown-check ${value ?? "removed"}`;
};

/** Every edit by name, with how often it is picked relative to the others. */
export const EDITS: Readonly<Record<string, { edit: Edit; weight: number }>> = {
  "rename broker pool": { edit: renamePool("broker"), weight: 2 },
  "rename controller pool": { edit: renamePool("controller"), weight: 2 },
  "rename dual-role pool": { edit: renamePool("dual"), weight: 2 },
  "change roles": { edit: changeRoles, weight: 2 },
  "scale": { edit: scale, weight: 4 },
  "add pool": { edit: addPool, weight: 2 },
  "delete pool": { edit: removePool, weight: 2 },
  "change storage": { edit: changeStorageType, weight: 2 },
  "add jbod volume": { edit: addVolume, weight: 1 },
  "remove jbod volume": { edit: removeVolume, weight: 1 },
  "renumber jbod volume": { edit: renumberVolume, weight: 1 },
  "flip deleteClaim": { edit: flipDeleteClaim, weight: 1 },
  "resize": { edit: resize, weight: 1 },
  "skip-broker-scaledown-check": { edit: skipScaleDownCheck, weight: 1 },
};
const TOTAL_WEIGHT = Object.values(EDITS).reduce((sum, { weight }) => sum + weight, 0);

function randomEdit(random: Random): string {
  let roll = random() * TOTAL_WEIGHT;
  for (const [kind, { weight }] of Object.entries(EDITS)) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "scale";
}

export interface AppliedEdit {
  /** A name of EDITS. */
  kind: string;
  description: string;
  /** The random numbers the edit drew, to replay it alone. */
  draws: number[];
}

/** One to three valid edits of the request, in place. */
export function applyValidEdits(request: SyncRequest, random: Random): AppliedEdit[] {
  const done: AppliedEdit[] = [];
  const wanted = int(1, 3, random);
  for (let attempt = 0; done.length < wanted && attempt < 20; attempt++) {
    const kind = randomEdit(random);
    const draws: number[] = [];
    const description = EDITS[kind]?.edit(request, () => {
      const draw = random();
      draws.push(draw);
      return draw;
    });
    if (description) done.push({ kind, description, draws });
  }
  return done;
}

/** The edit again, alone, on another request: the same choices as far as they still apply. */
export function replayEdit(request: SyncRequest, edit: AppliedEdit): string | undefined {
  let next = 0;
  return EDITS[edit.kind]?.edit(request, () => edit.draws[next++] ?? 0.5);
}

/** Schema problems of the request's Kafka and pools: none, or the generator is wrong. */
export function schemaProblems(request: SyncRequest): string[] {
  const results = [
    { name: "Kafka", result: validateKafka(structuredClone(request.parent)) },
    ...pools(request).map((pool) => ({ name: `KafkaNodePool/${pool.metadata.name}`, result: validateKafkaNodePool(structuredClone(pool)) })),
  ];
  return results.flatMap(({ name, result }) => (result.ok ? [] : result.problems.map((p) => `${name} ${p.path}: ${p.message}`)));
}
