// The most CPU a measured process's main thread spent in one turn of its event
// loop (turn-cpu-preload.ts), for benchmarks on a shared machine: start the
// process with `nodeArgs` and `env`, then `read` it between phases.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot } from "./paths.js";

/** The most CPU ms of one turn since the last read (or the start), and the turns counted. */
export interface TurnCpuReport {
  longestMs: number;
  turns: number;
  /** When the turn of `longestMs` ended, ms after the last read. */
  longestTurnAtMs: number;
  /** Collection pauses in the turn of `longestMs` (wall-clock ms). */
  longestTurnGcMs: number;
  /** Turns that held the thread longer than 5 and 10 ms of CPU: how often the longest nearly happens. */
  turnsOver5Ms: number;
  turnsOver10Ms: number;
  /** The thread's CPU ms over all turns. */
  cpuMs: number;
  /** The longest collection pause, and its kind (minor, major, incremental). */
  longestGc: { ms: number; kind: string };
  /** The longest wall-clock ms between two turns, and of it: the thread's CPU, its wait for a CPU, collection pauses. */
  longestGap: { ms: number; cpuMs: number; runQueueMs: number; gcMs: number };
}

const REPORT_POLL_MS = 10;
const REPORT_DEADLINE_MS = 5_000;

export class TurnCpu {
  private readonly dir = mkdtempSync(join(tmpdir(), "turn-cpu-"));

  /** Node.js options that load the preload. */
  readonly nodeArgs: readonly string[] = ["--import", join(repoRoot, "dist", "test", "helpers", "turn-cpu-preload.js")];

  /** The environment the preload reads its report file from. */
  get env(): Record<string, string> {
    return { KAFKA_HOOKS_TURN_CPU_FILE: this.file };
  }

  private get file(): string {
    return join(this.dir, "report.json");
  }

  /** The figure since the last read, from the process `pid` (which starts counting again). */
  async read(pid: number): Promise<TurnCpuReport> {
    rmSync(this.file, { force: true });
    process.kill(pid, "SIGUSR2");
    const deadline = performance.now() + REPORT_DEADLINE_MS;
    while (!existsSync(this.file)) {
      if (performance.now() > deadline) throw new Error(`process ${pid} wrote no event-loop report within 5 s`);
      await sleep(REPORT_POLL_MS);
    }
    return JSON.parse(readFileSync(this.file, "utf8")) as TurnCpuReport;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
