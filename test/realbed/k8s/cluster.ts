// A real control plane on loopback for one test file: etcd, kube-apiserver and
// kube-controller-manager of the release pinned in go.mod beside this file (built
// by scripts/realbed-k8s-build.sh), on ports chosen at run time, with credentials
// made for the run. No kubelet and no scheduler: pods are objects only, and a
// test that needs them Ready writes their status itself.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "../../../sidecar/kube/config.js";
import { makeCredentials, type Credentials } from "./certificates.js";
import { RestClient } from "./rest.js";

/** A KubeConfig for the server that authenticates with a client certificate of the bed's CA (issueClientCertificate): that user's RBAC applies. */
export function clientKubeConfig(cluster: Pick<RealCluster, "server" | "credentials">, client: { certificate: string; key: string }): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "realbed", server: cluster.server, caFile: cluster.credentials.caCertificate }],
    users: [{ name: "client", certFile: client.certificate, keyFile: client.key }],
    contexts: [{ name: "realbed", cluster: "realbed", user: "client" }],
    currentContext: "realbed",
  });
  return kubeConfig;
}

/** Where scripts/realbed-k8s-build.sh puts the binaries. */
export const binDir = process.env["KAFKA_HOOKS_K8S_BIN"] ?? join(homedir(), ".cache", "kafka-hooks", "k8s", "bin");

/** kube-controller-manager's controllers the scenarios rely on, and those that make a namespace usable. */
export const CONTROLLERS = [
  "garbage-collector-controller",
  "disruption-controller",
  // The default ServiceAccount of every namespace, and the token Secrets of the legacy kind.
  "serviceaccount-controller",
  "serviceaccount-token-controller",
  "namespace-controller",
  "root-ca-certificate-publisher-controller",
  // Claims carry the kubernetes.io/pvc-protection finalizer (admission adds it); this controller lifts it.
  "persistentvolumeclaim-protection-controller",
];

export interface RealCluster {
  readonly server: string;
  /** etcd's client URL (its JSON gateway answers /v3/kv/...). */
  readonly etcd: string;
  /** The run's directory: credentials, logs, and whatever a test writes for the processes. */
  readonly dir: string;
  readonly kubeconfig: string;
  readonly credentials: Credentials;
  readonly api: RestClient;
  /** Runs the kubectl of the same release; rejects with its stderr when it fails. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** The last lines a component logged, for a failure message. */
  logTail(component: Component): string;
  stop(): Promise<void>;
}

export type Component = "etcd" | "kube-apiserver" | "kube-controller-manager";

const STOP_GRACE_MS = 10_000;

/** An error that ends `eventually` at once: waiting longer cannot help. */
export class Fatal extends Error {}

/** Polls `check` until it returns a value other than undefined; fails with `what` and `context()` after the deadline. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, context: () => string = () => ""): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof Fatal) throw error;
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ""}\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function requireBinaries(): void {
  const missing = ["etcd", "kube-apiserver", "kube-controller-manager", "kubectl"].filter((b) => !existsSync(join(binDir, b)));
  if (missing.length > 0) throw new Error(`${missing.join(", ")} missing from ${binDir}: run scripts/realbed-k8s-build.sh (make test-k8s does)`);
}

export interface ClusterOptions {
  /** How long the control plane may take to come up (a cold machine under load needs tens of seconds). */
  startTimeoutMs?: number;
  /** More kube-apiserver flags, for a test that needs the server configured otherwise. */
  apiServerArgs?: (dir: string) => string[];
}

export async function startCluster(options: ClusterOptions = {}): Promise<RealCluster> {
  requireBinaries();
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const dir = mkdtempSync(join(tmpdir(), "realbed-k8s-"));
  const credentials = makeCredentials(dir);
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: "v1", kind: "Config", "current-context": "realbed",
    clusters: [{ name: "realbed", cluster: { server, "certificate-authority": credentials.caCertificate } }],
    users: [{ name: "admin", user: { "client-certificate": credentials.adminCertificate, "client-key": credentials.adminKey } }],
    contexts: [{ name: "realbed", context: { cluster: "realbed", user: "admin" } }],
  }));

  const processes = new Map<Component, ChildProcess>();
  const logPath = (component: Component): string => join(dir, `${component}.log`);
  const logTail = (component: Component): string => {
    const path = logPath(component);
    return existsSync(path) ? `--- ${component} ---\n${readFileSync(path, "utf8").split("\n").slice(-30).join("\n")}` : "";
  };
  const allLogs = (): string => [...processes.keys()].map(logTail).join("\n");
  const killAll = (signal: NodeJS.Signals): void => {
    for (const child of processes.values()) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // The group is gone already.
        }
      }
    }
  };
  // A test process that dies must not leave a control plane behind.
  const onExit = (): void => killAll("SIGKILL");
  const onSignal = (signal: NodeJS.Signals): void => {
    killAll("SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("exit", onExit);
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);

  const launch = (component: Component, args: string[]): void => {
    const log = openSync(logPath(component), "a");
    // Its own process group, so that stopping it stops whatever it started.
    const child = spawn(join(binDir, component), args, { detached: true, stdio: ["ignore", log, log] });
    processes.set(component, child);
  };
  const exited = (component: Component): string | undefined => {
    const child = processes.get(component);
    return child && (child.exitCode !== null || child.signalCode !== null) ? `${component} exited (${child.exitCode ?? child.signalCode})` : undefined;
  };
  const alive = (...components: Component[]): void => {
    for (const c of components) {
      const gone = exited(c);
      if (gone) throw new Fatal(`${gone}\n${logTail(c)}`);
    }
  };

  const api = new RestClient(server, credentials);
  const stop = async (): Promise<void> => {
    killAll("SIGTERM");
    const deadline = Date.now() + STOP_GRACE_MS;
    while ([...processes.keys()].some((c) => !exited(c)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    killAll("SIGKILL");
    process.off("exit", onExit);
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    // REALBED_KEEP=1 leaves the logs (audit, sidecar, processes) for a failure to be read.
    if (!process.env["REALBED_KEEP"]) rmSync(dir, { recursive: true, force: true });
  };

  try {
    launch("etcd", [
      "--name", "realbed", "--data-dir", join(dir, "etcd"),
      "--listen-client-urls", `http://127.0.0.1:${etcdClient}`, "--advertise-client-urls", `http://127.0.0.1:${etcdClient}`,
      "--listen-peer-urls", `http://127.0.0.1:${etcdPeer}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${etcdPeer}`,
      "--initial-cluster", `realbed=http://127.0.0.1:${etcdPeer}`,
      // A throwaway store: durability buys nothing and fsyncs cost seconds on a busy disk.
      "--unsafe-no-fsync", "--log-level", "warn",
    ]);
    await eventually("etcd to be healthy", async () => {
      alive("etcd");
      const reply = await fetch(`http://127.0.0.1:${etcdClient}/health`);
      return reply.ok && ((await reply.json()) as { health?: string }).health === "true" ? true : undefined;
    }, startTimeoutMs, allLogs);

    launch("kube-apiserver", [
      "--etcd-servers", `http://127.0.0.1:${etcdClient}`,
      "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", String(apiPort),
      // The endpoint reconciler refuses a loopback address; nothing here reaches the API server through its Service.
      "--endpoint-reconciler-type", "none",
      "--cert-dir", dir, "--tls-cert-file", credentials.servingCertificate, "--tls-private-key-file", credentials.servingKey,
      "--client-ca-file", credentials.caCertificate,
      "--service-account-issuer", "https://kubernetes.default.svc",
      "--service-account-key-file", credentials.serviceAccountPublicKey,
      "--service-account-signing-key-file", credentials.serviceAccountKey,
      "--service-cluster-ip-range", "10.0.0.0/24",
      "--authorization-mode", "RBAC",
      // The default admission plugins, all of them: with kube-controller-manager's
      // service-account controllers running, none of them lacks a piece it needs.
      "--profiling=false", "--v", "1",
      ...(options.apiServerArgs?.(dir) ?? []),
    ]);
    await eventually("kube-apiserver to be ready", async () => {
      alive("etcd", "kube-apiserver");
      const reply = await api.request("GET", "/readyz");
      return reply.status === 200 ? true : undefined;
    }, startTimeoutMs, allLogs);

    launch("kube-controller-manager", [
      "--kubeconfig", kubeconfig, "--controllers", CONTROLLERS.join(","),
      "--service-account-private-key-file", credentials.serviceAccountKey, "--root-ca-file", credentials.caCertificate,
      "--leader-elect=false", "--secure-port", "0", "--profiling=false", "--v", "1",
    ]);
    // The service-account controller has run once the default namespace has its account.
    await eventually("kube-controller-manager's controllers to run", async () => {
      alive("etcd", "kube-apiserver", "kube-controller-manager");
      const reply = await api.request("GET", "/api/v1/namespaces/default/serviceaccounts/default");
      return reply.status === 200 ? true : undefined;
    }, startTimeoutMs, allLogs);
  } catch (error) {
    await stop();
    throw error;
  }

  const kubectl = (args: readonly string[], input?: string): Promise<string> => new Promise((resolve, reject) => {
    const child = execFile(join(binDir, "kubectl"), ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${args.join(" ")}: ${stderr || error.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });

  return { server, etcd: `http://127.0.0.1:${etcdClient}`, dir, kubeconfig, credentials, api, kubectl, logTail, stop };
}

/**
 * Waits until every CRD is established. `kubectl wait` fails at once on a CRD
 * the server has not given conditions yet (just after it is created), so it is
 * asked again until it succeeds.
 */
export async function crdsEstablished(cluster: RealCluster): Promise<void> {
  await eventually("every CRD to be established", async () => {
    await cluster.kubectl(["wait", "--for", "condition=established", "--timeout=60s", "crd", "--all"]);
    return true;
  }, 120_000);
}
