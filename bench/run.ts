// `make bench`: runs the benchmarks and writes docs/BENCHMARKS.md with the
// machine, the Node.js version and the method beside the figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../test/helpers/paths.js";
import { certificateBenchmarks } from "./certificates.js";
import { firstSyncBenchmarks } from "./first-sync.js";
import { drivenBenchmarks } from "./metacontroller-first-sync.js";
import { memoryBenchmarks } from "./memory.js";
import { rebalanceBenchmarks } from "./rebalances.js";
import { rollerBenchmarks } from "./roller.js";
import { steadyStateInContainerProcess } from "./steady-state.js";

const REBALANCE_METHOD = `bench/rebalances.ts (also \`node dist/bench/rebalances.js\` alone): one pass of the
sidecar's KafkaRebalance reconciler (sidecar/rebalance) over 100 KafkaRebalances
waiting on Cruise Control, half PendingProposal and half Rebalancing, against the
fake Cruise Control (test/helpers/fake-cruise-control.ts, its recorded answers)
over HTTPS in a worker thread; caches and Kubernetes writes in memory. Two warm-up
passes, then 10 measured; goal (issue 25): under 100 ms of CPU a pass.`;

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${process.arch}, Node.js ${process.version}`;
const load = loadavg()[0]?.toFixed(1) ?? "unknown";
const firstSync = await firstSyncBenchmarks();
const driven = await drivenBenchmarks();
const steadyState = await steadyStateInContainerProcess();
const certificates = certificateBenchmarks();
const roller = await rollerBenchmarks();
const memory = await memoryBenchmarks();
const rebalances = await rebalanceBenchmarks();
const text = `# Benchmarks

Written by \`make bench\` (bench/run.ts); do not edit by hand.

Machine: ${machine}; load average ${load} when the run began (other work on the machine
slows every figure, and most the latencies).
Date: ${new Date().toISOString().slice(0, 10)}.

Method: each figure is the median and 99th percentile of wall-clock
milliseconds over the given number of runs, after warm-up runs, measured with
\`performance.now()\` in one process. Key generation uses Node's native RSA
(2048 bits); openssl runs as separate processes, as a shell script would.

## First sync on a freshly started server

bench/first-sync.ts starts the hooks server as the container does
(\`node\` with the Deployment's Node.js options and \`MALLOC_ARENA_MAX\`, \`dist/hooks/main.js\`, a process of its own, pinned to CPU 0 with
\`taskset -c 0\` for the one-CPU rows), sends one new cluster's first Kafka
sync request and times it, while a worker thread pings \`/healthz\` every
5 ms (one ping in flight): the longest a ping waited is the longest the
server's event loop was held. On this shared machine that wait also counts
the time the scheduler gave the server's thread, or the pinger's, to other
processes; so the server's main thread runs at the highest priority of a
normal thread (nice -20, once it answers; its crypto workers keep their lowest
priority; not real-time, which starves the server's own collector and crypto
threads until Linux's deadline server takes the CPU from it for 50 ms at once:
docs/ARCHITECTURE.md, "/healthz waits at one CPU"), and the pinger's thread at
real-time priority (\`chrt -f 50\`; timed on both sides at a load of 7-9, 14 of 16 waits
over 15 ms had the server reading and answering the ping within a few ms while
the pinger waited for a CPU to send it or read the answer), and a preload
(test/helpers/turn-cpu-preload.ts) records the CPU time of that thread in each
turn of its event loop (\`process.threadCpuUsage\` between two turns of a 1 ms
timer): "most CPU in one event-loop turn" is the longest the loop was held on
an idle machine (issue 18's goal: 20 ms). "cold" sends the sync as soon as the
server answers \`/healthz\`; "warm" once the key pool is full. 3 nodes are
Strimzi's dual-role example; 6 are \`kafka-persistent\` (3 controllers, 3
brokers), 30 and 100 the same with more brokers. One run per row.

${firstSync.join("\n")}

## New clusters driven as Metacontroller drives them

bench/metacontroller-first-sync.ts starts a fresh hooks server as above and
creates new clusters in the stand-in API server; the Metacontroller stand-in
(test/helpers/metacontroller-standin.ts) syncs each over HTTP and applies the
answers, which the next sync observes. A cluster is synced again at once when
its sync changed a child (Metacontroller's informers enqueue the parent), else
after the answer's \`resyncAfterSeconds\`; at most five syncs run at once
(Metacontroller's default \`--workers\`). "every pod listed" is the time from
the first sync until every pod of every cluster is in its StrimziPodSets; the
pinger runs all along. One run per row.

${driven.join("\n")}

## Steady-state sync

The request Metacontroller sends on every pod status change of a running
cluster: every child observed (with Metacontroller's last-applied copy),
certificates present, PodSets ready. Three controllers, brokers in two pools
with two JBOD volumes each, plain, TLS and SCRAM-SHA-512 listeners. Two
versions of the request alternate, as two successive status changes send
them: the observed PodSets (for the PodSet hook, the pods) carry another
resourceVersion each time, so no cache of whole requests could answer.
"floor" is what no stateless hook can avoid: \`JSON.parse\` of the request
and \`JSON.stringify\` of the answer. "hook logic alone" is the sync function
on the parsed request. "whole sync" is one request at a time over HTTP
(keep-alive) through fastify: read, parse, validate, build, serialize, write;
the client runs in a worker thread (Metacontroller runs in its own process),
sends ready-made bytes, and times each round trip from the first byte sent
to the last byte received. "floor over HTTP" is the same round trip to a
route of the same server that only reads and parses the request (with the
hooks' body parser) and writes the whole sync's answer bytes, ready-made:
what the transport and the parse cost any hook before it does anything, so
"sync / floor over HTTP" is what the hook itself adds. "req/s, 8 clients"
keeps eight requests in flight for two seconds (three at 300 nodes) from
the client thread, as an autocannon-like load; the server's thread (the benchmark's main thread) is
timed meanwhile (\`process.threadCpuUsage\`), and its CPU per sync gives the
syncs/s it allows when it has a core to itself (issue 18's goal: 1,000 at 6
nodes with 8 clients). The PodSet hook is measured on the largest PodSet
of the same cluster with all its pods observed. These run in a process of
their own started with the hooks container's Node.js options and malloc
setting (manifests/deployment.yaml: its heap limit, young generation and
\`MALLOC_ARENA_MAX\`), as the
server runs in production; before 2026-12-07 they ran with V8's defaults (a
semi-space of up to 32 MiB here, against the container's 8).

${steadyState.join("\n")}

## Memory

What the server remembers per cluster (lib/memo.ts) is bounded by the bytes it
holds, estimated by one walk of each result and its inputs (lib/heap-size.ts;
a Kafka's children are kept as their encoded JSON). "live heap and Buffers" is \`heapUsed + external\`
after a full garbage collection, before and after syncing that many copies of
a settled cluster under their own uids, divided by their number; the estimate
is what the caches say they took on for them. The scenarios run the server in
a process of its own (test/helpers/hooks-process.ts) with the Node.js options
and malloc setting of the hooks container (\`--max-old-space-size=384\`,
\`--max-semi-space-size=8\`, \`MALLOC_ARENA_MAX=2\`, manifests/deployment.yaml;
limit 512 MiB); resident memory is the kernel's (\`VmRSS\`,
and \`VmHWM\` for the peak).

${memory.join("\n")}

## Certificate issuance

${certificates.join("\n")}

These first syncs run inline, on one thread, as \`render\` and the tests issue
(a budget of 16 keys, the inline default): the CPU a sync's certificates cost.
The server issues them on its crypto workers instead and takes keys from its
pool (docs/ARCHITECTURE.md, "First syncs off the event loop"; the sections
above).

## Rolling restarts

${roller.join("\n")}

## KafkaRebalances in flight

${REBALANCE_METHOD}

${rebalances.join("\n")}
`;
// The Topic and User Operators' figures (`make bench-topics`, `make bench-users`, from there to the end) need a real API server and Kafka: kept as they were written.
const file = join(repoRoot, "docs", "BENCHMARKS.md");
const TOPIC_OPERATOR = "\n## The Topic Operator";
const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
const kept = previous.includes(TOPIC_OPERATOR) ? previous.slice(previous.indexOf(TOPIC_OPERATOR)) : "";
writeFileSync(file, text + kept);
process.stdout.write(text);
