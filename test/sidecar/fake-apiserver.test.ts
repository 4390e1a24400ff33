// The stand-in API server behaves as @kubernetes/client-node expects of a real one.
import t from "tap";
import { ApiException, CoreV1Api, CustomObjectsApi, makeInformer, PatchStrategy, setHeaderOptions, type V1Pod } from "@kubernetes/client-node";
import { FakeApiServer } from "../helpers/fake-apiserver.js";

const pod = (name: string, labels: Record<string, string> = { app: "kafka" }): V1Pod => ({
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
    return error instanceof ApiException ? (error.code as number) : -1;
  }
}

t.test("get, create, patch and delete with the API server's answers", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const core = server.kubeConfig().makeApiClient(CoreV1Api);
  t.equal(await failure(core.readNamespacedPod({ name: "p", namespace: "ns" })), 404);
  const created = await core.createNamespacedPod({ namespace: "ns", body: pod("p") });
  t.equal(created.metadata?.resourceVersion, "1");
  t.ok(created.metadata?.uid);
  t.equal(await failure(core.createNamespacedPod({ namespace: "ns", body: pod("p") })), 409);

  const merged = await core.patchNamespacedPod({ name: "p", namespace: "ns", body: { metadata: { annotations: { a: "1" }, labels: { app: null } } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
  t.strictSame([merged.metadata?.annotations, merged.metadata?.labels, merged.metadata?.resourceVersion], [{ a: "1" }, {}, "2"]);
  const patched = await core.patchNamespacedPod({ name: "p", namespace: "ns", body: [{ op: "add", path: "/metadata/annotations/b", value: "2" }] });
  t.strictSame(patched.metadata?.annotations, { a: "1", b: "2" }, "the client's default patch type is a JSON patch");

  t.equal(await failure(core.deleteNamespacedPod({ name: "p", namespace: "ns", body: { preconditions: { uid: "other" } } })), 409);
  await core.deleteNamespacedPod({ name: "p", namespace: "ns", body: { preconditions: { uid: created.metadata?.uid ?? "" } } });
  t.equal(await failure(core.deleteNamespacedPod({ name: "p", namespace: "ns" })), 404);
  t.strictSame(server.writes.map((w) => `${w.verb} ${w.name}${w.contentType ? ` ${w.contentType}` : ""}`), [
    "create p", "patch p application/merge-patch+json", "patch p application/json-patch+json", "delete p",
  ]);
});

t.test("custom resources live under their group", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const custom = server.kubeConfig().makeApiClient(CustomObjectsApi);
  await custom.createNamespacedCustomObject({ group: "kafka.strimzi.io", version: "v1", namespace: "ns", plural: "kafkas", body: { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "k" }, spec: { a: 1 } } });
  const listed = await custom.listNamespacedCustomObject({ group: "kafka.strimzi.io", version: "v1", namespace: "ns", plural: "kafkas" }) as { items: Array<{ metadata: { name: string; generation: number } }> };
  t.strictSame(listed.items.map((k) => [k.metadata.name, k.metadata.generation]), [["k", 1]]);
  await custom.patchNamespacedCustomObject({ group: "kafka.strimzi.io", version: "v1", namespace: "ns", plural: "kafkas", name: "k", body: { spec: { a: 2 } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
  t.equal(server.get<{ metadata: { name: string; generation?: number } }>("kafka.strimzi.io/v1", "Kafka", "ns", "k")?.metadata.generation, 2);
});

t.test("an informer lists, watches, resumes after the server closes its watch, and relists after 410", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const kc = server.kubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  server.put(pod("a"));
  server.put(pod("other", { app: "web" }));
  const informer = makeInformer(kc, "/api/v1/namespaces/ns/pods", () => core.listNamespacedPod({ namespace: "ns", labelSelector: "app=kafka" }), "app=kafka");
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
  const core = server.kubeConfig().makeApiClient(CoreV1Api);
  await core.createNamespacedPod({ namespace: "ns", body: pod("p") });
  await core.deleteNamespacedPod({ name: "p", namespace: "ns" });
  t.ok(server.get("v1", "Pod", "ns", "p")?.metadata.deletionTimestamp);
  await until(() => server.get("v1", "Pod", "ns", "p") === undefined);
  await core.createNamespacedPersistentVolumeClaim({ namespace: "ns", body: { metadata: { name: "c", finalizers: ["kubernetes.io/pvc-protection"] }, spec: {} } });
  await core.deleteNamespacedPersistentVolumeClaim({ name: "c", namespace: "ns" });
  t.ok(server.get("v1", "PersistentVolumeClaim", "ns", "c")?.metadata.deletionTimestamp);
  await core.patchNamespacedPersistentVolumeClaim({ name: "c", namespace: "ns", body: { metadata: { finalizers: null } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
  t.equal(server.get("v1", "PersistentVolumeClaim", "ns", "c"), undefined);
});
