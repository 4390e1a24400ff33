// A KafkaRebalance's next status, as Strimzi's KafkaRebalanceAssemblyOperator
// computes it (reconcileKafkaRebalance, computeNextStatus and the on<State>
// methods), without I/O: the decision is a chain of steps, each either done or
// a Cruise Control request whose response gives the next step. Everything it
// needs is in the resource (its status above all: state, sessionId,
// optimizationResult), so any replica of the sidecar, at any time, takes up a
// rebalance where the last one left it.
import {
  AUTO_APPROVAL_ANNOTATION, GITOPS_APPROVAL_ANNOTATION, REBALANCE_ANNOTATION, rebalanceProblems, TEMPLATE_ANNOTATION,
  type KafkaRebalanceSpec, type KafkaRebalanceStatus,
} from "../api/kafka-rebalance.js";
import type { Condition, KubeObject } from "../api/kubernetes.js";
import { validateKafkaRebalance } from "../api/validate.js";
import { LABEL } from "../labels.js";
import {
  executorStateAnswer, parseProposal, rebalanceAnswer, stopAnswer, userTaskAnswer,
  type CruiseControlResponse, type Proposal, type RebalanceFailure, type UserTaskAnswer,
} from "./answers.js";
import { BROKER_LOAD_KEY, brokerLoadJson, optimizationResult, rebalancingProgress, settledProgress } from "./proposal-config-map.js";
import { rebalanceRequest, STATE_REQUEST, STOP_EXECUTION_REQUEST, userTaskRequest, type CruiseControlRequest } from "./requests.js";
import { annotationValue, stateOf, VALID_ANNOTATIONS, type RebalanceAnnotation, type RebalanceState } from "./states.js";

/** A KafkaRebalance as read from the API server: nothing of its spec is trusted yet. */
export interface StoredRebalance {
  metadata: { name: string; namespace: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  status?: KafkaRebalanceStatus;
}

export interface RebalanceInput {
  rebalance: StoredRebalance;
  /** The Kafka its `strimzi.io/cluster` label names, as the cache holds it; undefined when there is none. */
  kafka: KubeObject | undefined;
  /** Why Cruise Control cannot be called (a Secret it needs is missing); undefined when it can. */
  clientProblem: RebalanceFailure | undefined;
  /** Cruise Control's `host:port`, as Strimzi's messages name it. */
  endpoint: string;
  /** The data of the ConfigMap named as the rebalance; undefined when there is none. */
  configMap: Record<string, string> | undefined;
  now: Date;
}

export interface Outcome {
  status: KafkaRebalanceStatus;
  /** Strimzi removes `strimzi.io/rebalance` once it has acted on it (never one the state does not accept). */
  removeRebalanceAnnotation: boolean;
  /** The ConfigMap's data to hold; undefined leaves it as it is. */
  configMap: Record<string, string> | undefined;
}

export type Step =
  /** A template: nothing is asked and nothing written. */
  | { kind: "skip" }
  | { kind: "done"; outcome: Outcome }
  | { kind: "call"; request: CruiseControlRequest; next: (response: CruiseControlResponse) => Step };

/** Strimzi's CruiseControlIssues: a NotReady with one of these messages asks again by itself once the cause is gone. */
const ISSUE = {
  clusterLabelMissing: `Resource lacks label '${LABEL.cluster}': No cluster related to a possible rebalance.`,
  cruiseControlDisabled: "Kafka resource lacks 'cruiseControl' declaration",
  kafkaClusterNotReady: "Kafka cluster is not Ready",
};
const RENEWING_MESSAGES: readonly string[] = Object.values(ISSUE);
const RETRIABLE_CONNECTION = "CruiseControlRetriableConnectionException";

interface Computed {
  status: KafkaRebalanceStatus;
  /** New data for the ConfigMap (a fresh proposal), or "previous" to keep what it holds. */
  configMap: Record<string, string> | "previous" | undefined;
}

/** What the state machine carries from step to step. */
class Reconciliation {
  readonly previous: KafkaRebalanceStatus | undefined;
  readonly generation: number | undefined;

  constructor(readonly input: RebalanceInput, readonly spec: KafkaRebalanceSpec, readonly state: RebalanceState, readonly annotation: RebalanceAnnotation | "none" | "unknown") {
    this.previous = input.rebalance.status;
    this.generation = input.rebalance.metadata.generation;
  }

  /** A condition as it was when it was last written the same, so a steady state writes nothing. */
  condition(fresh: Omit<Condition, "lastTransitionTime">): Condition {
    const same = this.previous?.conditions?.find((c) =>
      c.type === fresh.type && c.status === fresh.status && c.reason === fresh.reason && c.message === fresh.message);
    return { type: fresh.type, status: fresh.status, lastTransitionTime: same?.lastTransitionTime ?? this.input.now.toISOString(), ...(fresh.reason !== undefined ? { reason: fresh.reason } : {}), ...(fresh.message !== undefined ? { message: fresh.message } : {}) };
  }

  /** InvalidAnnotation: a value of `strimzi.io/rebalance` this state does not accept (validateAnnotation). */
  warnings(state: RebalanceState): Condition[] {
    if (this.annotation === "none" || (this.annotation !== "unknown" && VALID_ANNOTATIONS[state].includes(this.annotation))) return [];
    const raw = this.input.rebalance.metadata.annotations?.[REBALANCE_ANNOTATION];
    return [this.condition({
      type: "Warning", status: "True", reason: "InvalidAnnotation",
      message: `Wrong annotation value: ${raw}. The rebalance resource supports the following annotations in ${state} state: [${VALID_ANNOTATIONS[state].join(", ")}]`,
    })];
  }

  stateStatus(state: RebalanceState, fields: Pick<KafkaRebalanceStatus, "sessionId" | "optimizationResult"> = {}, warnings: Condition[] = []): KafkaRebalanceStatus {
    return this.status([this.condition({ type: state, status: "True" }), ...warnings], fields);
  }

  /** The state and results kept, the warnings of now (buildRebalanceStatusFromPreviousStatus). */
  previousStatus(warnings: Condition[]): KafkaRebalanceStatus {
    const stateCondition = this.previous?.conditions?.find((c) => c.type === this.state && c.status === "True") ?? this.condition({ type: this.state, status: "True" });
    return this.status([stateCondition, ...warnings], { sessionId: this.previous?.sessionId, optimizationResult: this.previous?.optimizationResult });
  }

  failureStatus(failure: RebalanceFailure): KafkaRebalanceStatus {
    return this.status([this.condition({ type: "NotReady", status: "True", reason: failure.reason, message: failure.message })]);
  }

  private status(conditions: Condition[], fields: Pick<KafkaRebalanceStatus, "sessionId" | "optimizationResult"> = {}): KafkaRebalanceStatus {
    return {
      conditions,
      ...(this.generation !== undefined ? { observedGeneration: this.generation } : {}),
      ...(fields.sessionId ? { sessionId: fields.sessionId } : {}),
      ...(fields.optimizationResult && Object.keys(fields.optimizationResult).length > 0 ? { optimizationResult: fields.optimizationResult } : {}),
    };
  }
}

const done = (outcome: Outcome): Step => ({ kind: "done", outcome });
const call = (request: CruiseControlRequest, next: (response: CruiseControlResponse) => Step): Step => ({ kind: "call", request, next });

/** A failure: NotReady naming it; the annotation stays and the ConfigMap is left alone, as in Strimzi. */
const failed = (r: Reconciliation, failure: RebalanceFailure): Step =>
  done({ status: r.failureStatus(failure), removeRebalanceAnnotation: false, configMap: undefined });

const isKafkaReady = (kafka: KubeObject): boolean => {
  const conditions = (kafka.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
};

/** The first step of a reconciliation of `input.rebalance`. */
export function reconcileRebalance(input: RebalanceInput): Step {
  const { rebalance } = input;
  const annotations = rebalance.metadata.annotations ?? {};
  if (annotations[TEMPLATE_ANNOTATION] === "true") return { kind: "skip" };
  const storedState = stateOf(rebalance.status);
  const bare = new Reconciliation(input, {}, storedState ?? "NotReady", "none");
  const cluster = rebalance.metadata.labels?.[LABEL.cluster];
  if (cluster === undefined) return failed(bare, { reason: "InvalidResourceException", message: ISSUE.clusterLabelMissing });
  const { kafka } = input;
  if (!kafka) {
    return failed(bare, { reason: "NoSuchResourceException", message: `Kafka resource '${cluster}' identified by label '${LABEL.cluster}' does not exist in namespace ${rebalance.metadata.namespace}.` });
  }
  if (!isKafkaReady(kafka) && storedState !== "Ready") return failed(bare, { reason: "RuntimeException", message: ISSUE.kafkaClusterNotReady });
  if ((kafka.spec as { cruiseControl?: unknown } | undefined)?.cruiseControl === undefined) {
    return failed(bare, { reason: "InvalidResourceException", message: ISSUE.cruiseControlDisabled });
  }
  if (input.clientProblem) return failed(bare, input.clientProblem);
  if (!storedState) return failed(bare, { reason: "RuntimeException", message: "Unable to find KafkaRebalance State in current KafkaRebalance status" });
  // A changed spec is a refresh (Strimzi adds the annotation itself and acts on it).
  const specChanged = rebalance.status !== undefined && rebalance.status.observedGeneration !== rebalance.metadata.generation;
  const annotation = specChanged ? "refresh" : annotationValue(annotations[REBALANCE_ANNOTATION]);
  if (annotations["strimzi.io/pause-reconciliation"] === "true") {
    const paused = new Reconciliation(input, {}, "ReconciliationPaused", annotation);
    return done({ status: paused.stateStatus("ReconciliationPaused"), removeRebalanceAnnotation: false, configMap: undefined });
  }
  const validated = validateKafkaRebalance({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance", ...rebalance });
  if (!validated.ok) {
    return failed(bare, { reason: "InvalidResourceException", message: validated.problems.map((p) => `${p.path}: ${p.message}`).join("; ") });
  }
  const [problem] = rebalanceProblems(validated.value.spec);
  if (problem) return failed(bare, { reason: "IllegalArgumentException", message: problem.message });
  const r = new Reconciliation(input, validated.value.spec, storedState, annotation);
  return finish(r, nextStatus(r));
}

/** computeNextStatus: one method per state. */
function nextStatus(r: Reconciliation): Step | Computed {
  switch (r.state) {
    case "New":
    case "ReconciliationPaused":
      return requestProposal(r, true);
    case "PendingProposal":
      return onPendingProposal(r);
    case "ProposalReady":
      return onProposalReady(r);
    case "Rebalancing":
      return onRebalancing(r);
    case "Stopped":
      return r.annotation === "refresh" ? requestProposal(r, true) : { status: r.stateStatus("Stopped", {}, r.warnings("Stopped")), configMap: undefined };
    case "Ready":
      return r.annotation === "refresh" ? requestProposal(r, true) : { status: r.previousStatus(r.warnings("Ready")), configMap: "previous" };
    case "NotReady":
      return renews(r) ? requestProposal(r, true) : { status: r.previousStatus(r.warnings("NotReady")), configMap: undefined };
  }
}

/** shouldRenewRebalance: a refresh, Cruise Control unreachable before, or one of the issues that go away by themselves. */
function renews(r: Reconciliation): boolean {
  if (r.annotation === "refresh") return true;
  return (r.previous?.conditions ?? []).some((c) =>
    c.reason === RETRIABLE_CONNECTION || (c.message ?? "").includes(RETRIABLE_CONNECTION) || RENEWING_MESSAGES.includes(c.message ?? ""));
}

/** requestRebalance and handleRebalanceResponse: a proposal (dry run) or its execution. */
function requestProposal(r: Reconciliation, dryRun: boolean): Step {
  const request = rebalanceRequest(r.spec, dryRun);
  return call(request, (response) => {
    const answer = rebalanceAnswer(response, r.input.endpoint, request);
    switch (answer.kind) {
      case "failed":
        // Strimzi keeps an annotation whose request Cruise Control refused, and asks again on every reconciliation (and on
        // every new leader here); a refused request is asked again on a new annotation, a connection failure by itself (renews).
        return done({ status: r.failureStatus(answer.failure), removeRebalanceAnnotation: actedOnAnnotation(r), configMap: undefined });
      case "notEnoughData":
        return finish(r, { status: r.stateStatus("PendingProposal"), configMap: undefined });
      case "calculating":
        return finish(r, { status: r.stateStatus(dryRun ? "PendingProposal" : "Rebalancing", { sessionId: answer.userTaskId }), configMap: undefined });
      case "proposal":
        if (answer.proposal.summary === undefined) {
          return failed(r, { reason: "CruiseControlRestException", message: `Rebalance returned unknown response: ${JSON.stringify(answer.proposal)}` });
        }
        return withProposal(r, dryRun ? "ProposalReady" : "Rebalancing", answer.userTaskId, answer.proposal);
    }
  });
}

/** buildRebalanceStatus with a proposal: its summary in the status, its loads in the ConfigMap. */
function withProposal(r: Reconciliation, state: RebalanceState, sessionId: string | undefined, proposal: Proposal): Step {
  const loads = brokerLoadJson(proposal);
  if (typeof loads !== "string") return failed(r, loads);
  const name = r.input.rebalance.metadata.name;
  return finish(r, {
    status: r.stateStatus(state, { sessionId, optimizationResult: optimizationResult(proposal, name) }),
    configMap: { [BROKER_LOAD_KEY]: loads },
  });
}

function onPendingProposal(r: Reconciliation): Step | Computed {
  if (r.annotation === "refresh") return requestProposal(r, true);
  if (r.annotation === "stop") return { status: r.stateStatus("Stopped"), configMap: undefined };
  const sessionId = r.previous?.sessionId;
  if (!sessionId) return requestProposal(r, true);
  return userTask(r, sessionId, true);
}

/** An approval: Strimzi's annotation or auto-approval, or ours naming this very proposal. */
function approved(r: Reconciliation): boolean {
  const annotations = r.input.rebalance.metadata.annotations ?? {};
  if (annotations[AUTO_APPROVAL_ANNOTATION] === "true" || r.annotation === "approve") return true;
  const sessionId = r.previous?.sessionId;
  return sessionId !== undefined && annotations[GITOPS_APPROVAL_ANNOTATION] === sessionId;
}

function onProposalReady(r: Reconciliation): Step | Computed {
  if (r.annotation === "refresh") return requestProposal(r, true);
  if (approved(r)) return requestProposal(r, false);
  return { status: r.previousStatus(r.warnings("ProposalReady")), configMap: "previous" };
}

function onRebalancing(r: Reconciliation): Step | Computed {
  if (r.annotation === "stop" || r.annotation === "refresh") {
    const refresh = r.annotation === "refresh";
    return call(STOP_EXECUTION_REQUEST, (response) => {
      const failure = stopAnswer(response, r.input.endpoint, STOP_EXECUTION_REQUEST);
      if (failure) return failed(r, failure);
      return refresh ? requestProposal(r, true) : finish(r, { status: r.stateStatus("Stopped"), configMap: undefined });
    });
  }
  const sessionId = r.previous?.sessionId;
  // A Rebalancing status without a task to follow (written by hand, or cut short): ask for a new proposal.
  if (!sessionId) return requestProposal(r, true);
  return userTask(r, sessionId, false);
}

/** handleUserTaskStatusResponse: what the task of a proposal (`dryRun`) or of an execution says. */
function userTask(r: Reconciliation, sessionId: string, dryRun: boolean): Step {
  const request = userTaskRequest(sessionId);
  const unchanged = (): Step => finish(r, { status: r.previousStatus(r.warnings(r.state)), configMap: "previous" });
  return call(request, (response) => {
    const answer: UserTaskAnswer = userTaskAnswer(response, r.input.endpoint, request);
    switch (answer.kind) {
      case "failed":
        return failed(r, answer.failure);
      case "busy":
        return unchanged();
      case "unknown":
        // Cruise Control forgot the task (it restarted): a new proposal, which is reviewed again unless auto-approved.
        return requestProposal(r, true);
      case "task":
        break;
    }
    if (answer.status === "CompletedWithError") {
      return finish(r, { status: r.stateStatus("NotReady", { sessionId }, r.warnings(r.state)), configMap: undefined });
    }
    if (answer.status === "Active") return unchanged();
    // An execution followed after its proposal is in the status needs nothing of the task but its state.
    const hasResult = Object.keys(r.previous?.optimizationResult ?? {}).length > 0;
    if (answer.status === "InExecution" && !dryRun && hasResult) return unchanged();
    const parsed = parseProposal(answer.originalResponse);
    if ("failure" in parsed) return failed(r, parsed.failure);
    const { proposal } = parsed;
    const hasLoads = proposal.loadBeforeOptimization !== undefined && proposal.loadAfterOptimization !== undefined;
    switch (answer.status) {
      case "Completed":
        if (!dryRun) return withProposal(r, "Ready", undefined, proposal);
        return hasLoads ? withProposal(r, "ProposalReady", sessionId, proposal) : unchanged();
      case "InExecution":
        if (dryRun) return hasLoads ? withProposal(r, "ProposalReady", sessionId, proposal) : unchanged();
        return withProposal(r, "Rebalancing", sessionId, proposal);
    }
  });
}

/** Whether this reconciliation acts on the rebalance's `strimzi.io/rebalance` annotation, which then goes. */
const actedOnAnnotation = (r: Reconciliation): boolean => r.input.rebalance.metadata.annotations?.[REBALANCE_ANNOTATION] !== undefined
  && r.annotation !== "none" && r.annotation !== "unknown" && VALID_ANNOTATIONS[r.state].includes(r.annotation);

/**
 * updateProgressFields and the annotation's removal: once a ConfigMap exists it
 * stays and the status points at it; a Rebalancing rebalance's progress is read
 * from Cruise Control's executor (a failure to read it is only a Warning).
 */
function finish(r: Reconciliation, computed: Step | Computed): Step {
  if ("kind" in computed) return computed;
  const existing = r.input.configMap;
  const fresh = computed.configMap === "previous" ? undefined : computed.configMap;
  const data = fresh ?? existing;
  const removeRebalanceAnnotation = actedOnAnnotation(r);
  if (!data) return done({ status: computed.status, removeRebalanceAnnotation, configMap: undefined });
  const status = { ...computed.status, progress: { rebalanceProgressConfigMap: r.input.rebalance.metadata.name } };
  const state = stateOf(status) ?? "NotReady";
  if (state !== "Rebalancing") return done({ status, removeRebalanceAnnotation, configMap: settledProgress(state, data) });
  return call(STATE_REQUEST, (response) => {
    const answer = executorStateAnswer(response, r.input.endpoint, STATE_REQUEST);
    const progress = "executor" in answer ? rebalancingProgress(answer.executor, r.input.now) : answer.failure.message;
    if (typeof progress !== "string") return done({ status, removeRebalanceAnnotation, configMap: { ...data, ...progress } });
    const warning = r.condition({ type: "Warning", status: "True", reason: "CruiseControlExecutorState", message: `Progress update of rebalance skipped due to the following reason: ${progress}` });
    return done({ status: { ...status, conditions: [...(status.conditions ?? []), warning] }, removeRebalanceAnnotation, configMap: data });
  });
}
