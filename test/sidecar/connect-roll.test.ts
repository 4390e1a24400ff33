// The Connect workers' roll through the sidecar, against the stand-in API server: Strimzi's
// connect/kafka-connect.yaml with three workers, as the real KafkaConnect hook makes it, beside the
// harness's Kafka. A changed configuration restarts every worker once, unready ones first, one at a
// time (each ready before the next), with Strimzi's restart Events; no broker is touched. A
// KafkaMirrorMaker2's workers roll the same way.
import t from "tap";
import type { KafkaConnect } from "../../lib/api/kafka-connect.js";
import type { KafkaMirrorMaker2 } from "../../lib/api/kafka-mirror-maker-2.js";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { syncKafkaConnect } from "../../lib/sync/connect-sync.js";
import { syncKafkaMirrorMaker2 } from "../../lib/sync/mirror-maker-2-sync.js";
import { connectRequests } from "../helpers/connect-requests.js";
import { mirrorMaker2Requests } from "../helpers/mirror-maker-2-requests.js";
import { podOf } from "../helpers/podset-stand-in.js";
import { testEnvironment } from "../helpers/requests.js";
import { NAMESPACE, startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const example = connectRequests().find((e) => e.example === "connect/kafka-connect.yaml");
if (!example) throw new Error("no connect/kafka-connect.yaml");

const WORKERS = ["my-connect-cluster-connect-0", "my-connect-cluster-connect-1", "my-connect-cluster-connect-2"];

function connectRequest(edit: (connect: KafkaConnect) => void): SyncRequest {
  const parent = structuredClone(example?.request.parent) as unknown as KafkaConnect;
  parent.metadata.namespace = NAMESPACE;
  parent.spec.replicas = 3;
  edit(parent);
  return { ...(example?.request as SyncRequest), parent: parent as unknown as SyncRequest["parent"] };
}

const workersPodSet = (request: SyncRequest): StrimziPodSet => {
  const found = syncKafkaConnect(request, testEnvironment()).children.find((c) => c.kind === "StrimziPodSet");
  if (!found) throw new Error("no PodSet");
  return found as StrimziPodSet;
};

/** The KafkaConnect and its running workers in the stand-in API server, as after its first sync. */
function runConnect(harness: Harness): { podSet: StrimziPodSet } {
  const request = connectRequest(() => {});
  harness.server.put(request.parent as unknown as KubeObject);
  const podSet = workersPodSet(request);
  harness.server.put(podSet);
  for (const name of WORKERS) harness.server.put(podOf(podSet, name, true) as Pod);
  return { podSet };
}

/** Applies the hook's answer to a changed configuration, as Metacontroller would: the PodSet's spec replaced. */
function changeConfiguration(harness: Harness): void {
  const podSet = workersPodSet(connectRequest((connect) => {
    connect.spec.config = { ...connect.spec.config, "offset.flush.interval.ms": 5000 };
  }));
  const current = harness.podSet(podSet.metadata.name);
  harness.server.put({ ...podSet, metadata: { ...current.metadata, ...podSet.metadata } });
}

const workersCurrent = (harness: Harness): boolean => {
  const podSet = harness.podSet("my-connect-cluster-connect");
  return WORKERS.every((name) => {
    const pod = harness.pod(name);
    return pod?.metadata?.annotations?.[ANNOTATION.revision] === podOf(podSet, name, true)?.metadata?.annotations?.[ANNOTATION.revision]
      && (pod?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
  });
};

t.test("a changed configuration restarts each worker once, unready first, one at a time, with Strimzi's Events", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  runConnect(harness);
  // A worker that is not ready goes first (KafkaConnectRoller.prepareRollingOrder).
  const unready = harness.pod("my-connect-cluster-connect-2") as Pod;
  harness.server.put({ ...unready, status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] } });
  const othersReadyAtDeletion: boolean[] = [];
  const ready = (name: string) => (harness.pod(name)?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
  const unsubscribe = harness.server.onChange(({ type, resource, object }) => {
    if (type === "DELETED" && resource.kind === "Pod") othersReadyAtDeletion.push(WORKERS.filter((w) => w !== object.metadata.name).every(ready));
  });
  t.teardown(unsubscribe);
  await harness.startSidecar("sidecar-a");
  changeConfiguration(harness);
  await until("every worker restarted and ready", () => workersCurrent(harness));
  t.same(othersReadyAtDeletion, [true, true, true], "each restarted worker was ready again before the next went");

  t.same(harness.podDeletions(), ["my-connect-cluster-connect-2", "my-connect-cluster-connect-0", "my-connect-cluster-connect-1"], "each worker once, the unready one first; no broker");
  const deletions = harness.server.writes.filter((w) => w.verb === "delete" && w.resource === "pods");
  t.equal(deletions.length, 3);
  // Each restart's Events are written after its deletion, which a fast stand-in may already have answered.
  await until("two Events per restart", () => harness.events().filter((e) => e.action === "StrimziInitiatedPodRestart").length >= 6);
  t.same(harness.events().filter((e) => e.action === "StrimziInitiatedPodRestart").map((e) => `${e.reason} ${e.regarding}${e.related ? ` ${e.related}` : ""}: ${e.note}`), WORKERS.flatMap((_, i) => {
    const pod = WORKERS[[2, 0, 1][i] ?? 0] ?? "";
    const note = "Pod needs to be restarted, because reconfiguration cannot be done dynamically";
    return [`ConfigChangeRequiresRestart ${pod}: ${note}`, `ConfigChangeRequiresRestart my-connect-cluster ${pod}: Restarted pod ${pod}: ${note}`];
  }), "the reasons the Kafka roll gives: the configuration hash changed (Strimzi's KafkaConnectRoller says only PodHasOldRevision)");
});

t.test("strimzi.io/manual-rolling-update on the workers' PodSet restarts every worker once and leaves the PodSet", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const { podSet } = runConnect(harness);
  await harness.startSidecar("sidecar-a");
  const current = harness.podSet(podSet.metadata.name);
  harness.server.put({ ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [ANNOTATION.manualRollingUpdate]: "true" } } });
  await until("every worker restarted, with its Events", () => harness.podDeletions().length === 3 && workersCurrent(harness)
    && harness.events().filter((e) => e.regarding.startsWith("my-connect-cluster-connect-")).length === 3);
  t.same(harness.podDeletions(), WORKERS, "in order, ready ones one at a time");
  t.equal(harness.podSet(podSet.metadata.name).metadata.annotations?.[ANNOTATION.manualRollingUpdate], undefined);
  t.same(harness.events().filter((e) => e.regarding.startsWith("my-connect-cluster-connect-")).map((e) => e.reason), ["ManualRollingUpdate", "ManualRollingUpdate", "ManualRollingUpdate"]);
});

t.test("a KafkaMirrorMaker2's workers roll as Connect's: a manual rolling update restarts each once, with Events on the KafkaMirrorMaker2", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const mm2Example = mirrorMaker2Requests().find((e) => e.example === "mirror-maker/kafka-mirror-maker-2.yaml");
  if (!mm2Example) throw new Error("no mirror-maker/kafka-mirror-maker-2.yaml");
  const parent = structuredClone(mm2Example.request.parent) as unknown as KafkaMirrorMaker2;
  parent.metadata.namespace = NAMESPACE;
  parent.spec.replicas = 2;
  const request = { ...mm2Example.request, parent: parent as unknown as SyncRequest["parent"] };
  const podSet = syncKafkaMirrorMaker2(request, testEnvironment()).children.find((c) => c.kind === "StrimziPodSet") as StrimziPodSet | undefined;
  if (!podSet) throw new Error("no PodSet");
  const workers = podSet.spec.pods.map((p) => p.metadata.name);
  t.strictSame(workers, ["my-mirror-maker-2-mirrormaker2-0", "my-mirror-maker-2-mirrormaker2-1"]);
  harness.server.put(parent as unknown as KubeObject);
  harness.server.put(podSet);
  for (const name of workers) harness.server.put(podOf(podSet, name, true) as Pod);
  await harness.startSidecar("sidecar-a");
  const current = harness.podSet(podSet.metadata.name);
  harness.server.put({ ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [ANNOTATION.manualRollingUpdate]: "true" } } });
  const restartEvents = () => harness.events().filter((e) => e.action === "StrimziInitiatedPodRestart");
  await until("every worker restarted, with its Events", () => harness.podDeletions().length === 2 && restartEvents().length === 4
    && workers.every((name) => (harness.pod(name)?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")));
  t.strictSame(harness.podDeletions(), workers, "in order, one at a time; no broker");
  t.strictSame(restartEvents().map((e) => `${e.reason} ${e.regarding}${e.related ? ` ${e.related}` : ""}`), workers.flatMap((pod) => [
    `ManualRollingUpdate ${pod}`, `ManualRollingUpdate my-mirror-maker-2 ${pod}`,
  ]));
  t.equal(harness.podSet(podSet.metadata.name).metadata.annotations?.[ANNOTATION.manualRollingUpdate], undefined);
});
