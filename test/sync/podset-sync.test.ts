import t from "tap";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { syncStrimziPodSet } from "../../lib/sync/podset-sync.js";
import { createSyncMemory } from "../../lib/sync/remembered.js";
import { openApiError } from "../helpers/openapi.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const now = new Date("2026-11-24T12:00:00.000Z");
const REVISION = "strimzi.io/revision";
const KAFKA_VERSION = "strimzi.io/kafka-version";

function brokerPodSet(): StrimziPodSet {
  const answer = syncKafka(exampleRequest("kafka/kafka-persistent.yaml"), testEnvironment());
  const podSet = answer.children.find((c) => c.kind === "StrimziPodSet" && c.metadata.name === "my-cluster-broker");
  return { ...structuredClone(podSet as StrimziPodSet), metadata: { ...(podSet as StrimziPodSet).metadata, generation: 4 } };
}

type PodState = { ready?: boolean; phase?: "Running" | "Failed" | "Succeeded"; deleting?: boolean; revision?: string; kafkaVersion?: string | null };

/** A PodSet sync request with its pods observed in the given states. */
function request(podSet: StrimziPodSet, pods: Pod[], states: Record<string, PodState> = {}): SyncRequest {
  const observed = Object.fromEntries(pods.flatMap((pod) => {
    const name = pod.metadata?.name ?? "";
    const state = states[name];
    if (!state) return [];
    const seen: Pod = structuredClone(pod);
    if (state.revision !== undefined) seen.metadata = { ...seen.metadata, annotations: { ...seen.metadata?.annotations, [REVISION]: state.revision } };
    if (state.kafkaVersion !== undefined) {
      const { [KAFKA_VERSION]: _version, ...annotations } = seen.metadata?.annotations ?? {};
      seen.metadata = { ...seen.metadata, annotations: state.kafkaVersion === null ? annotations : { ...annotations, [KAFKA_VERSION]: state.kafkaVersion } };
    }
    if (state.deleting) seen.metadata = { ...seen.metadata, deletionTimestamp: "2026-11-24T11:59:00Z" };
    seen.status = {
      phase: state.phase ?? "Running",
      conditions: [{ type: "Ready", status: state.ready ? "True" : "False" }],
    };
    return [[`myproject/${name}`, seen]];
  }));
  const children = { [typeKey("Pod", "v1")]: observed as Record<string, KubeObject> };
  return { controller: { apiVersion: "v1", kind: "CompositeController", metadata: { name: "c" } }, parent: podSet, children, related: {} };
}

const names = (children: readonly KubeObject[]) => children.map((c) => c.metadata.name);

t.test("a new PodSet creates its pods, each marked with its revision", async (t) => {
  const podSet = brokerPodSet();
  const answer = syncStrimziPodSet(request(podSet, []), now);
  t.same(names(answer.children), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]);
  t.same(answer.status, { conditions: [], observedGeneration: 4, pods: 3, readyPods: 0, currentPods: 0 });
  for (const pod of answer.children) {
    t.equal(openApiError(pod), undefined, `${pod.metadata.name} is a valid Pod`);
    t.match(pod.metadata.annotations?.[REVISION], /^[0-9a-f]{16}$/);
  }
  t.same(syncStrimziPodSet(request(podSet, []), now), answer, "the same PodSet gives the same answer");
});

t.test("ready and current are counted from the observed pods", async (t) => {
  const podSet = brokerPodSet();
  const pods = syncStrimziPodSet(request(podSet, []), now).children as unknown as Pod[];
  const revision = pods[0]?.metadata?.annotations?.[REVISION];
  const answer = syncStrimziPodSet(request(podSet, pods, {
    "my-cluster-broker-0": { ready: true },
    "my-cluster-broker-1": { ready: true, deleting: true },
    "my-cluster-broker-2": { ready: false, revision: "0000000000000000" },
  }), now);
  t.not(revision, undefined);
  t.same(answer.status, { conditions: [], observedGeneration: 4, pods: 3, readyPods: 1, currentPods: 2, kafkaVersions: ["4.3.1"] }, "a pod being deleted is not ready; an old revision is not current");
  t.same(names(answer.children), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "out-of-date pods are listed, never deleted by the hook");
});

t.test("the status lists the Kafka versions the pods run, as their annotation says", async (t) => {
  const podSet = brokerPodSet();
  const pods = syncStrimziPodSet(request(podSet, []), now).children as unknown as Pod[];
  t.equal(pods[0]?.metadata?.annotations?.[KAFKA_VERSION], "4.3.1", "every pod carries the version it runs");
  const status = (states: Record<string, PodState>) => syncStrimziPodSet(request(podSet, pods, states), now).status;
  t.strictSame(status({
    "my-cluster-broker-0": { ready: true, kafkaVersion: "4.2.1", revision: "0000000000000000" },
    "my-cluster-broker-1": { ready: true, deleting: true, kafkaVersion: "4.2.1" },
    "my-cluster-broker-2": { ready: true },
  })?.kafkaVersions, ["4.2.1", "4.3.1"], "mid-upgrade: both, once each, sorted; a pod being deleted still runs its version");
  t.equal(status({ "my-cluster-broker-0": { ready: true, kafkaVersion: null } })?.kafkaVersions, undefined, "pods started before they carried the annotation: none");
  t.equal(status({})?.kafkaVersions, undefined, "no pods: none");
});

t.test("a change to the shared template changes every pod's revision", async (t) => {
  const podSet = brokerPodSet();
  const before = syncStrimziPodSet(request(podSet, []), now).children as unknown as Pod[];
  const changed = structuredClone(podSet);
  changed.spec.podTemplate.spec.terminationGracePeriodSeconds = 120;
  const after = syncStrimziPodSet(request(changed, before, Object.fromEntries(before.map((p) => [p.metadata?.name ?? "", { ready: true }]))), now);
  t.equal(after.status.currentPods, 0);
  t.equal(after.status.readyPods, 3);
  before.forEach((pod, i) => t.not(after.children[i]?.metadata.annotations?.[REVISION], pod.metadata?.annotations?.[REVISION]));
});

t.test("a pod that has terminated is left out so that it is replaced", async (t) => {
  const podSet = brokerPodSet();
  const pods = syncStrimziPodSet(request(podSet, []), now).children as unknown as Pod[];
  const answer = syncStrimziPodSet(request(podSet, pods, {
    "my-cluster-broker-0": { ready: true },
    "my-cluster-broker-1": { phase: "Failed" },
    "my-cluster-broker-2": { phase: "Succeeded" },
  }), now);
  t.same(names(answer.children), ["my-cluster-broker-0"]);
});

t.test("a PodSet the hook cannot read keeps every pod as it is", async (t) => {
  const podSet = brokerPodSet();
  const pods = syncStrimziPodSet(request(podSet, []), now).children as unknown as Pod[];
  const broken = structuredClone(podSet) as unknown as { spec: { pods: unknown } };
  broken.spec.pods = "all of them";
  const observed = request(broken as unknown as StrimziPodSet, pods, { "my-cluster-broker-0": { ready: true }, "my-cluster-broker-1": { ready: true } });
  const answer = syncStrimziPodSet(observed, now);
  t.same(answer.children, keepObservedChildren(observed.children));
  t.same(answer.status.conditions, [{
    type: "NotReady", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "InvalidResource",
    message: "spec.pods: must be an array. No pod was changed.",
  }]);
});

t.test("a PodSet's pods are remembered while its spec stays the same, and rebuilt when it changes", async (t) => {
  const podSet = brokerPodSet();
  const memory = createSyncMemory();
  const pods = syncStrimziPodSet(request(podSet, []), now, memory).children as unknown as Pod[];
  const running = Object.fromEntries(pods.map((p) => [p.metadata?.name ?? "", { ready: true }]));
  const first = syncStrimziPodSet(request(structuredClone(podSet), pods, running), now, memory);
  t.ok(Object.isFrozen(first.children), "the remembered pods are frozen");
  t.equal(syncStrimziPodSet(request(structuredClone(podSet), pods, running), now, memory).children, first.children, "a pod status change gets the same pods");

  const resized = structuredClone(podSet);
  resized.spec.podTemplate.spec.containers[0]!.image = "apache/kafka:4.1.0";
  const changed = syncStrimziPodSet(request(resized, pods, running), now, memory);
  t.not(changed.children, first.children);
  t.ok(changed.children.every((p) => (p as unknown as Pod).spec?.containers[0]?.image === "apache/kafka:4.1.0"), "every pod has the new image");

  const oneFailed = syncStrimziPodSet(request(structuredClone(resized), pods, { ...running, "my-cluster-broker-1": { phase: "Failed" } }), now, memory);
  t.same(names(oneFailed.children), ["my-cluster-broker-0", "my-cluster-broker-2"], "a terminated pod is still left out");
});
