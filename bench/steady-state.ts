// The steady-state sync: what Metacontroller sends on every pod status change of
// a running cluster (every child observed, certificates present). Measured four
// ways per size: the whole sync over HTTP through fastify, the hook logic alone,
// the floor no stateless hook can beat (parse the request, stringify the
// answer), and that floor over HTTP (a route that parses the same request and
// writes the same answer's bytes, with nothing between). Then throughput with
// concurrent clients, and the PodSet hook.
import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import type { KafkaNodePool } from "../lib/api/kafka-nodepool.js";
import type { KubeObject } from "../lib/api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../lib/metacontroller.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { syncStrimziPodSet } from "../lib/sync/podset-sync.js";
import { createSyncMemory } from "../lib/sync/remembered.js";
import type { Environment } from "../lib/environment.js";
import { answerJson } from "../hooks/answer-json.js";
import { buildServer, JSON_CONTENT_TYPE } from "../hooks/server.js";
import { nextRequest } from "../test/helpers/observe.js";
import { containerNodeOptions, withContainerMalloc } from "../test/helpers/memory-scenario.js";
import { exampleRequest, testEnvironment } from "../test/helpers/requests.js";
import type { ClientAnswer, ClientCommand } from "./http-client-worker.js";
import { ms, time, type Timing } from "./measure.js";
import { childObjects } from "../lib/sync/encoded-children.js";

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";

const JBOD = { type: "jbod", volumes: [0, 1].map((id) => ({ id, type: "persistent-claim", size: "100Gi", deleteClaim: false })) } as const;

/**
 * A cluster of `nodes` nodes: three dual-role nodes, or three controllers and the
 * brokers split over two pools; two JBOD volumes per node; plain, TLS and
 * SCRAM-SHA-512 listeners.
 */
export function clusterRequest(nodes: number): SyncRequest {
  const small = nodes <= 3;
  const request = exampleRequest(small ? "kafka/kafka-with-dual-role-nodes.yaml" : "kafka/kafka-persistent.yaml");
  const pools = request.related[POOLS] ?? {};
  const first = pools[small ? "myproject/dual-role" : "myproject/broker"] as KafkaNodePool;
  first.spec.storage = structuredClone(JBOD) as KafkaNodePool["spec"]["storage"];
  if (small) {
    first.spec.replicas = nodes;
  } else {
    first.spec.replicas = Math.ceil((nodes - 3) / 2);
    const second: KafkaNodePool = structuredClone(first);
    second.metadata.name = "broker-b";
    second.spec.replicas = Math.floor((nodes - 3) / 2);
    pools["myproject/broker-b"] = second;
  }
  const kafka = request.parent.spec as { kafka: { listeners: Array<Record<string, unknown>> } };
  kafka.kafka.listeners = [
    { name: "plain", port: 9092, type: "internal", tls: false },
    { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
    { name: "scram", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
  ];
  return request;
}

/** The request after the cluster has converged: every child observed and every PodSet ready. */
export function steadyState(nodes: number, env: Environment): SyncRequest {
  let request = clusterRequest(nodes);
  for (let sync = 0; sync < 5; sync++) request = nextRequest(request, syncKafka(request, env));
  return request;
}

/** What the PodSet hook sees for the largest PodSet of a steady cluster: its pods, ready and current. */
function podSetRequest(kafkaRequest: SyncRequest, env: Environment): SyncRequest {
  const answer = syncKafka(kafkaRequest, env);
  const podSets = answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet");
  const podSet = podSets.sort((a, b) => b.spec.pods.length - a.spec.pods.length)[0] as StrimziPodSet;
  const parent = { ...podSet, metadata: { ...podSet.metadata, generation: 1 } };
  const first: SyncRequest = { controller: kafkaRequest.controller, parent, children: { [typeKey("Pod", "v1")]: {} }, related: {} };
  const pods = syncStrimziPodSet(first, env.now()).children.map((pod) => ({
    ...pod, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
  })) as KubeObject[];
  return { ...first, children: { [typeKey("Pod", "v1")]: Object.fromEntries(pods.map((p) => [`myproject/${p.metadata.name}`, p])) } };
}

/**
 * The request as two successive pod status changes send it: the observed
 * children of `type` (the PodSets for the Kafka hook, the pods for the PodSet
 * hook) carry another resourceVersion each time, while nothing the desired
 * children depend on changes. Alternating the two keeps a cache of whole
 * requests from answering; what the hooks remember must be finer than that.
 */
function successiveRequests(request: SyncRequest, type: string): [SyncRequest, SyncRequest] {
  const withVersion = (version: string): SyncRequest => {
    const copy = structuredClone(request);
    for (const child of Object.values(copy.children[type] ?? {})) child.metadata.resourceVersion = version;
    return copy;
  };
  return [withVersion("1001"), withVersion("1002")];
}

/** The hooks server on this thread, and a client in a worker thread that calls it. */
interface HttpClient {
  /** What the parse-only route answers: the bytes of the answer being measured. */
  answerParsedWith(answer: Buffer): void;
  time(path: string, bodies: readonly Buffer[], runs: number): Promise<Timing>;
  throughput(path: string, bodies: readonly Buffer[], clients: number, seconds: number): Promise<number>;
  send(path: string, bodies: readonly Buffer[], count: number): Promise<void>;
  close(): Promise<void>;
}

type Command = DistributiveOmit<ClientCommand, "id">;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

const PARSE_ONLY_PATH = "/bench/parse-only";

async function httpClient(env: Environment): Promise<HttpClient> {
  const app = buildServer({ env, logLevel: "silent" });
  // The floor over HTTP: the hooks' own body parser, then the answer's bytes as they are.
  let parseOnlyAnswer: Buffer = Buffer.from("{}");
  app.post(PARSE_ONLY_PATH, async (_request, reply) => reply.type(JSON_CONTENT_TYPE).send(parseOnlyAnswer));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const worker = new Worker(new URL("./http-client-worker.js", import.meta.url), { workerData: { port } });
  const waiting = new Map<number, { resolve: (result: Timing | number) => void; reject: (error: Error) => void }>();
  worker.on("message", (answer: ClientAnswer) => {
    const call = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ("error" in answer) call?.reject(new Error(answer.error));
    else call?.resolve(answer.result);
  });
  let ids = 0;
  const call = (command: Command): Promise<Timing | number> => new Promise((resolve, reject) => {
    const id = ids++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ ...command, id });
  });
  return {
    answerParsedWith: (answer) => {
      parseOnlyAnswer = answer;
    },
    time: async (path, bodies, runs) => (await call({ op: "time", path, bodies: [...bodies], runs })) as Timing,
    throughput: async (path, bodies, clients, seconds) => (await call({ op: "throughput", path, bodies: [...bodies], clients, seconds })) as number,
    send: async (path, bodies, count) => {
      await call({ op: "send", path, bodies: [...bodies], count });
    },
    close: async () => {
      await worker.terminate();
      await app.close();
    },
  };
}

interface HeapGrowth { requests: number; before: number; after: number }

/**
 * The live heap after a full garbage collection, before and after serving
 * `requests` more requests: what the server keeps grows with the clusters it
 * serves, never with the requests. Needs `node --expose-gc` (make bench).
 */
async function heapGrowth(client: HttpClient, path: string, bodies: readonly Buffer[], requests: number): Promise<HeapGrowth | undefined> {
  const { gc } = globalThis;
  if (gc === undefined) return undefined;
  const liveHeap = (): number => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = liveHeap();
  await client.send(path, bodies, requests);
  return { requests, before, after: liveHeap() };
}

interface Row { size: number; kind: string; bytes: number; floor: Timing; logic: Timing; parseOnly: Timing; http: Timing; rps: number; cpuPerSync: number }

const threadCpuMs = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

async function measure(size: number, kind: "kafka" | "podset", request: SyncRequest, client: HttpClient, env: Environment): Promise<Row> {
  const requests = successiveRequests(request, kind === "kafka" ? typeKey("StrimziPodSet", STRIMZI_PODSET_API_VERSION) : typeKey("Pod", "v1"));
  // Metacontroller encodes its request on its own CPU: the client sends bytes ready-made.
  const bodies = requests.map((r) => Buffer.from(JSON.stringify(r)));
  const texts = bodies.map((b) => b.toString());
  // The hook's logic as the server runs it: with a memory of the syncs before.
  const memory = createSyncMemory();
  const hook = (parsed: SyncRequest) => (kind === "kafka" ? syncKafka(parsed, env, memory) : syncStrimziPodSet(parsed, env.now(), memory));
  const parsed = texts.map((t) => JSON.parse(t) as SyncRequest);
  // The answer as objects, as a hook that keeps no JSON would stringify it.
  const first = hook(parsed[0] as SyncRequest);
  const answer = { ...first, children: childObjects(first.children) };
  const runs = size >= 300 ? 60 : size >= 100 ? 200 : 400;
  const path = kind === "kafka" ? "/kafka/sync" : "/strimzipodset/sync";
  let call = 0;
  const next = <T>(values: readonly T[]): T => values[call++ % values.length] as T;
  const floor = time(() => [JSON.parse(next(texts)) as unknown, JSON.stringify(answer)], runs);
  const logic = time(() => hook(next(parsed)), runs);
  client.answerParsedWith(answerJson(first));
  const parseOnly = await client.time(PARSE_ONLY_PATH, bodies, runs);
  const http = await client.time(path, bodies, runs);
  const seconds = size >= 300 ? 3 : 2;
  // The server's thread (this one) alone: what it spends per sync is what bounds the throughput on an idle machine.
  const cpuBefore = threadCpuMs();
  const rps = await client.throughput(path, bodies, 8, seconds);
  const cpuPerSync = (threadCpuMs() - cpuBefore) / (rps * seconds);
  return { size, kind, bytes: bodies[0]?.length ?? 0, floor, logic, parseOnly, http, rps, cpuPerSync };
}

const HEAP_GROWTH_SIZE = 100;
const HEAP_GROWTH_REQUESTS = 1000;
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

export async function steadyStateBenchmarks(sizes: readonly number[] = [3, 6, 30, 100, 300]): Promise<string[]> {
  const env: Environment = { ...testEnvironment("bench"), newKeysPerSync: Number.POSITIVE_INFINITY };
  const client = await httpClient(env);
  const rows: Row[] = [];
  let growth: HeapGrowth | undefined;
  try {
    for (const size of sizes) {
      const request = steadyState(size, env);
      rows.push(await measure(size, "kafka", request, client, env));
      rows.push(await measure(size, "podset", podSetRequest(request, env), client, env));
      if (size === HEAP_GROWTH_SIZE) {
        const bodies = successiveRequests(request, typeKey("StrimziPodSet", STRIMZI_PODSET_API_VERSION)).map((r) => Buffer.from(JSON.stringify(r)));
        growth = await heapGrowth(client, "/kafka/sync", bodies, HEAP_GROWTH_REQUESTS);
      }
    }
  } finally {
    await client.close();
  }
  const peakRss = process.resourceUsage().maxRSS / 1024;
  return [
    "| nodes | hook | request KiB | floor: parse + stringify (median / p99 ms) | hook logic alone | floor over HTTP: parse, write the answer's bytes | whole sync over HTTP | sync / floor | sync / floor over HTTP | req/s, 8 clients | server thread CPU ms per sync, 8 clients | syncs/s that CPU allows |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.size} | ${r.kind} | ${(r.bytes / 1024).toFixed(0)} | ${ms(r.floor.median)} / ${ms(r.floor.p99)} | ${ms(r.logic.median)} / ${ms(r.logic.p99)} | ${ms(r.parseOnly.median)} / ${ms(r.parseOnly.p99)} | ${ms(r.http.median)} / ${ms(r.http.p99)} | ${(r.http.median / r.floor.median).toFixed(1)} | ${(r.http.median / r.parseOnly.median).toFixed(1)} | ${r.rps.toFixed(0)} | ${ms(r.cpuPerSync)} | ${(1000 / r.cpuPerSync).toFixed(0)} |`),
    "",
    `Peak resident memory of the benchmark process (server and clients): ${peakRss.toFixed(0)} MiB.`,
    "",
    growth === undefined
      ? "Live heap growth not measured: run with `node --expose-gc` (make bench does)."
      : `Live heap after a full garbage collection, ${HEAP_GROWTH_SIZE} nodes: ${mib(growth.before)} MiB before and ${mib(growth.after)} MiB after ${growth.requests} more steady-state syncs over HTTP (${mib(growth.after - growth.before)} MiB of growth).`,
  ];
}

/**
 * The benchmarks above in a process of their own started with the hooks container's Node.js options (its heap
 * limit and young generation) and malloc settings (manifests/deployment.yaml), since the server they time runs in that process.
 */
export async function steadyStateInContainerProcess(): Promise<string[]> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", ...containerNodeOptions("hooks"), script], { maxBuffer: 2 ** 20, env: withContainerMalloc("hooks") });
  return stdout.trimEnd().split("\n");
}

if (process.argv[1]?.endsWith("/steady-state.js")) {
  const sizes = process.argv.slice(2).map(Number);
  process.stdout.write(`${(await steadyStateBenchmarks(sizes.length > 0 ? sizes : undefined)).join("\n")}\n`);
}
