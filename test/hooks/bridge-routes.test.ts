// The KafkaBridge routes of the hooks server: the envelope, the metrics per hook,
// and the user's Secrets never in the log nor in the answer's configuration.
import { Writable } from "node:stream";
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import { bridgeRequests } from "../helpers/bridge-requests.js";
import { testEnvironment } from "../helpers/requests.js";

const PASSWORD = "sup3r-s3cret-bridge-password";

function scramRequest() {
  const scram = bridgeRequests().find((e) => e.example === "security/scram-sha-512-auth/bridge.yaml");
  if (!scram) throw new Error("no scram bridge example");
  const request = scram.request;
  const secret = request.related["Secret.v1"]?.["myproject/my-bridge"];
  if (!secret) throw new Error("no user Secret");
  secret["data"] = { password: Buffer.from(PASSWORD).toString("base64") };
  return request;
}

t.test("sync and customize answer through the server; the wrong kind is a 400 naming the field", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const sync = await app.inject({ method: "POST", url: "/kafkabridge/sync", payload: scramRequest() });
  t.equal(sync.statusCode, 200);
  t.same(Object.keys(sync.json() as object).sort(), ["children", "status"]);
  const customize = await app.inject({ method: "POST", url: "/kafkabridge/customize", payload: { controller: {}, parent: scramRequest().parent } });
  t.same(customize.json(), { relatedResources: [{ apiVersion: "v1", resource: "secrets", namespace: "myproject", names: ["my-bridge", "my-cluster-cluster-ca-cert"] }] });
  const wrongKind = await app.inject({ method: "POST", url: "/kafkabridge/sync", payload: { ...scramRequest(), parent: { ...scramRequest().parent, kind: "Kafka" } } });
  t.same(wrongKind.json(), { error: "MALFORMED_REQUEST", message: "body/parent/kind must be KafkaBridge, not Kafka" });
  const metrics = (await app.inject({ method: "GET", url: "/metrics" })).body;
  t.match(metrics, /kafka_hooks_calls_total\{hook="kafkabridge-sync",code="200"\} 1/);
  t.match(metrics, /kafka_hooks_calls_total\{hook="kafkabridge-sync",code="400"\} 1/);
  t.match(metrics, /kafka_hooks_calls_total\{hook="kafkabridge-customize",code="200"\} 1/);
  t.match(metrics, /kafka_hooks_errors_total\{hook="kafkabridge-sync",code="MALFORMED_REQUEST"\} 1/);
});

t.test("the password reaches neither the log nor the answer: the Bridge reads it from its mounted Secret", async (t) => {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } });
  const app = buildServer({ env: testEnvironment(), logLevel: "trace", logStream: stream });
  t.teardown(() => app.close());
  const reply = await app.inject({ method: "POST", url: "/kafkabridge/sync", payload: scramRequest() });
  t.equal(reply.statusCode, 200);
  t.match(reply.body, /password=\\"\$\{strimzidir:\/opt\/strimzi\/kafka-client-auth\/my-bridge:password\}\\"/);
  for (const text of [reply.body, chunks.join("")]) {
    t.notMatch(text, new RegExp(PASSWORD));
    t.notMatch(text, new RegExp(Buffer.from(PASSWORD).toString("base64")));
  }
  t.match(chunks.join(""), /incoming request/, "the log was written");
});

t.test("hostile input: values nested deeper than anything recursive can copy, and a status of the wrong shape, get a 200 naming the field", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const request = scramRequest();
  const deep = (levels: number) => `${'{"a":'.repeat(levels)}{}${"}".repeat(levels)}`;
  // JSON.stringify cannot write such a value: the request is written around a marker.
  (request.parent.spec as Record<string, unknown>)["config"] = { deep: "\u0000deep\u0000" };
  (request.parent as Record<string, unknown>)["status"] = { conditions: [42, { type: 7 }], url: { not: "a url" } };
  const payload = JSON.stringify(request).replace('"\\u0000deep\\u0000"', deep(5000));
  const reply = await app.inject({ method: "POST", url: "/kafkabridge/sync", headers: { "content-type": "application/json" }, payload });
  t.equal(reply.statusCode, 200);
  const answer = reply.json() as { status: { conditions: Array<{ type: string; reason: string; message: string }> }; children: unknown[] };
  t.same(answer.status.conditions.map((c) => [c.type, c.reason, c.message]), [["NotReady", "InvalidResource", "spec.config.deep: is nested deeper than 100 levels. Nothing was changed."]]);
  t.same(answer.children, [], "a first sync has nothing to keep");
});
