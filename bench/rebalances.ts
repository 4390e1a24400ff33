// `node dist/bench/rebalances.js` (and `make bench`): one pass of the sidecar's
// KafkaRebalance reconciler (sidecar/rebalance) over 100 KafkaRebalances in
// flight, 50 PendingProposal and 50 Rebalancing, against the fake Cruise
// Control (test/helpers/fake-cruise-control.ts) over HTTPS, with the caches and
// the Kubernetes writes in memory: what is measured is the reconciler's own work
// (the state machine, the requests and their answers, the comparisons that find
// nothing to write). The fake Cruise Control runs in a worker thread
// (bench/fake-cruise-control-worker.ts): the reconciler's CPU is its thread's
// (process.threadCpuUsage); process.cpuUsage, both threads, bounds it from above.
import { Worker } from "node:worker_threads";
import type { KubernetesObject } from "../lib/api/kubernetes.js";
import { pino } from "pino";
import { clusterCaCertSecretName } from "../lib/names.js";
import { cruiseControlApiSecretName, REBALANCE_OPERATOR_PASSWORD_KEY, REBALANCE_OPERATOR_USER } from "../lib/operands/cruise-control/names.js";
import { CruiseControlConnections, cruiseControlAddress } from "../sidecar/rebalance/connections.js";
import { Rebalances, type RebalanceCache } from "../sidecar/rebalance/rebalances.js";
import type { KindName } from "../sidecar/watched-kinds.js";
import type { Task } from "../test/helpers/fake-cruise-control.js";
import type { CruiseControlWorkerData } from "./fake-cruise-control-worker.js";
import { ms, percentileTiming } from "./measure.js";

const NS = "bench";
const CLUSTER = { namespace: NS, name: "my-cluster" };
const REBALANCES = 100;
const PASSES = 10;
const NOW = new Date("2026-12-06T20:10:00.000Z");

const taskId = (i: number): string => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`;

function inFlight(tasks: Task[]): Map<KindName, KubernetesObject[]> {
  const rebalances: KubernetesObject[] = [];
  const configMaps: KubernetesObject[] = [];
  for (let i = 0; i < REBALANCES; i++) {
    const executing = i % 2 === 1;
    const name = `rebalance-${i}`;
    // One execution at a time in Cruise Control: the others' tasks are InExecution in its memory only.
    tasks.push({ id: taskId(i), state: executing ? "InExecution" : "Active", dryRun: !executing, requestUrl: "POST /kafkacruisecontrol/rebalance" });
    rebalances.push({
      apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
      metadata: { name, namespace: NS, generation: 1, resourceVersion: String(i + 1), labels: { "strimzi.io/cluster": CLUSTER.name } },
      ...{ spec: {}, status: {
        conditions: [{ type: executing ? "Rebalancing" : "PendingProposal", status: "True", lastTransitionTime: "2026-12-06T20:00:00.000Z" }],
        observedGeneration: 1, sessionId: taskId(i),
        ...(executing ? { optimizationResult: { numReplicaMovements: 19, afterBeforeLoadConfigMap: name }, progress: { rebalanceProgressConfigMap: name } } : {}),
      } },
    } as KubernetesObject);
    if (executing) configMaps.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS }, ...{ data: { "brokerLoad.json": "{}" } } } as KubernetesObject);
  }
  const kafka = { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: CLUSTER.name, namespace: NS }, ...{ spec: { cruiseControl: {} }, status: { conditions: [{ type: "Ready", status: "True" }] } } } as KubernetesObject;
  return new Map<KindName, KubernetesObject[]>([["kafkaRebalances", rebalances], ["rebalanceConfigMaps", configMaps], ["kafkas", [kafka]]]);
}

export async function rebalanceBenchmarks(): Promise<string[]> {
  const service = cruiseControlAddress(CLUSTER);
  const tasks: Task[] = [];
  const objects = inFlight(tasks);
  const worker = new Worker(new URL("./fake-cruise-control-worker.js", import.meta.url), {
    workerData: { serverName: service.host, user: REBALANCE_OPERATOR_USER, password: "bench", executionStartedAt: "2026-12-06T20:00:00Z", tasks } satisfies CruiseControlWorkerData,
  });
  const ask = <T>(message?: string): Promise<T> => new Promise((resolve) => {
    worker.once("message", resolve);
    if (message) worker.postMessage(message);
  });
  const cruiseControl = await ask<{ port: number; caCertPem: string }>();
  // The executor's state as recorded moves 20 of 100 MB: the progress keys, once written, stay the same pass after pass.
  const cache: RebalanceCache = {
    health: () => ({ ok: true, failing: [] }),
    objects: (kind) => objects.get(kind) ?? [],
    find: (kind, namespace, name) => (objects.get(kind) ?? []).find((o) => o.metadata?.namespace === namespace && o.metadata.name === name),
  };
  const writes: string[] = [];
  const configMapData = (name: string): Record<string, string> | undefined =>
    (cache.find("rebalanceConfigMaps", NS, name) as { data?: Record<string, string> } | undefined)?.data;
  const actions = {
    // As the API server and then the informer would: the status stored, under a new resourceVersion.
    async replaceRebalanceStatus(rebalance: { metadata: { name: string } }, status: object) {
      writes.push(`status ${rebalance.metadata.name}`);
      const stored = cache.find("kafkaRebalances", NS, rebalance.metadata.name) as KubernetesObject & { status?: object };
      stored.status = status;
      stored.metadata = { ...stored.metadata, resourceVersion: `${stored.metadata?.resourceVersion}+` };
      return stored.metadata.resourceVersion;
    },
    async annotateRebalance(_namespace: string, name: string) { writes.push(`annotation ${name}`); },
    async createConfigMap() { writes.push("configmap create"); return "created" as const; },
    async patchConfigMapData(_namespace: string, name: string, data: Record<string, string | null>) {
      writes.push(`configmap ${name}`);
      const stored = configMapData(name);
      if (stored) for (const [key, value] of Object.entries(data)) if (value === null) delete stored[key]; else stored[key] = value;
    },
  };
  const secrets: Record<string, Record<string, string>> = {
    [clusterCaCertSecretName(CLUSTER.name)]: { "ca.crt": cruiseControl.caCertPem },
    [cruiseControlApiSecretName(CLUSTER.name)]: { [REBALANCE_OPERATOR_PASSWORD_KEY]: "bench" },
  };
  const connections = new CruiseControlConnections({
    readSecret: async (_namespace, name) => secrets[name],
    address: () => ({ host: "127.0.0.1", port: cruiseControl.port, servername: service.host }),
    maxAgeMs: 3_600_000,
  });
  let done = 0;
  let waiting: (() => void) | undefined;
  const rebalances = new Rebalances({
    cache, actions, connections, logger: pino({ level: "silent" }), clock: () => NOW,
    pollIntervalMs: 3_600_000, resyncIntervalMs: 3_600_000,
    onReconciled: () => { done++; if (done % REBALANCES === 0) waiting?.(); },
  });
  const pass = async (): Promise<{ threadMs: number; processMs: number; wallMs: number }> => {
    const finished = new Promise<void>((resolve) => { waiting = resolve; });
    const thread = process.threadCpuUsage();
    const cpu = process.cpuUsage();
    const wall = performance.now();
    rebalances.start(new AbortController().signal);
    await finished;
    const threadUsed = process.threadCpuUsage(thread);
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - wall;
    await rebalances.stop();
    return { threadMs: (threadUsed.user + threadUsed.system) / 1000, processMs: (used.user + used.system) / 1000, wallMs };
  };
  // Warm-up: TLS sessions, the JIT, and the first pass's progress written to the ConfigMaps.
  await pass();
  await pass();
  const writesBefore = writes.length;
  const thread: number[] = [];
  const both: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    const { threadMs, processMs, wallMs } = await pass();
    thread.push(threadMs);
    both.push(processMs);
    wall.push(wallMs);
  }
  connections.closeAll();
  const { requests } = await ask<{ requests: number }>("requests");
  worker.postMessage("stop");
  const row = (what: string, samples: number[]): string => {
    const timing = percentileTiming(samples);
    return `| ${what} | ${ms(timing.median)} | ${ms(timing.p99)} | ${timing.runs} |`;
  };
  return [
    "| one pass over 100 KafkaRebalances in flight (50 PendingProposal, 50 Rebalancing) | median | p99 | passes |",
    "|---|---:|---:|---:|",
    row("CPU ms of the reconciler's thread (process.threadCpuUsage)", thread),
    row("CPU ms of the process, the fake Cruise Control's thread included (process.cpuUsage)", both),
    row("wall-clock ms", wall),
    "",
    `Requests to Cruise Control: ${requests / (PASSES + 2)} a pass (a task's state for each, the executor's for each Rebalancing one); `
      + `Kubernetes writes in the measured passes: ${writes.length - writesBefore} (nothing changed, so nothing written).`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${(await rebalanceBenchmarks()).join("\n")}\n`);
}
