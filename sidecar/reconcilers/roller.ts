// The roller: restarts out-of-date pods in the order and under the conditions
// lib/roller/roll-plan.ts decides, by deleting them (the PodSet hook creates
// them again from the PodSet): one pod at a time, or with per-rack rolls on, the
// brokers of one rack together. Before a ready broker or controller is deleted,
// Kafka is asked whether the cluster stays available without it (or them); before
// an unready broker is, whether it is recovering its logs (then it is waited for).
// Progress, the reason for waiting and how long it has lasted go to a
// `kafka-hooks.io/roll-status` annotation on every PodSet of the cluster and,
// when they need a user, to Events.
import type { Logger } from "pino";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { isReconciliationPaused } from "../../lib/labels.js";
import { WAIT_REASON } from "../../lib/reasons.js";
import { answerApplied } from "../../lib/podset/podsets-revision.js";
import { rollNodes } from "../../lib/roller/cluster-nodes.js";
import { rackGroups } from "../../lib/roller/rack-groups.js";
import { pascalCased, RESTART_NOTE, type RestartReason } from "../../lib/roller/restart-reasons.js";
import { DEFAULT_READY_TIMEOUT_MS, rollOptions, type RollOptions } from "../../lib/roller/roll-options.js";
import { recoveryDecision, type BrokerStartup } from "../../lib/roller/recovery.js";
import { planRoll, type RestartCandidate, type RollInput, type RollPlan } from "../../lib/roller/roll-plan.js";
import {
  latestRestart, podSetRollStatus, readRollStatus, recordedWaitFor, restartOf, rollOutcomeOfPlan, serializeRollStatus, ROLL_STATUS_ANNOTATION,
  type LastRestart, type RollOutcome, type RollWaitFor,
} from "../../lib/roller/roll-status.js";
import { unprotectedNote, type UnprotectedPartition } from "../../lib/roller/unprotected.js";
import { budgeted } from "../../lib/roller/wait-budget.js";
import type { AvailabilityVerdict, KafkaAvailability } from "../kafka-availability.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import type { DeletedPods } from "../deleted-pods.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import { EVENT_ACTION, EVENT_REASON, podReference, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import { passOnManualRollingUpdate } from "./manual-rolling-update.js";
import type { Reconciler } from "./reconciler.js";

export interface RollerOptions {
  actions: Pick<KubeActions, "deletePod" | "annotatePod" | "annotatePodSet">;
  deletedPods: DeletedPods;
  events: EventRecorder;
  availability: ClusterAvailability;
  clock: () => Date;
  /** The readiness budget where the Kafka's annotation does not set one. */
  readinessTimeoutMs?: number;
  logger: Logger;
}

/** Waits a user should hear about; the others pass on their own within a roll. */
const NOTIFIED_WAITS: ReadonlyMap<string, "Normal" | "Warning"> = new Map([
  [WAIT_REASON.availabilityCheckFailed, "Warning"],
  [WAIT_REASON.availabilityCheckTimeout, "Warning"],
  [WAIT_REASON.podReadinessTimeout, "Warning"],
  [WAIT_REASON.outsideMaintenanceWindow, "Normal"],
  [WAIT_REASON.brokerRecovering, "Normal"],
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

type Waiting = Extract<RollOutcome, { kind: "waiting" }>;

const pass = (outcome: RollOutcome, refusals: Refusal[] = []): Pass => ({ outcome, refusals });

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function maintenanceTimeWindows(kafka: KubeObject): string[] | undefined {
  const windows = (kafka.spec as { maintenanceTimeWindows?: unknown } | undefined)?.maintenanceTimeWindows;
  return Array.isArray(windows) ? windows.filter((w): w is string => typeof w === "string") : undefined;
}

export class Roller implements Reconciler {
  readonly name = "roller";
  private readonly lastRestarts = new Map<string, LastRestart>();
  /** The wait each cluster's last pass recorded: where the next pass carries its start from. */
  private readonly waits = new Map<string, RollWaitFor>();
  private readonly written = new Map<string, string>();
  private readonly notified = new Map<string, string>();
  /** Topics with unprotected partitions already reported in the current roll. */
  private readonly reportedTopics = new Map<string, Set<string>>();

  constructor(private readonly options: RollerOptions) {}

  async reconcile(observed: ClusterSnapshot): Promise<void> {
    const cluster = this.options.deletedPods.overlay(observed, this.options.clock());
    const kafka = cluster.kafka;
    if (!kafka || cluster.podSets.length === 0) {
      await this.options.availability.release(cluster);
      return;
    }
    if (isReconciliationPaused(kafka)) return;
    // Half of an answer is applied: the rest of its children and the status follow within moments, and their events bring the next pass.
    if (!answerApplied(kafka, cluster.podSets)) {
      this.options.logger.debug({ cluster: clusterKeyString(cluster) }, "waiting for the whole of the Kafka hook's answer to be applied");
      return;
    }
    if (await passOnManualRollingUpdate(this.options.actions, cluster.namespace, cluster.podSets, cluster.pods)) return;

    const key = clusterKeyString(cluster);
    const statuses = cluster.podSets.map((s) => readRollStatus(s.metadata.annotations));
    const memory = this.lastRestarts.get(key);
    const lastRestart = latestRestart([...statuses, ...(memory ? [{ pending: [], lastRestart: memory }] : [])]);
    const options = rollOptions(kafka, this.options.readinessTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
    const windows = maintenanceTimeWindows(kafka);
    const now = this.options.clock();
    const nodes = rollNodes(cluster);
    const input: RollInput = {
      nodes,
      now,
      readinessTimeoutMs: options.readyTimeoutMs,
      ...(windows ? { maintenanceTimeWindows: windows } : {}),
      ...(lastRestart ? { lastRestart } : {}),
    };
    const previous = this.waits.get(key) ?? recordedWaitFor(statuses);
    const acted = await this.act(cluster, kafka, input, options, previous);
    const outcome = acted.outcome.kind === "waiting"
      ? { ...acted.outcome, ...budgeted(acted.outcome, previous, now, options) }
      : acted.outcome;
    const restart = restartOf(outcome);
    if (restart) this.lastRestarts.set(key, restart);
    if (outcome.kind === "idle") {
      this.lastRestarts.delete(key);
      this.reportedTopics.delete(key);
    }
    if (outcome.kind === "waiting") this.waits.set(key, outcome);
    else this.waits.delete(key);
    const reasons = new Map(nodes.map((n) => [n.pod, n.reasons]));
    await this.report(cluster, kafka, outcome, acted.refusals, restart ? undefined : lastRestart, reasons);
  }

  private async act(cluster: ClusterSnapshot, kafka: KubeObject, input: RollInput, options: RollOptions, previous: RollWaitFor | undefined): Promise<Pass> {
    const initial = planRoll(input);
    if (initial.action !== "restart") return pass(rollOutcomeOfPlan(initial));
    const recovering = await this.recovering(cluster, kafka, input, initial, options, previous);
    if (recovering) return pass(recovering);
    if (!initial.candidates.some((c) => c.checks.length > 0)) return this.restart(cluster, kafka, initial, undefined, options);
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
    return plan.action === "restart" ? this.restart(cluster, kafka, plan, availability, options) : pass(rollOutcomeOfPlan(plan));
  }

  /**
   * The wait for an unready broker the plan would restart that Kafka reports
   * recovering its logs; undefined when it is to be restarted (not a broker, not
   * recovering, Kafka cannot tell, or past the recovery budget).
   */
  private async recovering(
    cluster: ClusterSnapshot, kafka: KubeObject, input: RollInput, plan: Extract<RollPlan, { action: "restart" }>, options: RollOptions, previous: RollWaitFor | undefined,
  ): Promise<Extract<RollOutcome, { kind: "waiting" }> | undefined> {
    const [candidate] = plan.candidates;
    // Only an unready candidate needs no availability check, and the plan restarts an unready pod alone.
    const node = candidate && candidate.checks.length === 0 ? input.nodes.find((n) => n.pod === candidate.pod && n.state === "unready") : undefined;
    if (!node?.broker) return undefined;
    let startup: BrokerStartup;
    try {
      startup = await (await this.options.availability.forCluster(cluster)).brokerStartup(node.nodeId);
    } catch (error) {
      startup = { recovering: false, evidence: `cannot ask Kafka whether broker ${node.nodeId} is recovering: ${errorMessage(error)}` };
    }
    const decision = recoveryDecision({ pod: node.pod, startup, previous, now: input.now, recoveryTimeoutMs: options.recoveryTimeoutMs, pending: plan.pending });
    if (decision.action === "wait") return decision.outcome;
    this.options.logger.info({ cluster: clusterKeyString(cluster), pod: node.pod, why: decision.why }, "restarting an unready broker");
    if (decision.cutShort) {
      await this.options.events.record({
        type: "Warning", action: EVENT_ACTION.restartPod, reason: EVENT_REASON.brokerRecoveryTimeout, regarding: kafka, note: decision.why,
      });
    }
    return undefined;
  }

  /** Restarts the first rack group, else the first candidate, Kafka agrees to; or says why none. */
  private async restart(
    cluster: ClusterSnapshot, kafka: KubeObject, plan: Extract<RollPlan, { action: "restart" }>, availability: KafkaAvailability | undefined, options: RollOptions,
  ): Promise<Pass> {
    if (options.perRack && availability) {
      for (const group of rackGroups(plan.candidates, await availability.brokerRacks(), options.maxParallel)) {
        const ids = group.map((c) => c.nodeId);
        const verdict = await this.ask(() => availability.canRestartBrokers(ids));
        if (verdict.ok) return this.deleteAll(cluster, kafka, group, plan, verdict.unprotected ?? []);
        // Not an error: the brokers go one at a time instead, each with its own check.
        this.options.logger.info({ cluster: clusterKeyString(cluster), brokers: ids, reason: verdict.reason }, "brokers of a rack cannot restart together");
      }
    }
    const refusals: Refusal[] = [];
    for (const candidate of plan.candidates) {
      const verdict = await this.verdict(candidate, availability);
      if (verdict.ok) return this.deleteAll(cluster, kafka, [candidate], plan, verdict.unprotected ?? []);
      refusals.push({ pod: candidate.pod, reason: verdict.reason });
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

  /** Deletes the pods Kafka agreed to, all before any Event, so that a group goes down together. */
  private async deleteAll(
    cluster: ClusterSnapshot, kafka: KubeObject, group: readonly RestartCandidate[], plan: Extract<RollPlan, { action: "restart" }>, unprotected: readonly UnprotectedPartition[],
  ): Promise<Pass> {
    const deleted: Array<{ candidate: RestartCandidate; uid: string | undefined }> = [];
    for (const candidate of group) {
      const uid = cluster.pods.find((p) => p.metadata?.name === candidate.pod)?.metadata?.uid;
      if (await this.options.actions.deletePod(cluster.namespace, candidate.pod, uid) !== "deleted") break;
      if (uid) this.options.deletedPods.add(cluster, uid);
      deleted.push({ candidate, uid });
    }
    const [first] = group;
    if (deleted.length === 0 && first) {
      return pass({ kind: "waiting", reason: WAIT_REASON.podRestarting, message: `${first.pod} was deleted or replaced by someone else`, next: first.pod, pending: plan.pending });
    }
    const pods = deleted.map((d) => d.candidate.pod);
    this.options.logger.info({ cluster: clusterKeyString(cluster), pods, reasons: deleted.map((d) => d.candidate.reasons) }, "restarted pods");
    for (const { candidate, uid } of deleted) await this.recordRestart(cluster, kafka, candidate, uid);
    await this.reportUnprotected(cluster, kafka, unprotected);
    return pass({
      kind: "restarted",
      restarts: deleted.map((d) => ({ pod: d.candidate.pod, reasons: d.candidate.reasons })),
      at: this.options.clock().toISOString(),
      pending: plan.pending.filter((p) => !pods.includes(p)),
    });
  }

  /** Every check the candidate needs, merged: the first refusal, or consent with every unprotected partition. */
  private async verdict(candidate: RestartCandidate, availability: KafkaAvailability | undefined): Promise<AvailabilityVerdict> {
    if (candidate.checks.length === 0) return { ok: true };
    if (!availability) return { ok: false, reason: "Kafka cannot be asked" };
    const unprotected: UnprotectedPartition[] = [];
    for (const check of candidate.checks) {
      const verdict = await this.ask(() => (check === "controller" ? availability.canRestartController(candidate.nodeId) : availability.canRestartBroker(candidate.nodeId)));
      if (!verdict.ok) return verdict;
      unprotected.push(...(verdict.unprotected ?? []));
    }
    return unprotected.length > 0 ? { ok: true, unprotected } : { ok: true };
  }

  private async ask(question: () => Promise<AvailabilityVerdict>): Promise<AvailabilityVerdict> {
    try {
      return await question();
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

  /** One Warning per roll for each topic with partitions the roll let go. */
  private async reportUnprotected(cluster: ClusterSnapshot, kafka: KubeObject, unprotected: readonly UnprotectedPartition[]): Promise<void> {
    const key = clusterKeyString(cluster);
    const reported = this.reportedTopics.get(key) ?? new Set<string>();
    const fresh = unprotected.filter((p) => !reported.has(p.topic));
    if (fresh.length === 0) return;
    for (const p of fresh) reported.add(p.topic);
    this.reportedTopics.set(key, reported);
    await this.options.events.record({
      type: "Warning", action: EVENT_ACTION.restartUnprotected, reason: EVENT_REASON.unprotectedPartitions, regarding: kafka, note: unprotectedNote(fresh),
    });
  }

  private async report(
    cluster: ClusterSnapshot, kafka: KubeObject, outcome: RollOutcome, refusals: readonly Refusal[], lastRestart: LastRestart | undefined,
    reasons: ReadonlyMap<string, readonly RestartReason[]>,
  ): Promise<void> {
    const previous = cluster.podSets.map((s) => readRollStatus(s.metadata.annotations)?.waiting?.message);
    for (const podSet of cluster.podSets) {
      const context = {
        pods: new Set(podSet.spec.pods.map((p) => p.metadata.name)),
        reasons,
        ...(podSet.metadata.generation !== undefined ? { generation: podSet.metadata.generation } : {}),
      };
      const text = serializeRollStatus(podSetRollStatus(context, outcome, lastRestart));
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
  private async notify(cluster: ClusterSnapshot, kafka: KubeObject, outcome: Waiting, refusals: readonly Refusal[], previous: ReadonlyArray<string | undefined>): Promise<void> {
    const type = NOTIFIED_WAITS.get(outcome.reason);
    const key = clusterKeyString(cluster);
    if (!type || this.notified.get(key) === outcome.message || previous.includes(outcome.message)) return;
    this.notified.set(key, outcome.message);
    const common = { type, action: EVENT_ACTION.deferRestart, reason: outcome.reason };
    await this.options.events.record({ ...common, regarding: kafka, note: outcome.message });
    if (outcome.reason !== WAIT_REASON.availabilityCheckFailed) return;
    for (const refusal of refusals) {
      const uid = cluster.pods.find((p) => p.metadata?.name === refusal.pod)?.metadata?.uid;
      await this.options.events.record({ ...common, regarding: podReference(cluster.namespace, refusal.pod, uid), note: refusal.reason });
    }
  }
}
