// New clusters on a freshly started hooks server (its own process, as in
// hooks-server.ts), driven as Metacontroller drives them: the Metacontroller
// stand-in (test/helpers/metacontroller-standin.ts) calls the hooks over HTTP,
// applies each answer to the stand-in API server, and the next sync observes
// what the last one applied. A cluster is synced again at once when its sync
// changed a child (Metacontroller's informers see the change and enqueue the
// parent), else after the answer's resyncAfterSeconds; at most five syncs are
// in flight, Metacontroller's default `--workers`. Measured: the time from the
// first sync until every pod of every new cluster is listed in its
// StrimziPodSets, and the longest /healthz wait meanwhile.
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeObject } from "../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { FakeApiServer } from "../test/helpers/fake-apiserver.js";
import { inProcessStore, MetacontrollerStandIn } from "../test/helpers/metacontroller-standin.js";
import { firstSyncRequest, Pinger } from "./first-sync.js";
import { hasTaskset, HooksServer } from "./hooks-server.js";
import { ms } from "./measure.js";

const METACONTROLLER_WORKERS = 5;
// Two minutes: on this shared 2-CPU machine, at a load of 30, 180 keys from lowest-priority threads took over one.
const GIVE_UP_MS = 120_000;

/** Metacontroller's `--workers`: at most that many syncs at once, the others queued. */
class Workers {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= METACONTROLLER_WORKERS) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

/** The Kafka and its pools of a new cluster of `nodes` nodes named `name`. */
function newCluster(nodes: number, name: string): KubeObject[] {
  const request = firstSyncRequest(nodes);
  const kafka = { ...request.parent, metadata: { ...request.parent.metadata, name, uid: `uid-${name}`, generation: 1 } };
  const pools = Object.values(request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {}).map((pool) => ({
    ...pool, metadata: { ...pool.metadata, name: `${name}-${pool.metadata.name}`, uid: `uid-${name}-${pool.metadata.name}`, generation: 1, labels: { ...pool.metadata.labels, "strimzi.io/cluster": name } },
  }));
  return [kafka, ...pools];
}

function podsListed(api: FakeApiServer, name: string): number {
  return api.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", "myproject")
    .filter((podSet) => podSet.metadata.labels?.["strimzi.io/cluster"] === name)
    .reduce((sum, podSet) => sum + podSet.spec.pods.length, 0);
}

export interface DrivenFigure { clusters: number; nodes: number; oneCpu: boolean; allListedMs: number; slowestSyncMs: number; syncs: number; longestHealthzMs: number; longestTurnCpuMs: number; errors: number }

export async function driveNewClusters(clusters: number, nodes: number, oneCpu: boolean): Promise<DrivenFigure> {
  const server = await HooksServer.start({ oneCpu });
  const api = await FakeApiServer.start();
  const pinger = Pinger.start(server.port);
  try {
    const mc = new MetacontrollerStandIn({ hooks: server.url, store: inProcessStore(api) });
    const controller = mc.controllers.find((c) => c.metadata.name === "kafka-hooks-kafka");
    if (!controller) throw new Error("no kafka-hooks-kafka CompositeController in metacontroller/");
    const names = Array.from({ length: clusters }, (_, i) => `new-${i}`);
    for (const name of names) for (const object of newCluster(nodes, name)) api.put(object);
    const workers = new Workers();
    let slowestSyncMs = 0;
    let errors = 0;
    await server.longestTurnCpu();
    pinger.begin();
    const start = performance.now();
    const deadline = start + GIVE_UP_MS;
    await Promise.all(names.map(async (name) => {
      while (podsListed(api, name) < nodes) {
        const parent = await inProcessStore(api).get("kafka.strimzi.io/v1", "Kafka", "myproject", name);
        if (!parent) throw new Error(`${name} is gone`);
        if (performance.now() > deadline) {
          throw new Error(`${name}: ${podsListed(api, name)} of ${nodes} pods listed after ${GIVE_UP_MS / 1000} s; its status: ${JSON.stringify(parent["status"])}`);
        }
        const writes = mc.writes.length;
        const { status, took } = await workers.run(async () => {
          const began = performance.now();
          const code = await mc.sync(controller, parent);
          return { status: code, took: performance.now() - began };
        });
        slowestSyncMs = Math.max(slowestSyncMs, took);
        if (status !== 200) errors++;
        const answer = [...mc.calls].reverse().find((c) => c.parent === `Kafka/${name}`);
        // A sync that changed children is followed at once; otherwise as the answer asks (or a second, for a retry).
        if (mc.writes.length === writes && podsListed(api, name) < nodes) await sleep(1000 * (answer?.resyncAfterSeconds ?? 1));
      }
    }));
    const allListedMs = performance.now() - start;
    const report = await pinger.end();
    const turns = await server.longestTurnCpu();
    return { clusters, nodes, oneCpu, allListedMs, slowestSyncMs, syncs: mc.calls.length, longestHealthzMs: report.longestMs, longestTurnCpuMs: turns.longestMs, errors };
  } finally {
    await pinger.close();
    await api.stop();
    server.stop();
  }
}

export async function drivenBenchmarks(): Promise<string[]> {
  const cases: Array<[number, number]> = [[1, 100], [20, 6]];
  const rows: string[] = [];
  for (const oneCpu of hasTaskset() ? [false, true] : [false]) {
    for (const [clusters, nodes] of cases) {
      const f = await driveNewClusters(clusters, nodes, oneCpu);
      rows.push(`| ${clusters} × ${nodes} nodes | ${oneCpu ? "1 (taskset)" : "2"} | ${ms(f.allListedMs)} | ${f.syncs} | ${ms(f.slowestSyncMs)} | ${f.errors} | ${ms(f.longestHealthzMs)} | ${ms(f.longestTurnCpuMs)} |`);
    }
  }
  return [
    "| new clusters | CPUs | every pod listed after ms | Kafka syncs | slowest sync ms | non-200 answers | longest /healthz wait ms | most CPU in one event-loop turn ms |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ];
}

if (process.argv[1]?.endsWith("/metacontroller-first-sync.js")) {
  const [clusters, nodes, cpus] = process.argv.slice(2).map(Number);
  if (clusters && nodes) {
    const f = await driveNewClusters(clusters, nodes, cpus === 1);
    process.stdout.write(`${JSON.stringify(f)}\n`);
  } else {
    process.stdout.write(`${(await drivenBenchmarks()).join("\n")}\n`);
  }
}
