// The KafkaBridge hook's fuzz run, through the real server: every example Bridge,
// running (its children observed as last applied, its pods ready), gets either a
// path of valid edits (each answer observed before the next edit) or random
// mutations of its spec, labels and annotations or of the data of the Secrets it
// names (names are immutable, and the envelope is the server's own test's).
// FUZZ_CASES / 5 cases (default 2,000) from FUZZ_SEED, as the Kafka hook's run
// (fuzz-run.ts). The oracle judges from the request and the answer alone: every
// request gets a 200; a 200 never drops the Bridge's Deployment,
// Service, ConfigMap, ServiceAccount or budget, drops the trusted-certificates
// Secret only when the Bridge no longer trusts any, and a refusal keeps every
// observed child exactly as last applied.
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import type { KafkaBridge } from "../../lib/api/kafka-bridge.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafkaBridge } from "../../lib/sync/bridge-sync.js";
import { bridgeRequests } from "../helpers/bridge-requests.js";
import { testEnvironment } from "../helpers/requests.js";
import { judgeOwnParent, runOwnParentFuzz } from "./own-parent-fuzz.js";
import { CASES, SEED } from "./fuzz-run.js";

const BRIDGE_CASES = Math.ceil(CASES / 5);

/** The request after Metacontroller applied `children`: each observed with its last-applied copy, the Deployment rolled out. */
function observed(request: SyncRequest, children: readonly KubeObject[]): SyncRequest {
  const groups = Object.fromEntries(Object.keys(request.children).map((type) => [type, {} as Record<string, KubeObject>]));
  for (const child of children) {
    const type = typeKey(child.kind, child.apiVersion);
    const replicas = (child as { spec?: { replicas?: number } }).spec?.replicas ?? 0;
    groups[type] = {
      ...groups[type],
      [`${child.metadata.namespace}/${child.metadata.name}`]: {
        ...structuredClone(child),
        metadata: { ...child.metadata, uid: `uid-${child.metadata.name}`, annotations: { ...child.metadata.annotations, "metacontroller.k8s.io/last-applied-configuration": JSON.stringify(child) } },
        ...(child.kind === "Deployment" ? { status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas } } : {}),
      },
    };
  }
  return { ...request, children: groups };
}

const running = bridgeRequests().map(({ example, request }) => ({ example, request: observed(request, syncKafkaBridge(request, testEnvironment()).children) }));

type Edit = (bridge: KafkaBridge, random: () => number) => string;
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

const VALID_EDITS: readonly Edit[] = [
  (b, r) => { b.spec.replicas = Math.floor(r() * 4); return `replicas ${b.spec.replicas}`; },
  (b, r) => { b.spec.http = { ...b.spec.http, port: 1023 + Math.floor(r() * 60000) }; return `http.port ${b.spec.http.port}`; },
  (b) => { b.spec.http = { ...b.spec.http, cors: { allowedOrigins: ["https://example.com"], allowedMethods: ["GET", "POST"] } }; return "cors"; },
  (b, r) => { b.spec.producer = { config: { acks: pick(["0", "1", "all"], r), "ssl.truststore.location": "/x" } }; return "producer config"; },
  (b, r) => { b.spec.consumer = { enabled: r() < 0.5, timeoutSeconds: Math.floor(r() * 100) - 1, config: { "group.id": "g", "auto.offset.reset": "earliest" } }; return "consumer"; },
  (b) => { b.spec.metricsConfig = { type: "strimziMetricsReporter" }; return "metrics reporter"; },
  (b) => { b.spec.logging = { type: "inline", loggers: { "logger.bridge.level": "DEBUG" } }; return "inline logging"; },
  (b) => { b.spec.rack = { type: "environment-variable", envVarName: "ZONE" }; return "rack"; },
  (b) => { delete b.spec.tls; delete b.spec.authentication; return "no TLS, no authentication"; },
  (b) => { b.spec.template = { pod: { metadata: { labels: { team: "a" } } }, deployment: { deploymentStrategy: "Recreate" } }; return "template"; },
  (b) => { b.spec.image = "quay.io/strimzi/kafka-bridge:1.0.0"; return "image"; },
  (b) => { b.metadata.annotations = { ...b.metadata.annotations, "strimzi.io/pause-reconciliation": "true" }; return "paused"; },
];


/** The trusted-certificates Secret may go when the spec no longer trusts certificates. */
const mayGo = (key: string, bridge: KafkaBridge): boolean =>
  key === `Secret/${bridge.metadata.name}-bridge-tls-trusted-certs` && (bridge.spec?.tls?.trustedCertificates ?? []).length === 0;

t.test(`${BRIDGE_CASES} cases of valid edits and mutations of running Bridges (seed ${SEED})`, async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  const { failures, codes } = await runOwnParentFuzz<KafkaBridge>({
    cases: BRIDGE_CASES, seed: Math.imul(SEED, 0x85ebca6b), running, validEdits: VALID_EDITS, judge: (request) => judgeOwnParent(app, "/kafkabridge/sync", request, (key) => mayGo(key, request.parent as unknown as KafkaBridge)), observed,
  });
  await app.close();
  t.comment(`answers: ${[...codes].map(([code, n]) => `${n} × ${code}`).join(", ")}`);
  t.same(failures.slice(0, 10), [], "no answer loses data or fails");
});
