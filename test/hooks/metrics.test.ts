// The hooks' metrics beyond calls and durations (server.test.ts): the key
// pool's, and the CA expiries the Kafka syncs answered with, under Strimzi's
// operator's name and labels.
import t from "tap";
import { FORGET_AFTER_MS } from "../../hooks/certificate-expiries.js";
import { serveMetrics } from "../../hooks/metrics-port.js";
import { buildServer } from "../../hooks/server.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const samples = (metrics: string, name: string): string[] => metrics.split("\n").filter((line) => line.startsWith(name));

t.test("each CA's expiry from the latest Kafka sync, in ms, until the cluster is not synced for three hours", async (t) => {
  let now = new Date("2026-12-01T08:00:00.000Z");
  const app = buildServer({ env: testEnvironment(), logLevel: "silent", metricsClock: () => now });
  t.teardown(() => app.close());
  const metrics = async (): Promise<string[]> => samples((await app.inject({ method: "GET", url: "/metrics" })).body, "strimzi_certificate_expiration_timestamp_ms{");
  t.strictSame(await metrics(), [], "no cluster synced yet");
  t.equal((await app.inject({ method: "POST", url: "/kafka/sync", payload: exampleRequest("kafka/kafka-persistent.yaml") })).statusCode, 200);
  // Both CAs are new: valid for Strimzi's default 365 days from the sync's clock (testEnvironment: 2026-11-24T12:00Z).
  const expected = [
    'strimzi_certificate_expiration_timestamp_ms{kind="Kafka",resource_namespace="myproject",cluster="my-cluster",type="cluster-ca"} 1827057600000',
    'strimzi_certificate_expiration_timestamp_ms{kind="Kafka",resource_namespace="myproject",cluster="my-cluster",type="client-ca"} 1827057600000',
  ];
  t.strictSame(await metrics(), expected);
  t.equal(new Date(1827057600000).toISOString(), "2027-11-24T12:00:00.000Z");
  now = new Date(now.getTime() + FORGET_AFTER_MS);
  t.strictSame(await metrics(), expected, "kept for three hours");
  now = new Date(now.getTime() + 1);
  t.strictSame(await metrics(), [], "then forgotten: the Kafka may be gone");
});

t.test("a settled cluster's answers, its children remembered as JSON, still tell its CAs' expiries", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  let request: SyncRequest = exampleRequest("kafka/kafka-persistent.yaml");
  const answers: string[] = [];
  for (let sync = 0; sync < 4; sync++) {
    const response = await app.inject({ method: "POST", url: "/kafka/sync", payload: request });
    answers.push(response.body);
    request = nextRequest(request, JSON.parse(response.body) as Parameters<typeof nextRequest>[1]);
  }
  t.equal(answers[3], answers[2], "settled: the same answer");
  const metrics = samples((await app.inject({ method: "GET", url: "/metrics" })).body, "strimzi_certificate_expiration_timestamp_ms{");
  t.same(metrics.map((m) => /type="([^"]+)"/.exec(m)?.[1]), ["cluster-ca", "client-ca"]);
  t.ok(samples((await app.inject({ method: "GET", url: "/metrics" })).body, 'kafka_hooks_remembered_lookups_total{stage="kafka-children",result="recalled"}')
    .some((line) => Number(line.split(" ")[1]) > 0), "the answers were recalled");
});

t.test("a sync that fails answers no CA and records nothing", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  t.equal((await app.inject({ method: "POST", url: "/kafka/sync", payload: { children: {} } })).statusCode, 400);
  t.strictSame(samples((await app.inject({ method: "GET", url: "/metrics" })).body, "strimzi_certificate_expiration_timestamp_ms{"), []);
});

t.test("the key pool's stock and the keys generated on the spot, read at each scrape", async (t) => {
  const pool = { available: 3, waitedFor: 2 };
  const app = buildServer({ env: testEnvironment(), logLevel: "silent", keyPool: pool });
  t.teardown(() => app.close());
  const read = async (): Promise<string[]> => samples((await app.inject({ method: "GET", url: "/metrics" })).body, "kafka_hooks_key_pool_");
  t.strictSame(await read(), ["kafka_hooks_key_pool_available 3", "kafka_hooks_key_pool_waited_total 2"]);
  pool.available = 0;
  pool.waitedFor = 5;
  t.strictSame(await read(), ["kafka_hooks_key_pool_available 0", "kafka_hooks_key_pool_waited_total 5"]);
  const without = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => without.close());
  t.strictSame(samples((await without.inject({ method: "GET", url: "/metrics" })).body, "kafka_hooks_key_pool_"), [], "no pool, no such metrics");
});

t.test("the metrics port serves the hooks' /metrics over plain HTTP, and nothing else", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const port = await serveMetrics(app, 0, "127.0.0.1");
  t.teardown(() => port.close());
  await app.inject({ method: "POST", url: "/kafka/sync", payload: exampleRequest("kafka/kafka-persistent.yaml") });
  const metrics = await fetch(`http://127.0.0.1:${port.port}/metrics`);
  t.equal(metrics.status, 200);
  t.match(metrics.headers.get("content-type"), /^text\/plain/);
  t.match(await metrics.text(), /^kafka_hooks_calls_total\{hook="kafka-sync",code="200"\} 1$/m);
  const hook = await fetch(`http://127.0.0.1:${port.port}/kafka/sync`, { method: "POST", body: JSON.stringify(exampleRequest("kafka/kafka-persistent.yaml")) });
  t.equal(hook.status, 404, "no hook answers here");
  t.equal((await fetch(`http://127.0.0.1:${port.port}/healthz`)).status, 404);
});
