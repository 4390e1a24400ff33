// What the scenario tests share: the real hooks server with a clock the test
// moves and a switch that makes it answer 500, and a Strimzi example applied to
// a world (test/helpers/world.ts) and run to convergence.
import type { AddressInfo } from "node:net";
import type { KubeObject, PersistentVolumeClaim, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { buildServer } from "../../hooks/server.js";
import { NAMESPACE, readExample, testEnvironment } from "./requests.js";
import { World, type WorldOptions } from "./world.js";

export { NAMESPACE };

export const KAFKA_API = "kafka.strimzi.io/v1";
export const PODSET_API = "core.strimzi.io/v1";

export interface HooksUnderTest {
  url: string;
  /** The hooks' clock (Environment.now): tests move it, e.g. into a CA's renewal window. */
  clock: { now: Date };
  /** While true, every hook call answers 500. */
  down: boolean;
  close(): Promise<void>;
}

export async function startHooks(): Promise<HooksUnderTest> {
  const clock = { now: new Date("2026-11-24T12:00:00.000Z") };
  const app = buildServer({ env: { ...testEnvironment(), now: () => clock.now }, logLevel: "silent" });
  const hooks: HooksUnderTest = { url: "", clock, down: false, close: () => app.close() };
  app.addHook("onRequest", async (_request, reply) => {
    if (hooks.down) await reply.code(500).send({ error: "INTERNAL_ERROR", message: "the hooks are down for this test" });
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  hooks.url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return hooks;
}

export type Condition = { type: string; status: string; reason?: string; message?: string };
export const conditions = (object: KubeObject | undefined): Condition[] => ((object?.["status"] as { conditions?: Condition[] } | undefined)?.conditions ?? []);
/** The first condition, as `Type Reason`. */
export const readiness = (object: KubeObject | undefined): string => {
  const first = conditions(object)[0];
  return first ? `${first.type}${first.reason ? ` ${first.reason}` : ""}` : "no status";
};

export interface ClusterInWorld {
  world: World;
  name: string;
  namespace: string;
  /** The example's Kafka and pools, as applied. */
  objects: KubeObject[];
  kafka(): KubeObject | undefined;
  pool(name: string): (KubeObject & { spec: Record<string, unknown> }) | undefined;
  podSet(pool: string): StrimziPodSet | undefined;
  pods(): Pod[];
  podNames(): string[];
  claims(): PersistentVolumeClaim[];
  claimNames(): string[];
}

/** A view of one cluster of a world. */
export function clusterIn(world: World, name: string, namespace: string, objects: KubeObject[]): ClusterInWorld {
  const named = (o: { metadata?: { name?: string } }): string => o.metadata?.name ?? "";
  return {
    world, name, namespace, objects,
    kafka: () => world.get(KAFKA_API, "Kafka", namespace, name),
    pool: (pool) => world.get(KAFKA_API, "KafkaNodePool", namespace, pool),
    podSet: (pool) => world.get<StrimziPodSet & KubeObject>(PODSET_API, "StrimziPodSet", namespace, `${name}-${pool}`),
    pods: () => world.list<KubeObject>("Pod", namespace) as unknown as Pod[],
    podNames: () => world.list("Pod", namespace).map(named),
    claims: () => world.list<KubeObject>("PersistentVolumeClaim", namespace) as unknown as PersistentVolumeClaim[],
    claimNames: () => world.list("PersistentVolumeClaim", namespace).map(named),
  };
}

/** The objects of an example of the given kinds (by default its Kafka and pools), in `namespace`, optionally edited first. */
export function exampleObjects(example: string, namespace = NAMESPACE, edit?: (o: KubeObject) => void, kinds: readonly string[] = ["Kafka", "KafkaNodePool"]): KubeObject[] {
  return readExample(example).filter((o) => kinds.includes(o.kind)).map((o) => {
    const copy: KubeObject = { ...structuredClone(o), metadata: { ...structuredClone(o.metadata), namespace } };
    edit?.(copy);
    return copy;
  });
}

/** A world holding one example (with the sidecar unless told otherwise), run to convergence. */
export async function startCluster(
  hooks: HooksUnderTest,
  example: string,
  options: Omit<WorldOptions, "hooks"> & { edit?: (o: KubeObject) => void } = { sidecar: {} },
): Promise<ClusterInWorld> {
  const { edit, ...worldOptions } = options;
  const world = await World.start({ hooks: hooks.url, ...worldOptions });
  const objects = exampleObjects(example, NAMESPACE, edit);
  for (const o of objects) world.apply(o);
  await world.converge();
  const name = objects.find((o) => o.kind === "Kafka")?.metadata.name ?? "";
  return clusterIn(world, name, NAMESPACE, objects);
}

/**
 * Every object but the user's own (Kafka, pools) and the bookkeeping of leader
 * election and Events, as stored (resourceVersions included): equal snapshots
 * mean nobody wrote anything.
 */
export const snapshot = (world: World): string =>
  JSON.stringify(world.server.all().filter((o) => !["Kafka", "KafkaNodePool", "Lease", "Event"].includes(o.kind ?? "")));

/** Whether a pod is Ready. */
export const isReady = (pod: Pod | undefined): boolean => (pod?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
