// Many clusters, each with a large `spec.kafka.config` value, synced one after
// another through the hooks server in a process of its own
// (test/helpers/hooks-process.ts) until each cluster is settled, as
// Metacontroller would: what the server keeps must stay within the hooks
// container's memory, however large the clusters it remembers.
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { nextRequest } from "./observe.js";
import { repoRoot } from "./paths.js";
import { exampleRequest } from "./requests.js";
import type { HooksProcessMemory, HooksProcessMessage } from "./hooks-process.js";

export interface MemoryScenario {
  clusters: number;
  /** Characters of the one `spec.kafka.config` value each cluster carries. */
  valueBytes: number;
}

export interface MemoryFigures {
  /** After the server started, before any sync. */
  baseline: HooksProcessMemory;
  /** After every cluster was settled. */
  settled: HooksProcessMemory;
  /** The most resident memory the server process ever had (VmHWM), in bytes. */
  peakRss: number;
  /** Sync requests sent, and the largest one's size in bytes. */
  requests: number;
  largestRequest: number;
}

const QUANTITY_UNITS: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

interface DeploymentContainer { name: string; command?: string[]; env?: Array<{ name: string; value?: string }>; resources?: { limits?: { memory?: string; cpu?: string } } }

/** A container of manifests/deployment.yaml: the hooks' or the sidecar's. */
function deploymentContainer(name: "hooks" | "sidecar"): DeploymentContainer {
  const deployment = yaml.load(readFileSync(join(repoRoot, "manifests", "deployment.yaml"), "utf8")) as {
    spec: { template: { spec: { containers: DeploymentContainer[] } } };
  };
  const container = deployment.spec.template.spec.containers.find((c) => c.name === name);
  if (!container) throw new Error(`manifests/deployment.yaml has no ${name} container`);
  return container;
}

/** The hooks container's memory limit in manifests/deployment.yaml, in bytes. */
export function hooksMemoryLimit(): number {
  const limit = deploymentContainer("hooks").resources?.limits?.memory ?? "";
  const [, amount, unit] = /^(\d+)(Ki|Mi|Gi)$/.exec(limit) ?? [];
  if (amount === undefined || unit === undefined) throw new Error(`the hooks container's memory limit is not in Ki, Mi or Gi: ${limit}`);
  return Number(amount) * (QUANTITY_UNITS[unit] ?? 0);
}

/**
 * The crypto workers the hooks container starts under its CPU limit in manifests/deployment.yaml:
 * availableParallelism() follows the cgroup's CPU quota (libuv 1.49.1 on), whole CPUs, at least one.
 */
export function hooksCryptoThreads(): number {
  const limit = deploymentContainer("hooks").resources?.limits?.cpu ?? "";
  const [, amount, milli] = /^(\d+)(m?)$/.exec(limit) ?? [];
  if (amount === undefined) throw new Error(`the hooks container's CPU limit is not whole or milli CPUs: ${limit}`);
  return Math.max(1, Math.floor(Number(amount) / (milli ? 1000 : 1)));
}

/** The Node.js options of a container's command in manifests/deployment.yaml (`--max-old-space-size`, …): the hooks' or the sidecar's. */
export function containerNodeOptions(container: "hooks" | "sidecar"): string[] {
  return (deploymentContainer(container).command ?? []).filter((argument) => argument.startsWith("--"));
}

/** The process environment with a container's glibc malloc settings in manifests/deployment.yaml (`MALLOC_ARENA_MAX`) added. */
export function withContainerMalloc(container: "hooks" | "sidecar", env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const malloc = (deploymentContainer(container).env ?? []).filter((e) => e.name.startsWith("MALLOC_") && e.value !== undefined);
  return { ...env, ...Object.fromEntries(malloc.map((e) => [e.name, e.value])) };
}

/** The single-node example as cluster number `index`: its own name, uid and a config value of `valueBytes` characters. */
export function largeClusterRequest(index: number, valueBytes: number): SyncRequest {
  const request = exampleRequest("kafka/kafka-single-node.yaml");
  const name = `large-${index}`;
  request.parent.metadata.name = name;
  request.parent.metadata.uid = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  const kafka = (request.parent.spec as { kafka: { config: Record<string, unknown> } }).kafka;
  const prefix = `${index}:`;
  kafka.config["custom.large.value"] = prefix + "x".repeat(valueBytes - prefix.length);
  for (const pools of Object.values(request.related)) {
    for (const pool of Object.values(pools)) {
      (pool.metadata.labels ??= {})["strimzi.io/cluster"] = name;
    }
  }
  return request;
}

/** The hooks server in a process of its own, and what it reports of its memory. */
export class HooksProcess {
  private readonly waiting: Array<(memory: HooksProcessMemory) => void> = [];

  private constructor(readonly child: ChildProcess, readonly port: number) {
    child.on("message", (message: HooksProcessMessage) => {
      if ("memory" in message) this.waiting.shift()?.(message.memory);
    });
  }

  static start(): Promise<HooksProcess> {
    // The Deployment's Node.js options (its heap limit), malloc settings and the crypto workers of its CPU limit, as the container runs the hooks.
    const child = fork(join(repoRoot, "dist", "test", "helpers", "hooks-process.js"), [String(hooksCryptoThreads())], { execArgv: ["--expose-gc", ...containerNodeOptions("hooks")], env: withContainerMalloc("hooks"), stdio: ["ignore", "inherit", "inherit", "ipc"] });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the hooks process exited with ${code}`)));
      child.once("message", (message: HooksProcessMessage) => {
        if ("port" in message) resolve(new HooksProcess(child, message.port));
      });
    });
  }

  memory(): Promise<HooksProcessMemory> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send("heap");
    });
  }

  /** The process's peak resident memory so far, from the kernel. */
  peakRss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kib === undefined) throw new Error("no VmHWM in /proc/<pid>/status");
    return Number(kib) * 1024;
  }

  async sync(body: Buffer): Promise<{ status: number; text: string }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/kafka/sync`, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: response.status, text: await response.text() };
  }

  stop(): void {
    this.child.removeAllListeners("exit");
    this.child.disconnect();
  }
}

/** Syncs every cluster until its children stop changing, then measures the server. */
export function measureManyLargeClusters(scenario: MemoryScenario): Promise<MemoryFigures> {
  return measureManyClusters(scenario.clusters, (index) => largeClusterRequest(index, scenario.valueBytes));
}

/** Syncs `clusters` clusters, each the first sync request `cluster(index)`, until its children stop changing, then measures the server. */
export async function measureManyClusters(clusters: number, cluster: (index: number) => SyncRequest): Promise<MemoryFigures> {
  const server = await HooksProcess.start();
  try {
    const baseline = await server.memory();
    let requests = 0;
    let largestRequest = 0;
    for (let index = 0; index < clusters; index++) {
      let request = cluster(index);
      let previousChildren = "";
      for (let sync = 0; sync < 5; sync++) {
        const body = Buffer.from(JSON.stringify(request));
        largestRequest = Math.max(largestRequest, body.length);
        requests++;
        const answer = await server.sync(body);
        if (answer.status !== 200) throw new Error(`cluster ${index}, sync ${sync}: ${answer.status} ${answer.text.slice(0, 200)}`);
        const parsed = JSON.parse(answer.text) as { children: KubeObject[]; status: object };
        const children = JSON.stringify(parsed.children);
        if (children === previousChildren) break;
        previousChildren = children;
        request = nextRequest(request, parsed);
      }
    }
    const settled = await server.memory();
    return { baseline, settled, peakRss: server.peakRss(), requests, largestRequest };
  } finally {
    server.stop();
  }
}
