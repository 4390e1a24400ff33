// Strimzi's KafkaConnectRoller: restarts the out-of-date workers of each
// KafkaConnect and KafkaMirrorMaker2 (whose workers are Connect's) by deleting them (the PodSet hook creates them again from the
// PodSet), in lib/roller/roll-plan.ts's order for pods that are neither broker
// nor controller: unready ones first, one at a time, a ready one only while
// every other is ready and the last one restarted is ready again, and no Kafka
// check (a worker's tasks move to the others). The workers are watched apart
// from the brokers (`strimzi.io/kind` KafkaConnect or KafkaMirrorMaker2), so a
// KafkaConnect named as a Kafka never joins its roll, nor a KafkaMirrorMaker2
// named as a KafkaConnect; each Connect cluster is a key of its own queue,
// so one waiting roll holds back no other. Only the leader acts.
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import type { Logger } from "pino";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { isReconciliationPaused, LABEL } from "../../lib/labels.js";
import { connectName } from "../../lib/operands/connect/connect-names.js";
import { mirrorMaker2Name } from "../../lib/operands/mirror-maker-2/names.js";
import { rollNodes } from "../../lib/roller/cluster-nodes.js";
import { pascalCased, RESTART_NOTE } from "../../lib/roller/restart-reasons.js";
import { DEFAULT_READY_TIMEOUT_MS } from "../../lib/roller/roll-options.js";
import { planRoll } from "../../lib/roller/roll-plan.js";
import type { LastRestart } from "../../lib/roller/roll-status.js";
import { clusterKeyString, clusterOf, parseClusterKey, type ClusterCache, type ClusterKey, type ClusterSnapshot } from "../cluster-cache.js";
import { DeletedPods } from "../deleted-pods.js";
import { EVENT_ACTION, podReference, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import type { ReconcileResult } from "../metrics.js";
import { passOnManualRollingUpdate } from "../reconcilers/manual-rolling-update.js";
import { TermQueue } from "../term-queue.js";
import { REAL_TIMERS, type Timers } from "../timers.js";
import type { KindName } from "../watched-kinds.js";

export const DEFAULT_CONNECT_ROLL_RESYNC_MS = 30_000;

export interface ConnectRollerOptions {
  cache: Pick<ClusterCache, "objects" | "health">;
  actions: Pick<KubeActions, "deletePod" | "annotatePod" | "annotatePodSet">;
  events: EventRecorder;
  clock: () => Date;
  logger: Logger;
  timers?: Timers;
  /** How long a restarted worker may take to become ready before an unready one after it is restarted (Strimzi's operation timeout). */
  readinessTimeoutMs?: number;
  resyncIntervalMs?: number;
  retryBaseMs?: number;
  onReconciled?: (reconciler: string, result: ReconcileResult, seconds: number) => void;
}

const RECONCILER = "kafka-connect-roll";

/** The resources whose workers are rolled, by the workers' `strimzi.io/kind`: where each is watched and its workers' PodSet. */
const OWNERS = {
  KafkaConnect: { resources: "kafkaConnects", podSet: connectName },
  KafkaMirrorMaker2: { resources: "kafkaMirrorMaker2s", podSet: mirrorMaker2Name },
} as const satisfies Record<string, { resources: KindName; podSet: (name: string) => string }>;
type OwnerKind = keyof typeof OWNERS;
const isOwnerKind = (kind: string | undefined): kind is OwnerKind => kind !== undefined && Object.hasOwn(OWNERS, kind);

/** `<kind>/<namespace>/<name>`: a KafkaConnect and a KafkaMirrorMaker2 of one name are two clusters. */
type Key = ClusterKey & { kind: OwnerKind };
const keyString = (key: Key): string => `${key.kind}/${clusterKeyString(key)}`;
function parseKey(text: string): Key {
  const slash = text.indexOf("/");
  const kind = text.slice(0, slash);
  return { kind: isOwnerKind(kind) ? kind : "KafkaConnect", ...parseClusterKey(text.slice(slash + 1)) };
}

/** The owner kind of a watched object the roller looks at. */
function ownerKindOf(kind: KindName, object: KubernetesObject): OwnerKind | undefined {
  if (kind === "kafkaConnects") return "KafkaConnect";
  if (kind === "kafkaMirrorMaker2s") return "KafkaMirrorMaker2";
  if (kind !== "connectPodSets" && kind !== "connectPods") return undefined;
  const label = object.metadata?.labels?.[LABEL.kind];
  return isOwnerKind(label) ? label : undefined;
}

export class ConnectRoller {
  private readonly queue: TermQueue;
  private readonly deletedPods = new DeletedPods();
  /** Each cluster's last restart, which the next restart waits for (a new leader starts without: unready workers go first anyway). */
  private readonly lastRestarts = new Map<string, LastRestart>();

  constructor(private readonly options: ConnectRollerOptions) {
    this.queue = new TermQueue({
      worker: (key) => this.work(parseKey(key)),
      // Rolls of different Connect clusters do not wait for each other; one cluster's never runs twice at once.
      concurrency: 4,
      timers: options.timers ?? REAL_TIMERS,
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      onError: (key, error) => options.logger.error({ err: error, key }, "Connect roll failed; retrying"),
    }, options.resyncIntervalMs ?? DEFAULT_CONNECT_ROLL_RESYNC_MS, () => {
      for (const [kind, { resources }] of Object.entries(OWNERS) as Array<[OwnerKind, (typeof OWNERS)[OwnerKind]]>) {
        for (const owner of options.cache.objects(resources)) {
          const key = clusterOf(resources, owner);
          if (key) this.queue.add(keyString({ kind, ...key }));
        }
      }
    });
  }

  /** A KafkaConnect or KafkaMirrorMaker2, its workers' PodSet or one of its workers changed: its cluster is looked at again. */
  changed(kind: KindName, object: KubernetesObject): void {
    const owner = ownerKindOf(kind, object);
    const key = owner && clusterOf(kind, object);
    if (owner && key) this.queue.add(keyString({ kind: owner, ...key }));
  }

  start(signal: AbortSignal): void {
    this.queue.start(signal);
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  private async work(key: Key): Promise<void> {
    // A stopped informer could hide a worker: a ready pod would be restarted while another is not. A term that ended: the next leader rolls on.
    await this.queue.reconcile(RECONCILER, { health: () => this.options.cache.health(), onReconciled: this.options.onReconciled }, () => this.roll(key));
  }

  private async roll(key: Key): Promise<void> {
    const { cache, actions, clock } = this.options;
    const { resources, podSet: podSetName } = OWNERS[key.kind];
    const connect = cache.objects(resources, key.namespace).find((c) => c.metadata?.name === key.name) as KubeObject | undefined;
    const podSet = cache.objects("connectPodSets", key.namespace).find((s) => s.metadata?.name === podSetName(key.name)) as StrimziPodSet | undefined;
    if (!connect || !podSet || isReconciliationPaused(connect)) return;
    const workers = cache.objects("connectPods", key.namespace)
      .filter((p) => p.metadata?.labels?.[LABEL.cluster] === key.name && p.metadata.labels[LABEL.kind] === key.kind) as Pod[];
    const snapshot: ClusterSnapshot = { namespace: key.namespace, name: key.name, kafka: undefined, pools: [], podSets: [podSet], pods: workers, claims: [] };
    const cluster = this.deletedPods.overlay(snapshot, clock());
    if (await passOnManualRollingUpdate(actions, key.namespace, cluster.podSets, cluster.pods)) return;

    const id = keyString(key);
    const lastRestart = this.lastRestarts.get(id);
    const plan = planRoll({
      nodes: rollNodes(cluster),
      now: clock(),
      readinessTimeoutMs: this.options.readinessTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      ...(lastRestart ? { lastRestart } : {}),
    });
    if (plan.action === "none") this.lastRestarts.delete(id);
    if (plan.action !== "restart") {
      if (plan.action === "wait") this.options.logger.debug({ connect: id, reason: plan.reason, message: plan.message }, "Connect roll waits");
      return;
    }
    // Workers need no availability check: the plan's first candidate goes, alone.
    const [candidate] = plan.candidates;
    if (!candidate) return;
    const uid = cluster.pods.find((p) => p.metadata?.name === candidate.pod)?.metadata?.uid;
    if (await actions.deletePod(key.namespace, candidate.pod, uid) !== "deleted") return;
    if (uid) this.deletedPods.add(key, uid);
    this.lastRestarts.set(id, { pod: candidate.pod, at: clock().toISOString(), reasons: [...candidate.reasons] });
    this.options.logger.info({ connect: id, pod: candidate.pod, reasons: candidate.reasons }, "restarted a Connect worker");
    const pod = podReference(key.namespace, candidate.pod, uid);
    for (const reason of candidate.reasons) {
      const common = { type: "Normal" as const, action: EVENT_ACTION.restartPod, reason: pascalCased(reason) };
      await this.options.events.record({ ...common, regarding: pod, note: RESTART_NOTE[reason] });
      await this.options.events.record({ ...common, regarding: connect, related: pod, note: `Restarted pod ${candidate.pod}: ${RESTART_NOTE[reason]}` });
    }
  }
}
