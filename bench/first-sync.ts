// A new cluster's first sync on a freshly started hooks server, measured from
// outside: the time the sync request takes, and the longest a /healthz ping
// (every 5 ms, from a thread of its own) waited meanwhile, which is the longest
// the server's event loop was held. Cold: the sync right after the server
// answers its first /healthz (the key pool empty); warm: once the key pool is
// full. With two CPUs, and pinned to one (taskset) as a CPU limit would leave it.
import { Worker } from "node:worker_threads";
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaNodePool } from "../lib/api/kafka-nodepool.js";
import type { SyncRequest } from "../lib/metacontroller.js";
import { exampleRequest } from "../test/helpers/requests.js";
import { hasTaskset, HooksServer } from "./hooks-server.js";
import type { PingerCommand, PingerReport } from "./healthz-pinger-worker.js";
import { ms } from "./measure.js";

/** A new cluster of `nodes` nodes: Strimzi's dual-role example at 3, else kafka-persistent (3 controllers) with the brokers scaled. */
export function firstSyncRequest(nodes: number): SyncRequest {
  const dualRole = nodes === 3;
  const request = exampleRequest(dualRole ? "kafka/kafka-with-dual-role-nodes.yaml" : "kafka/kafka-persistent.yaml");
  const pool = request.related["KafkaNodePool.kafka.strimzi.io/v1"]?.[dualRole ? "myproject/dual-role" : "myproject/broker"] as KafkaNodePool;
  pool.spec.replicas = dualRole ? 3 : nodes - 3;
  return request;
}

const WARM_POLL_MS = 100;
const WARM_DEADLINE_MS = 60_000;

/** Waits until the key pool holds as many keys as it will keep (its gauge stops rising for a second). */
async function waitForFullPool(server: HooksServer): Promise<number> {
  const deadline = performance.now() + WARM_DEADLINE_MS;
  let last = -1;
  let steadySince = performance.now();
  while (performance.now() < deadline) {
    const available = await server.metric("kafka_hooks_key_pool_available");
    if (available !== last) steadySince = performance.now();
    else if (available > 0 && performance.now() - steadySince >= 1000) return available;
    last = available;
    await sleep(WARM_POLL_MS);
  }
  throw new Error("the key pool did not fill within 60 s");
}

export interface FirstSyncFigure { nodes: number; warm: boolean; oneCpu: boolean; syncMs: number; longestHealthzMs: number; pings: number; longestTurnCpuMs: number; prioritized: boolean; status: number }

export class Pinger {
  private constructor(private readonly worker: Worker) {}
  static start(port: number): Pinger {
    return new Pinger(new Worker(new URL("./healthz-pinger-worker.js", import.meta.url), { workerData: { port } }));
  }
  begin(): void {
    this.worker.postMessage("start" satisfies PingerCommand);
  }
  end(): Promise<PingerReport> {
    return new Promise((resolve, reject) => {
      this.worker.once("message", (report: PingerReport | { error: string }) => ("error" in report ? reject(new Error(report.error)) : resolve(report)));
      this.worker.postMessage("stop" satisfies PingerCommand);
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

export async function measureFirstSync(nodes: number, warm: boolean, oneCpu: boolean): Promise<FirstSyncFigure> {
  const body = JSON.stringify(firstSyncRequest(nodes));
  const server = await HooksServer.start({ oneCpu });
  const pinger = Pinger.start(server.port);
  try {
    if (warm) await waitForFullPool(server);
    await server.longestTurnCpu();
    pinger.begin();
    const start = performance.now();
    const answer = await server.post("/kafka/sync", body);
    const syncMs = performance.now() - start;
    const report = await pinger.end();
    const turns = await server.longestTurnCpu();
    return { nodes, warm, oneCpu, syncMs, longestHealthzMs: report.longestMs, pings: report.pings, longestTurnCpuMs: turns.longestMs, prioritized: server.prioritized && report.realTime, status: answer.status };
  } finally {
    await pinger.close();
    server.stop();
  }
}

export async function firstSyncBenchmarks(sizes: readonly number[] = [3, 6, 30, 100]): Promise<string[]> {
  const cpus = hasTaskset() ? [false, true] : [false];
  const rows: string[] = [];
  let prioritized = true;
  for (const oneCpu of cpus) {
    for (const warm of [false, true]) {
      for (const nodes of sizes) {
        const f = await measureFirstSync(nodes, warm, oneCpu);
        prioritized &&= f.prioritized;
        rows.push(`| ${nodes} | ${warm ? "warm (key pool full)" : "cold (just started)"} | ${oneCpu ? "1 (taskset)" : "2"} | ${f.status} | ${ms(f.syncMs)} | ${ms(f.longestHealthzMs)} | ${f.pings} | ${ms(f.longestTurnCpuMs)} |`);
      }
    }
  }
  return [
    "| nodes | server | CPUs | answer | first sync ms | longest /healthz wait ms | pings | most CPU in one event-loop turn ms |",
    "|---:|---|---|---:|---:|---:|---:|---:|",
    ...rows,
    ...(cpus.length === 1 ? ["", "taskset is not installed: one CPU not measured."] : []),
    ...(prioritized ? [] : ["", "Priorities were refused (not root): the server's main thread and the pinger's ran at the default priority."]),
  ];
}

if (process.argv[1]?.endsWith("/first-sync.js")) {
  const sizes = process.argv.slice(2).map(Number);
  process.stdout.write(`${(await firstSyncBenchmarks(sizes.length > 0 ? sizes : undefined)).join("\n")}\n`);
}
