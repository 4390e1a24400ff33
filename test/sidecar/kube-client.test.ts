// The slim Kubernetes client (sidecar/kube) against the API server stand-in:
// the informer's reflector semantics (a 410 relists and reports what went
// missing, a bookmark moves its version on so a restarted watch needs no list,
// a watch the server closes is resumed without a list, one on a half-open
// connection is dropped once overdue) and credentials read
// again from their files as a projected token rotates.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import type { KubernetesObject, Pod } from "../../lib/api/kubernetes.js";
import { CREDENTIALS_REFRESH_MS, KubeConfig } from "../../sidecar/kube/config.js";
import { KubeHttp } from "../../sidecar/kube/http.js";
import { Informer } from "../../sidecar/kube/informer.js";
import { FakeApiServer, type ApiRequest } from "../helpers/fake-apiserver.js";
import { FakeTimers } from "../helpers/fake-timers.js";

const pod = (name: string): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "ns", labels: { app: "kafka" } }, spec: { containers: [{ name: "c", image: "i" }] } });

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** An informer on the pods of `ns`, recording its events, and the server's pod requests by verb. */
async function watching(t: { teardown: (f: () => Promise<void>) => void }, server: FakeApiServer): Promise<{ informer: Informer; seen: string[]; requests: (verb: string) => number }> {
  const http = new KubeHttp(server.kubeConfig(), 2);
  const informer = new Informer<KubernetesObject>(http, { path: "/api/v1/namespaces/ns/pods", labelSelector: "app=kafka" });
  const seen: string[] = [];
  informer.on("add", (p) => seen.push(`add ${p.metadata?.name}`));
  informer.on("update", (p) => seen.push(`update ${p.metadata?.name}`));
  informer.on("delete", (p) => seen.push(`delete ${p.metadata?.name}`));
  await informer.start();
  t.teardown(async () => {
    await informer.stop();
    http.close();
  });
  const requests = (verb: string): number => server.requests.filter((r) => r.resource === "pods" && r.verb === verb).length;
  return { informer, seen, requests };
}

t.test("a watch answered 410 Gone lists again: objects deleted while it was away are delete events, new ones add events", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  server.put(pod("a"));
  server.put(pod("b"));
  const { informer, seen, requests } = await watching(t, server);
  t.strictSame([seen, requests("list"), requests("watch")], [["add a", "add b"], 1, 1]);

  // The next watch hangs until the changes are made and their history is gone.
  const resume = server.hold((r) => r.method === "GET" && r.resource === "pods");
  server.closeWatches();
  server.remove("v1", "Pod", "ns", "b");
  server.put(pod("c"));
  server.compact();
  resume();
  await until("the relist", () => seen.length === 4);
  t.strictSame(seen, ["add a", "add b", "delete b", "add c"]);
  t.strictSame(informer.list("ns").map((p) => p.metadata?.name).sort(), ["a", "c"]);
  t.equal(informer.size, 2, "the deleted one is not counted");
  t.equal(requests("list"), 2, "listed once more, after the 410");
  t.equal(informer.latestResourceVersion(), "4", "at the relist's version");
});

t.test("a bookmark moves the version on: the watch restarted after a compaction needs no list", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  server.put(pod("a"));
  const { informer, seen, requests } = await watching(t, server);
  t.equal(informer.latestResourceVersion(), "1");
  // Writes the informer does not watch move the server's version on.
  server.put({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "unwatched", namespace: "ns" } });
  server.put({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "unwatched", namespace: "ns" }, data: { a: "b" } });
  server.sendBookmarks();
  await until("the bookmark", () => informer.latestResourceVersion() === "3");
  server.compact();
  server.closeWatches();
  await until("the second watch", () => requests("watch") === 2);
  server.put(pod("b"));
  await until("the new pod", () => seen.length === 2);
  t.strictSame(seen, ["add a", "add b"]);
  t.equal(requests("list"), 1, "no list: the watch went on from the bookmark's version");
});

t.test("a watch the server closes is resumed from the last version, without a list; stop ends it", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  server.put(pod("a"));
  const { informer, seen, requests } = await watching(t, server);
  for (const name of ["b", "c"]) {
    server.closeWatches();
    server.put(pod(name));
  }
  await until("both pods", () => seen.length === 3);
  t.strictSame(seen, ["add a", "add b", "add c"]);
  t.equal(requests("list"), 1);
  await informer.stop();
  const watches = requests("watch");
  server.put(pod("d"));
  server.closeWatches();
  t.strictSame([seen.length, requests("watch"), requests("list")], [3, watches, 1], "stopped: nothing more seen or asked");
});

t.test("each watch asks for an end 5 to 10 minutes away; one still silent 30 s after that is dropped and resumed from its version", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  server.put(pod("a"));
  const timers = new FakeTimers();
  const http = new KubeHttp(server.kubeConfig(), 2);
  const informer = new Informer<KubernetesObject>(http, { path: "/api/v1/namespaces/ns/pods", timers, random: () => 0.5 });
  const seen: string[] = [];
  informer.on("add", (p) => seen.push(`add ${p.metadata?.name}`));
  await informer.start();
  t.teardown(async () => {
    await informer.stop();
    http.close();
  });
  const watches = (): ApiRequest[] => server.requests.filter((r) => r.resource === "pods" && r.verb === "watch");
  t.strictSame(watches().map((w) => w.timeoutSeconds), [450], "300 s × (1 + 0.5)");

  server.abandonWatches();
  server.put(pod("b"));
  await timers.advance(450_000 + 29_999);
  t.strictSame([seen, watches().length], [["add a"], 1], "nothing arrives on the half-open watch; not yet overdue");
  await timers.advance(1);
  await until("pod b through the new watch", () => seen.length === 2);
  t.strictSame(seen, ["add a", "add b"]);
  t.equal(server.requests.filter((r) => r.resource === "pods" && r.verb === "list").length, 1, "no list: the new watch went on from the last version");
});

t.test("an informer that cannot reach its server reports one error, resolves its start and stops: its owner starts it again", async (t) => {
  const server = await FakeApiServer.start();
  const kubeConfig = server.kubeConfig();
  await server.stop();
  const http = new KubeHttp(kubeConfig, 1);
  t.teardown(() => http.close());
  const informer = new Informer(http, { path: "/api/v1/namespaces/ns/pods" });
  const errors: unknown[] = [];
  informer.on("error", (error) => errors.push(error));
  await informer.start();
  t.equal(errors.length, 1);
  t.match(errors[0], { code: "ECONNREFUSED" });
  t.strictSame(informer.list(), []);
  t.equal(informer.size, 0);
});

t.test("a token file is read again after the refresh period, a rotated token used from then on", async (t) => {
  const server = await FakeApiServer.start();
  t.teardown(() => server.stop());
  const dir = mkdtempSync(join(tmpdir(), "kube-config-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, "token");
  writeFileSync(tokenFile, "first\n");
  writeFileSync(join(dir, "kubeconfig"), JSON.stringify({
    apiVersion: "v1", kind: "Config", "current-context": "c",
    clusters: [{ name: "fake", cluster: { server: server.url, "insecure-skip-tls-verify": true } }],
    users: [{ name: "u", user: { tokenFile: "token" } }],
    contexts: [{ name: "c", context: { cluster: "fake", user: "u" } }],
  }));
  let now = 0;
  const kubeConfig = new KubeConfig(() => now);
  kubeConfig.loadFromFile(join(dir, "kubeconfig"));
  const http = new KubeHttp(kubeConfig, 1);
  t.teardown(() => http.close());
  const ask = async (): Promise<string | undefined> => {
    await http.json("GET", "/api/v1/namespaces/ns/pods");
    return server.requests.at(-1)?.client;
  };
  t.equal(await ask(), "first", "the file's token, without its newline");
  writeFileSync(tokenFile, "second\n");
  now += CREDENTIALS_REFRESH_MS - 1;
  t.equal(await ask(), "first", "within the refresh period the token read is used");
  now += 1;
  t.equal(await ask(), "second", "then the file is read again");
  writeFileSync(tokenFile, "third\n");
  kubeConfig.invalidate();
  t.equal(await ask(), "third", "a 401 (invalidate) reads it at once");
});

t.test("in-cluster: the service's address, the ServiceAccount's CA and token", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "service-account-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "ca.crt"), "CA");
  writeFileSync(join(dir, "token"), "token\n");
  const kubeConfig = new KubeConfig(() => 0);
  kubeConfig.loadFromCluster(dir, { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" });
  t.strictSame(kubeConfig.credentials(), { server: "https://[fd00::1]:443", rejectUnauthorized: true, ca: "CA", cert: undefined, key: undefined, token: "token", servername: undefined });
  t.throws(() => new KubeConfig().loadFromCluster(dir, {}), /not in a cluster/);
});
