// The User Operator's benchmark (docs/BENCHMARKS.md, `make bench-users`): the
// operator as its container runs it (the command
// lib/operands/entity-operator/containers.ts gives a container without a memory
// limit, run from the repository's root, the contract's env, a kubeconfig of the
// Entity Operator's ServiceAccount) against the real API server and one real
// Kafka node (user-operator-bed.ts). USERS TLS KafkaUsers (1,000 by default) are created
// together, then as many SCRAM-SHA-512 ones; each phase is timed from its
// first create until every KafkaUser is Ready, with the operator's CPU time,
// the load average, and the longest event-loop stall inside the operator
// (`nodejs_eventloop_lag_max_seconds` of its /metrics, which prom-client
// resets at each scrape: the bench scrapes once before and once after each
// phase and nothing else scrapes; OPERATOR_NICE=-10 runs it ahead of a shared
// machine's other work), and the most CPU its main thread spent in one turn of
// its event loop (test/helpers/turn-cpu.ts), which other processes do not
// stretch. First, the parts alone in this process, one
// at a time: an RSA-2048 key, the certificate's signature, the PKCS#12
// keystore (two PBKDF2 runs), a SCRAM salting. Run as root:
//   node dist/test/realbed/k8s/user-operator-bench.js   (make bench-users)
import { generateKeyPairSync } from "node:crypto";
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { seededRandom } from "../../../lib/environment.js";
import { createCertificateAuthority } from "../../../lib/pki/certificate-authority.js";
import { issueUserCertificate } from "../../../lib/pki/end-entity.js";
import { RSA_KEY_OPTIONS, systemKeyPairSource } from "../../../lib/pki/keys.js";
import { createKeystore } from "../../../lib/pki/pkcs12.js";
import { saltedScramCredential, SCRAM_ITERATIONS } from "../../../entity-operator/user-operator/scram.js";
import { cpuSeconds, memoryMiB } from "./proc-stats.js";
import { operatorCommand } from "../../../lib/operands/entity-operator/containers.js";
import { USER_OPERATOR } from "../../../lib/operands/entity-operator/input.js";
import { repoRoot } from "../../helpers/paths.js";
import { TurnCpu } from "../../helpers/turn-cpu.js";
import { eventually } from "./cluster.js";
import type { JsonMap } from "./rest.js";
import { CLUSTER, NS, startUserOperatorBed } from "./user-operator-bed.js";

const USERS = Number(process.env["USERS"] ?? 1000);
const CREATES_AT_ONCE = 32;
// Issue 24: the loop never blocked more than 20 ms (the most CPU in one turn); the wall-clock stall, which also
// counts the thread's waits for a core, is read as issue 18 reads its /healthz gap for a 20 ms block: 50 ms.
const GOALS = { tlsSeconds: 90, scramSeconds: 30, blockMs: 20, stallMs: 50 };
/** To a tenth: the figures printed. */
const tenth = (value: number): number => Math.round(value * 10) / 10;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");

/** Median CPU milliseconds of `work` over `runs` runs, in this process. */
async function cpuMs(runs: number, work: (i: number) => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    await work(i);
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

const env = { now: () => new Date(), random: seededRandom("bench") };
const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 0, validityDays: 730 }, systemKeyPairSource, env);
const keys = Array.from({ length: 20 }, () => generateKeyPairSync("rsa", RSA_KEY_OPTIONS).privateKey);
const certificates = keys.map((privateKeyPem) => issueUserCertificate(ca, { userName: "u", validityDays: 365, privateKeyPem }, env));
const parts = {
  loadAverage: load(),
  rsaKeyMs: await cpuMs(20, () => generateKeyPairSync("rsa", RSA_KEY_OPTIONS)),
  certificateMs: await cpuMs(20, (i) => issueUserCertificate(ca, { userName: "u", validityDays: 365, privateKeyPem: keys[i] ?? "" }, env)),
  pkcs12Ms: await cpuMs(20, (i) => createKeystore({ alias: "u", privateKeyPem: keys[i] ?? "", certificatePem: certificates[i] ?? "", chainPems: [] }, "abcdefghijkl", env.random)),
  scramSaltingMs: await cpuMs(20, () => saltedScramCredential("u", "a-password-of-32-characters-abcd", { random: env.random, iterations: SCRAM_ITERATIONS })),
};
console.log(JSON.stringify({ parts }));

const bed = await startUserOperatorBed({ fullReconciliationIntervalMs: 600_000 });
try {
  const { cluster } = bed;
  // OPERATOR_NICE (e.g. -10, as root) puts the operator ahead of a shared machine's other work, so that its stalls are its own.
  const nice = process.env["OPERATOR_NICE"];
  // The most CPU its main thread spent in one turn of its event loop, per phase: the stall an idle machine would see.
  const turnCpu = new TurnCpu();
  const [, ...containerArgs] = operatorCommand(USER_OPERATOR, undefined);
  const command = [process.execPath, ...turnCpu.nodeArgs, ...containerArgs];
  const child = spawn(nice ? "nice" : command[0] as string, nice ? ["-n", nice, ...command] : command.slice(1), {
    // The container's working directory is the image's /app, where dist/ is: here the repository's root.
    cwd: repoRoot,
    // NODE_OPTIONS passes through, for a profile: NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    env: { PATH: process.env["PATH"] ?? "", KUBECONFIG: bed.kubeconfigFile, HEALTH_PORT: "0", LOG_LEVEL: "info", NODE_OPTIONS: process.env["NODE_OPTIONS"] ?? "", ...turnCpu.env, ...bed.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pid = child.pid ?? 0;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    let healthPort = 0;
    createInterface({ input: child.stdout }).on("line", (line) => {
      const entry = JSON.parse(line) as { msg?: string; healthPort?: number };
      if (entry.msg === "started" && entry.healthPort) healthPort = entry.healthPort;
    });
    const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    await eventually("the operator ready", async () => (healthPort > 0 && (await fetch(`http://127.0.0.1:${healthPort}/ready`)).ok ? true : undefined), 120_000);

    const readyCount = async (prefix: string): Promise<number> => (await cluster.api.list("kafka.strimzi.io/v1", "KafkaUser", NS))
      .filter((i) => String((i["metadata"] as { name: string }).name).startsWith(prefix)
        && ((i["status"] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")).length;

    /** Seconds each step of the operator's batches took since it started (its histograms' sums). */
    const stepSums = (scraped: string): Map<string, number> => new Map([...scraped.matchAll(/^kafka_hooks_user_operator_step_seconds_sum\{step="(\w+)"\} ([\d.e+-]+)$/gm)]
      .map(([, step, seconds]) => [step ?? "", Number(seconds)]));
    const phase = async (prefix: string, spec: JsonMap): Promise<JsonMap> => {
      const stepsBefore = stepSums(await metrics());
      await turnCpu.read(pid);
      const cpuBefore = cpuSeconds(pid);
      const loadBefore = load();
      const start = Date.now();
      let next = 0;
      await Promise.all(Array.from({ length: CREATES_AT_ONCE }, async () => {
        while (next < USERS) {
          const name = `${prefix}${String(next++).padStart(4, "0")}`;
          await cluster.api.create({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, namespace: NS, labels: { "strimzi.io/cluster": CLUSTER } }, spec } as JsonMap);
        }
      }));
      const createdSeconds = (Date.now() - start) / 1000;
      await eventually(`${USERS} ${prefix} KafkaUsers Ready`, async () => ((await readyCount(prefix)) === USERS ? true : undefined), 1_800_000);
      const readySeconds = (Date.now() - start) / 1000;
      const scraped = await metrics();
      const stall = Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(scraped)?.[1] ?? NaN) * 1000;
      const turns = await turnCpu.read(pid);
      return {
        users: USERS, createdSeconds, readySeconds, operatorCpuSeconds: tenth(cpuSeconds(pid) - cpuBefore),
        longestEventLoopStallMs: tenth(stall), mostCpuInOneTurnMs: tenth(turns.longestMs), collectionPausesInThatTurnMs: tenth(turns.longestTurnGcMs), thatTurnAtSeconds: tenth(turns.longestTurnAtMs / 1000),
        turnsOver5And10MsCpu: [turns.turnsOver5Ms, turns.turnsOver10Ms], mainThreadCpuSeconds: tenth(turns.cpuMs / 1000), longestGcPause: { ...turns.longestGc, ms: tenth(turns.longestGc.ms) },
        longestGapBetweenTurns: Object.fromEntries(Object.entries(turns.longestGap).map(([part, ms]) => [part, tenth(ms)])),
        loadAverageBefore: loadBefore, loadAverageAfter: load(),
        stepSeconds: Object.fromEntries([...stepSums(scraped)].map(([step, seconds]) => [step, tenth(seconds - (stepsBefore.get(step) ?? 0))])),
      };
    };
    const acls = [{ resource: { type: "topic", name: "orders", patternType: "literal" }, operations: ["Read", "Describe"] }];
    const tls = await phase("tls-", { authentication: { type: "tls" }, authorization: { type: "simple", acls } });
    console.log(JSON.stringify({ tls }));
    const scram = await phase("scram-", { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls } });
    console.log(JSON.stringify({ scram }));
    const inKafka = { aclPrincipals: new Set((await bed.kafka.describeAcls(null)).map((b) => b.principal)).size, scramUsers: (await bed.kafka.describeScramUsers()).length };
    console.log(JSON.stringify({ inKafka, operatorPeakRssMiB: memoryMiB(pid, "VmHWM") }));
    const verdict = (what: string, value: number, goal: number, unit: string): string => `${value <= goal ? "met " : "MISSED"} ${what}: ${value} ${unit} (goal ${goal} ${unit})`;
    console.log([
      verdict(`${USERS} TLS KafkaUsers Ready`, tls["readySeconds"] as number, GOALS.tlsSeconds, "s"),
      verdict(`${USERS} SCRAM KafkaUsers Ready`, scram["readySeconds"] as number, GOALS.scramSeconds, "s"),
      verdict("longest event-loop stall", Math.max(tls["longestEventLoopStallMs"] as number, scram["longestEventLoopStallMs"] as number), GOALS.stallMs, "ms"),
      verdict("most CPU in one event-loop turn", Math.max(tls["mostCpuInOneTurnMs"] as number, scram["mostCpuInOneTurnMs"] as number), GOALS.blockMs, "ms"),
    ].join("\n"));
  } finally {
    child.kill("SIGTERM");
    await exited;
    turnCpu.remove();
  }
} finally {
  await bed.stop();
}
