// Loaded (`node --import`, turn-cpu.ts) into a process a benchmark measures, the
// hooks server or the User Operator: the most CPU its main thread spent between
// two turns of a 1 ms timer, i.e. in one turn of the event loop. On a shared
// machine a /healthz wait or an event-loop delay also counts the time the
// scheduler gave the thread to other processes; the thread's own CPU time
// (process.threadCpuUsage) is what the wait would be on an idle one. What a
// stall is made of beyond the turn's own work is reported too: the longest
// wall-clock gap between two turns, split into what the thread ran, how long
// it waited runnable for a CPU (the scheduler's run-queue time,
// /proc/thread-self/schedstat) and the collection pauses in it; the longest
// pause; when the longest turn came and how often turns ran over 5 and 10 ms.
// SIGUSR2 writes the figures since the last signal to
// KAFKA_HOOKS_TURN_CPU_FILE and starts again.
import { openSync, readSync, renameSync, writeFileSync } from "node:fs";
import { constants, PerformanceObserver, performance, type PerformanceEntry } from "node:perf_hooks";
import type { TurnCpuReport } from "./turn-cpu.js";

const TIMER_MS = 1;
const GC_KINDS = new Map([
  [constants.NODE_PERFORMANCE_GC_MINOR, "minor"], [constants.NODE_PERFORMANCE_GC_MAJOR, "major"],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, "incremental"], [constants.NODE_PERFORMANCE_GC_WEAKCB, "weak callbacks"],
]);
const file = process.env["KAFKA_HOOKS_TURN_CPU_FILE"];

const threadCpuMs = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

// Opened here, on the main thread: the file stays that thread's. Its second field is ns waited on a run queue.
// A kernel without scheduler statistics has no such file: the wait is then NaN, the rest still measured.
const schedstat = ((): number | undefined => {
  try {
    return openSync("/proc/thread-self/schedstat", "r");
  } catch {
    return undefined;
  }
})();
const schedstatBuffer = Buffer.alloc(128);
const runQueueMs = (): number => {
  if (schedstat === undefined) return NaN;
  const bytes = readSync(schedstat, schedstatBuffer, 0, schedstatBuffer.length, 0);
  return Number(schedstatBuffer.toString("latin1", 0, bytes).split(" ")[1]) / 1e6;
};

interface Sample { wallMs: number; cpuMs: number; runQueueMs: number }
const sample = (): Sample => ({ wallMs: performance.now(), cpuMs: threadCpuMs(), runQueueMs: runQueueMs() });
const emptyReport = (): TurnCpuReport => ({
  longestMs: 0, turns: 0, turnsOver5Ms: 0, turnsOver10Ms: 0, longestTurnAtMs: 0, longestTurnGcMs: 0, cpuMs: 0,
  longestGc: { ms: 0, kind: "" }, longestGap: { ms: 0, cpuMs: 0, runQueueMs: 0, gcMs: 0 },
});
const gcKind = (entry: PerformanceEntry): string => GC_KINDS.get((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) ?? "other";

let last = sample();
let report = emptyReport();
let reportStartedMs = last.wallMs;
let longestGapWindow: [number, number] = [0, 0];
let longestTurnWindow: [number, number] = [0, 0];
// Pauses since the last report, to find those inside the longest gap once it is known.
let collections: Array<{ startMs: number; ms: number; kind: string }> = [];

function turn(): void {
  const now = sample();
  const cpuMs = now.cpuMs - last.cpuMs;
  if (cpuMs > report.longestMs) {
    report.longestMs = cpuMs;
    longestTurnWindow = [last.wallMs, now.wallMs];
    report.longestTurnAtMs = now.wallMs - reportStartedMs;
  }
  if (cpuMs > 5) report.turnsOver5Ms++;
  if (cpuMs > 10) report.turnsOver10Ms++;
  report.cpuMs += cpuMs;
  if (now.wallMs - last.wallMs > report.longestGap.ms) {
    report.longestGap = { ms: now.wallMs - last.wallMs, cpuMs, runQueueMs: now.runQueueMs - last.runQueueMs, gcMs: 0 };
    longestGapWindow = [last.wallMs, now.wallMs];
  }
  report.turns++;
  last = now;
  setTimeout(turn, TIMER_MS).unref();
}

function pausesWithin([start, end]: [number, number]): number {
  return collections.reduce((sum, c) => sum + Math.max(0, Math.min(end, c.startMs + c.ms) - Math.max(start, c.startMs)), 0);
}

if (file !== undefined) {
  setTimeout(turn, TIMER_MS).unref();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push({ startMs: entry.startTime, ms: entry.duration, kind: gcKind(entry) });
  }).observe({ entryTypes: ["gc"] });
  process.on("SIGUSR2", () => {
    report.longestGap.gcMs = pausesWithin(longestGapWindow);
    report.longestTurnGcMs = pausesWithin(longestTurnWindow);
    for (const c of collections) if (c.ms > report.longestGc.ms) report.longestGc = { ms: c.ms, kind: c.kind };
    // Whole or not at all: the reader waits for the file to appear.
    writeFileSync(`${file}.part`, JSON.stringify(report));
    renameSync(`${file}.part`, file);
    report = emptyReport();
    collections = [];
    last = sample();
    reportStartedMs = last.wallMs;
  });
}
