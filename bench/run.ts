// `make bench`: runs the benchmarks and writes docs/BENCHMARKS.md with the
// machine, the Node.js version and the method beside the figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../test/helpers/paths.js";
import { certificateBenchmarks } from "./certificates.js";
import { memoryBenchmarks } from "./memory.js";
import { rollerBenchmarks } from "./roller.js";
import { steadyStateBenchmarks } from "./steady-state.js";

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${process.arch}, Node.js ${process.version}`;
const steadyState = await steadyStateBenchmarks();
const certificates = certificateBenchmarks();
const roller = await rollerBenchmarks();
const memory = await memoryBenchmarks();
const text = `# Benchmarks

Written by \`make bench\` (bench/run.ts); do not edit by hand.

Machine: ${machine}.
Date: ${new Date().toISOString().slice(0, 10)}.

Method: each figure is the median and 99th percentile of wall-clock
milliseconds over the given number of runs, after warm-up runs, measured with
\`performance.now()\` in one process. Key generation uses Node's native RSA
(2048 bits); openssl runs as separate processes, as a shell script would.

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
to the last byte received. The PodSet hook is measured on the largest PodSet
of the same cluster with all its pods observed.

${steadyState.join("\n")}

## Memory

What the server remembers per cluster (lib/memo.ts) is bounded by the bytes it
holds, estimated by one walk of each result and its inputs (lib/heap-size.ts)
plus its encoded answer. "live heap and Buffers" is \`heapUsed + external\`
after a full garbage collection, before and after syncing that many copies of
a settled cluster under their own uids, divided by their number; the estimate
is what the caches say they took on for them. The scenarios run the server in
a process of its own (test/helpers/hooks-process.ts), no heap size option, as
in the container (limit 512 MiB); resident memory is the kernel's (\`VmRSS\`,
and \`VmHWM\` for the peak).

${memory.join("\n")}

## Certificate issuance

${certificates.join("\n")}

A first sync under the server's key budget issues at most that many keys; the
rest follow in one-second resyncs (docs/ARCHITECTURE.md, Certificates). The
server also takes keys from a pool generated off the event loop, so in
practice a sync rarely generates a key itself.

## Rolling restarts

${roller.join("\n")}
`;
// The Topic Operator's figures need a real API server and Kafka (`make bench-topics`): kept as they were written.
const file = join(repoRoot, "docs", "BENCHMARKS.md");
const TOPIC_OPERATOR = "\n## The Topic Operator";
const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
const kept = previous.includes(TOPIC_OPERATOR) ? previous.slice(previous.indexOf(TOPIC_OPERATOR)) : "";
writeFileSync(file, text + kept);
process.stdout.write(text);
