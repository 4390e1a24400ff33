// Auto-rebalancing on scale (`spec.cruiseControl.autoRebalance`): Strimzi's
// KafkaAutoRebalancingReconciler as one pure step. From the cluster's
// `status.autoRebalance` (Idle, RebalanceOnScaleDown, RebalanceOnScaleUp, and the
// brokers queued by mode), the brokers the scale-down check holds, the brokers
// added, and the state of the `<cluster>-auto-rebalancing-<mode>` KafkaRebalance
// the state runs, it decides what to do to that KafkaRebalance (create it from the
// user's template, refresh it with other brokers, stop it, delete it) and the next
// status. Removal waits on the scale-down check: the brokers leave once Kafka says
// they host nothing, which the remove-brokers rebalance brings about.
import type { KafkaAutoRebalanceStatus } from "../api/kafka.js";
import type { KafkaRebalance, KafkaRebalanceSpec } from "../api/kafka-rebalance.js";
import { AUTO_APPROVAL_ANNOTATION } from "../api/kafka-rebalance.js";
import { LABEL } from "../labels.js";
import { stateOf } from "./states.js";

export type AutoRebalanceStatus = KafkaAutoRebalanceStatus;
export type AutoRebalanceState = AutoRebalanceStatus["state"];
export type AutoRebalanceMode = NonNullable<AutoRebalanceStatus["modes"]>[number]["mode"];

/** Strimzi's finalizer on the rebalances it creates, so that none goes while it is followed. */
export const AUTO_REBALANCING_FINALIZER = "strimzi.io/auto-rebalancing";

/** `<cluster>-auto-rebalancing-<mode>` (KafkaResources.autoRebalancingKafkaRebalanceResourceName). */
export const autoRebalancingName = (cluster: string, mode: AutoRebalanceMode): string => `${cluster}-auto-rebalancing-${mode}`;

export interface AutoRebalanceInput {
  cluster: string;
  namespace: string;
  /** `spec.cruiseControl.autoRebalance`. */
  configurations: ReadonlyArray<{ mode: AutoRebalanceMode; template?: { name: string } }>;
  /** The observed KafkaRebalances of the namespace by name: the templates and the running rebalance. */
  rebalances: ReadonlyMap<string, KafkaRebalance>;
  /** The status as last recorded; Idle since now when there is none. */
  status: AutoRebalanceStatus | undefined;
  /** Brokers the scale-down check holds because they still host replicas. */
  blocked: readonly number[];
  /** Brokers added and ready since the status was recorded, on top of the queued ones. */
  added: readonly number[];
  now: Date;
}

export type AutoRebalanceAction =
  | { action: "create"; rebalance: KafkaRebalance }
  /** Set the brokers and `strimzi.io/rebalance: refresh`. */
  | { action: "refresh"; name: string; brokers: number[] }
  /** `strimzi.io/rebalance: stop`. */
  | { action: "stop"; name: string }
  /** Remove the finalizer, then delete (its ConfigMap goes with it). */
  | { action: "delete"; name: string };

export type AutoRebalanceStep =
  | { ok: true; actions: AutoRebalanceAction[]; status: AutoRebalanceStatus }
  /** Strimzi fails the reconciliation here; the status is kept as it was. */
  | { ok: false; error: string };

interface Scaling { blocked: number[]; added: number[] }

const sorted = (ids: Iterable<number>): number[] => [...new Set(ids)].sort((a, b) => a - b);
const sameSet = (a: readonly number[], b: readonly number[] | undefined): boolean =>
  b !== undefined && sorted(a).join(",") === sorted(b).join(",");

function queued(status: AutoRebalanceStatus | undefined, mode: AutoRebalanceMode): number[] {
  return status?.modes?.find((m) => m.mode === mode)?.brokers ?? [];
}

/** Strimzi's updateStatus: the modes that have brokers, remove-brokers first; a new time on every transition. */
function statusOf(previous: AutoRebalanceStatus | undefined, state: AutoRebalanceState, scaling: Scaling, now: Date): AutoRebalanceStatus {
  const modes = [
    ...(scaling.blocked.length > 0 ? [{ mode: "remove-brokers" as const, brokers: scaling.blocked }] : []),
    ...(scaling.added.length > 0 ? [{ mode: "add-brokers" as const, brokers: scaling.added }] : []),
  ];
  // Where Strimzi stamps a new time on every update, the time stays while state and modes hold.
  const unchanged = previous?.state === state && JSON.stringify(previous.modes ?? []) === JSON.stringify(modes);
  return {
    state,
    lastTransitionTime: unchanged ? previous.lastTransitionTime : now.toISOString(),
    ...(modes.length > 0 ? { modes } : {}),
  };
}

/** Strimzi's buildKafkaRebalance: the template's spec with the mode and brokers, auto-approved, with the finalizer. */
function autoRebalance(input: AutoRebalanceInput, mode: AutoRebalanceMode, brokers: number[], template: KafkaRebalanceSpec | undefined): KafkaRebalance {
  return {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaRebalance",
    metadata: {
      name: autoRebalancingName(input.cluster, mode),
      namespace: input.namespace,
      labels: { [LABEL.cluster]: input.cluster },
      annotations: { [AUTO_APPROVAL_ANNOTATION]: "true" },
      finalizers: [AUTO_REBALANCING_FINALIZER],
    },
    spec: { ...template, mode, brokers },
  };
}

type Created = { created: true; action: AutoRebalanceAction } | { created: false } | { error: string };

/** Strimzi's createKafkaRebalance: with no configuration for the mode it fails; a template that does not exist skips it. */
function create(input: AutoRebalanceInput, mode: AutoRebalanceMode, brokers: number[]): Created {
  const configuration = input.configurations.find((c) => c.mode === mode);
  if (!configuration) return { error: `No auto-rebalancing configuration specified for mode ${mode}` };
  if (configuration.template === undefined) return { created: true, action: { action: "create", rebalance: autoRebalance(input, mode, brokers, undefined) } };
  const template = input.rebalances.get(configuration.template.name);
  if (!template) return { created: false };
  return { created: true, action: { action: "create", rebalance: autoRebalance(input, mode, brokers, template.spec) } };
}

/** One pass: the actions on the auto-rebalancing KafkaRebalances, in order, and the status after them. */
export function autoRebalanceStep(input: AutoRebalanceInput): AutoRebalanceStep {
  const status = input.status ?? { state: "Idle" as const, lastTransitionTime: input.now.toISOString() };
  const scaling: Scaling = { blocked: sorted(input.blocked), added: sorted([...queued(status, "add-brokers"), ...input.added]) };
  const idle = { blocked: [], added: [] };
  const done = (actions: AutoRebalanceAction[], state: AutoRebalanceState, nodes: Scaling): AutoRebalanceStep =>
    ({ ok: true, actions, status: statusOf(input.status, state, nodes, input.now) });
  // Create the rebalance for a mode, then the state it leads to; a skipped template ends Idle with nothing queued.
  const start = (before: AutoRebalanceAction[], mode: AutoRebalanceMode, nodes: Scaling): AutoRebalanceStep => {
    const created = create(input, mode, mode === "remove-brokers" ? nodes.blocked : nodes.added);
    if ("error" in created) return { ok: false, error: created.error };
    if (!created.created) return done(before, "Idle", idle);
    return done([...before, created.action], mode === "remove-brokers" ? "RebalanceOnScaleDown" : "RebalanceOnScaleUp", nodes);
  };

  // Nothing to do to the rebalance: the state holds, with the brokers added meanwhile queued.
  const stay = (): AutoRebalanceStep => done([], status.state, { blocked: queued(status, "remove-brokers"), added: scaling.added });

  if (status.state === "Idle") {
    if (scaling.blocked.length > 0) return start([], "remove-brokers", scaling);
    if (scaling.added.length > 0) return start([], "add-brokers", scaling);
    return stay();
  }

  const mode: AutoRebalanceMode = status.state === "RebalanceOnScaleDown" ? "remove-brokers" : "add-brokers";
  const name = autoRebalancingName(input.cluster, mode);
  const running = input.rebalances.get(name);
  // Strimzi fails on the missing resource and retries; here it is started again from the queue.
  if (!running) return start([], mode, scaling);
  const state = stateOf(running.status);
  const runningBrokers = running.spec.brokers;
  const remove = { action: "delete" as const, name };

  if (mode === "remove-brokers") {
    const changed = scaling.blocked.length > 0 && !sameSet(scaling.blocked, runningBrokers);
    switch (state) {
      case "Ready":
        if (changed) return done([{ action: "refresh", name, brokers: scaling.blocked }], "RebalanceOnScaleDown", scaling);
        if (scaling.added.length === 0) return done([remove], "Idle", idle);
        return start([remove], "add-brokers", scaling);
      case "New": case "PendingProposal": case "ProposalReady": case "Rebalancing":
        return changed ? done([{ action: "refresh", name, brokers: scaling.blocked }], "RebalanceOnScaleDown", scaling) : stay();
      case "NotReady":
        return done([remove], "Idle", idle);
      default:
        return { ok: false, error: `Unexpected state ${state ?? "unknown"}` };
    }
  }

  const changed = !sameSet(scaling.added, runningBrokers);
  switch (state) {
    case "Ready":
      if (scaling.blocked.length > 0) return start([remove], "remove-brokers", scaling);
      return changed ? done([{ action: "refresh", name, brokers: scaling.added }], "RebalanceOnScaleUp", scaling) : done([remove], "Idle", idle);
    case "New": case "PendingProposal": case "ProposalReady": case "Rebalancing":
      if (scaling.blocked.length > 0) {
        // Brokers added and now removed again need no rebalance onto them afterwards.
        const nodes = sameSet(scaling.blocked, scaling.added) ? { blocked: scaling.blocked, added: [] } : scaling;
        return start([{ action: "stop", name }, remove], "remove-brokers", nodes);
      }
      return changed ? done([{ action: "refresh", name, brokers: scaling.added }], "RebalanceOnScaleUp", scaling) : stay();
    case "NotReady":
      // Cruise Control may not have the new brokers yet: a new list is tried at once, the same one after going Idle, keeping the queue.
      return changed ? done([{ action: "refresh", name, brokers: scaling.added }], "RebalanceOnScaleUp", scaling) : done([remove], "Idle", scaling);
    default:
      return { ok: false, error: `Unexpected state ${state ?? "unknown"}` };
  }
}
