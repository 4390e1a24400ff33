// One world for the whole loop: the stand-in API server holds every object;
// Metacontroller (the stand-in, calling the real hooks over HTTP), the kubelet
// stand-in and the real sidecar (real client, informers, leader election) all
// act on it. The loop runs in rounds: Metacontroller syncs every parent, the
// kubelet ticks, then the sidecar gets a pass (it runs on its own, event-driven,
// all along; a round waits until it has been quiet for a while).
import { pino } from "pino";
import type { Deployment, KubeObject, Pod } from "../../lib/api/kubernetes.js";
import { DYNAMIC_BROKER_OPTIONS } from "../../lib/config/dynamic-options.js";
import { nodeIdOf } from "../../lib/roller/cluster-nodes.js";
import type { Sidecar, SidecarOptions } from "../../sidecar/sidecar.js";
import { DeploymentControllerStandIn } from "./deployment-controller-standin.js";
import { FakeApiServer, RESOURCES, type StoredObject } from "./fake-apiserver.js";
import { brokerKey, FakeAvailability } from "./fake-availability.js";
import { KubeletStandIn, type KubeletOptions } from "./kubelet-standin.js";
import { inProcessStore, MetacontrollerStandIn } from "./metacontroller-standin.js";
import { LEASE_NAMESPACE } from "./sidecar-harness.js";

/** Short sidecar timings: a pass follows a change within milliseconds, and a resync runs every 20 ms. */
export const WORLD_SIDECAR_TIMING: Partial<SidecarOptions> = {
  // One replica: a long lease, so that a machine stalled for a moment never ends its term.
  leaderElection: { leaseDurationMs: 10_000, renewDeadlineMs: 8000, retryPeriodMs: 50 },
  resyncIntervalMs: 20,
  readinessTimeoutMs: 10_000,
  retryBaseMs: 20,
};

/** How long the sidecar must have written nothing for its pass to count as done (several resyncs). */
const SIDECAR_QUIET_MS = 80;
const SIDECAR_PASS_LIMIT_MS = 3000;
const DEFAULT_POD_GRACE_MS = 20;

/** What runs the pods: the kubelet stand-in, or the process kubelet of test/realbed. */
export interface PodRunner {
  tick(): void;
}

export interface WorldOptions<K extends PodRunner = KubeletStandIn> extends KubeletOptions {
  /** Base URL of the hooks server. */
  hooks: string;
  /** Runs the pods instead of the kubelet stand-in; a world that has one leaves pod deletion to it. */
  kubelet?: (server: FakeApiServer) => K;
  /** A mutating webhook on every create and update Metacontroller makes. */
  mutate?: (object: KubeObject) => void;
  /** Run the sidecar; `namespaces` as the sidecar's WATCH_NAMESPACES (all when undefined). */
  sidecar?: { namespaces?: readonly string[]; activeController?: number; options?: Partial<SidecarOptions> };
  /** How long a deleted pod takes to terminate. */
  podDeletionGraceMs?: number;
  /** With a kubelet of its own: the Deployments whose pods it cannot run, whose controller is stood in for. */
  standInDeployments?: (deployment: Pick<Deployment, "metadata">) => boolean;
}

/** A pod starting to terminate (whoever deleted it), with the state of every other pod of its namespace at that moment. */
export interface PodDeletion {
  pod: string;
  uid: string;
  others: Record<string, "ready" | "unready" | "terminating">;
}

const podStateOf = (pod: StoredObject): "ready" | "unready" | "terminating" => {
  if (pod.metadata.deletionTimestamp) return "terminating";
  const conditions = ((pod["status"] as Pod["status"])?.conditions ?? []);
  return conditions.some((c) => c.type === "Ready" && c.status === "True") ? "ready" : "unready";
};

/** Changes that are state; Leases (leader election) and Events are not. */
const isState = (kind: string | undefined): boolean => kind !== "Lease" && kind !== "Event";

export class World<K extends PodRunner = KubeletStandIn> {
  readonly mc: MetacontrollerStandIn;
  readonly kubelet: K;
  readonly kafka: FakeAvailability;
  readonly deployments: DeploymentControllerStandIn;
  sidecar: Sidecar | undefined;
  /** Every change to state, whoever made it: convergence is two rounds without one. */
  private changes = 0;
  /** Called after each step of a round (Metacontroller, kubelet, sidecar), for invariants that must hold at every step. */
  readonly steps: Array<(step: string) => void> = [];
  readonly podDeletions: PodDeletion[] = [];
  rounds = 0;

  private constructor(readonly server: FakeApiServer, private readonly options: WorldOptions<K>) {
    this.mc = new MetacontrollerStandIn({ hooks: options.hooks, store: inProcessStore(server), ...(options.mutate ? { mutate: options.mutate } : {}) });
    // Without a kubelet of its own, K is the default, KubeletStandIn.
    this.kubelet = options.kubelet ? options.kubelet(server) : new KubeletStandIn(server, options) as unknown as K;
    this.kafka = new FakeAvailability(options.sidecar?.activeController);
    this.deployments = new DeploymentControllerStandIn(server);
    server.onChange(({ type, object, resource }) => {
      if (isState(resource.kind)) this.changes++;
      if (resource.kind === "Pod") this.brokerStarted(object as Pod);
      // The moment a pod starts terminating: the other pods' states then are the roll's path.
      if (resource.kind === "Pod" && type === "MODIFIED" && object.metadata.deletionTimestamp && !this.podDeletions.some((d) => d.pod === object.metadata.name && d.uid === object.metadata.uid)) {
        const others = Object.fromEntries(server.list<StoredObject>("v1", "Pod", object.metadata.namespace)
          .filter((p) => p.metadata.name !== object.metadata.name).map((p) => [p.metadata.name, podStateOf(p)]));
        this.podDeletions.push({ pod: object.metadata.name, uid: object.metadata.uid ?? "", others });
      }
    });
  }

  /** Pods whose start the Kafka stand-in knows, by uid. */
  private readonly started = new Set<string>();

  /** A broker starts from its file: the Kafka stand-in reports its run-time options as the file held them then. */
  private brokerStarted(pod: Pod): void {
    const { name = "", namespace = "", uid = "", labels = {} } = pod.metadata ?? {};
    const cluster = labels["strimzi.io/cluster"];
    if (cluster === undefined || labels["strimzi.io/broker-role"] !== "true" || this.started.has(uid)) return;
    const file = this.server.get<StoredObject & { data?: Record<string, string> }>("v1", "ConfigMap", namespace, name)?.data?.["server.properties"];
    if (file === undefined) return;
    this.started.add(uid);
    const options = file.split("\n").flatMap((line) => {
      const at = line.indexOf("=");
      const key = line.slice(0, at);
      return at > 0 && !line.startsWith("#") && DYNAMIC_BROKER_OPTIONS.has(key) ? [[key, line.slice(at + 1)] as const] : [];
    });
    const nodeId = nodeIdOf(name);
    if (nodeId !== undefined) this.kafka.staticConfigs.set(brokerKey(namespace, cluster, nodeId), new Map(options));
  }

  static async start<K extends PodRunner = KubeletStandIn>(options: WorldOptions<K>): Promise<World<K>> {
    const server = await FakeApiServer.start(options.kubelet
      ? { garbageCollector: true, podsEndByKubelet: true }
      : { garbageCollector: true, podDeletionGraceMs: options.podDeletionGraceMs ?? DEFAULT_POD_GRACE_MS });
    const world = new World<K>(server, options);
    if (options.sidecar) {
      // Loaded only for worlds that run it.
      const { startSidecar } = await import("../../sidecar/sidecar.js");
      world.sidecar = await startSidecar({
        kubeConfig: server.kubeConfig(),
        namespaces: options.sidecar.namespaces,
        leaseNamespace: LEASE_NAMESPACE,
        identity: "sidecar-a",
        availability: world.kafka.factory,
        logger: pino({ level: "silent" }),
        ...WORLD_SIDECAR_TIMING,
        ...options.sidecar.options,
      });
    }
    return world;
  }

  async stop(): Promise<void> {
    await this.sidecar?.stop();
    await this.server.stop();
  }

  // ---- what a user does with kubectl ----

  /** `kubectl apply`: creates, or replaces spec, labels and annotations (generation + 1 when the spec changed); status stays. */
  apply(object: KubeObject): void {
    const existing = this.server.get<StoredObject>(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
    const copy = structuredClone(object) as unknown as StoredObject;
    if (existing) {
      copy.metadata = { ...existing.metadata, ...copy.metadata, uid: existing.metadata.uid };
      if (existing["status"] !== undefined) copy["status"] = existing["status"];
      else delete copy["status"];
    } else {
      delete copy["status"];
    }
    this.server.put(copy);
  }

  /** `kubectl annotate --overwrite` (null removes). */
  annotate(apiVersion: string, kind: string, namespace: string, name: string, annotations: Record<string, string | null>): void {
    const existing = this.server.get<StoredObject>(apiVersion, kind, namespace, name);
    if (!existing) throw new Error(`no ${kind} ${namespace}/${name}`);
    const merged: Record<string, string> = { ...existing.metadata.annotations };
    for (const [key, value] of Object.entries(annotations)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    this.server.put({ ...existing, metadata: { ...existing.metadata, annotations: merged } });
  }

  /** `kubectl delete` (background propagation: the garbage collector removes what it owned). */
  delete(apiVersion: string, kind: string, namespace: string, name: string): void {
    this.server.deleteObject(apiVersion, kind, namespace, name);
  }

  get<T extends KubeObject = KubeObject>(apiVersion: string, kind: string, namespace: string, name: string): T | undefined {
    return this.server.get<T>(apiVersion, kind, namespace, name);
  }

  /** Objects of a kind, every apiVersion, sorted by namespace and name. */
  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[] {
    return RESOURCES.filter((r) => r.kind === kind)
      .flatMap((r) => this.server.list<StoredObject>(r.group ? `${r.group}/${r.version}` : r.version, kind, namespace))
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`)) as unknown as T[];
  }

  // ---- the loop ----

  private step(name: string): void {
    for (const check of this.steps) check(name);
  }

  /** Waits until the sidecar has written nothing but its Lease for SIDECAR_QUIET_MS. */
  private async sidecarPass(): Promise<void> {
    const writes = (): number => this.server.writes.filter((w) => w.resource !== "leases").length;
    const start = Date.now();
    let seen = writes();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, SIDECAR_QUIET_MS));
      const now = writes();
      if (now === seen || Date.now() - start > SIDECAR_PASS_LIMIT_MS) return;
      seen = now;
    }
  }

  /** One round: every parent synced, one kubelet (and Deployment controller) tick, a sidecar pass. */
  async round(): Promise<void> {
    this.rounds++;
    await this.mc.syncAll();
    this.step("metacontroller");
    this.kubelet.tick();
    // A world with a kubelet of its own (the real bed) runs Deployments' pods for real, or not at all,
    // but for those it is told it cannot run.
    if (!this.options.kubelet) this.deployments.tick();
    else if (this.options.standInDeployments) this.deployments.tick(this.options.standInDeployments);
    this.step("kubelet");
    if (this.sidecar) {
      await this.sidecarPass();
      this.step("sidecar");
    }
    // Terminating pods go on their own clock: a round ends after they have gone, as a quiet cluster has none.
    if (!this.options.kubelet && this.server.list<StoredObject>("v1", "Pod").some((p) => p.metadata.deletionTimestamp)) {
      await new Promise((resolve) => setTimeout(resolve, (this.options.podDeletionGraceMs ?? DEFAULT_POD_GRACE_MS) + 5));
    }
  }

  /** Rounds until two in a row change nothing, or `limit` rounds ran; returns the rounds run. */
  async converge(limit = 40): Promise<number> {
    let quiet = 0;
    for (let round = 1; round <= limit; round++) {
      const before = this.changes;
      await this.round();
      quiet = this.changes === before ? quiet + 1 : 0;
      if (quiet >= 2) return round;
    }
    return limit;
  }

  /** Pods the sidecar deleted, in order. */
  sidecarPodDeletions(): string[] {
    return this.server.writes.filter((w) => w.verb === "delete" && w.resource === "pods").map((w) => w.name);
  }
}
