// The KafkaConnect hook's fuzz run, through the real server: every example
// KafkaConnect that is valid, running (its children observed as last applied,
// its workers ready), gets either a path of valid edits (each answer observed
// before the next edit) or random mutations of its spec, labels and annotations
// or of the data of the Secrets it names. FUZZ_CASES / 10 cases (default 1,000)
// from FUZZ_SEED (fuzz-run.ts): a Connect answer costs about twice a Bridge's
// (1.9 against 1.0 ms of CPU), and the run keeps within the suite's per-file timeout on a loaded machine. The oracle judges from
// the request and the answer alone: every request gets a 200; a 200 never drops
// the workers' PodSet, Services, ConfigMap, ServiceAccount or budget; the
// trusted-certificates Secret, the Role and its binding, the network policy and
// the build's ConfigMap and ServiceAccount go only when the spec no longer asks
// for them, the build pod only once its result is recorded or a newer build
// replaces it; a refusal keeps every observed child exactly as last applied.
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import type { KafkaConnect } from "../../lib/api/kafka-connect.js";
import type { ConfigMap, KubeObject } from "../../lib/api/kubernetes.js";
import { hashStub } from "../../lib/hash.js";
import { BUILD_REVISION_ANNOTATION } from "../../lib/operands/connect/build.js";
import { syncKafkaConnect } from "../../lib/sync/connect-sync.js";
import { connectRequests } from "../helpers/connect-requests.js";
import { testEnvironment } from "../helpers/requests.js";
import { judgeOwnParent, observedRunning, runOwnParentFuzz } from "./own-parent-fuzz.js";
import { CASES, SEED } from "./fuzz-run.js";

const CONNECT_CASES = Math.ceil(CASES / 10);

const running = connectRequests()
  .map(({ example, request }) => ({ example, request, answer: syncKafkaConnect(request, testEnvironment()) }))
  // The metrics examples lack what the v1 CRD requires: they never run.
  .filter(({ answer }) => answer.children.length > 0)
  .map(({ example, request, answer }) => ({ example, request: observedRunning(request, answer.children) }));

type Edit = (connect: KafkaConnect, random: () => number) => string;
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

const VALID_EDITS: readonly Edit[] = [
  (c, r) => { c.spec.replicas = Math.floor(r() * 4); return `replicas ${c.spec.replicas}`; },
  (c, r) => { c.spec.config = { ...c.spec.config, "key.converter": "org.apache.kafka.connect.storage.StringConverter", "rest.port": 1, "ssl.protocol": pick(["TLSv1.2", "TLSv1.3"], r) }; return "config"; },
  (c) => { c.spec.metricsConfig = { type: "strimziMetricsReporter" }; return "metrics reporter"; },
  (c) => { c.spec.logging = { type: "inline", loggers: { "rootLogger.level": "DEBUG" } }; return "inline logging"; },
  (c) => { c.spec.rack = { type: "topology-label", topologyKey: "topology.kubernetes.io/zone" }; return "rack"; },
  (c) => { delete c.spec.tls; delete c.spec.authentication; return "no TLS, no authentication"; },
  (c) => { c.spec.jvmOptions = { "-Xmx": "512m", "-XX": { UseG1GC: "true" }, javaSystemProperties: [{ name: "a", value: "b" }] }; return "jvm options"; },
  (c) => { c.spec.template = { pod: { metadata: { labels: { team: "a" } } }, podDisruptionBudget: { maxUnavailable: 0 } }; return "template"; },
  (c) => { c.spec.image = "apache/kafka:4.2.1"; return "image"; },
  (c, r) => {
    c.spec.build = { output: { type: "docker", image: "registry.example/connect:1" }, plugins: [{ name: "file", artifacts: [{ type: "maven", group: "org.apache.kafka", artifact: "connect-file", version: pick(["4.1.0", "4.2.1"], r) }] }] };
    return "build";
  },
  (c) => { delete c.spec.build; return "no build"; },
  (c) => { c.metadata.annotations = { ...c.metadata.annotations, "strimzi.io/use-connector-resources": "true" }; return "connector resources"; },
  (c) => { c.metadata.annotations = { ...c.metadata.annotations, "strimzi.io/pause-reconciliation": "true" }; return "paused"; },
];


/**
 * The build pod may go once the answer's PodSet records its revision (its image is the workers'), or when
 * its revision is not the one the answer's Dockerfile and output make (a newer build replaces it).
 */
function buildPodMayGo(pod: KubeObject, connect: KafkaConnect, answer: readonly KubeObject[]): boolean {
  const revision = pod.metadata.annotations?.[BUILD_REVISION_ANNOTATION];
  const podSet = answer.find((c) => c.kind === "StrimziPodSet");
  if (podSet?.metadata.annotations?.[BUILD_REVISION_ANNOTATION] === revision) return true;
  const dockerfile = (answer.find((c) => c.kind === "ConfigMap" && c.metadata.name === `${connect.metadata.name}-connect-dockerfile`) as ConfigMap | undefined)?.data?.["Dockerfile"];
  const output = connect.spec?.build?.output.image;
  return dockerfile === undefined || output === undefined || revision !== `${hashStub(dockerfile)}${hashStub(output)}`;
}

/** Children a valid answer may leave out: those whose reason is gone from the spec. */
function mayGo(key: string, connect: KafkaConnect): boolean {
  const name = connect.metadata.name;
  const spec = connect.spec ?? {};
  if (key === `ConfigMap/${name}-connect-dockerfile` || key === `ServiceAccount/${name}-connect-build`) return spec.build === undefined;
  if (key === `Secret/${name}-connect-tls-trusted-certs`) return (spec.tls?.trustedCertificates ?? []).length === 0;
  if (key === `Role/${name}-connect` || key === `RoleBinding/${name}-connect-connect-role`) {
    return (spec.tls?.trustedCertificates ?? []).length === 0 && (spec.authentication === undefined || spec.authentication.type === "custom");
  }
  if (key === `NetworkPolicy/${name}-connect`) return connect.metadata.annotations?.["strimzi.io/use-connector-resources"] !== "true";
  return false;
}

t.test(`${CONNECT_CASES} cases of valid edits and mutations of running KafkaConnects (seed ${SEED})`, async (t) => {
  t.same(running.map((r) => r.example), ["connect/kafka-connect-build.yaml", "connect/kafka-connect.yaml", "security/scram-sha-512-auth/connect.yaml", "security/tls-auth/connect.yaml"]);
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  const { failures, codes } = await runOwnParentFuzz<KafkaConnect>({
    cases: CONNECT_CASES, seed: Math.imul(SEED, 0x27d4eb2d), running, validEdits: VALID_EDITS, judge: (request) => {
      const connect = request.parent as unknown as KafkaConnect;
      return judgeOwnParent(app, "/kafkaconnect/sync", request, (key, child, answer) =>
        mayGo(key, connect) || (key === `Pod/${connect.metadata.name}-connect-build` && buildPodMayGo(child, connect, answer)));
    },
    observed: observedRunning,
  });
  await app.close();
  t.comment(`answers: ${[...codes].map(([code, n]) => `${n} × ${code}`).join(", ")}`);
  t.same(failures.slice(0, 10), [], "no answer loses data or fails");
});
