// The hooks server as the container runs it (dist/hooks/main.js) in a process of
// its own, freshly started, optionally pinned to one CPU with taskset: what a
// new cluster meets right after a deploy or a restart. Its main thread records
// the most CPU it spent in one turn of the event loop (test/helpers/turn-cpu.ts) and, where
// allowed (root), runs at the highest priority of a normal thread (nice -20)
// once the server answers, so that other processes of a shared machine do not
// stretch that turn. Not at real-time priority: a real-time thread that holds a
// CPU for seconds starves the server's own normal threads (V8's collector
// threads, the crypto workers), and Linux (6.12 on, its deadline server) then
// takes the CPU from it for up to 50 ms at once to run them, a wait that no pod
// sees. The crypto workers, started before, keep their lowest priority.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { setPriority } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { containerNodeOptions, withContainerMalloc } from "../test/helpers/memory-scenario.js";
import { repoRoot } from "../test/helpers/paths.js";
import { TurnCpu, type TurnCpuReport } from "../test/helpers/turn-cpu.js";

const STARTUP_POLL_MS = 50;
const STARTUP_DEADLINE_MS = 30_000;
/** The highest priority (lowest nice value) of a thread of the normal scheduling class. */
const HIGHEST_NORMAL_PRIORITY = -20;

/** Whether `taskset` exists here, to pin the server to one CPU. */
export const hasTaskset = (): boolean => spawnSync("taskset", ["-c", "0", "true"]).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Sets the thread `tid` (the main thread's is the process id) to the highest normal priority, where allowed. */
function prioritize(tid: number): boolean {
  try {
    setPriority(tid, HIGHEST_NORMAL_PRIORITY);
    return true;
  } catch {
    return false;
  }
}

export class HooksServer {
  /** Whether the main thread runs at the highest normal priority (a negative nice allowed). */
  prioritized = false;

  private constructor(private readonly child: ChildProcess, readonly port: number, private readonly turnCpu: TurnCpu) {}

  /** Starts dist/hooks/main.js and resolves once /healthz answers. */
  static async start(options: { oneCpu: boolean }): Promise<HooksServer> {
    const port = await freePort();
    const main = join(repoRoot, "dist", "hooks", "main.js");
    const turnCpu = new TurnCpu();
    const node = [process.execPath, ...containerNodeOptions("hooks"), ...turnCpu.nodeArgs, main];
    const [command, args] = options.oneCpu ? ["taskset", ["-c", "0", ...node]] : [process.execPath, node.slice(1)];
    const child = spawn(command as string, args as string[], {
      env: withContainerMalloc("hooks", { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...turnCpu.env }),
      stdio: ["ignore", "inherit", "inherit"],
    });
    const server = new HooksServer(child, port, turnCpu);
    const deadline = performance.now() + STARTUP_DEADLINE_MS;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the hooks server exited with ${child.exitCode}`);
      if (await server.healthy()) {
        server.prioritized = child.pid !== undefined && prioritize(child.pid);
        return server;
      }
      await sleep(STARTUP_POLL_MS);
    }
    server.stop();
    throw new Error("the hooks server did not answer /healthz within 30 s");
  }

  /** The most CPU the server's main thread spent in one turn of its event loop since the last call (or its start). */
  longestTurnCpu(): Promise<TurnCpuReport> {
    return this.turnCpu.read(this.child.pid ?? 0);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }

  /** A gauge or counter of /metrics, summed over its series. */
  async metric(name: string): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    return text.split("\n").filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
  }

  async post(path: string, body: Uint8Array | string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${this.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
  }

  stop(): void {
    this.child.kill("SIGTERM");
    this.turnCpu.remove();
  }
}
