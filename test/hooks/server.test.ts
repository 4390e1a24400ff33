import { Writable } from "node:stream";
import t from "tap";
import { decodeBody } from "../../hooks/json-body.js";
import { buildServer } from "../../hooks/server.js";
import { REMEMBERED_BYTES } from "../../lib/remembered-budget.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

function capturingStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

/** The remembered stages' lookups in a /metrics text, by stage; not the process's own (certificate checks, store MAC keys). */
function lookups(metrics: string): Record<string, { recalled: number; missed: number }> {
  const found: Record<string, { recalled: number; missed: number }> = {};
  for (const [, stage = "", result = "", count] of metrics.matchAll(/^kafka_hooks_remembered_lookups_total\{stage="([^"]+)",result="(recalled|missed)"\} (\d+)$/gm)) {
    if (!stage.startsWith("certificate-") && stage !== "store-mac-key") (found[stage] ??= { recalled: 0, missed: 0 })[result as "recalled" | "missed"] = Number(count);
  }
  return found;
}

const rememberedBytes = (metrics: string, stage: string): number => Number(new RegExp(`kafka_hooks_remembered_bytes\\{stage="${stage}"\\} (\\d+)`).exec(metrics)?.[1]);

const SECRET_MARKER = "sup3r-s3cret-key-material";

function requestWithSecret() {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  request.children["Secret.v1"] = {
    "myproject/my-cluster-cluster-ca": {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "my-cluster-cluster-ca", namespace: "myproject" },
      data: { "ca.key": Buffer.from(SECRET_MARKER).toString("base64") },
      stringData: { plain: SECRET_MARKER },
    },
  };
  return request;
}

t.test("sync answers 200 with exactly the v2 response fields", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", payload: exampleRequest("kafka/kafka-persistent.yaml") });
  t.equal(reply.statusCode, 200);
  const body = reply.json() as Record<string, unknown>;
  t.same(Object.keys(body).sort(), ["children", "status"]);
  t.ok(Array.isArray(body.children) && body.children.length > 0);
});

t.test("malformed requests get 400 with the field at fault", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const noParent = await app.inject({ method: "POST", url: "/kafka/sync", payload: { children: {} } });
  t.equal(noParent.statusCode, 400);
  t.match(noParent.json(), { error: "MALFORMED_REQUEST", message: /parent/ });
  const notJson = await app.inject({ method: "POST", url: "/kafka/sync", headers: { "content-type": "application/json" }, payload: "{" });
  t.equal(notJson.statusCode, 400);
  const wrongKind = exampleRequest("kafka/kafka-persistent.yaml");
  wrongKind.parent = { ...wrongKind.parent, kind: "KafkaTopic" };
  const kind = await app.inject({ method: "POST", url: "/kafka/sync", payload: wrongKind });
  t.equal(kind.statusCode, 400);
  t.same(kind.json(), { error: "MALFORMED_REQUEST", message: "body/parent/kind must be Kafka, not KafkaTopic" });
  const badChildren = await app.inject({ method: "POST", url: "/kafka/sync", payload: { ...exampleRequest("kafka/kafka-persistent.yaml"), children: { "Secret.v1": { "ns/x": { kind: "Secret" } } } } });
  t.equal(badChildren.statusCode, 400);
});

t.test("an internal failure answers 500, so Metacontroller keeps every child", async (t) => {
  const failing = { ...testEnvironment(), now: () => { throw new Error("clock broke"); } };
  const app = buildServer({ env: failing, logLevel: "silent" });
  t.teardown(() => app.close());
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", payload: exampleRequest("kafka/kafka-persistent.yaml") });
  t.equal(reply.statusCode, 500);
  t.same(reply.json(), { error: "INTERNAL_ERROR", message: "the hook failed; the cause is in the hooks' log" }, "the exception's own message stays in the log");
});

t.test("neither request bodies nor Secret data reach the log, on success or failure", async (t) => {
  const log = capturingStream();
  const app = buildServer({ env: testEnvironment(), logLevel: "trace", logStream: log.stream });
  t.teardown(() => app.close());
  const ok = await app.inject({ method: "POST", url: "/kafka/sync", payload: requestWithSecret() });
  t.equal(ok.statusCode, 200);
  const bad = await app.inject({ method: "POST", url: "/kafka/sync", payload: { ...requestWithSecret(), parent: { kind: "Kafka" } } });
  t.equal(bad.statusCode, 400);
  // Even an object carrying Secret fields that reaches a log call is censored.
  app.log.info({ secret: { data: { key: SECRET_MARKER }, stringData: SECRET_MARKER } }, "secret-shaped object");

  const failingLog = capturingStream();
  const failing = buildServer({ env: { ...testEnvironment(), now: () => { throw new Error("boom"); } }, logLevel: "trace", logStream: failingLog.stream });
  t.teardown(() => failing.close());
  t.equal((await failing.inject({ method: "POST", url: "/kafka/sync", payload: requestWithSecret() })).statusCode, 500);

  const text = log.text() + failingLog.text();
  t.match(text, /incoming request/, "the log was written");
  t.match(text, /secret-shaped object/);
  t.match(text, /\[redacted\]/);
  t.match(failingLog.text(), /hook failed/);
  t.notMatch(text, new RegExp(SECRET_MARKER));
  t.notMatch(text, new RegExp(Buffer.from(SECRET_MARKER).toString("base64")));
});

t.test("health, readiness and Prometheus metrics per hook", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  t.equal((await app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
  t.equal((await app.inject({ method: "GET", url: "/readyz" })).statusCode, 200);
  await app.inject({ method: "POST", url: "/kafka/sync", payload: exampleRequest("kafka/kafka-persistent.yaml") });
  await app.inject({ method: "POST", url: "/kafka/sync", payload: { children: {} } });
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  t.equal(metrics.statusCode, 200);
  t.match(metrics.headers["content-type"], /text\/plain/);
  t.match(metrics.body, /kafka_hooks_calls_total\{hook="kafka-sync",code="200"\} 1/);
  t.match(metrics.body, /kafka_hooks_calls_total\{hook="kafka-sync",code="400"\} 1/);
  t.match(metrics.body, /kafka_hooks_errors_total\{hook="kafka-sync",code="MALFORMED_REQUEST"\} 1/);
  t.match(metrics.body, /kafka_hooks_duration_seconds_count\{hook="kafka-sync"\} 2/);
  // The server's own memory: only the one sync it served counts.
  t.strictSame(lookups(metrics.body), {
    "kafka-certificates": { recalled: 0, missed: 1 },
    "kafka-children": { recalled: 0, missed: 1 },
    "podset-pods": { recalled: 0, missed: 0 },
  }, "the sync just served looked its certificates and children up");
  t.ok(rememberedBytes(metrics.body, "kafka-children") > 0, "and remembered its children, counting their bytes");
  t.ok(rememberedBytes(metrics.body, "kafka-children") <= REMEMBERED_BYTES.kafkaChildren, "within the stage's share");

  const other = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => other.close());
  const untouched = (await other.inject({ method: "GET", url: "/metrics" })).body;
  t.strictSame(lookups(untouched)["kafka-children"], { recalled: 0, missed: 0 }, "another server remembers for itself");
  t.equal(rememberedBytes(untouched, "kafka-children"), 0);
});

t.test("customize asks for the cluster's pools, user-provided and retained CA Secrets, in the parent's namespace", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const { parent, controller } = exampleRequest("kafka/kafka-persistent.yaml");
  const reply = await app.inject({ method: "POST", url: "/kafka/customize", payload: { controller, parent } });
  t.equal(reply.statusCode, 200);
  t.same(reply.json(), {
    relatedResources: [
      { apiVersion: "kafka.strimzi.io/v1", resource: "kafkanodepools", namespace: "myproject", labelSelector: { matchLabels: { "strimzi.io/cluster": "my-cluster" } } },
      { apiVersion: "v1", resource: "secrets", namespace: "myproject", names: [
        "my-cluster-clients-ca", "my-cluster-clients-ca-cert", "my-cluster-clients-ca-cert-retained", "my-cluster-clients-ca-retained",
        "my-cluster-cluster-ca", "my-cluster-cluster-ca-cert", "my-cluster-cluster-ca-cert-retained", "my-cluster-cluster-ca-retained",
      ] },
      { apiVersion: "v1", resource: "persistentvolumeclaims", namespace: "myproject", labelSelector: { matchLabels: { "strimzi.io/cluster": "my-cluster" } } },
    ],
  });
});

t.test("__proto__ and constructor keys in a request change no prototype", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const text = JSON.stringify(exampleRequest("kafka/kafka-persistent.yaml"))
    .replace('"spec":{', '"spec":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},');
  t.match(text, /"__proto__":\{"polluted"/);
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", payload: text, headers: { "content-type": "application/json" } });
  t.equal(reply.statusCode, 200);
  t.equal(({} as { polluted?: string }).polluted, undefined, "Object.prototype is untouched");
  const warnings = (reply.json() as { status: { conditions: Array<{ reason?: string; message?: string }> } }).status.conditions.filter((c) => c.reason === "UnknownFields");
  t.match(warnings[0]?.message, /spec\.__proto__/, "the odd keys are reported as unknown fields, nothing more");
});

t.test("request bodies decode as UTF-8 whether or not they hold non-ASCII characters", async (t) => {
  for (const text of ['{"a":"plain ascii"}', '{"a":"Grüße, 日本, 🚀"}', "{}", '{"a":"\\u00e9"}']) {
    const bytes = Buffer.from(text, "utf8");
    t.equal(decodeBody(bytes), bytes.toString("utf8"), text);
  }
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const note = "Grüße aus 日本 🚀";
  const spec = request.parent.spec as { kafka: { template?: object } };
  spec.kafka.template = { pod: { metadata: { annotations: { note } } } };
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", headers: { "content-type": "application/json" }, payload: Buffer.from(JSON.stringify(request), "utf8") });
  t.equal(reply.statusCode, 200);
  const podSets = (reply.json() as { children: Array<{ kind: string; spec?: { podTemplate: { metadata: { annotations?: Record<string, string> } } } }> })
    .children.filter((c) => c.kind === "StrimziPodSet");
  t.ok(podSets.length > 0);
  t.ok(podSets.every((ps) => ps.spec?.podTemplate.metadata.annotations?.note === note), "the pod template's annotation arrives intact");
});

