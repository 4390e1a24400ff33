// Loaded (`node --import`, turn-cpu.ts) into a process a benchmark measures, the
// hooks server or the User Operator: the most CPU its main thread spent between
// two turns of a 1 ms timer, i.e. in one turn of the event loop. On a shared
// machine a /healthz wait or an event-loop delay also counts the time the
// scheduler gave the thread to other processes; the thread's own CPU time
// (process.threadCpuUsage) is what the wait would be on an idle one. SIGUSR2
// writes the figure since the last signal to KAFKA_HOOKS_TURN_CPU_FILE and
// starts again.
import { renameSync, writeFileSync } from "node:fs";
import type { TurnCpuReport } from "./turn-cpu.js";

const TIMER_MS = 1;
const file = process.env["KAFKA_HOOKS_TURN_CPU_FILE"];

const threadCpuMs = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

let last = threadCpuMs();
let report: TurnCpuReport = { longestMs: 0, turns: 0 };

function turn(): void {
  const now = threadCpuMs();
  report.longestMs = Math.max(report.longestMs, now - last);
  report.turns++;
  last = now;
  setTimeout(turn, TIMER_MS).unref();
}

if (file !== undefined) {
  setTimeout(turn, TIMER_MS).unref();
  process.on("SIGUSR2", () => {
    // Whole or not at all: the reader waits for the file to appear.
    writeFileSync(`${file}.part`, JSON.stringify(report));
    renameSync(`${file}.part`, file);
    report = { longestMs: 0, turns: 0 };
    last = threadCpuMs();
  });
}
