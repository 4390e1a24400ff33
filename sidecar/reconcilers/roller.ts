// The roller: restarts out-of-date pods one at a time, in the order and under
// the conditions lib/roller/roll-plan.ts decides, by deleting them (the PodSet
// hook creates them again from the PodSet). Before a ready broker or controller
// is deleted, Kafka is asked whether the cluster stays available without it.
// Progress and the reason for waiting go to a `kafka-hooks.io/roll-status`
// annotation on every PodSet of the cluster and, when they need a user, to Events.
import type { Logger } from "pino";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { podState, rollNodes } from "../../lib/roller/cluster-nodes.js";
import { isManuallyAnnotated, pascalCased, RESTART_NOTE } from "../../lib/roller/restart-reasons.js";
import { planRoll, WAIT_REASON, type RestartCandidate, type RollInput, type RollPlan } from "../../lib/roller/roll-plan.js";
import {
  latestRestart, podSetRollStatus, readRollStatus, rollOutcomeOfPlan, serializeRollStatus, ROLL_STATUS_ANNOTATION,
  type RollOutcome, type RollStatus,
} from "../../lib/roller/roll-status.js";
import type { AvailabilityVerdict, KafkaAvailability } from "../kafka-availability.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import type { DeletedPods } from "../deleted-pods.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import { EVENT_ACTION, podReference, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import { isPaused, type Reconciler } from "./reconciler.js";

/** Strimzi's default operation timeout: how long a restarted pod has to become ready. */
export const DEFAULT_READINESS_TIMEOUT_MS = 300_000;

export interface RollerOptions {
  actions: Pick<KubeActions, "deletePod" | "annotatePod" | "annotatePodSet">;
  deletedPods: DeletedPods;
  events: EventRecorder;
  availability: ClusterAvailability;
  clock: () => Date;
  readinessTimeoutMs?: number;
  logger: Logger;
}

/** Waits a user should hear about; the others pass on their own within a roll. */
const NOTIFIED_WAITS: ReadonlyMap<string, "Normal" | "Warning"> = new Map([
  [WAIT_REASON.availabilityCheckFailed, "Warning"],
  [WAIT_REASON.outsideMaintenanceWindow, "Normal"],
]);

/** A pod Kafka would not let go, and why. */
interface Refusal {
  pod: string;
  reason: string;
}

/** What one pass did, with the refusals behind an AvailabilityCheckFailed wait. */
interface Pass {
  outcome: RollOutcome;
  refusals: Refusal[];
}

const pass = (outcome: RollOutcome, refusals: Refusal[] = []): Pass => ({ outcome, refusals });

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function maintenanceTimeWindows(kafka: KubeObject): string[] | undefined {
  const windows = (kafka.spec as { maintenanceTimeWindows?: unknown } | undefined)?.maintenanceTimeWindows;
  return Array.isArray(windows) ? windows.filter((w): w is string => typeof w === "string") : undefined;
}

export class Roller implements Reconciler {
  readonly name = "roller";
  private readonly lastRestarts = new Map<string, NonNullable<RollStatus["lastRestart"]>>();
  private readonly written = new Map<string, string>();
  private readonly notified = new Map<string, string>();

  constructor(private readonly options: RollerOptions) {}

  async reconcile(observed: ClusterSnapshot): Promise<void> {
    const cluster = this.options.deletedPods.overlay(observed, this.options.clock());
    const kafka = cluster.kafka;
    if (!kafka || cluster.podSets.length === 0) {
      await this.options.availability.release(cluster);
      return;
    }
    if (isPaused(kafka)) return;
    if (await this.passOnManualRollingUpdate(cluster)) return;

    const key = clusterKeyString(cluster);
    const memory = this.lastRestarts.get(key);
    const lastRestart = latestRestart([...cluster.podSets.map((s) => readRollStatus(s.metadata.annotations)), ...(memory ? [{ pending: [], lastRestart: memory }] : [])]);
    const windows = maintenanceTimeWindows(kafka);
    const input: RollInput = {
      nodes: rollNodes(cluster),
      now: this.options.clock(),
      readinessTimeoutMs: this.options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
      ...(windows ? { maintenanceTimeWindows: windows } : {}),
      ...(lastRestart ? { lastRestart } : {}),
    };
    const { outcome, refusals } = await this.act(cluster, kafka, input);
    if (outcome.kind === "restarted") this.lastRestarts.set(key, { pod: outcome.pod, at: outcome.at, reasons: [...outcome.reasons] });
    if (outcome.kind === "idle") this.lastRestarts.delete(key);
    await this.report(cluster, kafka, outcome, refusals, outcome.kind === "restarted" ? undefined : lastRestart);
  }

  private async act(cluster: ClusterSnapshot, kafka: KubeObject, input: RollInput): Promise<Pass> {
    const initial = planRoll(input);
    if (initial.action !== "restart") return pass(rollOutcomeOfPlan(initial));
    if (!initial.candidates.some((c) => c.checks.length > 0)) return this.restart(cluster, kafka, initial, undefined);
    let availability: KafkaAvailability;
    let plan: RollPlan = initial;
    try {
      availability = await this.options.availability.forCluster(cluster);
      // Knowing the active controller changes the order among controllers only.
      if (initial.candidates.some((c) => c.checks.includes("controller"))) {
        plan = planRoll({ ...input, activeController: await availability.activeController() });
      }
    } catch (error) {
      const first = initial.candidates[0];
      return pass({
        kind: "waiting",
        reason: WAIT_REASON.availabilityCheckFailed,
        message: `cannot ask Kafka whether a pod may restart: ${errorMessage(error)}`,
        ...(first ? { next: first.pod } : {}),
        pending: initial.pending,
      });
    }
    return plan.action === "restart" ? this.restart(cluster, kafka, plan, availability) : pass(rollOutcomeOfPlan(plan));
  }

  /** Restarts the first candidate Kafka agrees to; or says why none. */
  private async restart(cluster: ClusterSnapshot, kafka: KubeObject, plan: Extract<RollPlan, { action: "restart" }>, availability: KafkaAvailability | undefined): Promise<Pass> {
    const refusals: Refusal[] = [];
    for (const candidate of plan.candidates) {
      const verdict = await this.verdict(candidate, availability);
      if (!verdict.ok) {
        refusals.push({ pod: candidate.pod, reason: verdict.reason });
        continue;
      }
      const pod = cluster.pods.find((p) => p.metadata?.name === candidate.pod);
      const uid = pod?.metadata?.uid;
      const result = await this.options.actions.deletePod(cluster.namespace, candidate.pod, uid);
      if (result !== "deleted") {
        return pass({ kind: "waiting", reason: WAIT_REASON.podRestarting, message: `${candidate.pod} was deleted or replaced by someone else`, next: candidate.pod, pending: plan.pending });
      }
      if (uid) this.options.deletedPods.add(cluster, uid);
      this.options.logger.info({ cluster: clusterKeyString(cluster), pod: candidate.pod, reasons: candidate.reasons }, "restarted a pod");
      await this.recordRestart(cluster, kafka, candidate, uid);
      return pass({
        kind: "restarted",
        pod: candidate.pod,
        reasons: candidate.reasons,
        at: this.options.clock().toISOString(),
        pending: plan.pending.filter((p) => p !== candidate.pod),
      });
    }
    const first = plan.candidates[0];
    return pass({
      kind: "waiting",
      reason: WAIT_REASON.availabilityCheckFailed,
      message: refusals.map((r) => `${r.pod} cannot be restarted: ${r.reason}`).join("; "),
      ...(first ? { next: first.pod } : {}),
      pending: plan.pending,
    }, refusals);
  }

  private async verdict(candidate: RestartCandidate, availability: KafkaAvailability | undefined): Promise<AvailabilityVerdict> {
    if (candidate.checks.length === 0) return { ok: true };
    if (!availability) return { ok: false, reason: "Kafka cannot be asked" };
    try {
      for (const check of candidate.checks) {
        const verdict = check === "controller" ? await availability.canRestartController(candidate.nodeId) : await availability.canRestartBroker(candidate.nodeId);
        if (!verdict.ok) return verdict;
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `Kafka did not answer: ${errorMessage(error)}` };
    }
  }

  private async recordRestart(cluster: ClusterSnapshot, kafka: KubeObject, candidate: RestartCandidate, uid: string | undefined): Promise<void> {
    const pod = podReference(cluster.namespace, candidate.pod, uid);
    for (const reason of candidate.reasons) {
      const common = { type: "Normal" as const, action: EVENT_ACTION.restartPod, reason: pascalCased(reason) };
      await this.options.events.record({ ...common, regarding: pod, note: RESTART_NOTE[reason] });
      await this.options.events.record({ ...common, regarding: kafka, related: pod, note: `Restarted pod ${candidate.pod}: ${RESTART_NOTE[reason]}` });
    }
  }

  /** The PodSet annotation rolls each of its pods once: it moves to the pods, which lose it when they restart. */
  private async passOnManualRollingUpdate(cluster: ClusterSnapshot): Promise<boolean> {
    let passed = false;
    for (const podSet of cluster.podSets.filter((s) => isManuallyAnnotated(s.metadata.annotations))) {
      const names = new Set(podSet.spec.pods.map((p) => p.metadata.name));
      for (const pod of cluster.pods) {
        const name = pod.metadata?.name ?? "";
        if (names.has(name) && podState(pod) !== "terminating" && !isManuallyAnnotated(pod.metadata?.annotations)) {
          await this.options.actions.annotatePod(cluster.namespace, name, { [ANNOTATION.manualRollingUpdate]: "true" });
        }
      }
      await this.options.actions.annotatePodSet(cluster.namespace, podSet.metadata.name, { [ANNOTATION.manualRollingUpdate]: null });
      passed = true;
    }
    return passed;
  }

  private async report(cluster: ClusterSnapshot, kafka: KubeObject, outcome: RollOutcome, refusals: readonly Refusal[], lastRestart: RollStatus["lastRestart"]): Promise<void> {
    const previous = cluster.podSets.map((s) => readRollStatus(s.metadata.annotations)?.waiting?.message);
    for (const podSet of cluster.podSets) {
      const text = serializeRollStatus(podSetRollStatus(new Set(podSet.spec.pods.map((p) => p.metadata.name)), outcome, lastRestart));
      const key = `${cluster.namespace}/${podSet.metadata.name}`;
      if (podSet.metadata.annotations?.[ROLL_STATUS_ANNOTATION] === text) {
        this.written.delete(key);
        continue;
      }
      if (this.written.get(key) === text) continue;
      await this.options.actions.annotatePodSet(cluster.namespace, podSet.metadata.name, { [ROLL_STATUS_ANNOTATION]: text });
      this.written.set(key, text);
    }
    if (outcome.kind === "waiting") await this.notify(cluster, kafka, outcome, refusals, previous);
    else this.notified.delete(clusterKeyString(cluster));
  }

  /** One Event per new reason to wait that needs a user; not again while the message stays the same. */
  private async notify(cluster: ClusterSnapshot, kafka: KubeObject, outcome: Extract<RollOutcome, { kind: "waiting" }>, refusals: readonly Refusal[], previous: ReadonlyArray<string | undefined>): Promise<void> {
    const type = NOTIFIED_WAITS.get(outcome.reason);
    const key = clusterKeyString(cluster);
    if (!type || this.notified.get(key) === outcome.message || previous.includes(outcome.message)) return;
    this.notified.set(key, outcome.message);
    const common = { type, action: EVENT_ACTION.deferRestart, reason: outcome.reason };
    await this.options.events.record({ ...common, regarding: kafka, note: outcome.message });
    for (const refusal of refusals) {
      const uid = cluster.pods.find((p) => p.metadata?.name === refusal.pod)?.metadata?.uid;
      await this.options.events.record({ ...common, regarding: podReference(cluster.namespace, refusal.pod, uid), note: refusal.reason });
    }
  }
}
