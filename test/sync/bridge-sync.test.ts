// The KafkaBridge hook on every Strimzi example, and on what it must refuse.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { KafkaBridge } from "../../lib/api/kafka-bridge.js";
import type { Deployment, KubeObject } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafkaBridge } from "../../lib/sync/bridge-sync.js";
import { customizeKafkaBridge } from "../../lib/sync/customize.js";
import { validateKafkaBridge } from "../../lib/api/validate.js";
import { bridgeRequests, withRelated } from "../helpers/bridge-requests.js";
import { fixtureText } from "../helpers/examples.js";
import { openApiError } from "../helpers/openapi.js";
import { fixturesDir } from "../helpers/paths.js";
import { testEnvironment } from "../helpers/requests.js";

const examples = bridgeRequests();
const plain = examples.find((e) => e.example === "bridge/kafka-bridge.yaml");
if (!plain) throw new Error("no bridge/kafka-bridge.yaml");

/** The request after Metacontroller applied `answer`: every child observed as last applied, with what the API server adds. */
function observedAfter(request: SyncRequest, children: readonly KubeObject[], deploymentStatus?: object): SyncRequest {
  const observed = structuredClone(request.children);
  for (const child of children) {
    const type = typeKey(child.kind, child.apiVersion);
    const stored = {
      ...structuredClone(child),
      metadata: { ...child.metadata, uid: `uid-${child.metadata.name}`, generation: 1, annotations: { ...child.metadata.annotations, "metacontroller.k8s.io/last-applied-configuration": JSON.stringify(child) } },
      ...(child.kind === "Deployment" && deploymentStatus ? { status: deploymentStatus } : {}),
    };
    observed[type] = { ...observed[type], [`${child.metadata.namespace}/${child.metadata.name}`]: stored };
  }
  return { ...request, children: observed };
}

const byName = (objects: readonly KubeObject[]): KubeObject[] => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

const editParent = (request: SyncRequest, edit: (bridge: KafkaBridge) => void): SyncRequest => {
  const parent = structuredClone(request.parent) as unknown as KafkaBridge;
  edit(parent);
  return { ...request, parent: parent as unknown as SyncRequest["parent"] };
};

t.test("the corpus: every Strimzi example with a KafkaBridge", async (t) => {
  t.same(examples.map((e) => e.example), [
    "bridge/kafka-bridge-tls.yaml", "bridge/kafka-bridge.yaml", "metrics/kafka-bridge-metrics.yaml",
    "metrics/strimzi-metrics-reporter/kafka-bridge-metrics.yaml", "security/scram-sha-512-auth/bridge.yaml", "security/tls-auth/bridge.yaml",
  ]);
});

for (const { example, fixture, request } of examples) {
  t.test(`${example}: valid against our schema, and every child a valid Kubernetes object`, async (t) => {
    const validated = validateKafkaBridge(request.parent);
    t.ok(validated.ok, JSON.stringify(validated.ok ? [] : validated.problems));
    t.same(validated.ok ? validated.unknownFields : [], []);
    const answer = syncKafkaBridge(request, testEnvironment());
    const notReady = answer.status.conditions?.find((c) => c.type === "NotReady");
    t.equal(notReady?.reason, "PodsNotReady", `only waiting for its pods: ${notReady?.message}`);
    t.same(answer.status.conditions?.filter((c) => c.type === "Warning"), []);
    t.same(answer.children.map((c) => c.kind).filter((k) => k !== "Secret"), ["ServiceAccount", "Service", "ConfigMap", "PodDisruptionBudget", "Deployment"]);
    for (const child of answer.children) t.equal(openApiError(child), undefined, `${child.kind}/${child.metadata.name} is a valid ${child.kind}`);
    const fixtureRequest = JSON.parse(readFileSync(join(fixturesDir, fixture), "utf8")) as SyncRequest;
    t.equal(fixtureText(fixtureRequest), readFileSync(join(fixturesDir, fixture), "utf8"), `test/fixtures/${fixture} is current (make fixtures)`);
  });
}

t.test("the status: Strimzi's url, replicas and labelSelector; Ready once the Deployment has rolled out", async (t) => {
  const env = testEnvironment();
  const first = syncKafkaBridge(plain.request, env);
  t.same(first.status, {
    conditions: [{ type: "NotReady", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "PodsNotReady", message: "waiting for Deployment my-bridge-bridge to be created" }],
    observedGeneration: 1,
    url: "http://my-bridge-bridge-service.myproject.svc:8080",
    replicas: 1,
    labelSelector: "strimzi.io/cluster=my-bridge,strimzi.io/name=my-bridge-bridge,strimzi.io/kind=KafkaBridge",
  });
  const rolling = syncKafkaBridge(observedAfter(plain.request, first.children, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 0 }), env);
  t.same(rolling.status.conditions?.[0]?.message, "waiting for Deployment my-bridge-bridge: 0/1 pods ready, 1/1 current");
  const ready = syncKafkaBridge(observedAfter(plain.request, first.children, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1 }), env);
  t.same(ready.status.conditions, [{ type: "Ready", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z" }]);
  t.same(ready.children, first.children, "the same children again");
  // An edit is not Ready until the Deployment running it has rolled out.
  const edited = editParent(observedAfter(plain.request, first.children, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1 }), (b) => { b.spec.producer = { enabled: false }; });
  t.equal(syncKafkaBridge(edited, env).status.conditions?.[0]?.type, "NotReady");
  const scaled = syncKafkaBridge(editParent(plain.request, (b) => { b.spec.replicas = 0; }), env);
  t.equal(scaled.status.url, undefined, "no address without pods, as in Strimzi");
  t.equal((scaled.children.find((c) => c.kind === "Deployment") as Deployment).spec?.replicas, 0);
});

t.test("the TLS example's trusted certificates and user's Secret: gathered, mounted and hashed into the pods", async (t) => {
  const tls = examples.find((e) => e.example === "security/tls-auth/bridge.yaml");
  if (!tls) throw new Error("no tls-auth bridge");
  const answer = syncKafkaBridge(tls.request, testEnvironment());
  const trusted = answer.children.find((c) => c.metadata.name === "my-bridge-bridge-tls-trusted-certs") as KubeObject & { data: Record<string, string> };
  const ca = Object.values(tls.request.related["Secret.v1"] ?? {}).find((s) => s.metadata.name === "my-cluster-cluster-ca-cert") as KubeObject & { data: Record<string, string> };
  t.equal(Buffer.from(trusted.data["ca.crt"] ?? "", "base64").toString(), `${Buffer.from(ca.data["ca.crt"] ?? "", "base64").toString().trim()}\n`);
  const deployment = answer.children.find((c) => c.kind === "Deployment") as Deployment;
  const pod = deployment.spec?.template;
  t.same(pod?.spec?.volumes?.filter((v) => v.secret).map((v) => [v.name, v.secret?.secretName]), [["kafka-trusted-certs", "my-bridge-bridge-tls-trusted-certs"], ["kafka-client-auth", "my-bridge"]]);
  t.same(pod?.spec?.containers[0]?.volumeMounts?.filter((m) => m.name === "kafka-trusted-certs" || m.name === "kafka-client-auth").map((m) => m.mountPath), ["/opt/strimzi/kafka-trusted-certs", "/opt/strimzi/kafka-client-auth/my-bridge"]);
  t.equal(pod?.spec?.automountServiceAccountToken, false);
  const hash = pod?.metadata?.annotations?.["strimzi.io/auth-hash"];
  t.match(hash, /^[0-9a-f]{16}$/);
  // A renewed user certificate restarts the pods; nothing else does.
  const renewed = withRelated(tls.request, [{ ...(tls.request.related["Secret.v1"]?.["myproject/my-bridge"] as KubeObject), data: { "user.crt": Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64"), "user.key": "a2V5" } }]);
  const after = syncKafkaBridge(renewed, testEnvironment()).children.find((c) => c.kind === "Deployment") as Deployment;
  t.not(after.spec?.template?.metadata?.annotations?.["strimzi.io/auth-hash"], hash);
  t.equal(after.spec?.template?.metadata?.annotations?.["strimzi.io/configuration-hash"], pod?.metadata?.annotations?.["strimzi.io/configuration-hash"]);
});

t.test("a new password restarts the pods, and no hash of the password is on them", async (t) => {
  const scram = examples.find((e) => e.example === "security/scram-sha-512-auth/bridge.yaml");
  if (!scram) throw new Error("no scram bridge");
  const user = scram.request.related["Secret.v1"]?.["myproject/my-bridge"] as KubeObject;
  const authHash = (password: string, resourceVersion: string): string | undefined => {
    const request = withRelated(scram.request, [{ ...user, metadata: { ...user.metadata, uid: "u1", resourceVersion }, data: { password: Buffer.from(password).toString("base64") } }]);
    const deployment = syncKafkaBridge(request, testEnvironment()).children.find((c) => c.kind === "Deployment") as Deployment;
    return deployment.spec?.template?.metadata?.annotations?.["strimzi.io/auth-hash"];
  };
  t.not(authHash("one", "100"), authHash("two", "101"), "the User Operator's new password is a new version of the Secret");
  t.equal(authHash("one", "100"), authHash("two", "100"), "the password itself is not hashed onto the pods");
});

t.test("customize asks for exactly the Secrets and ConfigMaps the Bridge names, and nothing for an invalid one", async (t) => {
  const tls = examples.find((e) => e.example === "security/tls-auth/bridge.yaml");
  const metrics = examples.find((e) => e.example === "metrics/kafka-bridge-metrics.yaml");
  t.same(customizeKafkaBridge(tls?.request.parent as KubeObject), { relatedResources: [{ apiVersion: "v1", resource: "secrets", namespace: "myproject", names: ["my-bridge", "my-cluster-cluster-ca-cert"] }] });
  t.same(customizeKafkaBridge(metrics?.request.parent as KubeObject), { relatedResources: [{ apiVersion: "v1", resource: "configmaps", namespace: "myproject", names: ["bridge-metrics"] }] });
  t.same(customizeKafkaBridge(plain.request.parent), { relatedResources: [] });
  t.same(customizeKafkaBridge(editParent(plain.request, (b) => { (b.spec as { replicas: unknown }).replicas = "one"; }).parent), { relatedResources: [] });
});

t.test("the JMX exporter's rules arrive as JSON beside the configuration", async (t) => {
  const metrics = examples.find((e) => e.example === "metrics/kafka-bridge-metrics.yaml");
  if (!metrics) throw new Error("no metrics example");
  const configMap = syncKafkaBridge(metrics.request, testEnvironment()).children.find((c) => c.kind === "ConfigMap") as KubeObject & { data: Record<string, string> };
  const rules = JSON.parse(configMap.data["metrics-config.json"] ?? "{}") as { lowercaseOutputName: boolean; rules: unknown[] };
  t.equal(rules.lowercaseOutputName, true);
  t.ok(rules.rules.length > 0);
});

// Each edit Strimzi refuses, with the field the condition must name.
const REFUSED: ReadonlyArray<{ name: string; edit: (bridge: KafkaBridge) => void; field: string; reason?: string }> = [
  { name: "replicas below 0", edit: (b) => { b.spec.replicas = -1; }, field: "spec.replicas: must be >= 0" },
  { name: "no bootstrapServers", edit: (b) => { delete (b.spec as Partial<KafkaBridge["spec"]>).bootstrapServers; }, field: "spec.bootstrapServers: is required" },
  { name: "an HTTP port below 1023", edit: (b) => { b.spec.http = { port: 80 }; }, field: "spec.http.port: must be >= 1023" },
  { name: "no http", edit: (b) => { delete b.spec.http; }, field: "spec.http: is required" },
  { name: "tls authentication without its certificate", edit: (b) => { b.spec.authentication = { type: "tls" } as never; }, field: "spec.authentication.certificateAndKey: is required when type is tls" },
  { name: "scram without a password", edit: (b) => { b.spec.authentication = { type: "scram-sha-512", username: "u" } as never; }, field: "spec.authentication.passwordSecret: is required when type is scram-sha-512" },
  { name: "an unknown authentication", edit: (b) => { b.spec.authentication = { type: "oauth" } as never; }, field: "spec.authentication.type: must be one of: tls, scram-sha-256, scram-sha-512, plain, custom" },
  { name: "a trusted certificate without certificate or pattern", edit: (b) => { b.spec.tls = { trustedCertificates: [{ secretName: "s" }] }; }, field: "spec.tls.trustedCertificates[0]: must name exactly one of certificate or pattern" },
  { name: "a trusted certificate Secret that does not exist", edit: (b) => { b.spec.tls = { trustedCertificates: [{ secretName: "absent", certificate: "ca.crt" }] }; }, field: "spec.tls.trustedCertificates[0].secretName: Secret absent does not exist" },
  { name: "a password Secret that does not exist", edit: (b) => { b.spec.authentication = { type: "plain", username: "u", passwordSecret: { secretName: "absent", password: "p" } }; }, field: "spec.authentication.passwordSecret.secretName: Secret absent does not exist" },
  { name: "CORS without methods", edit: (b) => { b.spec.http = { port: 8080, cors: { allowedOrigins: ["*"] } as never }; }, field: "spec.http.cors.allowedMethods: is required" },
  { name: "HTTP TLS without its certificate", edit: (b) => { b.spec.http = { port: 8080, tls: {} as never }; }, field: "spec.http.tls.certificateAndKey: is required" },
  { name: "a JMX exporter without its ConfigMap", edit: (b) => { b.spec.metricsConfig = { type: "jmxPrometheusExporter" }; }, field: "spec.metricsConfig.valueFrom: is required when type is jmxPrometheusExporter" },
  { name: "a JMX exporter whose ConfigMap does not exist", edit: (b) => { b.spec.metricsConfig = { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "absent", key: "k" } } }; }, field: "spec.metricsConfig.valueFrom.configMapKeyRef: ConfigMap absent does not exist" },
  { name: "an environment-variable rack without its variable", edit: (b) => { b.spec.rack = { type: "environment-variable" }; }, field: "spec.rack.envVarName: is required when type is environment-variable" },
  { name: "a topology-label rack without its key", edit: (b) => { b.spec.rack = { type: "topology-label" }; }, field: "spec.rack.topologyKey: is required unless type is environment-variable" },
  { name: "an unknown tracing", edit: (b) => { b.spec.tracing = { type: "jaeger" } as never; }, field: "spec.tracing.type: must be opentelemetry" },
  { name: "a config value that is an object", edit: (b) => { b.spec.config = { "a.b": { c: 1 } } as never; }, field: 'spec.config["a.b"]: must be a string, number or boolean' },
  { name: "a system property with whitespace", edit: (b) => { b.spec.jvmOptions = { javaSystemProperties: [{ name: "a", value: "b c" }] }; }, field: "spec.jvmOptions.javaSystemProperties[0].value: must not contain whitespace" },
];

t.test("invalid input: NotReady naming the field, every observed child kept as last applied, the status's facts kept", async (t) => {
  const env = testEnvironment();
  const first = syncKafkaBridge(plain.request, env);
  const running = observedAfter(plain.request, first.children, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1 });
  const ready = syncKafkaBridge(running, env);
  const withStatus = { ...running, parent: { ...running.parent, status: ready.status } };
  for (const { name, edit, field } of REFUSED) {
    const answer = syncKafkaBridge(editParent(withStatus, edit), env);
    const conditions = answer.status.conditions ?? [];
    t.equal(conditions.length, 1, name);
    t.equal(conditions[0]?.type, "NotReady", name);
    t.equal(conditions[0]?.reason, "InvalidResource", name);
    t.ok(conditions[0]?.message?.includes(field), `${name}: ${conditions[0]?.message}`);
    t.ok(conditions[0]?.message?.endsWith("Nothing was changed."), name);
    t.same(byName(answer.children), byName(first.children), `${name}: every child kept`);
    t.equal(answer.status.url, ready.status.url, `${name}: the url stays`);
  }
});

t.test("a paused Bridge is not even validated: children kept, Strimzi's ReconciliationPaused", async (t) => {
  const env = testEnvironment();
  const first = syncKafkaBridge(plain.request, env);
  const paused = editParent(observedAfter(plain.request, first.children), (b) => {
    b.metadata.annotations = { "strimzi.io/pause-reconciliation": "true" };
    b.spec.replicas = -5;
  });
  const answer = syncKafkaBridge(paused, env);
  t.same(answer.status.conditions?.map((c) => c.type), ["ReconciliationPaused"]);
  t.same(byName(answer.children), byName(first.children));
});

t.test("fields nothing reads are named in IgnoredField Warnings: the init container's, and other variants' fields", async (t) => {
  const edited = editParent(plain.request, (b) => {
    b.spec.clientRackInitImage = "quay.io/strimzi/operator:1.2.0";
    b.spec.template = { initContainer: { env: [{ name: "A", value: "b" }] }, clusterRoleBinding: { metadata: { labels: { a: "b" } } } };
    b.spec.rack = { type: "environment-variable", envVarName: "ZONE", topologyKey: "topology.kubernetes.io/zone" };
    b.spec.authentication = { type: "tls", certificateAndKey: { secretName: "user", certificate: "user.crt", key: "user.key" }, username: "me" } as never;
  });
  const userSecret = { apiVersion: "v1", kind: "Secret", metadata: { name: "user", namespace: "myproject" }, data: { "user.crt": "Y3J0", "user.key": "a2V5" } };
  const answer = syncKafkaBridge(withRelated(edited, [userSecret]), testEnvironment());
  t.same(answer.status.conditions?.find((c) => c.reason === "IgnoredField")?.message, [
    "spec.clientRackInitImage: is ignored: there is no init container: the rack comes from the zone or region label Kubernetes copies onto the pod",
    "spec.template.initContainer: is ignored: there is no init container: the rack comes from the zone or region label Kubernetes copies onto the pod",
    "spec.template.clusterRoleBinding: is ignored: there is no ClusterRoleBinding: Bridge pods never call the Kubernetes API",
    "spec.authentication.username: is ignored: it means nothing to a tls authentication (Strimzi ignores it too)",
    "spec.rack.topologyKey: is ignored: it means nothing to a environment-variable rack (Strimzi ignores it too)",
  ].join("; "));
});

t.test("warnings: forbidden config keys, a missing external logging ConfigMap, a rack label pods do not carry, unknown fields", async (t) => {
  const answer = syncKafkaBridge(editParent(plain.request, (b) => {
    b.spec.producer = { config: { "security.protocol": "SSL" } };
    b.spec.logging = { type: "external", valueFrom: { configMapKeyRef: { name: "logs", key: "log4j2.properties" } } };
    b.spec.rack = { topologyKey: "example.com/rack" };
    (b.spec as Record<string, unknown>)["surprise"] = true;
  }), testEnvironment());
  t.same(answer.status.conditions?.filter((c) => c.type === "Warning").map((c) => [c.reason, c.message]), [
    ["ExternalLoggingNotFound", "spec.logging.valueFrom.configMapKeyRef: ConfigMap logs key log4j2.properties does not exist; the default logging is used until it does"],
    ["ForbiddenConfigOption", "spec.producer.config: security.protocol is set by the operator and was ignored"],
    ["IgnoredField", "spec.rack.topologyKey: pods carry only the zone and region labels of their node, not example.com/rack: the pods keep to nodes with it, but the consumers get no client.rack"],
    ["UnknownFields", "spec: unknown fields are ignored: spec.surprise"],
  ]);
  const deployment = answer.children.find((c) => c.kind === "Deployment") as Deployment;
  t.same(deployment.spec?.template?.spec?.affinity, {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "example.com/rack", operator: "Exists" }] }] } },
  });
});
