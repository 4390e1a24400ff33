// The sidecar as a process (`node dist/sidecar/main.js`) and its health endpoint.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import t from "tap";
import type { PersistentVolumeClaim } from "../../lib/api/kubernetes.js";
import { LEASE_NAME } from "../../sidecar/sidecar.js";
import { repoRoot } from "../helpers/paths.js";
import { LEASE_NAMESPACE, NAMESPACE, startHarness, until } from "../helpers/sidecar-harness.js";

async function healthz(port: number | undefined, path = "/healthz"): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port ?? 0}${path}`);
  return { status: response.status, body: (await response.text()).trim() };
}

t.test("/healthz is 200 while the informers run and 503 naming them once they stop", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const sidecar = await harness.startSidecar("sidecar-a", { healthPort: 0 });
  t.strictSame(await healthz(sidecar.healthPort), { status: 200, body: '{"status":"ok"}' });
  t.equal((await healthz(sidecar.healthPort, "/nothing")).status, 404);

  await harness.server.stop();
  await until("every informer to fail", () => sidecar.health().failing.length === 12, 5000);
  const failing = await healthz(sidecar.healthPort);
  t.equal(failing.status, 503);
  t.equal(JSON.parse(failing.body).status, "failing");
  t.strictSame(JSON.parse(failing.body).informers.sort(), [
    "claims in myproject", "connectPodSets in myproject", "connectPods in myproject", "kafkaConnectors in myproject", "kafkaConnects in myproject", "kafkaMirrorMaker2s in myproject", "kafkaNodePools in myproject",
    "kafkaRebalances in myproject", "kafkas in myproject", "podSets in myproject", "pods in myproject", "rebalanceConfigMaps in myproject",
  ]);
});

t.test("main.js watches, acts, and on SIGTERM releases its Lease and exits 0", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const dir = mkdtempSync(join(tmpdir(), "sidecar-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "fake", cluster: { server: harness.server.url, "insecure-skip-tls-verify": true } }],
    users: [{ name: "sidecar", user: { token: "fake-token" } }],
    contexts: [{ name: "fake", context: { cluster: "fake", user: "sidecar" } }],
    "current-context": "fake",
  }));
  const child = spawn(process.execPath, [join(repoRoot, "dist", "sidecar", "main.js")], {
    env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig, POD_NAMESPACE: LEASE_NAMESPACE, POD_NAME: "sidecar-main", HEALTH_PORT: "0", WATCH_NAMESPACES: ` ${NAMESPACE} ,` },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  t.teardown(() => { child.kill("SIGKILL"); });
  const logs: Array<{ msg?: string; healthPort?: number; namespaces?: unknown }> = [];
  createInterface(child.stdout).on("line", (line) => logs.push(JSON.parse(line) as (typeof logs)[number]));

  await until("the sidecar to start", () => logs.some((l) => l.msg === "sidecar started"));
  const started = logs.find((l) => l.msg === "sidecar started");
  t.strictSame(started?.namespaces, [NAMESPACE]);
  t.equal((await healthz(started?.healthPort)).status, 200);
  const holder = () => harness.server.get<{ spec: { holderIdentity?: string } }>("coordination.k8s.io/v1", "Lease", LEASE_NAMESPACE, LEASE_NAME)?.spec.holderIdentity;
  await until("it to lead", () => holder() === "sidecar-main");
  await until("its claims", () => harness.server.list<PersistentVolumeClaim>("v1", "PersistentVolumeClaim", NAMESPACE).length === 6);

  child.kill("SIGTERM");
  t.equal(await exited, 0);
  t.equal(holder(), "", "the Lease is released for the next replica");
});
