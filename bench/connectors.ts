// `node dist/bench/connectors.js`: one sidecar pass over 100 KafkaConnectors of
// one Connect cluster while a 101st connector's REST calls hang (Strimzi
// #12004), against the fake Connect (test/helpers/fake-connect.ts) in the same
// process: the first pass creates every connector, the second (a resync) finds
// them all as they should be. Wall-clock time until every status is written,
// and the process's CPU time (the fake Connect's included).
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { FILE_SOURCE } from "../test/helpers/fake-connect.js";
import { ConnectorWorld, kafkaConnect, kafkaConnector } from "../test/helpers/connector-world.js";

const CONNECTORS = Number(process.env["CONNECTORS"] ?? 100);
const SPEC = { class: FILE_SOURCE, tasksMax: 1, config: { file: "/tmp/in.txt", topic: "lines" } };

async function until(condition: () => boolean, deadlineMs: number): Promise<void> {
  const end = performance.now() + deadlineMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error("the pass did not finish within its deadline");
    // A poll, not a spin: the CPU measured is the reconciler's and the fake Connect's.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function measure(what: string, start: () => void, done: () => boolean): Promise<string> {
  const cpu = process.cpuUsage();
  const began = performance.now();
  start();
  await until(done, 60_000);
  const wall = performance.now() - began;
  const used = process.cpuUsage(cpu);
  return `| ${what} | ${wall.toFixed(0)} ms | ${((used.user + used.system) / 1000).toFixed(0)} ms |`;
}

const world = await ConnectorWorld.start();
world.put("kafkaConnects", kafkaConnect());
world.connect.add("hung", { "connector.class": FILE_SOURCE, "tasks.max": "1" });
world.connect.hang("hung");
const names = Array.from({ length: CONNECTORS }, (_, i) => `connector-${i}`);
for (const name of ["hung", ...names]) world.objects.kafkaConnectors.push(kafkaConnector(name, SPEC));
const ready = (name: string): boolean => world.connector(name)?.status?.conditions?.[0]?.type === "Ready";
const topicReads = (): number => world.connect.requests.filter((r) => r.endsWith("/topics")).length;

const load = loadavg()[0]?.toFixed(1);
const rows = [await measure(`first pass: ${CONNECTORS} connectors created`, () => world.run(), () => names.every(ready))];
const before = topicReads();
rows.push(await measure(`resync pass: ${CONNECTORS} connectors unchanged`, () => {
  for (const name of ["hung", ...names]) world.put("kafkaConnectors", world.connector(name) as never);
}, () => topicReads() >= before + CONNECTORS));
await world.stop();
process.stdout.write([
  `${cpus().length} CPUs, load average ${load} at the start; one connector's calls hang throughout.`,
  "",
  "| pass | wall clock | CPU |",
  "|---|---|---|",
  ...rows,
  "",
].join("\n"));
