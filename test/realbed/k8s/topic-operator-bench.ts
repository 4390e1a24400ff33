// The Topic Operator's benchmark (docs/BENCHMARKS.md): TOPICS KafkaTopics
// (10 000 by default) created together on the real API server while the
// operator is down, then the operator started as its container runs it
// (`node dist/entity-operator/main.js topic-operator`, the contract's env, a
// kubeconfig of the Entity Operator's ServiceAccount) against one real Kafka
// node over mutual TLS. Measured: the time from its start until every
// KafkaTopic is Ready, its CPU time over one full-resync interval of unchanged
// topics, and its peak resident memory, read from /proc. Run as root:
//   node dist/test/realbed/k8s/topic-operator-bench.js   (make bench-topics)
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import yaml from "js-yaml";
import { repoRoot } from "../../helpers/paths.js";
import { eventually } from "./cluster.js";
import type { JsonMap } from "./rest.js";
import { CLUSTER, NS, startTopicOperatorBed } from "./topic-operator-bed.js";

const TOPICS = Number(process.env["TOPICS"] ?? 10_000);
const RESYNC_MS = 30_000;
const CREATES_AT_ONCE = 32;
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** User plus system CPU seconds of a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM). */
function memoryMiB(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(`${field}:`)) ?? "";
  return Math.round(Number(line.replace(/\D+/g, "")) / 1024);
}

const bed = await startTopicOperatorBed({ fullReconciliationIntervalMs: RESYNC_MS, brokerHeap: "-Xms512m -Xmx1g" });
try {
  const { cluster } = bed;
  const names = Array.from({ length: TOPICS }, (_, i) => `bench-${String(i).padStart(5, "0")}`);
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

  const kubeconfig = join(cluster.dir, "entity-operator.kubeconfig");
  writeFileSync(kubeconfig, yaml.dump({
    apiVersion: "v1", kind: "Config", "current-context": "bed",
    clusters: [{ name: "bed", cluster: { server: cluster.server, "certificate-authority": cluster.credentials.caCertificate } }],
    users: [{ name: "eo", user: { "client-certificate": bed.identity.certificate, "client-key": bed.identity.key } }],
    contexts: [{ name: "bed", context: { cluster: "bed", user: "eo" } }],
  }));
  const started = Date.now();
  const child = spawn(process.execPath, [join(repoRoot, "dist", "entity-operator", "main.js"), "topic-operator"], {
    env: { PATH: process.env["PATH"] ?? "", KUBECONFIG: kubeconfig, HEALTH_PORT: "0", LOG_LEVEL: "info", ...bed.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pid = child.pid ?? 0;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let healthPort = 0;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const entry = JSON.parse(line) as { msg?: string; healthPort?: number };
    if (entry.msg === "started" && entry.healthPort) healthPort = entry.healthPort;
  });
  const readyCount = async (): Promise<number> => (await cluster.api.list("kafka.strimzi.io/v1", "KafkaTopic", NS))
    .filter((i) => ((i["status"] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")).length;
  await eventually(`${TOPICS} KafkaTopics Ready`, async () => ((await readyCount()) === TOPICS ? true : undefined), 1_800_000);
  const readySeconds = (Date.now() - started) / 1000;
  const cpuToReady = cpuSeconds(pid);
  // Where the time went: the seconds each step's histogram summed, from the operator's /metrics.
  const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  const steps = Object.fromEntries([...metrics.matchAll(/^strimzi_(\w+)_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)$/gm)]
    .map(([, step, seconds]) => [step, Math.round(Number(seconds) * 10) / 10]));
  // Kafka asked 100 at a time, as the operator asks it.
  const inKafka: Record<string, number> = {};
  for (let i = 0; i < names.length; i += 100) {
    for (const result of (await bed.kafka.describeTopics(names.slice(i, i + 100))).values()) {
      const code = result.ok ? (result.value.partitions.length === 1 ? "ok" : "partitions") : result.error.code;
      inKafka[code] = (inKafka[code] ?? 0) + 1;
    }
  }
  // A whole interval after everything is Ready holds exactly one full resync of unchanged topics.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const cpuBefore = cpuSeconds(pid);
  await new Promise((resolve) => setTimeout(resolve, RESYNC_MS));
  const resyncCpu = cpuSeconds(pid) - cpuBefore;
  const result = {
    topics: TOPICS,
    createSeconds,
    readySeconds,
    cpuSecondsToReady: Math.round(cpuToReady * 100) / 100,
    resyncCpuSeconds: Math.round(resyncCpu * 100) / 100,
    peakRssMiB: memoryMiB(pid, "VmHWM"),
    rssMiB: memoryMiB(pid, "VmRSS"),
    inKafka,
    stepSeconds: steps,
  };
  console.log(JSON.stringify(result));
  child.kill("SIGTERM");
  await exited;
} finally {
  await bed.stop();
}
