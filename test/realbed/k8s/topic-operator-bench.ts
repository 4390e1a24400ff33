// The Topic Operator's benchmark (docs/BENCHMARKS.md, `make bench-topics`):
// TOPICS KafkaTopics (10 000 by default) created together on the real API
// server while the operator is down, then the operator started as its
// container runs it (the command lib/operands/entity-operator/containers.ts
// gives a container without a memory limit, run from the repository's root, the
// contract's env, a kubeconfig of the Entity Operator's ServiceAccount)
// against one real Kafka node over mutual TLS. It prints issue 23's three
// goals, measured: the time from the operator's start until every KafkaTopic
// is Ready (seen on a watch: polling lists of 10 000 objects would load the
// API server the operator is waiting on), its CPU time over one
// full-resync interval of unchanged topics, and its peak resident memory,
// read from /proc; beside them the load average, the API server's and etcd's
// CPU and the API server's own latency for the operator's writes, from their
// /metrics. Beside them, what Ready meant: how many topics the broker's
// metadata showed at that moment, what the controller says of those it did
// not (CreateTopics: TOPIC_ALREADY_EXISTS, or a topic missing), how long until
// the broker showed them all, whether every status's topicId is Kafka's; and
// which status fields the resync changed. Run as root:
//   node dist/test/realbed/k8s/topic-operator-bench.js   (make bench-topics)
// For profiling: APISERVER_CPU_PROFILE=<file> writes the API server's Go CPU
// profile of the first APISERVER_CPU_PROFILE_SECONDS (default 60) after the
// operator's start (`go tool pprof -top <file>`); OPERATOR_NODE_FLAGS adds
// Node.js flags to the operator after the container's, so they may override
// them (`--cpu-prof --cpu-prof-dir=…`, `--max-old-space-size=…`).
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import type { ClientRequest } from "node:http";
import { request } from "node:https";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { cpuSeconds, memoryMiB } from "./proc-stats.js";
import { operatorCommand } from "../../../lib/operands/entity-operator/containers.js";
import { TOPIC_OPERATOR } from "../../../lib/operands/entity-operator/input.js";
import { repoRoot } from "../../helpers/paths.js";
import type { RealCluster } from "./cluster.js";
import type { JsonMap } from "./rest.js";
import { writeClientKubeconfig } from "./certificates.js";
import { CLUSTER, NS, startTopicOperatorBed } from "./topic-operator-bed.js";

const TOPICS = Number(process.env["TOPICS"] ?? 10_000);
const RESYNC_MS = 30_000;
const CREATES_AT_ONCE = 32;
const READY_DEADLINE_MS = 1_800_000;
const VISIBLE_DEADLINE_MS = 120_000;
const GOALS = { readySeconds: 60, resyncCpuSeconds: 2, peakRssMiB: 256 } as const;
const KAFKA_TOPICS_PATH = `/apis/kafka.strimzi.io/v1/namespaces/${NS}/kafkatopics`;

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");

/** The sum of a Prometheus text exposition's samples of `name` whose labels include every one of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name) || !/[{ ]/.test(line.charAt(name.length))) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

interface ServerSnapshot {
  apiServerCpu: number;
  etcdCpu: number;
  /** PATCH of kafkatopics, by subresource ("" the object itself, "status"): requests and their summed seconds. */
  patches: Record<"" | "status", { count: number; seconds: number }>;
  /** Seconds the API server's flow control held requests in its queues. */
  queuedSeconds: number;
}

async function serverSnapshot(cluster: RealCluster): Promise<ServerSnapshot> {
  // Not JSON: the client hands the text over as its message.
  const api = String((await cluster.api.request("GET", "/metrics")).body["message"]);
  const etcd = await (await fetch(`${cluster.etcd}/metrics`)).text();
  const patch = (subresource: string): { count: number; seconds: number } => {
    const labels = { verb: "PATCH", resource: "kafkatopics", subresource };
    return { count: sample(api, "apiserver_request_duration_seconds_count", labels), seconds: sample(api, "apiserver_request_duration_seconds_sum", labels) };
  };
  return {
    apiServerCpu: sample(api, "process_cpu_seconds_total"),
    etcdCpu: sample(etcd, "process_cpu_seconds_total"),
    patches: { "": patch(""), status: patch("status") },
    queuedSeconds: sample(api, "apiserver_flowcontrol_request_wait_duration_seconds_sum"),
  };
}

function serverUse(before: ServerSnapshot, after: ServerSnapshot): Record<string, number> {
  const writes = (sub: "" | "status"): { count: number; seconds: number } => ({
    count: after.patches[sub].count - before.patches[sub].count,
    seconds: after.patches[sub].seconds - before.patches[sub].seconds,
  });
  const [finalizers, statuses] = [writes(""), writes("status")];
  const meanMs = (w: { count: number; seconds: number }): number => (w.count === 0 ? 0 : round((w.seconds / w.count) * 1000, 1));
  return {
    apiServerCpuSeconds: round(after.apiServerCpu - before.apiServerCpu, 1),
    etcdCpuSeconds: round(after.etcdCpu - before.etcdCpu, 1),
    objectPatches: finalizers.count,
    objectPatchMeanMs: meanMs(finalizers),
    statusPatches: statuses.count,
    statusPatchMeanMs: meanMs(statuses),
    flowControlQueuedSeconds: round(after.queuedSeconds - before.queuedSeconds, 1),
  };
}

const isReady = (topic: JsonMap): boolean =>
  ((topic["status"] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * Resolves once every KafkaTopic is Ready, watching from `resourceVersion` (a
 * list's, taken before the operator starts); a watch the server ends is
 * resumed from the last version seen.
 */
function allReady(cluster: RealCluster, resourceVersion: string, total: number, deadlineMs: number): Promise<void> {
  const { caCertificate, adminCertificate, adminKey } = cluster.credentials;
  const tls = { ca: readFileSync(caCertificate), cert: readFileSync(adminCertificate), key: readFileSync(adminKey) };
  const ready = new Set<string>();
  let version = resourceVersion;
  return new Promise((resolve, reject) => {
    let done = false;
    let current: ClientRequest | undefined;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      current?.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`${ready.size} of ${total} KafkaTopics Ready after ${deadlineMs} ms`)), deadlineMs);
    const watch = (): void => {
      const url = new URL(`${KAFKA_TOPICS_PATH}?watch=true&allowWatchBookmarks=true&resourceVersion=${version}`, cluster.server);
      const req = current = request(url, { ...tls, headers: { accept: "application/json" } }, (res) => {
        if (res.statusCode !== 200) {
          finish(new Error(`watch of KafkaTopics: ${res.statusCode}`));
          return;
        }
        const lines = createInterface({ input: res });
        // Destroying the request once all are Ready aborts the response: an error only before then.
        lines.on("error", (error) => finish(error));
        lines.on("line", (line) => {
          const event = JSON.parse(line) as { type: string; object: JsonMap };
          if (event.type === "ERROR") {
            finish(new Error(`watch of KafkaTopics: ${line}`));
            return;
          }
          const metadata = event.object["metadata"] as { name: string; resourceVersion: string };
          version = metadata.resourceVersion;
          if (event.type === "BOOKMARK") return;
          if (event.type !== "DELETED" && isReady(event.object)) ready.add(metadata.name);
          else ready.delete(metadata.name);
          if (ready.size === total) finish();
        });
        res.on("end", () => {
          if (!done) watch();
        });
      });
      req.on("error", (error) => finish(error));
      req.end();
    };
    watch();
  });
}

/**
 * The operator's memory every `everyMs` until the function returned is called, which gives
 * `seconds since start: resident MiB / V8 heap total / heap used` (the heap from its /metrics): where the peak falls.
 */
function memoryTimeline(pid: number, healthPort: () => number, since: number, everyMs: number): () => string[] {
  const samples: string[] = [];
  const timer = setInterval(() => {
    const rss = memoryMiB(pid, "VmRSS");
    const at = Math.round((Date.now() - since) / 1000);
    if (healthPort() === 0) return;
    fetch(`http://127.0.0.1:${healthPort()}/metrics`).then((r) => r.text()).then((text) => {
      const mib = (name: string): number => Math.round(sample(text, name) / 1048576);
      samples.push(`${at}:${rss}/${mib("nodejs_heap_size_total_bytes")}/${mib("nodejs_heap_size_used_bytes")}`);
    }).catch(() => undefined);
  }, everyMs);
  // A bench that fails must not be kept alive by it.
  timer.unref();
  return () => {
    clearInterval(timer);
    return samples;
  };
}

/** The API server's Go CPU profile (its /debug/pprof, on by default) of the next `seconds`, written to `path`. */
function profileApiServer(cluster: RealCluster, seconds: number, path: string): Promise<void> {
  const { caCertificate, adminCertificate, adminKey } = cluster.credentials;
  const url = new URL(`/debug/pprof/profile?seconds=${seconds}`, cluster.server);
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readFileSync(caCertificate), cert: readFileSync(adminCertificate), key: readFileSync(adminKey) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        writeFileSync(path, Buffer.concat(chunks));
        resolve();
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The bench's topics by what the broker's metadata says of them, asked 100 at a time as the operator asks, and the ids it gives. */
async function topicsInKafka(): Promise<{ counts: Record<string, number>; ids: Map<string, string>; unknown: string[] }> {
  const counts: Record<string, number> = {};
  const ids = new Map<string, string>();
  const unknown: string[] = [];
  for (let i = 0; i < names.length; i += 100) {
    for (const [name, result] of await bed.kafka.describeTopics(names.slice(i, i + 100))) {
      const code = result.ok ? (result.value.partitions.length === 1 ? "ok" : "partitions") : result.error.code;
      counts[code] = (counts[code] ?? 0) + 1;
      if (result.ok) ids.set(name, result.value.topicId);
      else if (result.error.code === "UNKNOWN_TOPIC_OR_PARTITION") unknown.push(name);
    }
  }
  return { counts, ids, unknown };
}

/**
 * What the controller says of topics the broker's metadata does not show: a CreateTopics of the bench's own
 * spec answers TOPIC_ALREADY_EXISTS for a topic the controller has (the broker's cache lags), and creates one
 * the operator called Ready but never created (counted as "created": a bug).
 */
async function controllerView(unknown: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < unknown.length; i += 100) {
    const topics = unknown.slice(i, i + 100).map((name) => ({ name, partitions: 1, replicas: 1, configs: new Map([["retention.ms", "7200000"]]) }));
    for (const result of (await bed.kafka.createTopics(topics)).values()) {
      const code = result.ok ? "created" : result.error.code;
      counts[code] = (counts[code] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Polls the broker's metadata until it shows every topic: the seconds from `since` to the start of the poll that
 * found them all (a poll of 10 000 takes seconds itself), and the ids it gave.
 */
async function untilAllVisible(since: number, deadlineMs: number): Promise<{ seconds: number; ids: Map<string, string> }> {
  for (;;) {
    const pollStart = Date.now();
    const { counts, ids } = await topicsInKafka();
    if (counts["ok"] === names.length) return { seconds: round((pollStart - since) / 1000, 1), ids };
    if (Date.now() - since > deadlineMs) throw new Error(`after ${deadlineMs} ms the broker shows ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type TopicStatus = { topicId?: string; observedGeneration?: number; conditions?: { type: string; status: string; lastTransitionTime?: string }[] } & Record<string, unknown>;

async function statuses(cluster: RealCluster): Promise<Map<string, TopicStatus>> {
  const listed = await cluster.api.listCollection("kafka.strimzi.io/v1", "KafkaTopic", NS);
  return new Map((listed["items"] as JsonMap[]).map((item) => [(item["metadata"] as { name: string }).name, (item["status"] ?? {}) as TopicStatus]));
}

/** The status fields that differ between two snapshots, counted by field (conditions by their lastTransitionTime or the rest). */
function statusChanges(before: ReadonlyMap<string, TopicStatus>, after: ReadonlyMap<string, TopicStatus>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [name, next] of after) {
    const previous = before.get(name) ?? {};
    for (const field of new Set([...Object.keys(previous), ...Object.keys(next)])) {
      if (JSON.stringify(previous[field]) === JSON.stringify(next[field])) continue;
      const key = field === "conditions" && JSON.stringify(previous.conditions?.map(({ lastTransitionTime: _, ...c }) => c)) === JSON.stringify(next.conditions?.map(({ lastTransitionTime: _, ...c }) => c))
        ? "conditions.lastTransitionTime" : field;
      changed[key] = (changed[key] ?? 0) + 1;
    }
  }
  return changed;
}

/** KafkaTopics whose status.topicId is missing, or differs from the broker's id of the topic. */
function topicIdsAgainst(statusesNow: ReadonlyMap<string, TopicStatus>, ids: ReadonlyMap<string, string>): { missing: number; different: number } {
  let missing = 0;
  let different = 0;
  for (const [name, status] of statusesNow) {
    if (status.topicId === undefined) missing++;
    else if (status.topicId !== ids.get(name)) different++;
  }
  return { missing, different };
}

const names = Array.from({ length: TOPICS }, (_, i) => `bench-${String(i).padStart(5, "0")}`);
const started = { load: load() };
const profilePath = process.env["APISERVER_CPU_PROFILE"];
const bed = await startTopicOperatorBed({
  fullReconciliationIntervalMs: RESYNC_MS, brokerHeap: "-Xms512m -Xmx1g",
  ...(profilePath ? { apiServerArgs: () => ["--profiling=true"] } : {}),
});
try {
  const { cluster } = bed;
  const createStart = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: CREATES_AT_ONCE }, async () => {
    while (next < names.length) {
      const name = names[next++] as string;
      await cluster.api.create({
        apiVersion: "kafka.strimzi.io/v1", kind: "KafkaTopic",
        metadata: { name, namespace: NS, labels: { "strimzi.io/cluster": CLUSTER } },
        spec: { partitions: 1, replicas: 1, config: { "retention.ms": 7200000 } },
      } as JsonMap);
    }
  }));
  const createSeconds = (Date.now() - createStart) / 1000;
  const listed = await cluster.api.listCollection("kafka.strimzi.io/v1", "KafkaTopic", NS);
  const listVersion = (listed["metadata"] as { resourceVersion: string }).resourceVersion;

  const kubeconfig = writeClientKubeconfig(cluster.dir, "entity-operator", cluster.server, cluster.credentials.caCertificate, bed.identity);
  const ready = allReady(cluster, listVersion, TOPICS, READY_DEADLINE_MS);
  // Awaited below; a watch failing before then must not end the process unhandled.
  ready.catch(() => undefined);
  const serverAtStart = await serverSnapshot(cluster);
  const loadAtStart = load();
  const profiled = profilePath ? profileApiServer(cluster, Number(process.env["APISERVER_CPU_PROFILE_SECONDS"] ?? 60), profilePath) : Promise.resolve();
  profiled.catch(() => undefined);
  const nodeFlags = (process.env["OPERATOR_NODE_FLAGS"] ?? "").split(" ").filter((flag) => flag !== "");
  const [, ...containerArgs] = operatorCommand(TOPIC_OPERATOR, undefined);
  const script = containerArgs.findIndex((arg) => !arg.startsWith("--"));
  const args = [...containerArgs.slice(0, script), ...nodeFlags, ...containerArgs.slice(script)];
  const operatorStart = Date.now();
  // The container's working directory is the image's /app, where dist/ is: here the repository's root.
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env["PATH"] ?? "", KUBECONFIG: kubeconfig, HEALTH_PORT: "0", LOG_LEVEL: "info", ...bed.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pid = child.pid ?? 0;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A bench that dies must not leave the operator behind (the bed's processes go the same way).
  const killOperator = (): void => { child.kill("SIGKILL"); };
  process.once("exit", killOperator);
  try {
    let healthPort = 0;
    const log = createWriteStream(join(cluster.dir, "topic-operator.log"));
    createInterface({ input: child.stdout }).on("line", (line) => {
      log.write(`${line}\n`);
      const entry = JSON.parse(line) as { msg?: string; healthPort?: number };
      if (entry.msg === "started" && entry.healthPort) healthPort = entry.healthPort;
    });
    const memory = memoryTimeline(pid, () => healthPort, operatorStart, 3000);
    await ready;
    const readySeconds = (Date.now() - operatorStart) / 1000;
    const cpuToReady = cpuSeconds(pid);
    const serverToReady = serverUse(serverAtStart, await serverSnapshot(cluster));
    const loadAtReady = load();
    await profiled;
    // Where the time went: the seconds each step's histogram summed, from the operator's /metrics.
    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    const steps = Object.fromEntries([...metrics.matchAll(/^strimzi_(\w+)_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)$/gm)]
      .map(([, step, seconds]) => [step, round(Number(seconds), 1)]));
    // The main thread's garbage-collection pauses by kind (prom-client's default metrics): what the heap's settings cost.
    const gcSeconds = Object.fromEntries([...metrics.matchAll(/^nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} ([\d.e+-]+)$/gm)]
      .map(([, kind, seconds]) => [kind, round(Number(seconds))]));
    const atReady = await topicsInKafka();
    const controllerOfUnknown = await controllerView(atReady.unknown);
    const visible = atReady.counts["ok"] === names.length ? { seconds: 0, ids: atReady.ids } : await untilAllVisible(operatorStart + readySeconds * 1000, VISIBLE_DEADLINE_MS);
    const statusesAtReady = await statuses(cluster);
    // A whole interval after everything is Ready holds exactly one full resync of unchanged topics.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const cpuBefore = cpuSeconds(pid);
    const serverBeforeResync = await serverSnapshot(cluster);
    const statusesBeforeResync = await statuses(cluster);
    await new Promise((resolve) => setTimeout(resolve, RESYNC_MS));
    const resyncCpu = cpuSeconds(pid) - cpuBefore;
    const serverInResync = serverUse(serverBeforeResync, await serverSnapshot(cluster));
    const statusesAfterResync = await statuses(cluster);
    const afterResync = await topicsInKafka();
    const peakRssMiB = memoryMiB(pid, "VmHWM");
    const timeline = memory();
    const goals = [
      { goal: `all ${TOPICS} Ready`, measured: `${round(readySeconds, 1)} s`, target: `${GOALS.readySeconds} s at 10000`, met: readySeconds <= GOALS.readySeconds },
      { goal: "CPU of one resync of unchanged topics", measured: `${round(resyncCpu)} s`, target: `${GOALS.resyncCpuSeconds} s`, met: resyncCpu < GOALS.resyncCpuSeconds },
      { goal: "peak resident memory", measured: `${peakRssMiB} MiB`, target: `${GOALS.peakRssMiB} MiB`, met: peakRssMiB < GOALS.peakRssMiB },
    ];
    for (const g of goals) console.log(`${g.met ? "met   " : "MISSED"} ${g.goal}: ${g.measured} (goal ${g.target})`);
    console.log(JSON.stringify({
      topics: TOPICS,
      loadAverage: { beforeBed: started.load, operatorStart: loadAtStart, allReady: loadAtReady, end: load() },
      createSeconds: round(createSeconds, 1),
      readySeconds: round(readySeconds, 1),
      cpuSecondsToReady: round(cpuToReady),
      serverToReady,
      resyncCpuSeconds: round(resyncCpu),
      serverInResync,
      peakRssMiB,
      rssMiB: memoryMiB(pid, "VmRSS"),
      inKafka: atReady.counts,
      controllerOfUnknown,
      allVisibleSecondsAfterReady: visible.seconds,
      topicIdsAtReady: topicIdsAgainst(statusesAtReady, visible.ids),
      statusChangesInResync: statusChanges(statusesBeforeResync, statusesAfterResync),
      inKafkaAfterResync: afterResync.counts,
      topicIdsAfterResync: topicIdsAgainst(statusesAfterResync, afterResync.ids),
      stepSeconds: steps,
      gcSecondsToReady: gcSeconds,
      memoryTimeline: timeline.join(" "),
    }));
  } finally {
    child.kill("SIGTERM");
    await exited;
    process.off("exit", killOperator);
  }
} finally {
  await bed.stop();
}
