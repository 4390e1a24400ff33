// Drives every KafkaRebalance, one at a time each and several at once
// (lib/rebalance/next-status.ts decides; this reads the caches, makes the Cruise
// Control calls the decision asks for, and writes what it says). A rebalance is
// reconciled when it changes (not on its own status writes), when its Kafka's
// readiness or Cruise Control section changes, on every resync, and, while it
// waits on Cruise Control (PendingProposal, Rebalancing), every poll interval.
// Its state is only in its status: a new leader, or a restarted sidecar, goes
// on from there.
import type { Logger } from "pino";
import { REBALANCE_ANNOTATION } from "../../lib/api/kafka-rebalance.js";
import type { KubeObject, KubernetesObject } from "../../lib/api/kubernetes.js";
import { componentLabels, LABEL } from "../../lib/labels.js";
import { reconcileRebalance, type Outcome, type StoredRebalance } from "../../lib/rebalance/next-status.js";
import { IN_FLIGHT, stateOf } from "../../lib/rebalance/states.js";
import { sameData } from "../../lib/same-data.js";
import { InformersStopped, NotLeading } from "../errors.js";
import type { KubeActions } from "../kube-actions.js";
import type { ReconcileResult } from "../metrics.js";
import { every, REAL_TIMERS, type Timers } from "../timers.js";
import type { KindName } from "../watched-kinds.js";
import { WorkQueue } from "../work-queue.js";
import type { CruiseControlConnections } from "./connections.js";

/** How often a rebalance waiting on Cruise Control is asked about (Strimzi asks at its 120 s reconciliation). */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;
/** KafkaRebalances reconciled at once: one slow Cruise Control holds up only its own. */
export const DEFAULT_REBALANCE_CONCURRENCY = 16;

export interface RebalanceCache {
  health(): { ok: boolean; failing: string[] };
  find(kind: KindName, namespace: string, name: string): KubernetesObject | undefined;
  objects(kind: KindName, namespace?: string): KubernetesObject[];
}

export interface RebalancesOptions {
  cache: RebalanceCache;
  actions: Pick<KubeActions, "replaceRebalanceStatus" | "annotateRebalance" | "createConfigMap" | "patchConfigMapData">;
  connections: CruiseControlConnections;
  logger: Logger;
  clock: () => Date;
  timers?: Timers;
  pollIntervalMs?: number;
  resyncIntervalMs?: number;
  retryBaseMs?: number;
  concurrency?: number;
  onReconciled?: (reconciler: string, result: ReconcileResult, seconds: number) => void;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

/** What a change must touch for the rebalance to be reconciled again: not its status. */
const intent = (object: KubernetesObject): string => JSON.stringify([
  object.metadata?.generation, object.metadata?.labels, object.metadata?.annotations, object.metadata?.deletionTimestamp,
]);

/** What of a Kafka a rebalance's decision reads. */
const kafkaIntent = (kafka: KubernetesObject): string => {
  const conditions = (kafka as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions ?? [];
  const cruiseControl = (kafka as { spec?: { cruiseControl?: unknown } }).spec?.cruiseControl;
  return JSON.stringify([conditions.some((c) => c.type === "Ready" && c.status === "True"), cruiseControl ?? null]);
};

export class Rebalances {
  private readonly queue: WorkQueue;
  private readonly timers: Timers;
  private readonly polls = new Map<string, () => void>();
  private readonly seen = new Map<string, string>();
  /**
   * The resourceVersions each rebalance's last writes left behind: the one it
   * was read at and, when the annotation acted on was removed after the status
   * was written, the status write's. While the cache holds one of them it is
   * stale: acting on it again would repeat a request to Cruise Control (an
   * execution, even) that the writes already recorded.
   */
  private readonly writtenFrom = new Map<string, ReadonlySet<string | undefined>>();
  private stopResync: (() => void) | undefined;
  private signal: AbortSignal | undefined;

  constructor(private readonly options: RebalancesOptions) {
    this.timers = options.timers ?? REAL_TIMERS;
    this.queue = new WorkQueue({
      worker: (key) => this.reconcile(key),
      concurrency: options.concurrency ?? DEFAULT_REBALANCE_CONCURRENCY,
      timers: this.timers,
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      onError: (key, error) => options.logger.error({ err: error, kafkaRebalance: key }, "KafkaRebalance reconcile failed; retrying"),
    });
  }

  /** An object the caches saw change: a KafkaRebalance, or the Kafka its decisions read. */
  changed(kind: KindName, object: KubernetesObject): void {
    const namespace = object.metadata?.namespace;
    const name = object.metadata?.name;
    if (!namespace || !name) return;
    if (kind === "kafkaRebalances") {
      const key = keyOf(namespace, name);
      const superseded = this.writtenFrom.get(key);
      if (superseded && !superseded.has(object.metadata?.resourceVersion)) {
        this.writtenFrom.delete(key);
        // Our own write arriving: a proposal may be approved already (auto-approval, or ours naming it).
        if (stateOf((object as { status?: StoredRebalance["status"] }).status) === "ProposalReady") this.enqueue(key);
      }
      const now = intent(object);
      if (this.seen.get(key) === now) return;
      this.seen.set(key, now);
      this.enqueue(key);
    } else if (kind === "kafkas") {
      const key = `Kafka ${keyOf(namespace, name)}`;
      const now = kafkaIntent(object);
      if (this.seen.get(key) === now) return;
      this.seen.set(key, now);
      for (const rebalance of this.options.cache.objects("kafkaRebalances", namespace)) {
        if (rebalance.metadata?.labels?.[LABEL.cluster] === name) this.enqueue(keyOf(namespace, rebalance.metadata.name ?? ""));
      }
    }
  }

  start(signal: AbortSignal): void {
    if (this.running()) return;
    this.signal = signal;
    this.queue.start();
    const everything = (): void => {
      for (const r of this.options.cache.objects("kafkaRebalances")) this.enqueue(keyOf(r.metadata?.namespace ?? "", r.metadata?.name ?? ""));
    };
    everything();
    this.stopResync = every(this.timers, this.options.resyncIntervalMs ?? 30_000, everything);
  }

  async stop(): Promise<void> {
    this.signal = undefined;
    this.stopResync?.();
    for (const cancel of this.polls.values()) cancel();
    this.polls.clear();
    await this.queue.stop();
  }

  private running(): boolean {
    return this.signal !== undefined && !this.signal.aborted;
  }

  private enqueue(key: string): void {
    if (this.running()) this.queue.add(key);
  }

  private pollLater(key: string): void {
    if (this.polls.has(key)) return;
    this.polls.set(key, this.timers.after(this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, () => {
      this.polls.delete(key);
      this.enqueue(key);
    }));
  }

  private async reconcile(key: string): Promise<void> {
    const health = this.options.cache.health();
    if (!health.ok) throw new InformersStopped(health.failing.join(", "));
    const signal = this.signal;
    if (!signal || signal.aborted) return;
    const started = this.timers.now();
    try {
      const state = await this.reconcileOne(key, signal);
      if (state && IN_FLIGHT.has(state)) this.pollLater(key);
      this.options.onReconciled?.("rebalances", "success", (this.timers.now() - started) / 1000);
    } catch (error) {
      if (signal.aborted || error instanceof NotLeading) return;
      this.options.onReconciled?.("rebalances", "failure", (this.timers.now() - started) / 1000);
      throw error;
    }
  }

  /** One reconcile; returns the state it left the rebalance in. */
  private async reconcileOne(key: string, signal: AbortSignal): Promise<ReturnType<typeof stateOf>> {
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const stored = this.options.cache.find("kafkaRebalances", namespace, name) as (StoredRebalance & { metadata: { resourceVersion?: string } }) | undefined;
    if (!stored) {
      this.polls.get(key)?.();
      this.polls.delete(key);
      this.seen.delete(key);
      this.writtenFrom.delete(key);
      return undefined;
    }
    if (this.writtenFrom.get(key)?.has(stored.metadata.resourceVersion)) return stateOf(stored.status);
    const clusterName = stored.metadata.labels?.[LABEL.cluster];
    const cluster = clusterName === undefined ? undefined : { namespace, name: clusterName };
    const kafka = cluster && this.options.cache.find("kafkas", namespace, cluster.name) as KubeObject | undefined;
    const wantsClient = cluster !== undefined && kafka !== undefined && (kafka.spec as { cruiseControl?: unknown } | undefined)?.cruiseControl !== undefined;
    const connection = wantsClient ? await this.options.connections.forCluster(cluster, kafka) : undefined;
    const configMap = (this.options.cache.find("rebalanceConfigMaps", namespace, name) as { data?: Record<string, string> } | undefined)?.data;
    let step = reconcileRebalance({
      rebalance: stored,
      kafka,
      clientProblem: connection && "problem" in connection ? connection.problem : undefined,
      endpoint: connection && "endpoint" in connection ? connection.endpoint : "",
      configMap,
      now: this.options.clock(),
    });
    while (step.kind === "call") {
      if (!connection || !("client" in connection) || !cluster) throw new Error(`${key}: a Cruise Control call was decided without a client`);
      const response = await connection.client.send(step.request);
      if ("failure" in response) this.options.connections.forget(cluster);
      if (signal.aborted) return undefined;
      step = step.next(response);
    }
    if (step.kind === "skip") return undefined;
    const superseded = await this.write(stored, step.outcome, configMap);
    if (superseded) this.writtenFrom.set(key, superseded);
    return stateOf(step.outcome.status);
  }

  /** The ConfigMap first (the status points at it), then the status, then the annotation acted on; the versions those writes superseded, if the rebalance was written. */
  private async write(stored: StoredRebalance & { metadata: { resourceVersion?: string } }, outcome: Outcome, configMap: Record<string, string> | undefined): Promise<ReadonlySet<string | undefined> | undefined> {
    const { namespace, name } = stored.metadata;
    if (outcome.configMap && !sameData(outcome.configMap, configMap)) await this.writeConfigMap(stored, outcome.configMap, configMap);
    let resourceVersion = stored.metadata.resourceVersion;
    const statusChanged = !sameData(outcome.status, stored.status ?? {});
    if (statusChanged) {
      const before = stateOf(stored.status);
      resourceVersion = await this.options.actions.replaceRebalanceStatus(stored, outcome.status);
      const after = stateOf(outcome.status);
      if (before !== after) this.options.logger.info({ kafkaRebalance: `${namespace}/${name}`, from: before, to: after }, "KafkaRebalance state changed");
    }
    if (outcome.removeRebalanceAnnotation) {
      await this.options.actions.annotateRebalance(namespace, name, resourceVersion, { [REBALANCE_ANNOTATION]: null });
      return new Set([stored.metadata.resourceVersion, resourceVersion]);
    }
    return statusChanged ? new Set([stored.metadata.resourceVersion]) : undefined;
  }

  private async writeConfigMap(stored: StoredRebalance, data: Record<string, string>, observed: Record<string, string> | undefined): Promise<void> {
    const { namespace, name } = stored.metadata;
    if (observed === undefined) {
      const uid = (stored.metadata as { uid?: string }).uid;
      const created = await this.options.actions.createConfigMap({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name,
          namespace,
          // Strimzi's Labels.generateDefaultLabels for the rebalance: its own labels, then the component's.
          labels: { ...stored.metadata.labels, ...componentLabels(name, "kafka-rebalance"), [LABEL.kind]: "KafkaRebalance", [LABEL.name]: name },
          // Deleted with the KafkaRebalance.
          ...(uid ? { ownerReferences: [{ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance", name, uid, controller: false, blockOwnerDeletion: false }] } : {}),
        },
        data,
      });
      // One the cache has not seen yet: its keys are all set again.
      if (created === "exists") await this.options.actions.patchConfigMapData(namespace, name, data);
      return;
    }
    const patch: Record<string, string | null> = { ...data };
    for (const key of Object.keys(observed)) if (!(key in data)) patch[key] = null;
    await this.options.actions.patchConfigMapData(namespace, name, patch);
  }
}
