// The benchmark's HTTP client, in a worker thread: Metacontroller calls the hooks
// from its own process, so the client's work (writing 2.6 MiB, reading the
// answer) must not run on the server's thread and count as the hook's time.
// The worker measures round trips itself: from the first byte sent to the last
// byte of the answer received.
import { Agent, request as httpRequest } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { percentileTiming, type Timing } from "./measure.js";

export type ClientCommand =
  | { id: number; op: "time"; path: string; bodies: Uint8Array[]; runs: number }
  | { id: number; op: "throughput"; path: string; bodies: Uint8Array[]; clients: number; seconds: number }
  | { id: number; op: "send"; path: string; bodies: Uint8Array[]; count: number };

export type ClientAnswer = { id: number; result: Timing | number } | { id: number; error: string };

const { port } = workerData as { port: number };
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(path: string, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode} from ${path}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function time(path: string, bodies: Uint8Array[], runs: number): Promise<Timing> {
  for (let i = 0; i < Math.min(5, runs); i++) await post(path, bodies[i % bodies.length] as Uint8Array);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await post(path, bodies[i % bodies.length] as Uint8Array);
    samples.push(performance.now() - start);
  }
  return percentileTiming(samples);
}

/** Requests per second with `clients` requests always in flight, over `seconds`. */
async function throughput(path: string, bodies: Uint8Array[], clients: number, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < until) {
      await post(path, bodies[done % bodies.length] as Uint8Array);
      done++;
    }
  }));
  return done / seconds;
}

async function send(path: string, bodies: Uint8Array[], count: number): Promise<number> {
  for (let i = 0; i < count; i++) await post(path, bodies[i % bodies.length] as Uint8Array);
  return count;
}

function run(command: ClientCommand): Promise<Timing | number> {
  switch (command.op) {
    case "time": return time(command.path, command.bodies, command.runs);
    case "throughput": return throughput(command.path, command.bodies, command.clients, command.seconds);
    case "send": return send(command.path, command.bodies, command.count);
  }
}

parentPort?.on("message", (command: ClientCommand) => {
  run(command).then(
    (result) => parentPort?.postMessage({ id: command.id, result } satisfies ClientAnswer),
    (error: unknown) => parentPort?.postMessage({ id: command.id, error: String(error) } satisfies ClientAnswer),
  );
});
