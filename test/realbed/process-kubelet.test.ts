// The process kubelet on a small pod (no Kafka): its command runs in its own
// root with the image's /opt/kafka and its volumes, as its user, on its own
// address; env from the downward API; a real readiness probe; deletion sends
// SIGTERM and the pod leaves the API server once its process has ended; init
// containers run first, in order, from their own image, each until it succeeds; the
// claim's data outlives the pod. Needs root (mount namespaces) and gcc.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import t from "tap";
import type { Pod } from "../../lib/api/kubernetes.js";
import { FakeApiServer } from "../helpers/fake-apiserver.js";
import { repoRoot } from "../helpers/paths.js";
import { until } from "../helpers/sidecar-harness.js";
import { ProcessKubelet, type ProcessKubeletOptions } from "./process-kubelet.js";
import { standInKubeletApi } from "./real-world.js";

const root = process.getuid?.() === 0;

/** An executable script in an image directory. */
function script(path: string, lines: readonly string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.join("\n"));
  chmodSync(path, 0o755);
}

/** A stand-in API server and a process kubelet on `image`, both stopped when `t` ends. */
async function kubeletOn(t: { teardown: (fn: () => unknown) => void }, dir: string, image: string, options: Partial<ProcessKubeletOptions> = {}): Promise<{ server: FakeApiServer; kubelet: ProcessKubelet }> {
  const shim = join(dir, "bind-shim.so");
  execFileSync("gcc", ["-O2", "-shared", "-fPIC", "-o", shim, join(repoRoot, "test", "realbed", "pod", "bind-shim.c"), "-ldl"]);
  const server = await FakeApiServer.start({ podsEndByKubelet: true });
  const kubelet = new ProcessKubelet({ api: standInKubeletApi(server), image, bindShim: shim, stateDir: join(dir, "state"), syncIntervalMs: 50, ...options });
  t.teardown(async () => {
    await kubelet.stop(2000);
    await server.stop();
  });
  return { server, kubelet };
}

t.test("a pod runs as a process with its volumes, env, address and probe, and stops on deletion", { skip: root ? false : "needs root" }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "process-kubelet-"));
  const image = join(dir, "image");
  script(join(image, "opt", "kafka", "bin", "serve.sh"), [
    "#!/bin/bash",
    "# Writes what the pod sees, then serves until SIGTERM, which it records.",
    "{ echo \"user=$(id -u):$(id -g) host=$(hostname) name=$POD_NAME\"; cat /config/greeting; } > /data/seen",
    "trap 'echo terminated > /data/stopped; exit 0' TERM",
    "python3 -m http.server 8080 --directory /data >/dev/null 2>&1 &",
    "wait",
    "",
  ]);
  const { server, kubelet } = await kubeletOn(t, dir, image);
  server.put({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "greeting", namespace: "ns" }, data: { greeting: "hello\n" } });
  server.put({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data-web-0", namespace: "ns" }, spec: {} });
  const pod: Pod = {
    apiVersion: "v1", kind: "Pod",
    metadata: { name: "web-0", namespace: "ns", labels: { app: "web" } },
    spec: {
      hostname: "web-0",
      subdomain: "web",
      securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      terminationGracePeriodSeconds: 5,
      containers: [{
        name: "web",
        command: ["/bin/bash", "/opt/kafka/bin/serve.sh"],
        env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        ports: [{ name: "http", containerPort: 8080 }],
        readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 1 },
        securityContext: { readOnlyRootFilesystem: true },
        volumeMounts: [{ name: "config", mountPath: "/config" }, { name: "data", mountPath: "/data" }],
      }],
      volumes: [{ name: "config", configMap: { name: "greeting" } }, { name: "data", persistentVolumeClaim: { claimName: "data-web-0" } }],
    },
  };
  server.put(pod);
  const stored = (): Pod | undefined => server.get<Pod>("v1", "Pod", "ns", "web-0");
  await until("the pod Ready", () => (stored()?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"));
  t.equal(stored()?.status?.podIP, "127.1.0.2");
  const claimDir = kubelet.claimDirectory(server.get("v1", "PersistentVolumeClaim", "ns", "data-web-0")?.metadata.uid ?? "");
  t.equal(readFileSync(join(claimDir, "seen"), "utf8"), "user=1000:1000 host=web-0 name=web-0\nhello\n", "its user, hostname, env and ConfigMap");
  const response = await fetch("http://web-0.web.ns.svc:8080/seen").catch(() => undefined);
  t.equal(response, undefined, "the test process resolves pod names only while a lookup is installed");
  const restore = kubelet.network.installLookup();
  try {
    const served = await fetch("http://web-0.web.ns.svc:8080/seen");
    t.equal(await served.text(), "user=1000:1000 host=web-0 name=web-0\nhello\n", "its wildcard bind serves on its own address, under its DNS name");
  } finally {
    restore();
  }

  server.deleteObject("v1", "Pod", "ns", "web-0");
  await until("the pod gone from the API server", () => stored() === undefined);
  t.equal(readFileSync(join(claimDir, "stopped"), "utf8"), "terminated\n", "it got SIGTERM");
  t.same(kubelet.pids(), [], "no process left");
  server.remove("v1", "PersistentVolumeClaim", "ns", "data-web-0");
  kubelet.tick();
  t.throws(() => readFileSync(join(claimDir, "seen")), { code: "ENOENT" }, "the claim's data goes with the claim");
});

t.test("init containers run first, one after the other, each from its own image until it succeeds", { skip: root ? false : "needs root" }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "process-kubelet-init-"));
  const image = join(dir, "image");
  script(join(image, "opt", "kafka", "bin", "serve.sh"), ["#!/bin/bash", "echo main >> /work/steps", "exec sleep 600", ""]);
  // The init containers' image: another directory, with its /opt/tools.
  const tools = join(dir, "tools");
  script(join(tools, "opt", "tools", "bin", "flaky.sh"), [
    "#!/bin/bash",
    "# Fails on its first run, as an image pull or a full disk might.",
    "tries=$(grep -c flaky /work/steps 2>/dev/null || true)",
    "echo flaky >> /work/steps",
    "[ \"$tries\" -ge 1 ]",
    "",
  ]);
  const { server } = await kubeletOn(t, dir, image, { backOffMs: 100, otherImage: (name) => (name === "tools:1" ? tools : undefined) });
  const restricted = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false };
  server.put({
    apiVersion: "v1", kind: "Pod",
    metadata: { name: "job-0", namespace: "ns" },
    spec: {
      securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      terminationGracePeriodSeconds: 1,
      initContainers: [
        { name: "flaky", image: "tools:1", command: ["/bin/bash", "/opt/tools/bin/flaky.sh"], securityContext: restricted, volumeMounts: [{ name: "work", mountPath: "/work" }] },
        { name: "copy", image: "tools:1", command: ["/bin/cp", "-R", "/opt/tools/bin", "/work/copied"], securityContext: restricted, volumeMounts: [{ name: "work", mountPath: "/work" }] },
      ],
      containers: [{ name: "main", image: "kafka:1", command: ["/bin/bash", "/opt/kafka/bin/serve.sh"], securityContext: restricted, volumeMounts: [{ name: "work", mountPath: "/work", readOnly: false }] }],
      volumes: [{ name: "work", emptyDir: {} }],
    },
  } as Pod);
  const stored = (): Pod | undefined => server.get<Pod>("v1", "Pod", "ns", "job-0");
  await until("the main container Ready", () => (stored()?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"));
  const status = stored()?.status;
  t.same(status?.initContainerStatuses?.map((s) => [s.name, s.state?.terminated?.reason, s.state?.terminated?.exitCode]), [["flaky", "Completed", 0], ["copy", "Completed", 0]]);
  t.same(status?.containerStatuses?.map((s) => s.name), ["main"]);
  t.same(status?.conditions?.find((c) => c.type === "Initialized"), { type: "Initialized", status: "True" });
  const pod = stored();
  const work = join(dir, "state", "volumes", "pods", pod?.metadata?.uid ?? "", "empty-dir", "work");
  await until("the main container started", () => { try { return readFileSync(join(work, "steps"), "utf8").endsWith("main\n"); } catch { return false; } });
  t.equal(readFileSync(join(work, "steps"), "utf8"), "flaky\nflaky\nmain\n", "the failed init container ran again, the next only after it succeeded, the main container last");
  t.equal(readFileSync(join(work, "copied", "flaky.sh"), "utf8").split("\n")[0], "#!/bin/bash", "the second copied from its image into the shared emptyDir");
});
