// Every answer other than 200 carries a stable code from lib/reasons.ts
// HOOK_ERROR, in its body and in kafka_hooks_errors_total, and never an
// internal message: the cause of a failure goes to the log only, and neither
// carries the request.
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { Writable } from "node:stream";
import t from "tap";
import { BODY_LIMIT_BYTES, buildServer } from "../../hooks/server.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const SECRET = "c2VjcmV0LWtleS1tYXRlcmlhbA";

function logLines(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } }),
    text: () => chunks.join(""),
  };
}

async function errorCount(app: ReturnType<typeof buildServer>, code: string): Promise<string | undefined> {
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  return new RegExp(`kafka_hooks_errors_total\\{hook="kafka-sync",code="${code}"\\} (\\d+)`).exec(metrics.body)?.[1];
}

t.test("a body that is not JSON: 400 MALFORMED_REQUEST, without quoting the body", async (t) => {
  const log = logLines();
  const app = buildServer({ env: testEnvironment(), logLevel: "trace", logStream: log.stream });
  t.teardown(() => app.close());
  const answers: Array<[string, string]> = [
    ["{", "the body is not JSON (at character 1)"],
    [`{"parent": "${SECRET}`, `the body is not JSON (at character ${`{"parent": "${SECRET}`.length})`],
    [`{"data": ${SECRET}}`, "the body is not JSON"],
  ];
  for (const [payload, message] of answers) {
    const reply = await app.inject({ method: "POST", url: "/kafka/sync", headers: { "content-type": "application/json" }, payload });
    t.equal(reply.statusCode, 400);
    t.same(reply.json(), { error: "MALFORMED_REQUEST", message }, "a code and where the body goes wrong, never a part of it");
  }
  t.equal(await errorCount(app, "MALFORMED_REQUEST"), "3");
  t.notMatch(log.text(), SECRET, "the log has no part of the body");
});

t.test("an envelope of the wrong shape: 400 MALFORMED_REQUEST naming the field", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", payload: { parent: { apiVersion: "v1", kind: "Kafka", metadata: {} }, children: {} } });
  t.equal(reply.statusCode, 400);
  t.same(reply.json(), { error: "MALFORMED_REQUEST", message: "body/parent/metadata must have required property 'name'" });
  t.equal(await errorCount(app, "MALFORMED_REQUEST"), "1");
});

t.test("a body that is not application/json: 415 UNSUPPORTED_MEDIA_TYPE", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", headers: { "content-type": "application/xml" }, payload: "<kafka/>" });
  t.equal(reply.statusCode, 415);
  t.same(reply.json(), { error: "UNSUPPORTED_MEDIA_TYPE", message: "the body must be application/json" });
  t.equal(await errorCount(app, "UNSUPPORTED_MEDIA_TYPE"), "1");
});

t.test("a body larger than the limit: 413 BODY_TOO_LARGE", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`POST /kafka/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT_BYTES + 1}\r\nConnection: close\r\n\r\n{}`);
    });
    let text = "";
    socket.on("data", (chunk: Buffer) => { text += chunk.toString(); });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
  t.match(answer, /^HTTP\/1\.1 413 /);
  t.same(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)), { error: "BODY_TOO_LARGE", message: "the body is larger than the hooks accept" });
  t.equal(await errorCount(app, "BODY_TOO_LARGE"), "1");
});

t.test("an internal failure: 500 INTERNAL_ERROR with a fixed message; the cause only in the log, without the request", async (t) => {
  const log = logLines();
  const env = { ...testEnvironment(), now: () => { throw new TypeError("Cannot read properties of null (reading 'type')"); } };
  const app = buildServer({ env, logLevel: "info", logStream: log.stream });
  t.teardown(() => app.close());
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  request.children["Secret.v1"] = { "myproject/x": { apiVersion: "v1", kind: "Secret", metadata: { name: "x", namespace: "myproject" }, data: { key: SECRET } } };
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", payload: request });
  t.equal(reply.statusCode, 500);
  t.same(reply.json(), { error: "INTERNAL_ERROR", message: "the hook failed; the cause is in the hooks' log" });
  t.notMatch(reply.body, /Cannot read/);
  t.equal(await errorCount(app, "INTERNAL_ERROR"), "1");
  const failure = log.text().split("\n").filter((line) => line.includes("hook failed"));
  t.equal(failure.length, 1);
  t.match(failure[0], /"type":"TypeError","message":"Cannot read properties of null \(reading 'type'\)"/);
  t.notMatch(log.text(), SECRET);
});

t.test("a body nested 100,000 levels deep is parsed and its envelope checked: 400 MALFORMED_REQUEST, never 500", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const deep = (levels: number): string => `${'{"a":['.repeat(levels)}1${"]}".repeat(levels)}`;
  const bodies = {
    "a nested parent": `{"parent":${deep(100_000)},"children":{}}`,
    "nested children": `{"parent":{"apiVersion":"kafka.strimzi.io/v1","kind":"Kafka","metadata":{"name":"x"}},"children":${deep(100_000)}}`,
    "a nested array": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
  };
  for (const [name, payload] of Object.entries(bodies)) {
    const reply = await app.inject({ method: "POST", url: "/kafka/sync", headers: { "content-type": "application/json" }, payload });
    t.equal(reply.statusCode, 400, name);
    t.match(reply.json(), { error: "MALFORMED_REQUEST", message: /^body/ }, name);
  }
});
