// The stand-in API server behaves as the sidecar's Kubernetes client (sidecar/kube) expects of a real one.
import t from "tap";
import type { KubernetesObject, PersistentVolumeClaim, Pod } from "../../lib/api/kubernetes.js";
import { KubeObjects } from "../../sidecar/kube-actions.js";
import { statusCode } from "../../sidecar/kube/api-error.js";
import { KubeHttp } from "../../sidecar/kube/http.js";
import { Informer } from "../../sidecar/kube/informer.js";
import { FakeApiServer } from "../helpers/fake-apiserver.js";

const PODS = { group: "", version: "v1", plural: "pods" };
const CLAIMS = { group: "", version: "v1", plural: "persistentvolumeclaims" };
const KAFKAS = { group: "kafka.strimzi.io", version: "v1", plural: "kafkas" };

const pod = (name: string, labels: Record<string, string> = { app: "kafka" }): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "ns", labels },
  spec: { containers: [{ name: "c", image: "i" }] },
});

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function failure(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return statusCode(error) ?? -1;
  }
}

t.test("get, create, patch and delete with the API server's answers", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const http = new KubeHttp(server.kubeConfig(), 4);
  t.teardown(() => http.close());
  const core = new KubeObjects(http);
  t.equal(await failure(core.read(PODS, "ns", "p")), 404);
  const created = await core.create(PODS, pod("p"));
  t.equal(created.metadata?.resourceVersion, "1");
  t.ok(created.metadata?.uid);
  t.equal(await failure(core.create(PODS, pod("p"))), 409);

  const merged = await core.mergePatch<Pod>(PODS, "ns", "p", { metadata: { annotations: { a: "1" }, labels: { app: null } } });
  t.strictSame([merged.metadata?.annotations, merged.metadata?.labels, merged.metadata?.resourceVersion], [{ a: "1" }, {}, "2"]);
  const patched = await http.json<Pod>("PATCH", "/api/v1/namespaces/ns/pods/p", [{ op: "add", path: "/metadata/annotations/b", value: "2" }], "application/json-patch+json");
  t.strictSame(patched.metadata?.annotations, { a: "1", b: "2" }, "a JSON patch");

  t.equal(await failure(core.delete(PODS, "ns", "p", { preconditions: { uid: "other" } })), 409);
  await core.delete(PODS, "ns", "p", { preconditions: { uid: created.metadata?.uid ?? "" } });
  t.equal(await failure(core.delete(PODS, "ns", "p")), 404);
  t.strictSame(server.writes.map((w) => `${w.verb} ${w.name}${w.contentType ? ` ${w.contentType}` : ""}`), [
    "create p", "patch p application/merge-patch+json", "patch p application/json-patch+json", "delete p",
  ]);
});

t.test("custom resources live under their group", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const http = new KubeHttp(server.kubeConfig(), 4);
  t.teardown(() => http.close());
  const custom = new KubeObjects(http);
  await custom.create(KAFKAS, { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "k", namespace: "ns" }, spec: { a: 1 } });
  const listed = await http.json<{ items: Array<{ metadata: { name: string; generation: number } }> }>("GET", "/apis/kafka.strimzi.io/v1/namespaces/ns/kafkas");
  t.strictSame(listed.items.map((k) => [k.metadata.name, k.metadata.generation]), [["k", 1]]);
  await custom.mergePatch(KAFKAS, "ns", "k", { spec: { a: 2 } });
  t.equal(server.get<{ metadata: { name: string; generation?: number } }>("kafka.strimzi.io/v1", "Kafka", "ns", "k")?.metadata.generation, 2);
});

t.test("an informer lists, watches, resumes after the server closes its watch, and relists after 410", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const http = new KubeHttp(server.kubeConfig(), 4);
  t.teardown(() => http.close());
  server.put(pod("a"));
  server.put(pod("other", { app: "web" }));
  const informer = new Informer<KubernetesObject>(http, { path: "/api/v1/namespaces/ns/pods", labelSelector: "app=kafka" });
  const seen: string[] = [];
  informer.on("add", (p) => seen.push(`add ${p.metadata?.name}`));
  informer.on("update", (p) => seen.push(`update ${p.metadata?.name} ${p.metadata?.annotations?.n ?? ""}`));
  informer.on("delete", (p) => seen.push(`delete ${p.metadata?.name}`));
  await informer.start();
  t.teardown(() => informer.stop());
  server.put(pod("b"));
  server.put({ ...pod("a"), metadata: { ...pod("a").metadata, name: "a", annotations: { n: "1" } } });
  server.remove("v1", "Pod", "ns", "b");
  await until(() => seen.length === 4);
  server.closeWatches();
  server.put(pod("c"));
  await until(() => seen.length === 5);
  server.compact();
  server.closeWatches();
  server.put(pod("d"));
  await until(() => seen.length === 6);
  t.strictSame(seen, ["add a", "add b", "update a 1", "delete b", "add c", "add d"]);
  t.strictSame(informer.list("ns").map((p) => p.metadata?.name).sort(), ["a", "c", "d"]);
});

t.test("graceful pod deletion and finalizers keep a deletionTimestamp first", async (t) => {
  const server = await FakeApiServer.start({ podDeletionGraceMs: 30 });
  t.teardown(() => server.stop());
  const http = new KubeHttp(server.kubeConfig(), 4);
  t.teardown(() => http.close());
  const core = new KubeObjects(http);
  await core.create(PODS, pod("p"));
  await core.delete(PODS, "ns", "p");
  t.ok(server.get("v1", "Pod", "ns", "p")?.metadata.deletionTimestamp);
  await until(() => server.get("v1", "Pod", "ns", "p") === undefined);
  await core.create<PersistentVolumeClaim>(CLAIMS, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c", namespace: "ns", finalizers: ["kubernetes.io/pvc-protection"] }, spec: {} });
  await core.delete(CLAIMS, "ns", "c");
  t.ok(server.get("v1", "PersistentVolumeClaim", "ns", "c")?.metadata.deletionTimestamp);
  await core.mergePatch(CLAIMS, "ns", "c", { metadata: { finalizers: null } });
  t.equal(server.get("v1", "PersistentVolumeClaim", "ns", "c"), undefined);
});
