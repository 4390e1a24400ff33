// A Kafka cluster (Strimzi's kafka-persistent example, 3 controllers and 3
// brokers, as the real Kafka hook makes it) in the stand-in API server, with its
// pods running and ready, and sidecars started against it with short timings.
import { Writable } from "node:stream";
import { pino } from "pino";
import { KAFKA_API_VERSION } from "../../lib/api/kafka.js";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { nodeIdOf } from "../../lib/roller/cluster-nodes.js";
import { readRollStatus, type RollStatus } from "../../lib/roller/roll-status.js";
import { desiredRunTimeOptions, runTimeConfigurationRecord } from "../../lib/roller/run-time-update.js";
import { DEFAULT_LANE } from "../../sidecar/reconcilers/reconciler.js";
import { startSidecar, type Sidecar, type SidecarOptions } from "../../sidecar/sidecar.js";
import { exampleCluster, type ExampleCluster } from "./example-cluster.js";
import { FakeApiServer, type StoredObject } from "./fake-apiserver.js";
import { brokerKey, FakeAvailability } from "./fake-availability.js";
import { podOf, standInForPodSetHook } from "./podset-stand-in.js";
import { NAMESPACE } from "./requests.js";

export { NAMESPACE };
export const LEASE_NAMESPACE = "kafka-hooks";

/**
 * Leader election for tests where replicas contend: a lease of a second. A
 * leader whose renewals stall for 0.6 s stops acting, which a loaded machine
 * can cause; tests with one replica use the longer lease of FAST.
 */
export const CONTENDED_LEADER_ELECTION = { leaseDurationMs: 1000, renewDeadlineMs: 600, retryPeriodMs: 50 };

/** Short timings: a whole roll of six pods takes well under two seconds. */
export const FAST: Partial<SidecarOptions> = {
  leaderElection: { leaseDurationMs: 10_000, renewDeadlineMs: 8000, retryPeriodMs: 50 },
  resyncIntervalMs: 100,
  readinessTimeoutMs: 5000,
  retryBaseMs: 50,
};

export interface Harness {
  server: FakeApiServer;
  cluster: ExampleCluster;
  kafka: FakeAvailability;
  startSidecar(identity: string, options?: Partial<SidecarOptions>): Promise<Sidecar>;
  /** Pods deleted through the API, in order; with `client`, only those that sidecar (by identity) deleted. */
  podDeletions(client?: string): string[];
  events(): Array<{ reason: string; type: string; note: string; action: string; regarding: string; related?: string; instance: string }>;
  rollStatus(podSet: string): RollStatus | undefined;
  podSet(name: string): StrimziPodSet;
  pod(name: string): Pod | undefined;
  /**
   * Applies PodSets as Metacontroller applies the Kafka hook's answer: each PodSet's spec replaced (annotations
   * others added kept), then the Kafka's status with the answer's revision; `halfApplied` stops before the status.
   */
  applyPodSets(podSets: readonly StrimziPodSet[], options?: { halfApplied: true }): void;
  /** Every pod exists, is ready and runs the revision its PodSet describes. */
  allPodsCurrent(): boolean;
  /** Every PodSet's roll status says the roll is over: nothing pending, nothing awaited. */
  rollDone(): boolean;
  /**
   * Waits until that sidecar has finished `passes` more reconciles of the
   * cluster (resyncs or changes) in every lane that ran so far, every reconciler
   * run: what "not again on every resync" is asserted after, instead of a time
   * that may hold none.
   */
  reconciled(identity: string, passes: number): Promise<void>;
  stop(): Promise<void>;
}

/** Polls until the condition holds; fails the test with `what` after the timeout. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const withoutLastApplied = <T extends KubeObject>(object: T): T => {
  const annotations = { ...object.metadata.annotations };
  delete annotations[ANNOTATION.lastAppliedByMetacontroller];
  return { ...object, metadata: { ...object.metadata, annotations } };
};

/** A running cluster's PodSet: the sidecar has recorded its run-time options as held by every broker. */
function asRunning(child: KubeObject): KubeObject {
  const record = child.kind === "StrimziPodSet" ? runTimeConfigurationRecord(child as StrimziPodSet) : undefined;
  if (record === undefined) return child;
  return { ...child, metadata: { ...child.metadata, annotations: { ...child.metadata.annotations, [ANNOTATION.runTimeConfigurationApplied]: record } } };
}

export interface HarnessOptions {
  activeController?: number;
  standIn?: { createDelayMs: number; readyDelayMs: number };
  /** The cluster to run; Strimzi's kafka-persistent example by default. */
  cluster?: ExampleCluster;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server = await FakeApiServer.start();
  const cluster = options.cluster ?? exampleCluster("kafka/kafka-persistent.yaml");
  server.put(withoutLastApplied(cluster.request.parent));
  for (const pool of Object.values(cluster.request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {})) server.put(pool);
  for (const child of cluster.children) if (child.kind === "StrimziPodSet" || child.kind === "Secret") server.put(asRunning(child));
  for (const podSet of cluster.podSets) {
    for (const entry of podSet.spec.pods) server.put(podOf(podSet, entry.metadata.name, true) as Pod);
  }
  const stopStandIn = standInForPodSetHook(server, options.standIn ?? { createDelayMs: 20, readyDelayMs: 30 });
  const kafka = new FakeAvailability(options.activeController);
  // The brokers started from their files, which hold the run-time options the PodSets ask for.
  for (const podSet of cluster.podSets) {
    const desired = desiredRunTimeOptions(podSet);
    const started = new Map([...Object.entries(desired["cluster-wide"]), ...Object.entries(desired["per-broker"])]);
    for (const entry of podSet.spec.pods) {
      const nodeId = nodeIdOf(entry.metadata.name);
      if (nodeId !== undefined) kafka.staticConfigs.set(brokerKey(NAMESPACE, cluster.request.parent.metadata.name, nodeId), started);
    }
  }
  const sidecars: Sidecar[] = [];
  /** Passes over the cluster per sidecar and lane. */
  const reconciles = new Map<string, Map<string, number>>();
  const passesOf = (identity: string): Map<string, number> => reconciles.get(identity) ?? new Map<string, number>();
  /** Silent but for the controller's "reconciled" lines, which it counts per sidecar and lane. */
  const countingLogger = (identity: string) => pino({ level: "debug" }, new Writable({
    write(chunk: Buffer, _encoding, done) {
      const passes = passesOf(identity);
      for (const line of chunk.toString().split("\n").filter((l) => l.includes('"msg":"reconciled"'))) {
        const { lane } = JSON.parse(line) as { lane: string };
        passes.set(lane, (passes.get(lane) ?? 0) + 1);
      }
      reconciles.set(identity, passes);
      done();
    },
  }));

  const harness: Harness = {
    server,
    cluster,
    kafka,
    async startSidecar(identity, overrides = {}) {
      const sidecar = await startSidecar({
        kubeConfig: server.kubeConfig(identity),
        namespaces: [NAMESPACE],
        leaseNamespace: LEASE_NAMESPACE,
        identity,
        availability: kafka.factory,
        logger: countingLogger(identity),
        ...FAST,
        ...overrides,
      });
      sidecars.push(sidecar);
      return sidecar;
    },
    podDeletions: (client) => server.writes.filter((w) => w.verb === "delete" && w.resource === "pods" && (client === undefined || w.client === client)).map((w) => w.name),
    events: () => server.list<StoredObject & { reason: string; type: string; note: string; action: string; regarding: { name: string }; related?: { name: string }; reportingInstance: string }>("events.k8s.io/v1", "Event")
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => ({ reason: e.reason, type: e.type, note: e.note, action: e.action, regarding: e.regarding.name, ...(e.related ? { related: e.related.name } : {}), instance: e.reportingInstance })),
    rollStatus: (name) => readRollStatus(server.get<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE, name)?.metadata.annotations),
    podSet: (name) => {
      const found = server.get<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE, name);
      if (!found) throw new Error(`no PodSet ${name}`);
      return found;
    },
    pod: (name) => server.get<Pod>("v1", "Pod", NAMESPACE, name),
    applyPodSets(podSets, options) {
      for (const desired of podSets) {
        const current = server.get<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE, desired.metadata.name);
        server.put({ ...desired, metadata: { ...current?.metadata, ...desired.metadata, annotations: { ...current?.metadata.annotations, ...desired.metadata.annotations } } });
      }
      const kafka = server.get<KubeObject>(KAFKA_API_VERSION, "Kafka", NAMESPACE, cluster.request.parent.metadata.name);
      const podSetsRevision = podSets[0]?.metadata.annotations?.[ANNOTATION.podSetsRevision];
      if (kafka && !options?.halfApplied) server.put({ ...kafka, status: { ...(kafka["status"] as object | undefined), podSetsRevision } });
    },
    allPodsCurrent() {
      return server.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE).every((podSet) => podSet.spec.pods.every((entry) => {
        const pod = server.get<Pod>("v1", "Pod", NAMESPACE, entry.metadata.name);
        const desired = podOf(podSet, entry.metadata.name, true);
        return pod !== undefined
          && pod.metadata?.annotations?.[ANNOTATION.revision] === desired?.metadata?.annotations?.[ANNOTATION.revision]
          && (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
      }));
    },
    rollDone() {
      return server.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE)
        .every((podSet) => {
          const status = readRollStatus(podSet.metadata.annotations);
          return status !== undefined && status.pending.length === 0 && status.waiting === undefined && status.lastRestart === undefined;
        });
    },
    async reconciled(identity, passes) {
      const before = new Map([[DEFAULT_LANE, 0], ...passesOf(identity)]);
      await until(`${passes} more reconciles by ${identity} in every lane`, () => [...before].every(([lane, count]) => (passesOf(identity).get(lane) ?? 0) >= count + passes));
    },
    async stop() {
      for (const sidecar of sidecars) await sidecar.stop();
      stopStandIn();
      await server.stop();
    },
  };
  return harness;
}
