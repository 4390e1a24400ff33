// A Connect build's life cycle over syncs, with Metacontroller's rule that a 200 answer deletes every
// observed child it leaves out: each step observes exactly what the previous answer held, plus what
// Kubernetes reports (the build pod's phase and termination message). Nothing of a build may be lost:
// the pod stays while it runs, its image stays on the PodSet, a failure keeps the workers' image.
import t from "tap";
import type { KafkaConnect } from "../../lib/api/kafka-connect.js";
import type { Condition, KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type ObjectsByType, type SyncRequest, type SyncResponse } from "../../lib/metacontroller.js";
import { syncKafkaConnect } from "../../lib/sync/connect-sync.js";
import { connectRequests } from "../helpers/connect-requests.js";
import { testEnvironment } from "../helpers/requests.js";

const example = connectRequests().find((e) => e.example === "connect/kafka-connect-build.yaml");
if (!example) throw new Error("no connect/kafka-connect-build.yaml");
const first = example.request;

const BUILD_POD = "my-connect-cluster-connect-build";
const DIGEST = `sha256:${"ab".repeat(32)}`;
const BUILT_IMAGE = `ttl.sh/strimzi-connect-example-4.3.0@${DIGEST}`;

type Answer = SyncResponse<KafkaConnect["status"] & object>;

const sync = (request: SyncRequest): Answer => syncKafkaConnect(request, testEnvironment());

/** The request after Metacontroller applied `answer`: its children and nothing else, each as `observe` reports it. */
function applied(request: SyncRequest, answer: Answer, observe: (child: KubeObject) => KubeObject = (c) => c): SyncRequest {
  const children: ObjectsByType = Object.fromEntries(Object.keys(request.children).map((type) => [type, {}]));
  for (const child of answer.children) {
    const type = typeKey(child.kind, child.apiVersion);
    children[type] = { ...children[type], [`${child.metadata.namespace}/${child.metadata.name}`]: observe(structuredClone(child)) };
  }
  return { ...request, children };
}

const withStatus = (status: Pod["status"]) => (child: KubeObject): KubeObject =>
  child.kind === "Pod" && child.metadata.name === BUILD_POD ? { ...child, status } as KubeObject : child;
const terminated = (exitCode: number, message?: string): Pod["status"] => ({
  phase: exitCode === 0 ? "Succeeded" : "Failed",
  containerStatuses: [{ name: BUILD_POD, image: "quay.io/strimzi/buildah:1.2.0", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode, ...(message !== undefined ? { message } : {}) } } }],
});
const running: Pod["status"] = {
  phase: "Running",
  containerStatuses: [{ name: BUILD_POD, image: "quay.io/strimzi/buildah:1.2.0", imageID: "", ready: true, restartCount: 0, state: { running: {} } }],
};

const named = (answer: Answer, kind: string, name: string) => answer.children.find((c) => c.kind === kind && c.metadata.name === name);
const podSet = (answer: Answer) => named(answer, "StrimziPodSet", "my-connect-cluster-connect") as StrimziPodSet | undefined;
const buildPod = (answer: Answer) => named(answer, "Pod", BUILD_POD) as Pod | undefined;
const workersImage = (answer: Answer) => podSet(answer)?.spec.podTemplate.spec.containers[0]?.image;
const ready = (answer: Answer): Condition | undefined => answer.status.conditions?.find((c) => c.type === "Ready" || c.type === "NotReady");
const summary = (answer: Answer) => ({
  pod: buildPod(answer)?.metadata?.annotations?.["strimzi.io/connect-build-revision"] ?? null,
  dockerfile: named(answer, "ConfigMap", "my-connect-cluster-connect-dockerfile") !== undefined,
  serviceAccount: named(answer, "ServiceAccount", BUILD_POD) !== undefined,
  image: workersImage(answer) ?? null,
  podSetAnnotations: podSet(answer)?.metadata.annotations ?? null,
  condition: `${ready(answer)?.type} ${ready(answer)?.reason ?? ""}: ${ready(answer)?.message ?? ""}`,
});

const editParent = (request: SyncRequest, edit: (connect: KafkaConnect) => void): SyncRequest => {
  const parent = structuredClone(request.parent) as unknown as KafkaConnect;
  edit(parent);
  return { ...request, parent: parent as unknown as SyncRequest["parent"] };
};

t.test("a first build: Dockerfile first, then the pod, then the workers on the image by digest, then the pod goes", async (t) => {
  const answer1 = sync(first);
  const revision = (buildPodAfter(answer1)).metadata?.annotations?.["strimzi.io/connect-build-revision"] ?? "";
  t.match(revision, /^[0-9a-f]{16}$/);
  t.same(summary(answer1), {
    pod: null, dockerfile: true, serviceAccount: true, image: null, podSetAnnotations: null,
    condition: `NotReady ConnectBuildRunning: waiting for ConfigMap my-connect-cluster-connect-dockerfile and ServiceAccount ${BUILD_POD} before build pod ${BUILD_POD} starts`,
  }, "no pod before its Dockerfile is written, no workers before their image exists");
  t.same(answer1.children.map((c) => `${c.kind} ${c.metadata.name}`), [
    "ServiceAccount my-connect-cluster-connect",
    "Role my-connect-cluster-connect",
    "RoleBinding my-connect-cluster-connect-connect-role",
    "ConfigMap my-connect-cluster-connect-dockerfile",
    `ServiceAccount ${BUILD_POD}`,
    "Service my-connect-cluster-connect-api",
    "Service my-connect-cluster-connect",
    "Secret my-connect-cluster-connect-tls-trusted-certs",
    "ConfigMap my-connect-cluster-connect-config",
    "PodDisruptionBudget my-connect-cluster-connect",
  ], "Strimzi's order, the build's objects after the network policy");

  const answer2 = sync(applied(first, answer1));
  t.same(summary(answer2), {
    pod: revision, dockerfile: true, serviceAccount: true, image: null, podSetAnnotations: null,
    condition: `NotReady ConnectBuildRunning: waiting for build pod ${BUILD_POD} to finish`,
  });

  const answer3 = sync(applied(first, answer2, withStatus(running)));
  t.same(summary(answer3), summary(answer2), "a running build stays in the answer");

  const answer4 = sync(applied(first, answer3, withStatus(terminated(0, `${BUILT_IMAGE}\n`))));
  t.same(summary(answer4), {
    pod: revision, dockerfile: true, serviceAccount: true, image: BUILT_IMAGE,
    podSetAnnotations: { "strimzi.io/connect-build-image": BUILT_IMAGE, "strimzi.io/connect-build-revision": revision },
    condition: "NotReady PodsNotReady: waiting for StrimziPodSet my-connect-cluster-connect to be created",
  }, "the image from the termination message; the pod stays until the PodSet records it");
  t.equal(podSet(answer4)?.spec.pods[0]?.metadata.annotations?.["strimzi.io/connect-build-revision"], revision, "the workers carry the revision, as Strimzi's");

  const answer5 = sync(applied(first, answer4, withStatus(terminated(0, `${BUILT_IMAGE}\n`))));
  t.same(summary(answer5), {
    ...summary(answer4), pod: null, condition: "NotReady PodsNotReady: waiting for StrimziPodSet my-connect-cluster-connect: 0/1 pods ready, 0/1 current",
  }, "recorded on the observed PodSet: the pod is deleted, as Strimzi deletes it");
  const answer6 = sync(applied(first, answer5));
  t.same(summary(answer6), summary(answer5), "and the next syncs read the image from the PodSet");
});

/** The pod the second sync creates, for its revision. */
function buildPodAfter(answer: Answer): Pod {
  const pod = buildPod(sync(applied(first, answer)));
  if (!pod) throw new Error("no build pod");
  return pod;
}

/** A Connect whose first build succeeded and is recorded on its PodSet. */
function builtConnect(): { request: SyncRequest; answer: Answer } {
  let request = first;
  let answer = sync(request);
  for (const observe of [undefined, withStatus(terminated(0, BUILT_IMAGE)), undefined]) {
    request = applied(first, answer, observe);
    answer = sync(request);
  }
  return { request, answer };
}

const addPlugin = (connect: KafkaConnect) => {
  connect.spec.build?.plugins.push({ name: "extra", artifacts: [{ type: "jar", url: "https://example.com/extra.jar", sha512sum: "abc" }] });
};

t.test("a changed build: the workers keep the image they run until the new one is built; a failure names spec.build", async (t) => {
  const built = builtConnect();
  t.equal(workersImage(built.answer), BUILT_IMAGE);
  const oldAnnotations = podSet(built.answer)?.metadata.annotations;
  const changed = (request: SyncRequest) => editParent(request, addPlugin);

  const answer1 = sync(changed(built.request));
  t.same(summary(answer1), {
    pod: null, dockerfile: true, serviceAccount: true, image: BUILT_IMAGE, podSetAnnotations: oldAnnotations,
    condition: `NotReady ConnectBuildRunning: waiting for ConfigMap my-connect-cluster-connect-dockerfile and ServiceAccount ${BUILD_POD} before build pod ${BUILD_POD} starts`,
  });
  t.match(named(answer1, "ConfigMap", "my-connect-cluster-connect-dockerfile"), { data: { Dockerfile: /# Connector plugin extra\n/ } });

  const answer2 = sync(applied(changed(built.request), answer1));
  const newRevision = buildPod(answer2)?.metadata?.annotations?.["strimzi.io/connect-build-revision"];
  t.not(newRevision, oldAnnotations?.["strimzi.io/connect-build-revision"]);
  t.equal(workersImage(answer2), BUILT_IMAGE);

  const failed = sync(applied(changed(built.request), answer2, withStatus(terminated(1, "error: curl: (22) The requested URL returned error: 404"))));
  t.same(summary(failed), {
    pod: newRevision, dockerfile: true, serviceAccount: true, image: BUILT_IMAGE, podSetAnnotations: oldAnnotations,
    condition: `NotReady ConnectBuildFailed: spec.build: build pod ${BUILD_POD} failed with exit code 1: error: curl: (22) The requested URL returned error: 404; the workers keep the image they run, and deleting the build pod starts the build again`,
  }, "the failed pod stays for its logs, the workers keep their image");
  const again = sync(applied(changed(built.request), failed, withStatus(terminated(1, "error"))));
  t.equal(buildPod(again)?.metadata?.annotations?.["strimzi.io/connect-build-revision"], newRevision, "no new build on every sync");

  const deleted = applied(changed(built.request), failed);
  const podsType = typeKey("Pod", "v1");
  const withoutPod = { ...deleted, children: { ...deleted.children, [podsType]: {} } };
  t.equal(buildPod(sync(withoutPod))?.metadata?.annotations?.["strimzi.io/connect-build-revision"], newRevision, "the user deleted the failed pod: a new build starts");
});

t.test("a pod that ends without a build result: evicted, or no image by digest", async (t) => {
  const answer1 = sync(first);
  const answer2 = sync(applied(first, answer1));
  const evicted = sync(applied(first, answer2, withStatus({ phase: "Failed", reason: "Evicted", message: "The node was low on resource: ephemeral-storage." })));
  t.equal(ready(evicted)?.reason, "ConnectBuildFailed");
  t.match(ready(evicted)?.message, `spec.build: build pod ${BUILD_POD} failed before its build ended: Evicted (The node was low on resource: ephemeral-storage.)`);
  t.equal(podSet(evicted), undefined, "still no workers");
  const noDigest = sync(applied(first, answer2, withStatus(terminated(0, ""))));
  t.match(ready(noDigest)?.message, `spec.build: build pod ${BUILD_POD} completed, but its termination message names no image by digest`);
  t.ok(buildPod(noDigest), "kept");
});

t.test("a build added to a running Connect: the workers keep running their image while it builds", async (t) => {
  const plain = editParent(first, (connect) => {
    delete connect.spec.build;
  });
  const plainAnswer = sync(plain);
  const plainImage = workersImage(plainAnswer);
  t.equal(plainImage, "apache/kafka:4.3.1");
  t.equal(named(plainAnswer, "ConfigMap", "my-connect-cluster-connect-dockerfile"), undefined);
  const answer = sync(applied(first, plainAnswer));
  t.equal(workersImage(answer), plainImage);
  t.same(podSet(answer)?.metadata.annotations, undefined, "no build recorded yet");
  t.equal(ready(answer)?.reason, "ConnectBuildRunning");

  const built = builtConnect();
  const removed = sync(editParent(built.request, (connect) => {
    delete connect.spec.build;
  }));
  t.equal(workersImage(removed), plainImage, "the build removed: the workers run the image without it again");
  t.same(removed.children.filter((c) => c.metadata.name.includes("-connect-build") || c.metadata.name.endsWith("-dockerfile")), [], "and its objects go, as Strimzi deletes them");
});

/** The request with `strimzi.io/force-rebuild` set on the observed workers' PodSet, as `kubectl annotate` leaves it. */
function forceRebuild(request: SyncRequest, value: string): SyncRequest {
  const type = typeKey("StrimziPodSet", "core.strimzi.io/v1");
  const children = { ...request.children[type] };
  for (const [key, object] of Object.entries(children)) {
    children[key] = { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, "strimzi.io/force-rebuild": value } } };
  }
  return { ...request, children: { ...request.children, [type]: children } };
}

const forcedMark = (answer: Answer) => buildPod(answer)?.metadata?.annotations?.["kafka-hooks.io/forced-build"];

t.test("strimzi.io/force-rebuild builds the same revision once more; the request is taken up, so it builds once", async (t) => {
  const built = builtConnect();
  const annotations = podSet(built.answer)?.metadata.annotations ?? {};
  const revision = annotations["strimzi.io/connect-build-revision"];
  t.same(summary(sync(forceRebuild(built.request, "false"))), summary(built.answer), "\"false\" asks for nothing");

  const answer1 = sync(forceRebuild(built.request, "true"));
  t.same([summary(answer1), forcedMark(answer1)], [{
    pod: revision, dockerfile: true, serviceAccount: true, image: BUILT_IMAGE,
    podSetAnnotations: { ...annotations, "strimzi.io/force-rebuild": "false" },
    condition: `NotReady ConnectBuildRunning: waiting for build pod ${BUILD_POD} to finish`,
  }, "true"], "a marked pod of the same revision; the PodSet takes the request up; the workers keep their image");

  const answer2 = sync(applied(first, answer1, withStatus(running)));
  t.same(summary(answer2), summary(answer1), "the marked pod carries the build, though the PodSet no longer asks");

  const REBUILT_IMAGE = `ttl.sh/strimzi-connect-example-4.3.0@sha256:${"cd".repeat(32)}`;
  const answer3 = sync(applied(first, answer2, withStatus(terminated(0, REBUILT_IMAGE))));
  t.same(summary(answer3), {
    pod: revision, dockerfile: true, serviceAccount: true, image: REBUILT_IMAGE,
    podSetAnnotations: { "strimzi.io/connect-build-image": REBUILT_IMAGE, "strimzi.io/connect-build-revision": revision, "strimzi.io/force-rebuild": "false" },
    condition: "NotReady PodsNotReady: waiting for StrimziPodSet my-connect-cluster-connect: 0/1 pods ready, 0/1 current",
  }, "the new image by digest; the pod stays until the PodSet records it");

  const answer4 = sync(applied(first, answer3, withStatus(terminated(0, REBUILT_IMAGE))));
  t.same([summary(answer4).pod, summary(answer4).podSetAnnotations], [null, { "strimzi.io/connect-build-image": REBUILT_IMAGE, "strimzi.io/connect-build-revision": revision }],
    "recorded: the pod goes, and the answer leaves the annotation out, so Metacontroller removes it");
  const answer5 = sync(applied(first, answer4));
  t.same(summary(answer5), summary(answer4), "no further build");
});

t.test("a forced build that fails keeps the workers' image; deleting its pod ends the request", async (t) => {
  const built = builtConnect();
  const answer1 = sync(forceRebuild(built.request, "true"));
  const failed = sync(applied(first, answer1, withStatus(terminated(1, "error: curl: (22) The requested URL returned error: 404"))));
  t.same([ready(failed)?.reason, workersImage(failed), forcedMark(failed), podSet(failed)?.metadata.annotations?.["strimzi.io/force-rebuild"]],
    ["ConnectBuildFailed", BUILT_IMAGE, "true", "false"], "the failed pod stays for its logs, marked");
  const deleted = applied(first, failed);
  const withoutPod = { ...deleted, children: { ...deleted.children, [typeKey("Pod", "v1")]: {} } };
  const after = sync(withoutPod);
  t.same([summary(after).pod, workersImage(after), podSet(after)?.metadata.annotations?.["strimzi.io/force-rebuild"]], [null, BUILT_IMAGE, undefined],
    "taken up: no new build until the PodSet is annotated again");
});
