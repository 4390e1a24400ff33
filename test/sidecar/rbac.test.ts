// The sidecar's roles are what it really asks of the API, no more: its
// reconcilers run against the stand-in API server through every kind of change
// they make (claims created, grown and deleted; a roll with an annotation passed
// on to pods; CA copies created and brought up to date; Events; the Lease; a
// KafkaRebalance proposed, executed and stopped, with its ConfigMap; an
// auto-rebalancing KafkaRebalance created and deleted; a KafkaConnector's status,
// annotations and listed offsets; a KafkaMirrorMaker2's restart annotation and
// its connectors' record on its PodSet), the
// server records every request as RBAC sees it, and the verbs and resources
// recorded equal those manifests/rbac.yaml grants. With namespaces listed, every
// request stays inside them (or the sidecar's own namespace: its Lease, the hooks'
// certificate), so the sidecar-watch-namespaces component's RoleBindings suffice.
import { join } from "node:path";
import type { Secret } from "../../lib/api/kubernetes.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { PersistentVolumeClaim } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import t from "tap";
import type { ApiRequest } from "../helpers/fake-apiserver.js";
import { repoRoot } from "../helpers/paths.js";
import { allows, rulesFor, type PolicyRule } from "../helpers/rbac.js";
import { fixtureKeyPairSource } from "../helpers/keys.js";
import { LEASE_NAMESPACE, NAMESPACE, startHarness, until, type Harness } from "../helpers/sidecar-harness.js";
import { withCruiseControl } from "../helpers/cruise-control-bed.js";
import { cruiseControlAddress } from "../../sidecar/rebalance/connections.js";
import type { CruiseControlAddress } from "../../sidecar/rebalance/cruise-control-client.js";
import type { ClusterKey } from "../../sidecar/cluster-cache.js";
import { stateOf } from "../../lib/rebalance/states.js";
import { metadataFeatureLevel } from "../../lib/model/kafka-versions.js";
import type { KafkaRebalanceStatus } from "../../lib/api/kafka-rebalance.js";
import { build } from "../manifests/build.js";
import { FakeConnect, FILE_SOURCE } from "../helpers/fake-connect.js";

const ACCOUNT = { name: "kafka-hooks", namespace: "kafka-hooks" };
const manifests = join(repoRoot, "manifests");
const installed = build(manifests).objects.map((d) => d.object);
const watching = build(manifests, [join(manifests, "sidecar-watch-namespaces")]).objects.map((d) => d.object);

const key = (r: { group: string; resource: string; verb: string }): string => `${r.group || "core"}/${r.resource} ${r.verb}`;
const unique = (keys: string[]): string[] => [...new Set(keys)].sort();
const grantedKeys = (rules: readonly PolicyRule[]): string[] =>
  unique(rules.flatMap((r) => r.apiGroups.flatMap((group) => r.resources.flatMap((resource) => r.verbs.map((verb) => key({ group, resource, verb }))))));

const claim = (harness: Harness, name: string) => harness.server.get<PersistentVolumeClaim>("v1", "PersistentVolumeClaim", NAMESPACE, name);
const secret = (harness: Harness, name: string) => harness.server.get<Secret>("v1", "Secret", NAMESPACE, name);

function editBrokerPool(harness: Harness, change: Record<string, unknown>): void {
  const pool = harness.server.get<KafkaNodePool>("kafka.strimzi.io/v1", "KafkaNodePool", NAMESPACE, "broker");
  if (!pool || pool.spec.storage.type !== "jbod") throw new Error("no broker pool");
  const [volume] = pool.spec.storage.volumes;
  harness.server.put({ ...pool, spec: { ...pool.spec, storage: { type: "jbod", volumes: [{ ...volume, ...change }] } } });
}

/** Where the sidecar finds Cruise Control once everyChange has started one. */
let cruiseControlAt: ((cluster: ClusterKey) => CruiseControlAddress) | undefined;
const rebalanceState = (harness: Harness): string | undefined =>
  stateOf(harness.server.get<{ status?: KafkaRebalanceStatus }>("kafka.strimzi.io/v1", "KafkaRebalance", NAMESPACE, "my-rebalance")?.status ?? { conditions: [] });

/** Every kind of request the reconcilers make, on one cluster in NAMESPACE. */
async function everyChange(harness: Harness): Promise<void> {
  await until("the claims", () => harness.server.list("v1", "PersistentVolumeClaim", NAMESPACE).length === 6);
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);

  // A PodSet's manual rolling update: passed on to its pods (patch), which restart (delete) after Kafka is asked (Secrets read).
  const brokers = harness.podSet("my-cluster-broker");
  harness.server.put({ ...brokers, metadata: { ...brokers.metadata, annotations: { ...brokers.metadata.annotations, "strimzi.io/manual-rolling-update": "true" } } });
  await until("the brokers to roll", () => harness.podDeletions().length === 3 && harness.allPodsCurrent() && harness.rollDone());

  // CA copies that outlive the Kafka: created, then brought up to date when the CA changes.
  const kafka = harness.server.get("kafka.strimzi.io/v1", "Kafka", NAMESPACE, "my-cluster");
  harness.server.put({ ...kafka, spec: { ...(kafka?.spec as object), clusterCa: { generateSecretOwnerReference: false } } } as NonNullable<typeof kafka>);
  await until("the CA copy", () => secret(harness, "my-cluster-cluster-ca-cert-retained") !== undefined);
  const caCert = secret(harness, "my-cluster-cluster-ca-cert");
  harness.server.put({ ...caCert, data: { ...caCert?.data, "ca.crt": Buffer.from("renewed").toString("base64") } } as Secret);
  await until("the CA copy brought up to date", () => secret(harness, "my-cluster-cluster-ca-cert-retained")?.data?.["ca.crt"] === Buffer.from("renewed").toString("base64"));

  // Claims grown, then deleted with their node.
  editBrokerPool(harness, { size: "200Gi" });
  await until("the broker claims to grow", () => claim(harness, "data-0-my-cluster-broker-0")?.spec?.resources?.requests?.storage === "200Gi");
  editBrokerPool(harness, { size: "200Gi", deleteClaim: true });
  await until("the Kafka to own the claims", () => claim(harness, "data-0-my-cluster-broker-2")?.metadata?.ownerReferences?.length === 1);
  const podSet = harness.podSet("my-cluster-broker");
  harness.server.put({ ...podSet, spec: { ...podSet.spec, pods: podSet.spec.pods.filter((p) => p.metadata.name !== "my-cluster-broker-2") } } satisfies StrimziPodSet);
  harness.server.remove("v1", "Pod", NAMESPACE, "my-cluster-broker-2");
  await until("the claim of the removed node to go", () => claim(harness, "data-0-my-cluster-broker-2") === undefined);

  // A KafkaRebalance: its ConfigMap created and patched, its status written, the annotation acted on removed.
  const { cruiseControl, address } = await withCruiseControl(harness.server, { namespace: NAMESPACE, name: "my-cluster" });
  cruiseControlAt = address;
  harness.server.put({
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
    metadata: { name: "my-rebalance", namespace: NAMESPACE, labels: { "strimzi.io/cluster": "my-cluster" }, annotations: { "strimzi.io/rebalance-auto-approval": "true" } },
    spec: {},
  });
  await until("the rebalance executing, its progress in the ConfigMap", () => rebalanceState(harness) === "Rebalancing"
    && harness.server.writes.some((w) => w.resource === "configmaps" && w.verb === "patch"));
  const rebalance = harness.server.get<{ metadata: { annotations: Record<string, string> } }>("kafka.strimzi.io/v1", "KafkaRebalance", NAMESPACE, "my-rebalance");
  harness.server.put({ ...rebalance, metadata: { ...rebalance?.metadata, annotations: { ...rebalance?.metadata.annotations, "strimzi.io/rebalance": "stop" } } } as NonNullable<typeof rebalance>);
  await until("the rebalance stopped", () => rebalanceState(harness) === "Stopped" && harness.server.writes.some((w) => w.resource === "kafkarebalances" && w.verb === "patch"));

  // Auto-rebalancing: a broker added (the removed one back) gets an add-brokers rebalance, created, then deleted once Ready.
  harness.kafka.metadataLevel = metadataFeatureLevel("4.3-IV0");
  for (const id of [0, 1]) harness.kafka.unfenced.add(id);
  const withCc = harness.server.get("kafka.strimzi.io/v1", "Kafka", NAMESPACE, "my-cluster");
  harness.server.put({ ...withCc, spec: { ...(withCc?.spec as object), cruiseControl: { autoRebalance: [{ mode: "add-brokers" }] } } } as NonNullable<typeof withCc>);
  await until("auto-rebalancing's first record", () => harness.podSet("my-cluster-broker").metadata.annotations?.["kafka-hooks.io/auto-rebalance"] !== undefined);
  const shrunk = harness.podSet("my-cluster-broker");
  harness.server.put({ ...shrunk, spec: { ...shrunk.spec, pods: [...shrunk.spec.pods, ...podSet.spec.pods.filter((p) => p.metadata.name === "my-cluster-broker-2")] } } satisfies StrimziPodSet);
  harness.kafka.unfenced.add(2);
  const autoRebalance = () => harness.server.get<{ status?: KafkaRebalanceStatus }>("kafka.strimzi.io/v1", "KafkaRebalance", NAMESPACE, "my-cluster-auto-rebalancing-add-brokers");
  await until("the add-brokers rebalance executing", () => stateOf(autoRebalance()?.status ?? { conditions: [] }) === "Rebalancing");
  cruiseControl.finishExecution();
  await until("the add-brokers rebalance deleted once Ready", () => autoRebalance() === undefined);
  await cruiseControl.stop();
  await until("the Lease renewed", () => harness.server.requests.some((r) => r.resource === "leases" && r.verb === "update"));
  await everyConnectorChange(harness);
  await everyMirrorMaker2Change(harness);
}

const connector = (harness: Harness, name: string) => harness.server.get<{ metadata: { annotations?: Record<string, string> }; status?: unknown }>("kafka.strimzi.io/v1", "KafkaConnector", NAMESPACE, name);

/** The connector reconciler's: its status, its annotations removed, offsets listed into a ConfigMap (created, then replaced). */
async function everyConnectorChange(harness: Harness): Promise<void> {
  harness.server.put({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnect", metadata: { name: "my-connect", namespace: NAMESPACE, annotations: { "strimzi.io/use-connector-resources": "true" } }, spec: { replicas: 1 } });
  const listing = { "strimzi.io/connector-offsets": "list" };
  const source = (annotations: Record<string, string>) => ({
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnector",
    metadata: { name: "my-source", namespace: NAMESPACE, labels: { "strimzi.io/cluster": "my-connect" }, annotations },
    spec: { class: FILE_SOURCE, tasksMax: 1, config: { topic: "t" }, listOffsets: { toConfigMap: { name: "my-source-offsets" } } },
  });
  harness.server.put(source({}));
  await until("the connector's status", () => connector(harness, "my-source")?.status !== undefined);
  for (const pass of [1, 2]) {
    harness.server.put({ ...source(listing), ...(connector(harness, "my-source")?.status ? { status: connector(harness, "my-source")?.status } : {}) });
    await until(`offsets listed (${pass})`, () => connector(harness, "my-source")?.metadata.annotations?.["strimzi.io/connector-offsets"] === undefined
      && harness.server.requests.filter((r) => r.resource === "configmaps" && r.verb === (pass === 1 ? "create" : "update")).length > 0);
  }
}

/** MirrorMaker 2's connector reconciler: its connectors' record on the workers' PodSet, a restart annotation removed once acted on. */
async function everyMirrorMaker2Change(harness: Harness): Promise<void> {
  harness.server.put({
    apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet",
    metadata: { name: "my-mm2-mirrormaker2", namespace: NAMESPACE, labels: { "strimzi.io/cluster": "my-mm2", "strimzi.io/kind": "KafkaMirrorMaker2" } },
    spec: { selector: { matchLabels: {} }, pods: [] },
  });
  const mirrorMaker2 = (annotations: Record<string, string>) => ({
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaMirrorMaker2",
    metadata: { name: "my-mm2", namespace: NAMESPACE, annotations },
    spec: {
      replicas: 1,
      target: { alias: "b", bootstrapServers: "b:9092", groupId: "mm2", configStorageTopic: "c", offsetStorageTopic: "o", statusStorageTopic: "s" },
      mirrors: [{ source: { alias: "a", bootstrapServers: "a:9092" }, sourceConnector: { config: {} } }],
    },
  });
  harness.server.put(mirrorMaker2({}));
  // A restart asks for a connector that runs (the pass that creates one acts on no annotation): the record lists its state.
  const recorded = (): string | undefined => harness.server.get<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE, "my-mm2-mirrormaker2")?.metadata.annotations?.["kafka-hooks.io/mirror-maker-2-connectors"];
  await until("the source connector's state in the connectors' record", () => {
    const record = recorded();
    return record !== undefined && (JSON.parse(record) as { connectors: Array<{ name?: string }> }).connectors.some((c) => c.name === "a->b.MirrorSourceConnector");
  });
  harness.server.put(mirrorMaker2({ "strimzi.io/restart-connector": "a->b.MirrorSourceConnector" }));
  const mm2 = () => harness.server.get<{ metadata: { annotations?: Record<string, string> } }>("kafka.strimzi.io/v1", "KafkaMirrorMaker2", NAMESPACE, "my-mm2");
  await until("the restart annotation removed", () => mm2()?.metadata.annotations?.["strimzi.io/restart-connector"] === undefined);
}

t.test("the verbs and resources the sidecar uses are exactly those its roles grant; with namespaces listed it stays inside them", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const connect = await FakeConnect.start();
  t.teardown(() => connect.stop());
  // MirrorMaker 2's workers are a Connect cluster of their own: sharing one, the KafkaConnect's pass deletes the
  // mirror's connector (no KafkaConnector declares it) as often as MirrorMaker 2's pass creates it.
  const mirrorMaker2Connect = await FakeConnect.start();
  mirrorMaker2Connect.plugins.push({ class: "org.apache.kafka.connect.mirror.MirrorSourceConnector", type: "source", version: "4.3.1" });
  t.teardown(() => mirrorMaker2Connect.stop());
  await harness.startSidecar("sidecar-a", {
    hooksTls: { service: { name: "kafka-hooks", namespace: LEASE_NAMESPACE } },
    newPrivateKey: fixtureKeyPairSource(),
    rebalancePollIntervalMs: 50,
    cruiseControlGateOn: true,
    cruiseControlAddress: (cluster) => cruiseControlAt?.(cluster) ?? cruiseControlAddress(cluster),
    connectAddress: () => connect.address(),
    mirrorMaker2Address: () => mirrorMaker2Connect.address(),
  });
  await everyChange(harness);
  await until("the hooks' serving certificate", () => harness.server.get("v1", "Secret", LEASE_NAMESPACE, "kafka-hooks-tls") !== undefined);
  const requests = [...harness.server.requests];

  const granted = [...rulesFor(installed, ACCOUNT, NAMESPACE), ...rulesFor(installed, ACCOUNT, LEASE_NAMESPACE)];
  t.strictSame(unique(requests.map(key)), grantedKeys(granted), "recorded = granted");
  t.strictSame(requests.filter((r) => !allows(installed, ACCOUNT, r)), [], "the default install allows every request");

  t.strictSame(unique(requests.filter((r) => r.namespace !== NAMESPACE).map((r) => `${key(r)} in ${r.namespace ?? "all namespaces"}`)),
    [
      "coordination.k8s.io/leases create in kafka-hooks", "coordination.k8s.io/leases get in kafka-hooks", "coordination.k8s.io/leases update in kafka-hooks",
      "core/secrets create in kafka-hooks", "core/secrets get in kafka-hooks",
    ],
    "outside the watched namespace, only the Lease and the hooks' certificate in the sidecar's own");
  // The harness's namespace stands for the component's example namespace.
  const [watched] = roleBindingNamespaces();
  const inWatched = (r: ApiRequest): ApiRequest => (r.namespace === NAMESPACE ? { ...r, namespace: watched } : r);
  t.strictSame(requests.map(inWatched).filter((r) => !allows(watching, ACCOUNT, r)), [], "the namespaced install allows every request");
});

t.test("watching all namespaces needs the ClusterRoleBinding: lists and watches span the cluster", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a", { namespaces: undefined });
  await until("the claims", () => harness.server.list("v1", "PersistentVolumeClaim", NAMESPACE).length === 6);
  const clusterWide = harness.server.requests.filter((r) => r.namespace === undefined);
  t.strictSame(unique(clusterWide.map(key)), [
    "core.strimzi.io/strimzipodsets list", "core.strimzi.io/strimzipodsets watch", "core/persistentvolumeclaims list", "core/persistentvolumeclaims watch",
    "core/pods list", "core/pods watch", "kafka.strimzi.io/kafkanodepools list", "kafka.strimzi.io/kafkanodepools watch",
    "core/configmaps list", "core/configmaps watch",
    "kafka.strimzi.io/kafkarebalances list", "kafka.strimzi.io/kafkarebalances watch",
    "kafka.strimzi.io/kafkaconnectors list", "kafka.strimzi.io/kafkaconnectors watch", "kafka.strimzi.io/kafkaconnects list", "kafka.strimzi.io/kafkaconnects watch",
    "kafka.strimzi.io/kafkamirrormaker2s list", "kafka.strimzi.io/kafkamirrormaker2s watch",
    "kafka.strimzi.io/kafkas list", "kafka.strimzi.io/kafkas watch",
  ].sort());
  t.strictSame(clusterWide.filter((r) => !allows(installed, ACCOUNT, r)), [], "the default install allows them");
  t.ok(clusterWide.every((r) => !allows(watching, ACCOUNT, r)), "the namespaced install does not (the oracle can fail)");
});

function roleBindingNamespaces(): string[] {
  return watching.filter((o) => o.kind === "RoleBinding" && o.metadata?.name === "kafka-hooks-sidecar").map((o) => o.metadata?.namespace ?? "").sort();
}

t.test("sidecar-watch-namespaces: the sidecar watches exactly the namespaces it gets RoleBindings in, and nothing cluster-wide", async (t) => {
  interface Container { name: string; env?: Array<{ name: string; value?: string }> }
  const deployment = watching.find((o) => o.kind === "Deployment" && o.metadata?.name === "kafka-hooks") as unknown as { spec: { template: { spec: { containers: Container[] } } } };
  const env = deployment.spec.template.spec.containers.find((c) => c.name === "sidecar")?.env?.find((e) => e.name === "WATCH_NAMESPACES")?.value ?? "";
  t.strictSame(env.split(",").map((n) => n.trim()).sort(), roleBindingNamespaces());
  t.notOk(watching.some((o) => o.kind === "ClusterRoleBinding" && o.metadata?.name === "kafka-hooks-sidecar"), "no ClusterRoleBinding for the sidecar");
  const [watched = ""] = roleBindingNamespaces();
  for (const verb of ["get", "create", "update"] as const) {
    t.ok(allows(watching, ACCOUNT, { verb, group: "", resource: "secrets", namespace: watched, name: "my-cluster-cluster-ca-cert" }), `${verb} secrets in ${watched}`);
    t.notOk(allows(watching, ACCOUNT, { verb, group: "", resource: "secrets", namespace: "elsewhere", name: "my-cluster-cluster-ca-cert" }), `no ${verb} secrets elsewhere`);
  }
  t.notOk(allows(watching, ACCOUNT, { verb: "update", group: "coordination.k8s.io", resource: "leases", namespace: "kafka-hooks", name: "another" }), "only its own Lease");
});
