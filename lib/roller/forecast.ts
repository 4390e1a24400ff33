// Which pods will restart, why, and whether they wait for a maintenance window:
// what the Kafka status and `render --observed` show before anything happens.
//
// Two sources, each giving Strimzi's restart reasons:
// - the change about to be applied: each desired PodSet entry against the
//   observed one, expanded into pods and compared by content;
// - what is already out of date: with the observed pods (render), the
//   reasons the roller itself computes; without them (the Kafka hook, which
//   does not see pods), the pending pods and reasons the roller recorded in
//   the PodSets' roll status.
// Options applied at run time restart nothing: they are listed apart, until the
// sidecar records them held by every node.
import type { KubeObject, Pod } from "../api/kubernetes.js";
import type { PodEntry, StrimziPodSet } from "../api/strimzi-podset.js";
import { LABEL } from "../labels.js";
import { expandPod } from "../podset/expand.js";
import { observedRevision, podRevision } from "../podset/revision.js";
import { covers, sortedDeep } from "./canonical.js";
import { nodeIdOf } from "./cluster-nodes.js";
import { nextWindowStart, withinMaintenanceWindows } from "./maintenance-window.js";
import {
  CERTIFICATE_REASONS, changeReasons, isManuallyAnnotated, mergeReasons, restartReasons, RESTART_NOTE, type RestartReason,
} from "./restart-reasons.js";
import { rollOptions } from "./roll-options.js";
import { rollOrder, type RollNode } from "./roll-plan.js";
import { pendingRunTimeOptions } from "./run-time-update.js";
import { readRollStatus, recordedWait, type RollStatus, type RollWait } from "./roll-status.js";

export interface ForecastInput {
  kafka: KubeObject;
  desired: readonly StrimziPodSet[];
  observed: readonly StrimziPodSet[];
  /** The cluster's pods, when known; the Kafka hook does not see them. */
  pods?: readonly Pod[];
  now: Date;
}

export interface PodRestartForecast {
  pod: string;
  podSet: string;
  reasons: RestartReason[];
  /** Only new certificates, outside every maintenance time window: it waits for the next one. */
  postponed: boolean;
}

export interface RollForecast {
  /** In roll order (controllers first, then brokers; the active controller is not known here). */
  restarts: PodRestartForecast[];
  /** When the next maintenance time window opens, if any restart waits for it and one opens within four years. */
  windowOpens?: string;
  /** Why the roller waits, as it last recorded. */
  waiting?: RollWait;
  /**
   * Per PodSet, how many of its pods may be out of date without making the
   * cluster NotReady: those whose restart only waits for a maintenance window,
   * as the roller recorded on the PodSet's current generation.
   */
  postponedPods: ReadonlyMap<string, number>;
  /** Observed PodSets this sync changes: not reconciled, whatever their status says. */
  changedPodSets: ReadonlySet<string>;
  /** Roll annotations on the Kafka that were ignored, with why. */
  problems: string[];
  /** Options of `spec.kafka.config` the sidecar still applies to the running nodes, restarting no node for them (lib/config/run-time-options.ts). */
  runTimeChanges: string[];
}

const isRestartReason = (value: unknown): value is RestartReason => typeof value === "string" && value in RESTART_NOTE;

/** The reasons a roll status records for a pending pod, of those this version knows. */
function recordedReasons(status: RollStatus | undefined, pod: string): RestartReason[] | undefined {
  if (!status?.pending.includes(pod)) return undefined;
  const recorded: unknown = status.reasons?.[pod];
  return Array.isArray(recorded) ? recorded.filter(isRestartReason) : [];
}

function maintenanceTimeWindows(kafka: KubeObject): string[] | undefined {
  const windows = (kafka.spec as { maintenanceTimeWindows?: unknown } | undefined)?.maintenanceTimeWindows;
  return Array.isArray(windows) ? windows.filter((w): w is string => typeof w === "string") : undefined;
}

/**
 * A running pod's reasons to restart once the new PodSet is applied. A pod current
 * with the observed PodSet restarts for what changes between the two
 * descriptions (compared by content). One already out of date is compared
 * with the pod the PodSet hook will make of the new PodSet as the API server
 * returns it, keys sorted: it may be current again (a change undone) or out
 * of date for other reasons than before.
 */
function podReasons(pod: Pod, was: Pod, changes: () => RestartReason[], next: { desired: StrimziPodSet; entry: PodEntry }, before: StrimziPodSet): RestartReason[] {
  const podSetAnnotations = before.metadata.annotations;
  if (observedRevision(pod) === podRevision(was)) {
    return mergeReasons(changes(), restartReasons({ observed: pod, desired: was, podSetAnnotations }));
  }
  const returned = sortedDeep(next.desired);
  const entry = returned.spec.pods.find((e) => e.metadata.name === next.entry.metadata.name) ?? next.entry;
  return restartReasons({ observed: pod, desired: expandPod(returned, entry), podSetAnnotations });
}

export function rollForecast(input: ForecastInput): RollForecast {
  const observed = new Map(input.observed.map((s) => [s.metadata.name, s]));
  const pods = input.pods ? new Map(input.pods.map((p) => [p.metadata?.name ?? "", p])) : undefined;
  const statuses = new Map(input.observed.map((s) => [s.metadata.name, readRollStatus(s.metadata.annotations)]));
  const nodes: RollNode[] = [];
  const changedPodSets = new Set<string>();
  const runTimeChanges = new Set<string>();
  for (const podSet of input.desired) {
    const before = observed.get(podSet.metadata.name);
    if (!before) continue;
    for (const key of pendingRunTimeOptions(before, podSet)) runTimeChanges.add(key);
    const beforeEntries = new Map(before.spec.pods.map((e) => [e.metadata.name, e]));
    // Every sync of a running cluster comes here: pods are expanded and compared only where their entry or template changed.
    const sameTemplate = covers(before.spec.podTemplate, podSet.spec.podTemplate);
    let changed = !sameTemplate || !covers(before.spec.selector, podSet.spec.selector) || before.spec.pods.length !== podSet.spec.pods.length;
    for (const entry of podSet.spec.pods) {
      const name = entry.metadata.name;
      const beforeEntry = beforeEntries.get(name);
      const nodeId = nodeIdOf(name);
      if (!beforeEntry || nodeId === undefined) {
        changed = true;
        continue;
      }
      const unchanged = sameTemplate && covers(beforeEntry, entry);
      changed ||= !unchanged;
      const changes = (): RestartReason[] => (unchanged ? [] : changeReasons(expandPod(before, beforeEntry), expandPod(podSet, entry)));
      const pod = pods?.get(name);
      // Undefined unless the roller recorded the pod as pending: then it restarts even for reasons this version does not know.
      const recorded = pods ? undefined : recordedReasons(statuses.get(before.metadata.name), name);
      const manual: RestartReason[] = isManuallyAnnotated(before.metadata.annotations) ? ["MANUAL_ROLLING_UPDATE"] : [];
      const reasons = pod
        ? podReasons(pod, expandPod(before, beforeEntry), changes, { desired: podSet, entry }, before)
        : mergeReasons(changes(), recorded ?? [], manual);
      if (reasons.length === 0 && recorded === undefined) continue;
      const labels = { ...podSet.spec.podTemplate.metadata.labels, ...entry.metadata.labels };
      nodes.push({
        pod: name, podSet: podSet.metadata.name, nodeId, state: "ready", reasons,
        controller: labels[LABEL.controllerRole] === "true", broker: labels[LABEL.brokerRole] === "true",
      });
    }
    if (changed) changedPodSets.add(podSet.metadata.name);
  }

  const windows = maintenanceTimeWindows(input.kafka);
  const outside = !withinMaintenanceWindows(windows, input.now).within;
  const restarts = rollOrder(nodes, undefined).map((n) => ({
    pod: n.pod,
    podSet: n.podSet,
    reasons: [...n.reasons],
    postponed: outside && n.reasons.length > 0 && n.reasons.every((r) => CERTIFICATE_REASONS.has(r)),
  }));
  const opens = restarts.some((r) => r.postponed) ? nextWindowStart(windows, input.now) : undefined;
  const waiting = recordedWait([...statuses.values()]);

  const postponedPods = new Map<string, number>();
  for (const [name, status] of statuses) {
    const podSet = observed.get(name);
    const current = status?.generation !== undefined && status.generation === podSet?.metadata.generation;
    const ownRestarts = restarts.filter((r) => r.podSet === name);
    if (current && status && status.pending.length > 0 && ownRestarts.every((r) => r.postponed)
      && status.pending.every((pod) => ownRestarts.some((r) => r.pod === pod))) {
      postponedPods.set(name, status.pending.length);
    }
  }
  return {
    restarts,
    ...(opens ? { windowOpens: opens.toISOString() } : {}),
    ...(waiting ? { waiting } : {}),
    postponedPods,
    changedPodSets,
    problems: rollOptions(input.kafka).problems,
    runTimeChanges: [...runTimeChanges].sort(),
  };
}
