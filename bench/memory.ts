// Memory: what a remembered cluster really costs in heap against what the
// caches estimate (lib/heap-size.ts), the hooks process serving 100 clusters of
// 30 nodes and 250 clusters with a 1 MB configuration value each, and the peak
// of a request at the body limit. The three last run the server in a process of its own
// (test/helpers/hooks-process.ts), as the container does. Needs
// `node --expose-gc` for the first (make bench does).
import type { KubeObject } from "../lib/api/kubernetes.js";
import type { SyncRequest } from "../lib/metacontroller.js";
import type { Environment } from "../lib/environment.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { createSyncMemory, type SyncMemory } from "../lib/sync/remembered.js";
import { BODY_LIMIT_BYTES } from "../hooks/server.js";
import { settledCluster } from "../test/helpers/example-cluster.js";
import { HooksProcess, largeClusterRequest, measureManyClusters, measureManyLargeClusters, type MemoryFigures } from "../test/helpers/memory-scenario.js";
import { testEnvironment } from "../test/helpers/requests.js";
import { firstSyncRequest } from "./first-sync.js";
import { steadyState } from "./steady-state.js";

const MiB = 2 ** 20;
const mib = (bytes: number): string => (bytes / MiB).toFixed(1);

interface Calibration { label: string; clusters: number; measured: number; estimated: number }

/** Heap and Buffers after a full garbage collection. */
function liveBytes(): number {
  globalThis.gc?.();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const rememberedBytes = (memory: SyncMemory): number => memory.stages.reduce((sum, stage) => sum + stage.bytes, 0);

/**
 * Syncs `clusters` copies of a settled request into a memory of its own (few
 * enough that, with what the other benchmarks left in the certificate checks,
 * no stage reaches its bound and forgets any), each under its own uid (so each
 * is remembered apart) and parsed from its own text (so they share no strings),
 * and compares how much the live heap grew with what the stages say they hold.
 */
function calibrate(label: string, request: SyncRequest, clusters: number, env: Environment): Calibration {
  const texts = Array.from({ length: clusters }, (_, i) => {
    const copy = structuredClone(request);
    copy.parent.metadata.uid = `calibration-${label}-${i}`;
    return JSON.stringify(copy);
  });
  const memory = createSyncMemory();
  const liveBefore = liveBytes();
  const estimatedBefore = rememberedBytes(memory);
  for (const text of texts) syncKafka(JSON.parse(text) as SyncRequest, env, memory);
  const measured = (liveBytes() - liveBefore) / clusters;
  return { label, clusters, measured, estimated: (rememberedBytes(memory) - estimatedBefore) / clusters };
}

/** The sync request of a 300-node cluster, its observed ConfigMaps and Secrets repeated under new names until it is `bytes` long: a body at the limit as a cluster of about three times the nodes would send it. */
function requestOfSize(request: SyncRequest, bytes: number): Buffer {
  const padded = structuredClone(request);
  const templates = (["ConfigMap.v1", "Secret.v1"] as const).flatMap((type) => Object.values(padded.children[type] ?? {}).map((child) => ({ type, child })));
  let size = Buffer.byteLength(JSON.stringify(padded));
  for (let copy = 0; size < bytes; copy++) {
    const { type, child } = templates[copy % templates.length] as { type: string; child: KubeObject };
    const extra: KubeObject = { ...child, metadata: { ...child.metadata, name: `${child.metadata.name}-extra-${copy}` } };
    const entry = JSON.stringify(extra).length + `"${child.metadata.namespace}/${extra.metadata.name}":,`.length;
    if (size + entry > bytes) break;
    (padded.children[type] ??= {})[`${child.metadata.namespace}/${extra.metadata.name}`] = extra;
    size += entry;
  }
  return Buffer.from(JSON.stringify(padded));
}

/** The hooks process's peak resident memory serving one request of `body`, from a fresh start. */
async function peakServing(body: Buffer): Promise<{ status: number; before: number; peak: number }> {
  const server = await HooksProcess.start();
  try {
    const before = server.peakRss();
    const answer = await server.sync(body);
    return { status: answer.status, before, peak: server.peakRss() };
  } finally {
    server.stop();
  }
}

/** Heap per remembered cluster, measured and estimated. */
export function calibrationLines(env: Environment): string[] {
  if (globalThis.gc === undefined) return ["Heap per remembered cluster not measured: run with `node --expose-gc` (make bench does)."];
  const large = settledCluster(largeClusterRequest(0, 1_000_000)).request;
  const calibrations = [calibrate("100 nodes", steadyState(100, env), 4, env), calibrate("1 node, 1 MB config value", large, 6, env)];
  return [
    "| remembered cluster | clusters | live heap and Buffers, MiB per cluster | estimated by the caches, MiB | estimate / measured |",
    "|---|---:|---:|---:|---:|",
    ...calibrations.map((c) => `| ${c.label} | ${c.clusters} | ${mib(c.measured)} | ${mib(c.estimated)} | ${(c.estimated / c.measured).toFixed(2)} |`),
  ];
}

function scenarioLines(what: string, scenario: MemoryFigures): string[] {
  const remembered = Object.values(scenario.settled.remembered).reduce((sum, bytes) => sum + bytes, 0);
  return [
    `${what}, synced until settled (${scenario.requests} requests) through the hooks in a process of their own:`,
    `resident memory ${mib(scenario.baseline.rss)} MiB at start, at most ${mib(scenario.peakRss)} MiB, ${mib(scenario.settled.rss)} MiB at the end;`,
    `live heap and Buffers after a full garbage collection ${mib(scenario.baseline.heapUsed + scenario.baseline.external)} MiB at start and ${mib(scenario.settled.heapUsed + scenario.settled.external)} MiB at the end,`,
    `of which the caches estimate ${mib(remembered)} MiB (their bound: ${mib(scenario.settled.rememberedBound)} MiB).`,
  ];
}

/** The hooks process serving 250 one-node clusters with a 1 MB configuration value each. */
export async function manyLargeClustersLines(): Promise<string[]> {
  return scenarioLines("250 one-node clusters with a 1 MB `spec.kafka.config` value each", await measureManyLargeClusters({ clusters: 250, valueBytes: 1_000_000 }));
}

/** Cluster number `index` of 30 nodes (kafka-persistent scaled), under its own name, uid and pools. */
function thirtyNodeCluster(index: number): SyncRequest {
  const request = firstSyncRequest(30);
  const name = `thirty-${index}`;
  request.parent.metadata.name = name;
  request.parent.metadata.uid = `00000000-0000-4000-8030-${String(index).padStart(12, "0")}`;
  for (const pool of Object.values(request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {})) (pool.metadata.labels ??= {})["strimzi.io/cluster"] = name;
  return request;
}

/** The hooks process serving 100 clusters of 30 nodes. */
export async function manyThirtyNodeClustersLines(): Promise<string[]> {
  return scenarioLines("100 clusters of 30 nodes (3 controllers, 27 brokers)", await measureManyClusters(100, thirtyNodeCluster));
}

/** The hooks process's peak serving a Kafka sync request at the body limit. */
export async function bodyLimitLines(env: Environment): Promise<string[]> {
  const limitRequest = requestOfSize(steadyState(300, env), BODY_LIMIT_BYTES);
  const limit = await peakServing(limitRequest);
  return [
    `A Kafka sync request at the body limit (${mib(limitRequest.length)} MiB: a 300-node cluster's request with further node ConfigMaps and Secrets), answered ${limit.status}:`,
    `resident memory ${mib(limit.before)} MiB before and at most ${mib(limit.peak)} MiB while serving it.`,
  ];
}

export async function memoryBenchmarks(): Promise<string[]> {
  const env: Environment = { ...testEnvironment("bench-memory"), newKeysPerSync: Number.POSITIVE_INFINITY };
  return [...calibrationLines(env), "", ...(await manyThirtyNodeClustersLines()), "", ...(await manyLargeClustersLines()), "", ...(await bodyLimitLines(env))];
}
