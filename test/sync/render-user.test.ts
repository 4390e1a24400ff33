// `render` on KafkaUsers (cli/user-preview.ts): Strimzi's user examples give
// their Secret (keys only, values redacted) and what Kafka would hold; refused
// KafkaUsers say why, naming the field; a user's own password Secret and the
// clients CA are read from the file or --observed.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import t from "tap";
import { REDACTED } from "../../lib/sync/preview.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";

const run = promisify(execFile);
const CLI = join(repoRoot, "dist", "cli", "kafka-hooks.js");
const render = async (file: string, ...args: string[]) =>
  yaml.loadAll((await run("node", [CLI, "render", "-f", file, "-n", "myproject", "--now", "2026-11-24T12:00:00Z", ...args])).stdout) as Array<Record<string, unknown>>;
const write = (objects: object[]): string => {
  const file = join(mkdtempSync(join(tmpdir(), "render-user-")), "objects.yaml");
  writeFileSync(file, objects.map((o) => yaml.dump(o)).join("---\n"));
  return file;
};
const user = (name: string, spec: object, metadata: object = {}) => ({
  apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, labels: { "strimzi.io/cluster": "my-cluster" }, ...metadata }, spec,
});
const binding = (principal: string, resourceType: string, resourceName: string, operation: string) =>
  ({ principal, resourceType, resourceName, patternType: "literal", host: "*", operation, permission: "allow" });
const OWNER = [{ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", name: "my-user", uid: "<the KafkaUser's uid>", blockOwnerDeletion: true, controller: false }];
const LABELS = {
  "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "KafkaUser", "app.kubernetes.io/name": "strimzi-user-operator",
  "app.kubernetes.io/instance": "my-user", "app.kubernetes.io/part-of": "my-user", "app.kubernetes.io/managed-by": "strimzi-user-operator",
};

t.test("user/kafka-user.yaml: a TLS user's Secret keys and its ACLs on CN=my-user", async (t) => {
  const [secret, preview, ...rest] = await render(join(examplesDir, "user", "kafka-user.yaml"));
  t.strictSame(rest, []);
  t.strictSame(secret, {
    apiVersion: "v1", kind: "Secret", metadata: { name: "my-user", namespace: "myproject", labels: LABELS, ownerReferences: OWNER }, type: "Opaque",
    data: Object.fromEntries(["ca.crt", "user.crt", "user.key", "user.p12", "user.password"].map((key) => [key, REDACTED])),
  });
  const principal = "User:CN=my-user";
  t.strictSame(preview, {
    kind: "KafkaUserPreview", of: "myproject/my-user", refused: [], username: "CN=my-user", secret: "my-user", scramSha512Credential: false,
    acls: [
      binding(principal, "topic", "my-topic", "Describe"), binding(principal, "topic", "my-topic", "Read"), binding(principal, "group", "my-group", "Read"),
      binding(principal, "topic", "my-topic", "Create"), binding(principal, "topic", "my-topic", "Write"),
    ],
    quotas: {},
  });
});

t.test("security/tls-auth/user.yaml and security/scram-sha-512-auth/user.yaml", async (t) => {
  const [tlsSecret, tls] = await render(join(examplesDir, "security", "tls-auth", "user.yaml"));
  t.strictSame(Object.keys(tlsSecret?.["data"] as object), ["ca.crt", "user.crt", "user.key", "user.p12", "user.password"]);
  t.strictSame((tls?.["acls"] as Array<{ operation: string }>).map((b) => b.operation), ["Read", "Describe", "Write", "Create", "Read"]);
  const [scramSecret, scram] = await render(join(examplesDir, "security", "scram-sha-512-auth", "user.yaml"));
  t.strictSame(scramSecret?.["data"], { password: REDACTED, "sasl.jaas.config": REDACTED }, "the password is never printed");
  t.strictSame([scram?.["username"], scram?.["scramSha512Credential"]], ["my-user", true]);
  t.strictSame((scram?.["acls"] as Array<{ principal: string }>).map((b) => b.principal), Array(5).fill("User:my-user"));
});

t.test("quotas as Kafka's keys; tls-external has no Secret", async (t) => {
  const documents = await render(write([user("my-user", { authentication: { type: "tls-external" }, quotas: { producerByteRate: 1048576, requestPercentage: 55 } })]));
  t.strictSame(documents, [{
    kind: "KafkaUserPreview", of: "myproject/my-user", refused: [], username: "CN=my-user", scramSha512Credential: false, acls: [],
    quotas: { producer_byte_rate: 1048576, request_percentage: 55 },
  }]);
});

t.test("refused KafkaUsers name the field; nothing else is shown for them", async (t) => {
  const documents = await render(write([
    user("bad-quota", { authentication: { type: "scram-sha-512" }, quotas: { producerByteRate: -1 } }),
    user("no-password", { authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "pw", key: "password" } } } } }),
    user("paused", { authentication: { type: "tls" } }, { annotations: { "strimzi.io/pause-reconciliation": "true" } }),
    user("short", { authentication: { type: "tls", validityDays: 10, renewalDays: 20 } }),
  ]));
  t.strictSame(documents, [
    { kind: "KafkaUserPreview", of: "myproject/bad-quota", refused: ["spec.quotas.producerByteRate: must be >= 0"] },
    { kind: "KafkaUserPreview", of: "myproject/no-password", refused: ["spec.authentication.password.valueFrom.secretKeyRef: Secret pw with a non-empty key password does not exist"] },
    { kind: "KafkaUserPreview", of: "myproject/paused", refused: ["metadata.annotations[strimzi.io/pause-reconciliation]: reconciliation is paused"] },
    { kind: "KafkaUserPreview", of: "myproject/short", refused: ["spec.authentication.renewalDays: must be less than validityDays"] },
  ]);
});

t.test("a user's own password from a Secret in the file or --observed", async (t) => {
  const spec = { authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "pw", key: "password" } } } } };
  const pw = { apiVersion: "v1", kind: "Secret", metadata: { name: "pw" }, data: { password: Buffer.from("s3cret").toString("base64") } };
  const [inFile] = (await render(write([user("my-user", spec), pw]))).filter((d) => d["kind"] === "KafkaUserPreview");
  t.strictSame(inFile?.["refused"], []);
  const [observed] = (await render(write([user("my-user", spec)]), "--observed", write([pw]))).filter((d) => d["kind"] === "KafkaUserPreview");
  t.strictSame(observed?.["refused"], []);
});
