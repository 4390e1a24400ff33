// KafkaUsers: Strimzi's examples are valid and fully known; invalid ones get
// problems naming the field, from the schema and from the rules Strimzi keeps in CEL.
import { relative } from "node:path";
import t from "tap";
import type { KafkaUser } from "../../lib/api/kafka-user.js";
import { validateKafkaUser } from "../../lib/api/validate.js";
import { kafkaUserProblems } from "../../lib/users/validation.js";
import { yamlFiles } from "../helpers/examples.js";
import { examplesDir } from "../helpers/paths.js";
import { NAMESPACE, readExample } from "../helpers/requests.js";

const users = yamlFiles(examplesDir).sort().flatMap((path) => {
  const example = relative(examplesDir, path);
  return readExample(example).filter((r) => r.kind === "KafkaUser").map((resource) => ({ example, resource }));
});

t.test("the examples with a KafkaUser", async (t) => {
  t.strictSame(users.map(({ example, resource }) => `${example}: ${resource.metadata.name}`), [
    "security/scram-sha-512-auth/bridge.yaml: my-bridge",
    "security/scram-sha-512-auth/connect.yaml: my-connect",
    "security/scram-sha-512-auth/mirror-maker-2.yaml: cluster-a-user",
    "security/scram-sha-512-auth/mirror-maker-2.yaml: cluster-b-user",
    "security/scram-sha-512-auth/user.yaml: my-user",
    "security/tls-auth/bridge.yaml: my-bridge",
    "security/tls-auth/connect.yaml: my-connect",
    "security/tls-auth/mirror-maker-2.yaml: cluster-a-user",
    "security/tls-auth/mirror-maker-2.yaml: cluster-b-user",
    "security/tls-auth/user.yaml: my-user",
    "user/kafka-user.yaml: my-user",
  ]);
  for (const { example, resource } of users) {
    const result = validateKafkaUser({ ...resource, metadata: { ...resource.metadata, namespace: NAMESPACE } });
    t.strictSame(result.ok ? { unknownFields: result.unknownFields, problems: kafkaUserProblems(result.value, { aclsAdminApiSupported: true }) } : result.problems,
      { unknownFields: [], problems: [] }, example);
  }
});

function problems(spec: Record<string, unknown>, name = "my-user", aclsAdminApiSupported = true): unknown {
  const result = validateKafkaUser({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name, namespace: NAMESPACE }, spec });
  return result.ok ? kafkaUserProblems(result.value, { aclsAdminApiSupported }) : result.problems;
}

t.test("schema problems name the field", async (t) => {
  t.strictSame(problems({ authentication: { type: "scram" } }), [{ path: "spec.authentication.type", message: "must be one of: tls, tls-external, scram-sha-512" }]);
  t.strictSame(problems({ authorization: { type: "simple", acls: [{ resource: { type: "topic" } }] } }), [
    { path: "spec.authorization.acls[0].operations", message: "is required" },
    { path: "spec.authorization.acls[0].resource.name", message: "is required when type is topic or group or transactionalId" },
  ]);
  t.strictSame(problems({ quotas: { requestPercentage: -1 } }), [{ path: "spec.quotas.requestPercentage", message: "must be >= 0" }]);
});

t.test("Strimzi's CEL and operator rules name the field", async (t) => {
  t.strictSame(problems({ authentication: { type: "tls", validityDays: 10 } }), [{ path: "spec.authentication.renewalDays", message: "must be set together with validityDays and renewalDays, or neither" }]);
  t.strictSame(problems({ authentication: { type: "tls", validityDays: 10, renewalDays: 10 } }), [{ path: "spec.authentication.renewalDays", message: "must be less than validityDays" }]);
  t.strictSame(problems({ authentication: { type: "scram-sha-512", validityDays: 10 } }), [{ path: "spec.authentication.validityDays", message: "can be set only with type tls" }]);
  t.strictSame(problems({ authentication: { type: "tls" } }, "u".repeat(65)), [{ path: "metadata.name", message: "must have at most 64 characters for TLS authentication: it is the certificate's common name" }]);
  t.strictSame(problems({ authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "pw" } } } } }), [{ path: "spec.authentication.password.valueFrom.secretKeyRef", message: "must name a Secret and a key" }]);
  t.strictSame(problems({ authorization: { type: "simple", acls: [{ resource: { type: "cluster" }, operations: ["All"] }] } }, "my-user", false),
    [{ path: "spec.authorization", message: "simple authorization ACL rules are configured but not supported in the Kafka cluster configuration" }]);
});

t.test("defaults: allow, literal, any host", async (t) => {
  const result = validateKafkaUser({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: "u", namespace: NAMESPACE }, spec: { authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "t" }, operations: ["Read"] }] } } });
  t.strictSame(result.ok && (result.value as KafkaUser).spec.authorization?.acls, [{ type: "allow", resource: { type: "topic", name: "t", patternType: "literal" }, host: "*", operations: ["Read"] }]);
});
