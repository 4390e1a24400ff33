// The KafkaMirrorMaker2 hook on every Strimzi example, what it builds exactly
// (Strimzi's names, Secrets, Role, environment and worker configuration), its
// status from the sidecar's record of the connectors, and what it must refuse.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { KafkaMirrorMaker2 } from "../../lib/api/kafka-mirror-maker-2.js";
import type { ConfigMap, KubeObject, Role, Secret } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { MIRROR_MAKER_2_CONNECTORS_ANNOTATION } from "../../lib/operands/mirror-maker-2/connector-states.js";
import { customizeKafkaMirrorMaker2 } from "../../lib/sync/customize.js";
import { syncKafkaMirrorMaker2 } from "../../lib/sync/mirror-maker-2-sync.js";
import { exampleMirrorMaker2Requests, fixtureText } from "../helpers/examples.js";
import { mirrorMaker2Requests } from "../helpers/mirror-maker-2-requests.js";
import { fixturesDir } from "../helpers/paths.js";
import { testEnvironment } from "../helpers/requests.js";

const examples = mirrorMaker2Requests();
const find = (example: string): SyncRequest => {
  const found = examples.find((e) => e.example === example);
  if (!found) throw new Error(`no ${example}`);
  return found.request;
};
const editParent = (request: SyncRequest, edit: (mm2: KafkaMirrorMaker2) => void): SyncRequest => {
  const parent = structuredClone(request.parent) as unknown as KafkaMirrorMaker2;
  edit(parent);
  return { ...request, parent: parent as unknown as SyncRequest["parent"] };
};

/** The request after Metacontroller applied `children`, the PodSet with every worker ready and `annotations`. */
function observedAfter(request: SyncRequest, children: readonly KubeObject[], annotations: Record<string, string> = {}): SyncRequest {
  const observed = structuredClone(request.children);
  for (const child of children) {
    const isPodSet = child.kind === "StrimziPodSet";
    const pods = (child as StrimziPodSet).spec?.pods?.length ?? 0;
    const stored = {
      ...structuredClone(child),
      metadata: { ...child.metadata, generation: 1, ...(isPodSet ? { annotations: { ...child.metadata.annotations, ...annotations } } : {}) },
      ...(isPodSet ? { status: { observedGeneration: 1, pods, readyPods: pods, currentPods: pods } } : {}),
    };
    const type = typeKey(child.kind, child.apiVersion);
    observed[type] = { ...observed[type], [`${child.metadata.namespace}/${child.metadata.name}`]: stored };
  }
  return { ...request, children: observed };
}

const decoded = (secret: Secret, key: string): string => Buffer.from(secret.data?.[key] ?? "", "base64").toString();

t.test("the corpus: every Strimzi example with a KafkaMirrorMaker2, and how each answers", async (t) => {
  t.same(examples.map((e) => [e.example, syncKafkaMirrorMaker2(e.request, testEnvironment()).status.conditions?.map((c) => `${c.type} ${c.reason ?? ""}`)]), [
    ["metrics/kafka-mirror-maker-2-metrics.yaml", ["NotReady PodsNotReady"]],
    ["metrics/strimzi-metrics-reporter/kafka-mirror-maker-2-metrics.yaml", ["NotReady PodsNotReady"]],
    ["mirror-maker/kafka-mirror-maker-2-custom-replication-policy.yaml", ["NotReady PodsNotReady"]],
    ["mirror-maker/kafka-mirror-maker-2-sync-groups.yaml", ["NotReady PodsNotReady"]],
    ["mirror-maker/kafka-mirror-maker-2-tls.yaml", ["NotReady PodsNotReady"]],
    ["mirror-maker/kafka-mirror-maker-2.yaml", ["NotReady PodsNotReady"]],
    ["security/scram-sha-512-auth/mirror-maker-2.yaml", ["NotReady PodsNotReady"]],
    ["security/tls-auth/mirror-maker-2.yaml", ["NotReady PodsNotReady"]],
  ]);
});

t.test("the curl fixtures hold each example's first request (make fixtures)", async (t) => {
  for (const { fixture, request } of exampleMirrorMaker2Requests()) t.equal(readFileSync(join(fixturesDir, fixture), "utf8"), fixtureText(request), fixture);
});

t.test("security/tls-auth: Strimzi's objects and names, every cluster's certificates and Secrets", async (t) => {
  const answer = syncKafkaMirrorMaker2(find("security/tls-auth/mirror-maker-2.yaml"), testEnvironment());
  t.same(answer.children.map((c) => `${c.kind}/${c.metadata.name}`), [
    "ServiceAccount/my-mirror-maker-2-mirrormaker2", "Role/my-mirror-maker-2-mirrormaker2", "RoleBinding/my-mirror-maker-2-mirrormaker2-role",
    "NetworkPolicy/my-mirror-maker-2-mirrormaker2", "Service/my-mirror-maker-2-mirrormaker2-api", "Service/my-mirror-maker-2-mirrormaker2",
    "Secret/my-mirror-maker-2-connect-tls-trusted-certs", "ConfigMap/my-mirror-maker-2-mirrormaker2-config",
    "PodDisruptionBudget/my-mirror-maker-2-mirrormaker2", "StrimziPodSet/my-mirror-maker-2-mirrormaker2",
  ]);
  const labels = answer.children[0]?.metadata.labels ?? {};
  t.same([labels["strimzi.io/kind"], labels["strimzi.io/cluster"], labels["strimzi.io/name"], labels["app.kubernetes.io/name"]],
    ["KafkaMirrorMaker2", "my-mirror-maker-2", "my-mirror-maker-2-mirrormaker2", "kafka-mirror-maker-2"]);
  const role = answer.children.find((c) => c.kind === "Role") as Role;
  t.same(role.rules?.[0]?.resourceNames, ["cluster-a-user", "cluster-b-user", "my-mirror-maker-2-connect-tls-trusted-certs"]);
  const trusted = answer.children.find((c) => c.kind === "Secret") as Secret;
  const caOf = (cluster: string) => {
    const secret = find("security/tls-auth/mirror-maker-2.yaml").related[typeKey("Secret", "v1")]?.[`myproject/${cluster}-cluster-ca-cert`] as Secret | undefined;
    return decoded(secret as Secret, "ca.crt");
  };
  t.same(Object.keys(trusted.data ?? {}).sort(), ["ca.crt", "cluster-a-ca.crt", "cluster-b-ca.crt"]);
  t.equal(decoded(trusted, "cluster-a-ca.crt").trim(), caOf("cluster-a").trim());
  t.equal(decoded(trusted, "ca.crt"), decoded(trusted, "cluster-b-ca.crt"), "the workers trust the target's certificates");
  const podSet = answer.children.find((c) => c.kind === "StrimziPodSet") as StrimziPodSet;
  const container = podSet.spec.podTemplate?.spec?.containers?.[0];
  t.equal(container?.name, "my-mirror-maker-2-mirrormaker2");
  t.same(container?.env, [{ name: "KAFKA_MIRRORMAKER_2_CLUSTERS", value: "cluster-b;cluster-a" }]);
  t.same(podSet.spec.pods.map((p) => p.metadata.name), ["my-mirror-maker-2-mirrormaker2-0"]);
  const properties = (answer.children.find((c) => c.kind === "ConfigMap") as ConfigMap).data?.["kafka-connect.properties"] ?? "";
  for (const line of [
    "bootstrap.servers=cluster-b-kafka-bootstrap:9093",
    "ssl.truststore.certificates=${strimzisecrets:myproject/my-mirror-maker-2-connect-tls-trusted-certs:ca.crt}",
    "admin.ssl.keystore.certificate.chain=${strimzisecrets:myproject/cluster-b-user:user.crt}",
    "key.converter=org.apache.kafka.connect.converters.ByteArrayConverter\nheader.converter=org.apache.kafka.connect.converters.ByteArrayConverter\nvalue.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
    "consumer.security.protocol=SSL",
  ]) t.ok(properties.includes(line), line);
  t.match((answer.children.find((c) => c.kind === "ConfigMap") as ConfigMap).data?.["log4j2.properties"], /^name=KafkaMirrorMaker2Config$/m);
  t.same([answer.status.url, answer.status.replicas, answer.status.labelSelector], [
    "http://my-mirror-maker-2-mirrormaker2-api.myproject.svc:8083", 1,
    "strimzi.io/cluster=my-mirror-maker-2,strimzi.io/name=my-mirror-maker-2-mirrormaker2,strimzi.io/kind=KafkaMirrorMaker2",
  ]);
});

t.test("forbidden target options are dropped with a warning at spec.target.config", async (t) => {
  const request = editParent(find("mirror-maker/kafka-mirror-maker-2.yaml"), (m) => { m.spec.target.config = { ...m.spec.target.config, "group.id": "x", "ssl.protocol": "TLSv1.3" }; });
  const answer = syncKafkaMirrorMaker2(request, testEnvironment());
  t.same(answer.status.conditions?.filter((c) => c.type === "Warning").map((c) => [c.reason, c.message]), [["ForbiddenConfigOption", "spec.target.config: group.id is set by the operator and was ignored"]]);
  t.match((answer.children.find((c) => c.kind === "ConfigMap") as ConfigMap).data?.["kafka-connect.properties"], /^ssl\.protocol=TLSv1\.3$/m);
});

t.test("an invalid edit keeps every observed child and names the field", async (t) => {
  const request = find("security/tls-auth/mirror-maker-2.yaml");
  const running = observedAfter(request, syncKafkaMirrorMaker2(request, testEnvironment()).children);
  const kept = Object.values(running.children).flatMap((g) => Object.keys(g)).length;
  const missing = editParent(running, (m) => { m.spec.mirrors[0]!.source.tls = { trustedCertificates: [{ secretName: "nope", certificate: "ca.crt" }] }; });
  const answer = syncKafkaMirrorMaker2(missing, testEnvironment());
  t.equal(answer.children.length, kept);
  t.same(answer.status.conditions?.map((c) => [c.type, c.reason, c.message]), [
    ["NotReady", "InvalidResource", "spec.mirrors[0].source.tls.trustedCertificates[0].secretName: Secret nope does not exist. Nothing was changed."],
  ]);
  const both = editParent(running, (m) => { m.spec.target.tls = { trustedCertificates: [{ secretName: "cluster-b-cluster-ca-cert" }] }; });
  t.same(syncKafkaMirrorMaker2(both, testEnvironment()).status.conditions?.[0]?.message,
    "spec.target.tls.trustedCertificates[0]: must name exactly one of certificate or pattern. Nothing was changed.");
});

t.test("status: the connectors the sidecar recorded; a failed one is NotReady; scaled to zero, no url or connectors", async (t) => {
  const request = find("mirror-maker/kafka-mirror-maker-2.yaml");
  const children = syncKafkaMirrorMaker2(request, testEnvironment()).children;
  const connector = { name: "cluster-a->cluster-b.MirrorSourceConnector", connector: { state: "RUNNING", worker_id: "w:8083" }, tasks: [], type: "source" };
  const record = (failures: unknown[]) => JSON.stringify({ connectors: [connector], autoRestartStatuses: [{ connectorName: connector.name, count: 1, lastRestartTimestamp: "2026-12-06T00:00:00Z" }], failures });
  const ready = syncKafkaMirrorMaker2(observedAfter(request, children, { [MIRROR_MAKER_2_CONNECTORS_ANNOTATION]: record([]) }), testEnvironment()).status;
  t.same([ready.conditions?.map((c) => c.type), ready.connectors, ready.autoRestartStatuses], [
    ["Ready"], [connector], [{ connectorName: connector.name, count: 1, lastRestartTimestamp: "2026-12-06T00:00:00Z" }],
  ]);
  const failed = syncKafkaMirrorMaker2(observedAfter(request, children, { [MIRROR_MAKER_2_CONNECTORS_ANNOTATION]: record([{ connector: connector.name, message: "Connector has failed" }]) }), testEnvironment()).status;
  t.same(failed.conditions?.map((c) => [c.type, c.reason, c.message]), [
    ["NotReady", "ConnectorsFailed", "One or more connectors are in FAILED state: cluster-a->cluster-b.MirrorSourceConnector: Connector has failed"],
  ]);
  const garbled = syncKafkaMirrorMaker2(observedAfter(request, children, { [MIRROR_MAKER_2_CONNECTORS_ANNOTATION]: "{" }), testEnvironment()).status;
  t.same([garbled.conditions?.map((c) => `${c.type} ${c.reason ?? ""}`), garbled.connectors], [["Ready ", "Warning InvalidMirrorMaker2Connectors"], undefined]);
  const zero = editParent(request, (m) => { m.spec.replicas = 0; });
  const stopped = syncKafkaMirrorMaker2(observedAfter(zero, syncKafkaMirrorMaker2(zero, testEnvironment()).children, { [MIRROR_MAKER_2_CONNECTORS_ANNOTATION]: record([]) }), testEnvironment()).status;
  t.same([stopped.url, stopped.connectors, stopped.replicas], [undefined, undefined, 0]);
});

t.test("customize asks for every cluster's Secrets and the workers' ConfigMaps", async (t) => {
  t.same(customizeKafkaMirrorMaker2(find("security/tls-auth/mirror-maker-2.yaml").parent).relatedResources, [
    { apiVersion: "v1", resource: "secrets", namespace: "myproject", names: ["cluster-a-cluster-ca-cert", "cluster-a-user", "cluster-b-cluster-ca-cert", "cluster-b-user"] },
  ]);
  t.same(customizeKafkaMirrorMaker2(find("metrics/kafka-mirror-maker-2-metrics.yaml").parent).relatedResources, [
    { apiVersion: "v1", resource: "configmaps", namespace: "myproject", names: ["mirror-maker-2-metrics"] },
  ]);
});
