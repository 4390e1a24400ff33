// The sidecar's memory watching many clusters (issue 18, docs/BENCHMARKS.md):
// CLUSTERS (100) settled 6-node clusters (Strimzi's kafka-persistent) written to a real API server in a
// namespace each (the Kafka, its pools, every child the hooks answer with,
// and the pods and claims the PodSet hook makes), then the sidecar started as
// its container runs it (`node dist/sidecar/main.js` with the Deployment's Node.js options, its ServiceAccount and
// RBAC from manifests/) and its resident memory read from /proc every second:
// every informer's first list, until /healthz answers 200 and its
// `kafka_hooks_sidecar_cached_objects` count every object created, then
// WATCH_SECONDS more of watching. No broker runs, so every
// Kafka-side call of the sidecar fails and is retried, as it would be while
// the clusters start. Run as root:
//   node dist/test/realbed/k8s/sidecar-memory-bench.js   (make bench-sidecar)
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../../lib/api/strimzi-podset.js";
import { typeKey } from "../../../lib/metacontroller.js";
import { syncKafka } from "../../../lib/sync/kafka-sync.js";
import { syncStrimziPodSet } from "../../../lib/sync/podset-sync.js";
import { repoRoot } from "../../helpers/paths.js";
import { containerNodeOptions } from "../../helpers/memory-scenario.js";
import { nextRequest } from "../../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../../helpers/requests.js";
import { issueClientCertificate, writeClientKubeconfig } from "./certificates.js";
import { crdsEstablished, eventually, startCluster } from "./cluster.js";
import type { JsonMap } from "./rest.js";
import { cpuSeconds, memoryMiB } from "./proc-stats.js";
import { OPERATOR_NAMESPACE, SIDECAR_USER } from "./sidecar.js";

const CLUSTERS = Number(process.env["CLUSTERS"] ?? 100);
// Syncs until kafka-persistent's answer stops changing (what bench/steady-state.ts calls settled).
const SETTLING_SYNCS = 5;
const CREATES_AT_ONCE = 32;
/** How long memory is sampled once the sidecar's caches hold every object created. */
const WATCH_SECONDS = Number(process.env["WATCH_SECONDS"] ?? 90);
const SYNC_DEADLINE_MS = 180_000;
/** The sidecar container's memory limit (manifests/deployment.yaml) and the issue's goal. */
const GOAL_MIB = 128;

/** Everything a settled cluster has in the API server, placed in `namespace`, without the fields the server sets. */
function settledCluster(namespace: string): KubeObject[] {
  const env = testEnvironment(namespace);
  let request = exampleRequest("kafka/kafka-persistent.yaml");
  for (let sync = 0; sync < SETTLING_SYNCS; sync++) request = nextRequest(request, syncKafka(request, env));
  const place = (o: KubeObject): KubeObject => {
    const { status: _status, ...rest } = o as KubeObject & { status?: unknown };
    const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, ownerReferences: _owners, ...metadata } = rest.metadata;
    return { ...rest, metadata: { ...metadata, namespace } };
  };
  const children = Object.values(request.children).flatMap((byName) => Object.values(byName));
  const podSets = children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet");
  const pods = podSets.flatMap((podSet) => syncStrimziPodSet({
    controller: request.controller, parent: { ...podSet, metadata: { ...podSet.metadata, generation: 1 } }, children: { [typeKey("Pod", "v1")]: {} }, related: {},
  }, new Date()).children);
  const claims = pods.flatMap((pod) => ((pod as KubeObject & { spec: { volumes?: Array<{ persistentVolumeClaim?: { claimName: string } }> } }).spec.volumes ?? [])
    .flatMap((v) => (v.persistentVolumeClaim ? [{
      apiVersion: "v1", kind: "PersistentVolumeClaim",
      metadata: { name: v.persistentVolumeClaim.claimName, labels: pod.metadata.labels ?? {} },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } } },
    } as KubeObject] : [])));
  const pools = Object.values(request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {});
  return [request.parent, ...pools, ...children, ...pods, ...claims].map(place);
}

const cluster = await startCluster();
try {
  await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
  await crdsEstablished(cluster);
  for (const file of ["namespace.yaml", "service-account.yaml", "rbac.yaml"]) await cluster.kubectl(["apply", "-f", join(repoRoot, "manifests", file)]);

  const objects: KubeObject[] = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const namespace = `cluster-${String(i).padStart(3, "0")}`;
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }, ...settledCluster(namespace));
  }
  // Namespaces first, pods last: the API server admits a pod only once its ServiceAccount exists.
  const order = (o: KubeObject): number => (o.kind === "Namespace" ? 0 : o.kind === "Pod" ? 2 : 1);
  const batches = [0, 1, 2].map((n) => objects.filter((o) => order(o) === n));
  const createStart = Date.now();
  for (const batch of batches) {
    let next = 0;
    await Promise.all(Array.from({ length: CREATES_AT_ONCE }, async () => {
      while (next < batch.length) await cluster.api.create(batch[next++] as unknown as JsonMap);
    }));
  }
  const createSeconds = (Date.now() - createStart) / 1000;
  const count = (kind: string): number => objects.filter((o) => o.kind === kind).length;

  const client = issueClientCertificate(cluster.dir, "sidecar", SIDECAR_USER);
  const kubeconfig = writeClientKubeconfig(cluster.dir, "sidecar", cluster.server, cluster.credentials.caCertificate, client);
  const log = join(cluster.dir, "sidecar.log");
  const child = spawn(process.execPath, [...containerNodeOptions("sidecar"), join(repoRoot, "dist", "sidecar", "main.js")], {
    env: { PATH: process.env["PATH"] ?? "", KUBECONFIG: kubeconfig, POD_NAMESPACE: OPERATOR_NAMESPACE, POD_NAME: "sidecar-bench", HEALTH_PORT: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let healthPort = 0;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const entry = JSON.parse(line) as { msg?: string; healthPort?: number };
    if (entry.msg === "sidecar started" && entry.healthPort) healthPort = entry.healthPort;
  });
  const pid = child.pid ?? 0;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const expected: Record<string, number> = {
    kafkas: count("Kafka"), kafkaNodePools: count("KafkaNodePool"), podSets: count("StrimziPodSet"), pods: count("Pod"), claims: count("PersistentVolumeClaim"),
  };
  const metricsText = async (): Promise<string> => (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  // Healthy (every informer listed and watching) and every object created in its cache: what it holds at rest.
  const synced = async (): Promise<boolean> => {
    if (!healthPort || (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status !== 200) return false;
    const cached = new Map([...(await metricsText()).matchAll(/^kafka_hooks_sidecar_cached_objects\{kind="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    return Object.entries(expected).every(([kind, n]) => cached.get(kind) === n);
  };
  const samples: number[] = [];
  const started = Date.now();
  let syncedAt: number | undefined;
  let rssMiBAtSynced: number | undefined;
  let cpuSecondsToSynced = 0;
  await eventually("the sidecar running", async () => (memoryMiB(pid, "VmRSS") > 0 ? true : undefined), 30_000);
  while (syncedAt === undefined || Date.now() - syncedAt < WATCH_SECONDS * 1000) {
    if (child.exitCode !== null) throw new Error(`the sidecar exited with ${child.exitCode}; its log: ${log}`);
    if (syncedAt === undefined && Date.now() - started > SYNC_DEADLINE_MS) throw new Error(`the sidecar's caches did not hold every object within ${SYNC_DEADLINE_MS} ms; its log: ${log}`);
    samples.push(memoryMiB(pid, "VmRSS"));
    if (syncedAt === undefined && await synced()) {
      syncedAt = Date.now();
      rssMiBAtSynced = samples.at(-1);
      cpuSecondsToSynced = cpuSeconds(pid);
    }
    await sleep(1000);
  }
  // The live heap as the sidecar's own /metrics reports it (prom-client's default metrics): what its caches hold.
  const cpuSecondsWatching = cpuSeconds(pid) - cpuSecondsToSynced;
  const metrics = await metricsText();
  const gauge = (name: string): number | undefined => {
    const value = new RegExp(`^kafka_hooks_sidecar_${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, "m").exec(metrics)?.[1];
    return value === undefined ? undefined : Math.round(Number(value) / 2 ** 20);
  };
  const result = {
    clusters: CLUSTERS,
    objects: { kafkas: count("Kafka"), pools: count("KafkaNodePool"), podSets: count("StrimziPodSet"), pods: count("Pod"), claims: count("PersistentVolumeClaim"), total: objects.length },
    createSeconds,
    syncedSeconds: ((syncedAt ?? started) - started) / 1000,
    watchSeconds: WATCH_SECONDS,
    rssMiBAtStart: samples[0],
    rssMiBAtSynced,
    // All its threads' CPU: what a Node.js option that trades memory for CPU costs.
    cpuSecondsToSynced: Math.round(cpuSecondsToSynced * 10) / 10,
    cpuSecondsWatching: Math.round(cpuSecondsWatching * 10) / 10,
    rssMiBAtEnd: samples.at(-1),
    peakRssMiB: memoryMiB(pid, "VmHWM"),
    heapUsedMiB: gauge("nodejs_heap_size_used_bytes"),
    heapTotalMiB: gauge("nodejs_heap_size_total_bytes"),
    externalMiB: gauge("nodejs_external_memory_bytes"),
    goalMiB: GOAL_MIB,
  };
  console.log(JSON.stringify(result));
  child.kill("SIGTERM");
  await exited;
} finally {
  await cluster.stop();
}
