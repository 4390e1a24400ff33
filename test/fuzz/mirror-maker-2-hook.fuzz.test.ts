// The KafkaMirrorMaker2 hook's fuzz run, through the real server, as the
// KafkaConnect's (connect-hook.fuzz.test.ts): every example KafkaMirrorMaker2,
// running, gets a path of valid edits or random mutations of its spec, labels
// and annotations or of the Secrets it names; FUZZ_CASES / 10 cases. Every
// request gets a 200; a 200 never drops the workers' PodSet, Services,
// ConfigMap, ServiceAccount, budget or network policy; the trusted-certificates
// Secret, the Role and its binding go only when no cluster asks for them; a
// refusal keeps every observed child exactly as last applied.
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import type { KafkaMirrorMaker2 } from "../../lib/api/kafka-mirror-maker-2.js";
import { syncKafkaMirrorMaker2 } from "../../lib/sync/mirror-maker-2-sync.js";
import { mirrorMaker2Requests } from "../helpers/mirror-maker-2-requests.js";
import { testEnvironment } from "../helpers/requests.js";
import { judgeOwnParent, observedRunning, runOwnParentFuzz } from "./own-parent-fuzz.js";
import { CASES, SEED } from "./fuzz-run.js";

const MM2_CASES = Math.ceil(CASES / 10);

const running = mirrorMaker2Requests()
  .map(({ example, request }) => ({ example, request, answer: syncKafkaMirrorMaker2(request, testEnvironment()) }))
  .map(({ example, request, answer }) => ({ example, request: observedRunning(request, answer.children) }));

type Edit = (mm2: KafkaMirrorMaker2, random: () => number) => string;

const VALID_EDITS: readonly Edit[] = [
  (m, r) => { m.spec.replicas = Math.floor(r() * 4); return `replicas ${m.spec.replicas}`; },
  (m) => { m.spec.target.config = { ...m.spec.target.config, "rest.port": 1, "ssl.protocol": "TLSv1.3" }; return "target config"; },
  (m) => { m.spec.mirrors = [...m.spec.mirrors, { source: { alias: "cluster-c", bootstrapServers: "cluster-c:9092" }, sourceConnector: { tasksMax: 2 } }]; return "another mirror"; },
  (m) => { m.spec.mirrors = m.spec.mirrors.slice(0, 1).map((x) => ({ ...x, topicsPattern: "a.*", groupsPattern: "g.*" })); return "patterns"; },
  (m) => { m.spec.metricsConfig = { type: "strimziMetricsReporter" }; return "metrics reporter"; },
  (m) => { m.spec.rack = { type: "topology-label", topologyKey: "topology.kubernetes.io/zone" }; return "rack"; },
  (m) => { delete m.spec.target.tls; delete m.spec.target.authentication; return "target without TLS or authentication"; },
  (m) => { m.spec.jvmOptions = { "-Xmx": "512m" }; return "jvm options"; },
  (m) => { m.metadata.annotations = { ...m.metadata.annotations, "strimzi.io/pause-reconciliation": "true" }; return "paused"; },
];

/** Children a valid answer may leave out: those whose reason is gone from the spec. */
function mayGo(key: string, mm2: KafkaMirrorMaker2): boolean {
  const name = mm2.metadata.name;
  const spec = mm2.spec ?? {};
  const clusters = [spec.target, ...(Array.isArray(spec.mirrors) ? spec.mirrors.map((m) => m?.source) : [])].filter((c) => typeof c === "object" && c !== null);
  const trusts = clusters.some((c) => (c.tls?.trustedCertificates ?? []).length > 0);
  if (key === `Secret/${name}-connect-tls-trusted-certs`) return !trusts;
  if (key === `Role/${name}-mirrormaker2` || key === `RoleBinding/${name}-mirrormaker2-role`) {
    return !trusts && clusters.every((c) => c.authentication === undefined || c.authentication.type === "custom");
  }
  return false;
}

t.test(`${MM2_CASES} cases of valid edits and mutations of running KafkaMirrorMaker2s (seed ${SEED})`, async (t) => {
  t.equal(running.length, 8);
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  const { failures, codes } = await runOwnParentFuzz<KafkaMirrorMaker2>({
    cases: MM2_CASES, seed: Math.imul(SEED, 0x165667b1), running, validEdits: VALID_EDITS, observed: observedRunning,
    judge: (request) => judgeOwnParent(app, "/kafkamirrormaker2/sync", request, (key) => mayGo(key, request.parent as unknown as KafkaMirrorMaker2)),
  });
  await app.close();
  t.comment(`answers: ${[...codes].map(([code, n]) => `${n} × ${code}`).join(", ")}`);
  t.same(failures.slice(0, 10), [], "no answer loses data or fails");
});
