// A kubelet that runs pods as processes on this machine. It watches the pods of
// an API server (through KubeletApi: the stand-in's in-process calls today, an
// informer of sidecar/kube on a real one) and, for each, sets up its volumes
// (pod-volumes.ts), gives it a loopback address and names (pod-network.ts), and
// runs each container's command in a root filesystem of its own
// (pod/run-container.sh in a private mount and UTS namespace: the image's
// /opt directories, the volumes at their mount paths, the pod's user and
// hostname), its init containers first, one after the other, each to success.
// Probes run for real and their outcome is the pod's status; a container that
// exits or fails its liveness probe restarts with the kubelet's back-off; a pod
// being deleted gets SIGTERM, SIGKILL when its grace period is over, and is
// then removed from the API server. Claims' directories outlive pods and go
// when the claim does.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Container, EnvVar, PersistentVolumeClaim, Pod, Service } from "../../lib/api/kubernetes.js";
import type { IContainerStatus } from "kubernetes-models/v1/ContainerStatus";
import type { IPodStatus } from "kubernetes-models/v1/PodStatus";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { PodNetwork } from "./pod-network.js";
import { podField, PodVolumes, VolumeNotReady, type VolumeSources } from "./pod-volumes.js";
import { runProbe } from "./probes.js";

/** What the kubelet reads and writes; reads are of a current cache (an informer's, or the stand-in's store). */
export interface KubeletApi extends VolumeSources {
  pods(): Pod[];
  services(): Service[];
  claims(): PersistentVolumeClaim[];
  /** Writes the status of the pod of that uid, if it still exists. */
  writePodStatus(pod: Pod, status: IPodStatus): void;
  /** Every container of the terminating pod has stopped: the API server may remove it. */
  podTerminated(pod: Pod): void;
}

export interface ProcessKubeletOptions {
  api: KubeletApi;
  /** The image: a directory holding opt/kafka (test/realbed/kafka/install.sh). */
  image: string;
  /** The directory holding opt/ of another image a container names (an init container's), if this kubelet has it. */
  otherImage?: (image: string) => string | undefined;
  /** The bind shim (shim/bind-shim.so of the same install). */
  bindShim: string;
  /** Where pods' volumes, claims, roots and logs live. */
  stateDir: string;
  /** First restart delay of a container that exited; doubles up to five minutes, as the kubelet's. */
  backOffMs?: number;
  /** How often the kubelet looks at the pods on its own. */
  syncIntervalMs?: number;
  /** The second octet of the pods' loopback addresses (PodNetwork); 1 unless another bed may run beside this one. */
  addressBlock?: number;
}

const LAUNCHER = join(import.meta.dirname, "..", "..", "..", "test", "realbed", "pod", "run-container.sh");
const RUNTIME_MOUNT = "/run/kafka-hooks";
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const MAX_BACK_OFF_MS = 300_000;
/** The apache/kafka image's user. */
const IMAGE_USER = 1000;

interface ProbeState { successes: number; failures: number }

interface ContainerRun {
  spec: Container;
  child: ChildProcess | undefined;
  pid: number;
  startedAt: string;
  restartCount: number;
  ready: boolean;
  readiness: ProbeState;
  liveness: ProbeState;
  lastTermination: { exitCode: number; reason: string; finishedAt: string } | undefined;
  /** While waiting to restart: when it may. */
  restartAt: number | undefined;
  exited: Promise<void>;
  timers: Set<NodeJS.Timeout>;
  log: string;
}

interface PodRun {
  pod: Pod;
  uid: string;
  address: string;
  directories: Map<string, string>;
  containers: Map<string, ContainerRun>;
  /** Init containers that have succeeded, in order, with when they finished. */
  initialized: Array<{ name: string; image: string; startedAt: string; finishedAt: string }>;
  startTime: string;
  terminating: boolean;
}

const podKey = (pod: Pod): string => `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;

export class ProcessKubelet {
  readonly network: PodNetwork;
  private readonly volumes: PodVolumes;
  private readonly runs = new Map<string, PodRun>();
  private readonly runtimeDir: string;
  private readonly interval: NodeJS.Timeout;
  private stopped = false;
  private readonly unhook: () => void;

  constructor(private readonly options: ProcessKubeletOptions) {
    this.runtimeDir = join(options.stateDir, "runtime");
    mkdirSync(this.runtimeDir, { recursive: true, mode: 0o755 });
    copyFileSync(options.bindShim, join(this.runtimeDir, "bind-shim.so"));
    this.network = new PodNetwork(join(this.runtimeDir, "hosts"), options.addressBlock);
    this.volumes = new PodVolumes(join(options.stateDir, "volumes"), options.api);
    this.interval = setInterval(() => this.tick(), options.syncIntervalMs ?? 200);
    this.unhook = killOnExit(this);
  }

  /** Where the claim of that uid keeps its data on this machine. */
  claimDirectory(claimUid: string): string {
    return this.volumes.claimDirectory(claimUid);
  }

  /** The process id of a running container of the pod now under that name: the JVM, once the start script has exec'd it. */
  pidOf(namespace: string, name: string, container = "kafka"): number | undefined {
    const run = [...this.runs.values()].find((r) => podKey(r.pod) === `${namespace}/${name}` && !r.terminating);
    const found = run?.containers.get(container);
    return found?.child ? found.pid : undefined;
  }

  /** Process ids of every running container (for teardown and tests). */
  pids(): number[] {
    return [...this.runs.values()].flatMap((r) => [...r.containers.values()]).filter((c) => c.child).map((c) => c.pid);
  }

  /** The log of a container of the pod now running under that name. */
  log(namespace: string, name: string, container = "kafka"): string {
    const run = [...this.runs.values()].find((r) => podKey(r.pod) === `${namespace}/${name}`);
    const file = run?.containers.get(container)?.log;
    return file ? readFileSync(file, "utf8") : "";
  }

  /** Every log file written so far, by pod and container. */
  logFiles(): string[] {
    return [...this.runs.values()].flatMap((r) => [...r.containers.values()].map((c) => c.log));
  }

  tick(): void {
    if (this.stopped) return;
    const pods = this.options.api.pods();
    const seen = new Set<string>();
    for (const pod of pods) {
      const uid = pod.metadata?.uid ?? "";
      seen.add(uid);
      const run = this.runs.get(uid);
      if (pod.metadata?.deletionTimestamp) {
        if (run) this.terminate(run, pod);
        else this.options.api.podTerminated(pod);
        continue;
      }
      if (!run) this.admit(pod);
      else {
        run.pod = pod;
        this.refresh(run);
      }
    }
    // Pods removed without a graceful deletion (a forced delete): their processes are killed at once.
    for (const run of this.runs.values()) {
      if (!seen.has(run.uid)) {
        for (const container of run.containers.values()) killGroup(container, "SIGKILL");
        this.runs.delete(run.uid);
        this.volumes.tearDown(run.uid);
      }
    }
    const claimUids = new Set(this.options.api.claims().map((c) => c.metadata?.uid ?? ""));
    const inUse = new Set([...this.runs.values()].flatMap((r) => [...r.directories.values()])
      .filter((d) => d.startsWith(this.volumes.claimDirectory(""))).map((d) => d.slice(this.volumes.claimDirectory("").length)));
    this.volumes.releaseClaims(claimUids, inUse);
    // A terminating pod keeps its names (a headless Service publishing not-ready addresses keeps terminating
    // endpoints) until it is gone; it is not ready, so other Services drop it at once.
    this.network.update([...this.runs.values()].map((r) => ({ pod: r.pod, address: r.address, ready: this.podReady(r) && !r.terminating })), this.options.api.services());
    for (const run of this.runs.values()) this.options.api.writePodStatus(run.pod, this.status(run));
  }

  /** Stops every container (SIGTERM, then SIGKILL after `graceMs`) and the kubelet. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    const containers = [...this.runs.values()].flatMap((r) => [...r.containers.values()]);
    for (const c of containers) {
      for (const t of c.timers) clearTimeout(t);
      c.restartAt = undefined;
      killGroup(c, "SIGTERM");
    }
    const deadline = setTimeout(() => { for (const c of containers) killGroup(c, "SIGKILL"); }, graceMs);
    await Promise.all(containers.map((c) => c.exited));
    clearTimeout(deadline);
    for (const c of containers) killGroup(c, "SIGKILL");
    this.unhook();
  }

  /** Kills every container at once: for exit paths that cannot wait. */
  killAll(): void {
    for (const run of this.runs.values()) for (const c of run.containers.values()) killGroup(c, "SIGKILL");
  }

  private admit(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    const address = this.network.addressOf(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
    let directories: Map<string, string>;
    try {
      directories = this.volumes.setUp(pod, address);
    } catch (error) {
      if (!(error instanceof VolumeNotReady)) {
        this.refuse(pod, error);
        return;
      }
      this.options.api.writePodStatus(pod, error.unschedulable
        ? { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: error.message }] }
        : { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "False" }], containerStatuses: (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? "", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating", message: error.message } } })) });
      return;
    }
    const run: PodRun = { pod, uid, address, directories, containers: new Map(), initialized: [], startTime: new Date().toISOString(), terminating: false };
    this.runs.set(uid, run);
    // Names first, so that the pod finds itself and its peers from its first lookup.
    this.network.update([...this.runs.values()].map((r) => ({ pod: r.pod, address: r.address, ready: this.podReady(r) })), this.options.api.services());
    try {
      this.startNext(run);
    } catch (error) {
      for (const c of run.containers.values()) killGroup(c, "SIGKILL");
      this.runs.delete(uid);
      this.volumes.tearDown(uid);
      this.refuse(pod, error);
    }
  }

  /** The next init container that has not succeeded yet; once all have, the pod's containers. */
  private startNext(run: PodRun): void {
    const init = (run.pod.spec?.initContainers ?? [])[run.initialized.length];
    if (init) {
      this.startContainer(run, init, 0);
      return;
    }
    for (const spec of run.pod.spec?.containers ?? []) this.startContainer(run, spec, 0);
  }

  private isInitContainer(run: PodRun, name: string): boolean {
    return (run.pod.spec?.initContainers ?? []).some((c) => c.name === name);
  }

  /** The directory of the container's image: Kafka's, unless it names another this kubelet has. */
  private imageDirectory(spec: Container): string {
    return (spec.image !== undefined ? this.options.otherImage?.(spec.image) : undefined) ?? this.options.image;
  }

  /** A pod this kubelet cannot run (a kind of volume or a field it does not support): it stays Pending and says why. */
  private refuse(pod: Pod, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.options.api.writePodStatus(pod, {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "False" }],
      containerStatuses: (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? "", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "CreateContainerConfigError", message } } })),
    });
  }

  private refresh(run: PodRun): void {
    if (run.terminating) return;
    try {
      this.volumes.setUp(run.pod, run.address);
    } catch (error) {
      // A source deleted under a running pod leaves its files as they were, as the kubelet does.
      if (!(error instanceof VolumeNotReady)) throw error;
    }
    for (const container of run.containers.values()) {
      if (!container.child && container.restartAt !== undefined && Date.now() >= container.restartAt) {
        this.startContainer(run, container.spec, container.restartCount + 1, container);
      }
    }
  }

  private podReady(run: PodRun): boolean {
    return run.containers.size > 0 && [...run.containers.values()].every((c) => c.ready && !this.isInitContainer(run, c.spec.name));
  }

  private environment(run: PodRun, spec: Container): Record<string, string> {
    const pod = run.pod;
    const namespace = pod.metadata?.namespace ?? "";
    const env: Record<string, string> = { PATH, HOSTNAME: pod.spec?.hostname ?? pod.metadata?.name ?? "" };
    const api = this.options.api;
    for (const source of spec.envFrom ?? []) {
      const data = source.configMapRef ? api.configMap(namespace, source.configMapRef.name ?? "")?.data
        : source.secretRef ? Object.fromEntries(Object.entries(api.secret(namespace, source.secretRef.name ?? "")?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]))
          : undefined;
      for (const [k, v] of Object.entries(data ?? {})) env[`${source.prefix ?? ""}${k}`] = v;
    }
    for (const variable of spec.env ?? []) env[variable.name] = this.envValue(run, variable);
    // The pod's address for the bind shim, and the pods' names for the JVM (see pod-network.ts).
    env["KAFKA_HOOKS_POD_IP"] = run.address;
    env["JAVA_TOOL_OPTIONS"] = [env["JAVA_TOOL_OPTIONS"], `-Djdk.net.hosts.file=${RUNTIME_MOUNT}/hosts`].filter(Boolean).join(" ");
    return env;
  }

  private envValue(run: PodRun, variable: EnvVar): string {
    if (variable.value !== undefined) return variable.value;
    const from = variable.valueFrom;
    const namespace = run.pod.metadata?.namespace ?? "";
    if (from?.fieldRef) return podField(run.pod, from.fieldRef.fieldPath, run.address);
    if (from?.configMapKeyRef) return this.options.api.configMap(namespace, from.configMapKeyRef.name ?? "")?.data?.[from.configMapKeyRef.key] ?? "";
    if (from?.secretKeyRef) {
      const value = this.options.api.secret(namespace, from.secretKeyRef.name ?? "")?.data?.[from.secretKeyRef.key];
      return value === undefined ? "" : Buffer.from(value, "base64").toString("utf8");
    }
    if (from?.resourceFieldRef) throw new Error(`env ${variable.name}: resourceFieldRef is not supported by the process kubelet`);
    return "";
  }

  private startContainer(run: PodRun, spec: Container, restartCount: number, previous?: ContainerRun): void {
    const pod = run.pod;
    const command = [...(spec.command ?? []), ...(spec.args ?? [])];
    if (command.length === 0) throw new Error(`container ${spec.name} of ${podKey(pod)}: no command (image entrypoints are not known to the process kubelet)`);
    const user = spec.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser ?? IMAGE_USER;
    const group = spec.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup ?? user;
    const fsGroup = pod.spec?.securityContext?.fsGroup;
    const containerDir = join(this.options.stateDir, "volumes", "pods", run.uid, "containers", spec.name);
    const root = join(containerDir, "root");
    mkdirSync(root, { recursive: true });
    const logDir = join(this.options.stateDir, "logs", `${pod.metadata?.namespace ?? ""}_${pod.metadata?.name ?? ""}_${run.uid}`);
    mkdirSync(logDir, { recursive: true });
    const log = join(logDir, `${spec.name}.log`);
    const mounts = (spec.volumeMounts ?? []).map((m) => {
      const source = run.directories.get(m.name);
      if (!source) throw new Error(`container ${spec.name} of ${podKey(pod)} mounts volume ${m.name}, which the pod does not have`);
      const volume = pod.spec?.volumes?.find((v) => v.name === m.name);
      // The kubelet mounts ConfigMap, Secret, projected and downward-API volumes read-only.
      const readOnly = m.readOnly === true || !!(volume?.configMap || volume?.secret || volume?.projected || volume?.downwardAPI);
      return ["--mount", `${m.subPath ? join(source, m.subPath) : source}:${m.mountPath}:${readOnly ? "ro" : "rw"}`];
    }).flat();
    const args = [
      "--mount", "--uts", "--propagation", "private", "--", "bash", LAUNCHER,
      "--root", root, "--image", this.imageDirectory(spec), "--runtime", this.runtimeDir,
      "--preload", `${RUNTIME_MOUNT}/bind-shim.so`,
      "--hostname", pod.spec?.hostname ?? pod.metadata?.name ?? "",
      "--user", String(user), "--group", String(group),
      ...(fsGroup !== undefined ? ["--fs-group", String(fsGroup)] : []),
      ...(spec.securityContext?.readOnlyRootFilesystem ? ["--read-only-root"] : []),
      ...mounts, "--", ...command,
    ];
    const fd = openSync(log, "a");
    const child = spawn("unshare", args, { detached: true, env: this.environment(run, spec), stdio: ["ignore", fd, fd] });
    closeSync(fd);
    let markExited: () => void = () => undefined;
    const container: ContainerRun = {
      spec, child, pid: child.pid ?? -1, startedAt: new Date().toISOString(), restartCount,
      ready: false, readiness: { successes: 0, failures: 0 }, liveness: { successes: 0, failures: 0 },
      lastTermination: previous?.lastTermination, restartAt: undefined,
      exited: new Promise<void>((resolve) => { markExited = resolve; }), timers: new Set(), log,
    };
    run.containers.set(spec.name, container);
    // A launcher that cannot start at all (unshare missing) counts as a container that exited at once.
    child.once("error", () => child.emit("exit", 127, null));
    child.once("exit", (code, signal) => {
      container.child = undefined;
      container.ready = false;
      for (const t of container.timers) clearTimeout(t);
      container.timers.clear();
      // Whatever the container left behind (a tool it started) goes with it.
      killGroup(container, "SIGKILL");
      const exitCode = code ?? 128 + signalNumber(signal);
      container.lastTermination = { exitCode, reason: exitCode === 0 ? "Completed" : "Error", finishedAt: new Date().toISOString() };
      markExited();
      if (this.stopped) return;
      if (run.terminating) {
        if ([...run.containers.values()].every((c) => !c.child)) this.finishTermination(run);
        return;
      }
      if (this.isInitContainer(run, spec.name) && exitCode === 0) {
        run.containers.delete(spec.name);
        run.initialized.push({ name: spec.name, image: spec.image ?? "", startedAt: container.startedAt, finishedAt: container.lastTermination.finishedAt });
        this.startNext(run);
        return;
      }
      const policy = pod.spec?.restartPolicy ?? "Always";
      if (policy === "Never" || (policy === "OnFailure" && exitCode === 0)) return;
      const runFor = Date.now() - Date.parse(container.startedAt);
      // The kubelet resets its back-off once a container has run for ten minutes.
      const backOffRestarts = runFor > 600_000 ? 0 : container.restartCount;
      container.restartAt = Date.now() + Math.min(MAX_BACK_OFF_MS, (this.options.backOffMs ?? 10_000) * 2 ** backOffRestarts);
    });
    this.schedule(run, container, spec.readinessProbe, "readiness");
    this.schedule(run, container, spec.livenessProbe, "liveness");
    if (!spec.readinessProbe) container.ready = true;
  }

  private schedule(run: PodRun, container: ContainerRun, probe: IProbe | undefined, kind: "readiness" | "liveness"): void {
    if (!probe) return;
    const state = kind === "readiness" ? container.readiness : container.liveness;
    const ports = new Map((container.spec.ports ?? []).flatMap((p) => (p.name ? [[p.name, p.containerPort] as const] : [])));
    const user = container.spec.securityContext?.runAsUser ?? run.pod.spec?.securityContext?.runAsUser ?? IMAGE_USER;
    const group = container.spec.securityContext?.runAsGroup ?? run.pod.spec?.securityContext?.runAsGroup ?? user;
    const once = async (): Promise<void> => {
      if (!container.child || run.terminating) return;
      const ok = await runProbe(probe, { address: run.address, pid: container.pid, uid: user, gid: group, ports });
      if (!container.child || run.terminating) return;
      if (ok) {
        state.successes++;
        state.failures = 0;
      } else {
        state.failures++;
        state.successes = 0;
      }
      if (kind === "readiness") {
        if (ok && state.successes >= (probe.successThreshold ?? 1)) container.ready = true;
        if (!ok && state.failures >= (probe.failureThreshold ?? 3)) container.ready = false;
      } else if (!ok && state.failures >= (probe.failureThreshold ?? 3)) {
        // Killed with the pod's grace period, then restarted by the exit handler.
        killGroup(container, "SIGTERM");
        const kill = setTimeout(() => killGroup(container, "SIGKILL"), gracePeriodMs(run.pod));
        container.timers.add(kill);
        return;
      }
      next((probe.periodSeconds ?? 10) * 1000);
    };
    const next = (delayMs: number): void => {
      const timer = setTimeout(() => {
        container.timers.delete(timer);
        void once();
      }, delayMs);
      container.timers.add(timer);
    };
    next((probe.initialDelaySeconds ?? 0) * 1000);
  }

  private terminate(run: PodRun, pod: Pod): void {
    run.pod = pod;
    if (run.terminating) return;
    run.terminating = true;
    const running = [...run.containers.values()].filter((c) => c.child);
    for (const c of run.containers.values()) {
      c.restartAt = undefined;
      c.ready = false;
    }
    if (running.length === 0) {
      this.finishTermination(run);
      return;
    }
    for (const c of running) {
      killGroup(c, "SIGTERM", false);
      const kill = setTimeout(() => killGroup(c, "SIGKILL"), gracePeriodMs(pod));
      c.timers.add(kill);
    }
  }

  private finishTermination(run: PodRun): void {
    this.runs.delete(run.uid);
    this.volumes.tearDown(run.uid);
    this.options.api.podTerminated(run.pod);
  }

  private status(run: PodRun): IPodStatus {
    const toStatus = (c: ContainerRun): IContainerStatus => ({
      name: c.spec.name,
      image: c.spec.image ?? "",
      imageID: "",
      ready: c.ready,
      started: c.child !== undefined,
      restartCount: c.restartCount,
      state: c.child ? { running: { startedAt: c.startedAt } }
        : c.restartAt !== undefined ? { waiting: { reason: "CrashLoopBackOff", message: `back-off restarting failed container ${c.spec.name}` } }
          : { terminated: { exitCode: c.lastTermination?.exitCode ?? 0, reason: c.lastTermination?.reason ?? "Completed", finishedAt: c.lastTermination?.finishedAt ?? "" } },
      ...(c.lastTermination && c.child ? { lastState: { terminated: { exitCode: c.lastTermination.exitCode, reason: c.lastTermination.reason, finishedAt: c.lastTermination.finishedAt } } } : {}),
    });
    const running = [...run.containers.values()];
    const initializing = running.some((c) => this.isInitContainer(run, c.spec.name));
    const statuses = running.filter((c) => !this.isInitContainer(run, c.spec.name)).map(toStatus);
    const initStatuses: IContainerStatus[] = [
      ...run.initialized.map((i) => ({
        name: i.name, image: i.image, imageID: "", ready: true, restartCount: 0,
        state: { terminated: { exitCode: 0, reason: "Completed", startedAt: i.startedAt, finishedAt: i.finishedAt } },
      })),
      ...running.filter((c) => this.isInitContainer(run, c.spec.name)).map(toStatus),
    ];
    const ready = this.podReady(run) && !run.terminating;
    return {
      phase: initializing ? "Pending" : "Running",
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Initialized", status: initializing ? "False" : "True" },
        { type: "ContainersReady", status: ready ? "True" : "False" },
        { type: "Ready", status: ready ? "True" : "False" },
      ],
      hostIP: "127.0.0.1",
      podIP: run.address,
      podIPs: [{ ip: run.address }],
      startTime: run.startTime,
      ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: statuses,
    };
  }
}

function gracePeriodMs(pod: Pod): number {
  return (pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const signalNumber = (signal: NodeJS.Signals | null): number => (signal ? SIGNALS[signal] ?? 0 : 0);

/** Signals the container's process (the JVM, once the start script has exec'd it), or its whole process group. */
function killGroup(container: ContainerRun, signal: NodeJS.Signals, group = true): void {
  if (container.pid <= 0) return;
  try {
    process.kill(group ? -container.pid : container.pid, signal);
  } catch {
    // Already gone.
  }
}

const live = new Set<ProcessKubelet>();
let hooked = false;

/** No JVM outlives the test process, whatever way it ends. */
function killOnExit(kubelet: ProcessKubelet): () => void {
  live.add(kubelet);
  if (!hooked) {
    hooked = true;
    process.on("exit", () => { for (const k of live) k.killAll(); });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.once(signal, () => {
        for (const k of live) k.killAll();
        process.exit(128 + (SIGNALS[signal] ?? 0));
      });
    }
  }
  return () => { live.delete(kubelet); };
}
