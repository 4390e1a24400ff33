// Everything real but Metacontroller: the real API server and controller
// manager, the Metacontroller stand-in over HTTP, the real hooks, the unchanged
// sidecar (its own identity and RBAC, asking real Kafka before it acts), and
// the process kubelet (../process-kubelet.ts, the same one the in-process world
// drives) running the server's pods as processes: it reads pods, Services,
// claims, ConfigMaps and Secrets from the server's informers, writes pod status
// through the status subresource and removes a pod once its containers have
// stopped. Strimzi's kafka-persistent.yaml forms its quorum, goes Ready, and a
// client produces and consumes through the plain listener.
import t from "tap";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { KubeObject, Pod } from "../../../lib/api/kubernetes.js";
import { kafkaAvailabilityFactory } from "../../../sidecar/kafka/availability.js";
import { exampleObjects, readiness } from "../../helpers/scenario.js";
import { byNumber, consume, createTopic, produce } from "../clients.js";
import { ProcessKubelet } from "../process-kubelet.js";
import { cacheDir, kafkaImage } from "../real-world.js";
import { smallJvms } from "../resources.js";
import { realServerKubeletApi } from "./kubelet-api.js";
import { eventually } from "./cluster.js";
import { startLoop } from "./loop.js";
import type { JsonMap } from "./rest.js";
import { startSidecarOnServer } from "./sidecar.js";

const NAMESPACE = "kafka";
const MESSAGES = 1000;
const TOPIC = "through-plain";

const image = kafkaImage();
const loop = await startLoop(t);
const { cluster } = loop;
// Apart from the in-process world's runs (../real-world.ts clears those when it starts); the last run's logs go now.
const runs = join(cacheDir(), "k8s", "runs");
rmSync(runs, { recursive: true, force: true });
mkdirSync(runs, { recursive: true });
const stateDir = mkdtempSync(join(runs, "kafka-"));
const kubeletApi = await realServerKubeletApi(cluster, loop.store.informers);
// Pods on 127.2.x.y: make test-real (127.1.x.y) may run on this machine at the same time.
const kubelet = new ProcessKubelet({ api: kubeletApi, image, bindShim: join(image, "shim", "bind-shim.so"), stateDir, addressBlock: 2 });
const restoreLookup = kubelet.network.installLookup();
t.teardown(async () => {
  await kubelet.stop();
  restoreLookup();
  // Pods' logs stay until the next run, for a look after a failure.
  rmSync(join(stateDir, "volumes"), { recursive: true, force: true });
});
const { log } = await startSidecarOnServer(t, cluster, kafkaAvailabilityFactory(), { readinessTimeoutMs: 180_000 });

const pods = async (): Promise<Pod[]> => await cluster.api.list("v1", "Pod", NAMESPACE) as unknown as Pod[];
const ready = (pod: Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

t.test("kafka-persistent.yaml on the real server: the quorum forms, the Kafka goes Ready, messages pass the plain listener", async (t) => {
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  for (const object of exampleObjects("kafka/kafka-persistent.yaml", NAMESPACE, smallJvms)) await cluster.api.create(object as unknown as JsonMap);
  const state = async (): Promise<string> => (await pods()).map((p) => `${p.metadata?.name}: ${p.status?.phase} ${ready(p) ? "ready" : "unready"}`).join("; ");
  await loop.roundsUntil("six pods Ready and the Kafka Ready", async () => {
    const all = await pods();
    const kafka = await cluster.api.get({ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace: NAMESPACE } });
    return all.length === 6 && all.every(ready) && readiness(kafka as unknown as KubeObject) === "Ready";
  }, 420_000).catch(async (error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\npods: ${await state()}\nkubelet refused: ${kubeletApi.refused.join("; ")}\nsidecar log: ${log}\npod logs: ${kubelet.logFiles().join(", ")}`);
  });

  const all = await pods();
  t.same(all.map((p) => p.metadata?.name).sort(), [
    "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2",
    "my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5",
  ], "the six pods of the PodSets, run as processes");
  for (const pod of all) {
    const name = pod.metadata?.name ?? "";
    t.match(pod.status, { phase: "Running", podIP: /^127\.2\./, containerStatuses: [{ name: "kafka", ready: true, restartCount: 0 }] }, `${name}: Running and Ready, its status written by the kubelet`);
    t.ok(kubelet.pidOf(NAMESPACE, name), `${name} runs a JVM`);
  }
  const claims = await cluster.api.list("v1", "PersistentVolumeClaim", NAMESPACE);
  t.equal(claims.length, 6, "every claim a pod mounts, created by the sidecar");
  t.same(kubeletApi.refused, [], "the server took every status and removal the kubelet wrote");
  const plain = { bootstrap: `my-cluster-kafka-bootstrap.${NAMESPACE}.svc:9092` };
  await createTopic(plain, TOPIC);
  const sent = await produce(plain, TOPIC, MESSAGES);
  // The first consumer group makes the brokers create __consumer_offsets and elect its coordinators, which on a
  // busy machine outlasts the client's own retries (NOT_COORDINATOR): a fresh consumer tries again.
  const received = await eventually("a consumer to read the topic", () => consume(plain, TOPIC, MESSAGES), 180_000);
  t.equal(received.length, MESSAGES, "every message read back once");
  t.same(byNumber(received), sent, "the messages read are the messages sent");
});
