// Pings the hooks' /healthz every 5 ms from a thread of its own, so that the
// time a ping waits is the time the server's event loop was busy, whatever the
// measuring thread does meanwhile (writing a 2.6 MiB request, reading answers).
// The thread runs at real-time priority where chrt is allowed: timed on both
// sides, most waits of over 15 ms on this shared machine were this thread
// waiting for a CPU (the server had read and answered the ping within a
// millisecond, or the ping was not even written yet). Unlike the server's main
// thread (hooks-server.ts), it holds a CPU for microseconds at a time, so it
// starves no other thread.
import { spawnSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { parentPort, workerData } from "node:worker_threads";

export type PingerCommand = "start" | "stop";
/**
 * The longest a ping waited for its answer, in ms, and how many were answered, between "start" and "stop";
 * whether the pinging thread ran at real-time priority.
 */
export interface PingerReport { longestMs: number; pings: number; realTime: boolean }

const PING_INTERVAL_MS = 5;
/** SCHED_FIFO priority of the pinging thread. */
const REAL_TIME_PRIORITY = "50";
const { port } = workerData as { port: number };
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
// chrt takes a thread's id, which /proc/thread-self names ("<pid>/task/<tid>").
const thread = readlinkSync("/proc/thread-self").split("/").pop() ?? "";
const realTime = spawnSync("chrt", ["-f", "-p", REAL_TIME_PRIORITY, thread]).status === 0;

function ping(): Promise<void> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: "127.0.0.1", port, path: "/healthz", agent }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode} from /healthz`))));
    }).on("error", reject).end();
  });
}

let measuring = false;
let report: PingerReport = { longestMs: 0, pings: 0, realTime };

async function loop(): Promise<void> {
  while (measuring) {
    const start = performance.now();
    await ping();
    report.longestMs = Math.max(report.longestMs, performance.now() - start);
    report.pings++;
    await sleep(PING_INTERVAL_MS);
  }
}

let running: Promise<void> = Promise.resolve();
parentPort?.on("message", (command: PingerCommand) => {
  if (command === "start") {
    report = { longestMs: 0, pings: 0, realTime };
    measuring = true;
    running = loop();
    return;
  }
  measuring = false;
  running.then(() => parentPort?.postMessage(report), (error: unknown) => parentPort?.postMessage({ error: String(error) }));
});
