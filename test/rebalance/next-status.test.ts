// KafkaRebalance's state machine (lib/rebalance) against Cruise Control's
// recorded answers: every transition of Strimzi's, every error answer, the
// requests Strimzi's PathBuilder makes, and the GitOps approval.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { KafkaRebalanceStatus } from "../../lib/api/kafka-rebalance.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { CruiseControlResponse } from "../../lib/rebalance/answers.js";
import { reconcileRebalance, type Outcome, type RebalanceInput, type Step, type StoredRebalance } from "../../lib/rebalance/next-status.js";
import { brokerLoadJson } from "../../lib/rebalance/proposal-config-map.js";
import { rebalanceRequest } from "../../lib/rebalance/requests.js";
import { sharedDir } from "../helpers/paths.js";

const recorded = (file: string): string => readFileSync(join(sharedDir, "strimzi-reference", "cruise-control-responses", file), "utf8");
const NOW = new Date("2026-12-06T20:10:00.000Z");
const EARLIER = "2026-12-06T19:00:00.000Z";
const ENDPOINT = "my-cluster-cruise-control.myproject.svc:9090";
const TASK = "7b0e3f3c-0000-4000-8000-000000000001";

const kafka = (ready = true, cruiseControl = true): KubeObject => ({
  apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace: "myproject" },
  spec: { ...(cruiseControl ? { cruiseControl: {} } : {}) },
  status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

const state = (type: string, fields: Partial<KafkaRebalanceStatus> = {}): KafkaRebalanceStatus =>
  ({ conditions: [{ type, status: "True", lastTransitionTime: EARLIER }], observedGeneration: 1, ...fields });

function stored(status?: KafkaRebalanceStatus, annotations: Record<string, string> = {}, spec: object = {}, generation = 1): StoredRebalance {
  return { metadata: { name: "my-rebalance", namespace: "myproject", generation, labels: { "strimzi.io/cluster": "my-cluster" }, annotations }, spec, ...(status ? { status } : {}) };
}

const input = (rebalance: StoredRebalance, overrides: Partial<RebalanceInput> = {}): RebalanceInput =>
  ({ rebalance, kafka: kafka(), clientProblem: undefined, endpoint: ENDPOINT, configMap: undefined, now: NOW, ...overrides });

const ok = (body: string, userTaskId = TASK, status = 200): CruiseControlResponse => ({ status, userTaskId, body });

/** Runs the steps, answering each request from `answers` in order; returns the requests and the outcome. */
function drive(step: Step, answers: CruiseControlResponse[]): { requests: string[]; outcome: Outcome | "skip" } {
  const requests: string[] = [];
  let current = step;
  while (current.kind === "call") {
    requests.push(`${current.request.method} ${current.request.path}`);
    const answer = answers.shift();
    if (!answer) throw new Error(`no answer for ${current.request.path}`);
    current = current.next(answer);
  }
  return { requests, outcome: current.kind === "skip" ? "skip" : current.outcome };
}

const PROPOSAL = recorded("CC-Rebalance-no-goals-verbose.json");
const proposalSummary = (JSON.parse(PROPOSAL) as { summary: Record<string, unknown> }).summary;
const USER_TASK = (file: string): string => recorded(file);

const DRY_RUN_FULL = "POST /kafkacruisecontrol/rebalance?json=true&dryrun=true&verbose=true&skip_hard_goal_check=false&rebalance_disk=false";
const RUN_FULL = "POST /kafkacruisecontrol/rebalance?json=true&dryrun=false&verbose=true&skip_hard_goal_check=false&rebalance_disk=false";
const TASKS = `GET /kafkacruisecontrol/user_tasks?json=true&fetch_completed_task=true&user_task_ids=${TASK}`;

t.test("the requests of PathBuilder, parameter for parameter", async (t) => {
  const path = (spec: object, dryRun = true) => rebalanceRequest(spec, dryRun).path;
  t.equal(path({}), DRY_RUN_FULL.replace("POST ", ""));
  t.equal(path({ mode: "add-brokers", brokers: [3, 4] }, false),
    "/kafkacruisecontrol/add_broker?json=true&dryrun=false&verbose=true&skip_hard_goal_check=false&brokerid=3%2C4");
  t.equal(path({ mode: "remove-brokers", brokers: [5], goals: ["RackAwareGoal", "ReplicaCapacityGoal"], skipHardGoalCheck: true, concurrentLeaderMovements: 0 }),
    "/kafkacruisecontrol/remove_broker?json=true&dryrun=true&verbose=true&skip_hard_goal_check=true&goals=RackAwareGoal%2CReplicaCapacityGoal&brokerid=5");
  t.equal(path({ mode: "remove-disks", moveReplicasOffVolumes: [{ brokerId: 0, volumeIds: [1, 2] }] }),
    "/kafkacruisecontrol/remove_disks?json=true&dryrun=true&brokerid_and_logdirs=0-%2Fvar%2Flib%2Fkafka%2Fdata-1%2Fkafka-log0%2C0-%2Fvar%2Flib%2Fkafka%2Fdata-2%2Fkafka-log0");
  t.equal(path({
    excludedTopics: "test.* ", replicaMovementStrategies: ["a.B", "c.D"], concurrentPartitionMovementsPerBroker: 5, concurrentLeaderMovements: 100,
    replicationThrottle: 1000, rebalanceDisk: true, concurrentIntraBrokerPartitionMovements: 2,
  }), "/kafkacruisecontrol/rebalance?json=true&dryrun=true&verbose=true&skip_hard_goal_check=false&excluded_topics=test.*+&replica_movement_strategies=a.B%2Cc.D"
    + "&concurrent_partition_movements_per_broker=5&concurrent_leader_movements=100&replication_throttle=1000&rebalance_disk=true&concurrent_intra_broker_partition_movements=2");
});

t.test("New: a proposal at once is ProposalReady, with the summary and the loads ConfigMap", async (t) => {
  const { requests, outcome } = drive(reconcileRebalance(input(stored())), [ok(PROPOSAL)]);
  t.strictSame(requests, [DRY_RUN_FULL]);
  if (outcome === "skip") throw new Error("skipped");
  t.strictSame(outcome.status, {
    conditions: [{ type: "ProposalReady", status: "True", lastTransitionTime: NOW.toISOString() }],
    observedGeneration: 1, sessionId: TASK,
    optimizationResult: { ...proposalSummary, afterBeforeLoadConfigMap: "my-rebalance" },
    progress: { rebalanceProgressConfigMap: "my-rebalance" },
  });
  t.equal(outcome.removeRebalanceAnnotation, false);
  t.strictSame(Object.keys(outcome.configMap ?? {}), ["brokerLoad.json", "completedByteMovementPercentage"]);
  t.equal(outcome.configMap?.completedByteMovementPercentage, "0");
  const loads = JSON.parse(outcome.configMap?.["brokerLoad.json"] ?? "{}") as Record<string, Record<string, { before: number; after: number; diff: number }>>;
  t.strictSame(Object.keys(loads), ["0", "1", "2"]);
  t.strictSame(Object.keys(loads["0"] ?? {}), ["leaders", "replicas", "cpuPercentage", "diskUsedPercentage", "diskUsedMB", "networkOutRateKB",
    "leaderNetworkInRateKB", "followerNetworkInRateKB", "potentialMaxNetworkOutRateKB"]);
  const proposal = JSON.parse(PROPOSAL) as { loadBeforeOptimization: { brokers: Array<Record<string, number>> }; loadAfterOptimization: { brokers: Array<Record<string, number>> } };
  const before = proposal.loadBeforeOptimization.brokers.find((b) => b.Broker === 0);
  const after = proposal.loadAfterOptimization.brokers.find((b) => b.Broker === 0);
  t.strictSame(loads["0"]?.leaders, { before: before?.Leaders, after: after?.Leaders, diff: (after?.Leaders ?? 0) - (before?.Leaders ?? 0) });
  t.strictSame(loads["0"]?.cpuPercentage, { before: before?.CpuPct, after: after?.CpuPct, diff: (after?.CpuPct ?? 0) - (before?.CpuPct ?? 0) });
});

t.test("brokerLoad.json is written as Jackson pretty-prints it", async (t) => {
  const json = brokerLoadJson({ loadBeforeOptimization: { brokers: [{ Broker: 1, Leaders: 2, CpuPct: 100 }] }, loadAfterOptimization: { brokers: [{ Broker: 1, Leaders: 3, CpuPct: 0.00005 }] } });
  t.equal(json, '{\n  "1" : {\n    "leaders" : {\n      "before" : 2,\n      "after" : 3,\n      "diff" : 1\n    },\n'
    + '    "cpuPercentage" : {\n      "before" : 100.0,\n      "after" : 5.0E-5,\n      "diff" : -99.99995\n    }\n  }\n}');
});

t.test("New: computing (202) and not enough metrics are PendingProposal; errors are NotReady with Strimzi's reasons", async (t) => {
  const pending = drive(reconcileRebalance(input(stored())), [ok(recorded("CC-Rebalance-no-goals-in-progress.json"), TASK, 202)]);
  t.strictSame(pending.outcome !== "skip" && pending.outcome.status, {
    conditions: [{ type: "PendingProposal", status: "True", lastTransitionTime: NOW.toISOString() }], observedGeneration: 1, sessionId: TASK,
  });
  const windows = drive(reconcileRebalance(input(stored())), [ok(recorded("CC-Rebalance-NotEnoughValidWindows-error.json"), TASK, 500)]);
  t.strictSame(windows.outcome !== "skip" && windows.outcome.status, { conditions: [{ type: "PendingProposal", status: "True", lastTransitionTime: NOW.toISOString() }], observedGeneration: 1 }, "no sessionId: asked again next time");

  const notReady = (file: string, reason: string, message: string, mode: object = {}) => {
    const { outcome } = drive(reconcileRebalance(input(stored(undefined, {}, mode))), [ok(recorded(file), TASK, 500)]);
    t.strictSame(outcome !== "skip" && outcome.status, { conditions: [{ type: "NotReady", status: "True", lastTransitionTime: NOW.toISOString(), reason, message }], observedGeneration: 1 }, file);
  };
  notReady("CC-Broker-not-exist.json", "IllegalArgumentException", "Some/all brokers specified don't exist", { mode: "add-brokers", brokers: [3] });
  const badGoals = (JSON.parse(recorded("CC-Rebalance-bad-goals-error.json")) as { errorMessage: string }).errorMessage;
  notReady("CC-Rebalance-bad-goals-error.json", "CruiseControlRestException", `Error for request: ${ENDPOINT}${DRY_RUN_FULL.replace("POST ", "")}. Server returned: ${badGoals}`);

  const unreachable = drive(reconcileRebalance(input(stored())), [{ failure: { reason: "CruiseControlRetriableConnectionException", message: "connect ECONNREFUSED 10.0.0.9:9090" } }]);
  t.strictSame(unreachable.outcome !== "skip" && unreachable.outcome.status?.conditions?.[0]?.reason, "CruiseControlRetriableConnectionException");
  const odd = drive(reconcileRebalance(input(stored())), [ok("{}", TASK, 503)]);
  t.strictSame(odd.outcome !== "skip" && odd.outcome.status?.conditions?.[0]?.message, `Unexpected status code 503 for request to ${ENDPOINT}${DRY_RUN_FULL.replace("POST ", "")}`);
});

t.test("PendingProposal follows its task by User-Task-ID", async (t) => {
  const pending = stored(state("PendingProposal", { sessionId: TASK }));
  const active = drive(reconcileRebalance(input(pending)), [ok(USER_TASK("CC-User-task-rebalance-no-goals-verbose-Active.json"))]);
  t.strictSame(active.requests, [TASKS]);
  t.strictSame(active.outcome !== "skip" && active.outcome.status, state("PendingProposal", { sessionId: TASK }), "unchanged: nothing to write");
  const completed = drive(reconcileRebalance(input(pending)), [ok(USER_TASK("CC-User-task-rebalance-no-goals-verbose-Completed.json"))]);
  t.equal(completed.outcome !== "skip" && completed.outcome.status.conditions?.[0]?.type, "ProposalReady");
  t.equal(completed.outcome !== "skip" && completed.outcome.status.sessionId, TASK);
  const failed = drive(reconcileRebalance(input(pending)), [ok(USER_TASK("CC-User-task-rebalance-no-goals-CompletedWithError.json"))]);
  t.strictSame(failed.outcome !== "skip" && failed.outcome.status, { conditions: [{ type: "NotReady", status: "True", lastTransitionTime: NOW.toISOString() }], observedGeneration: 1, sessionId: TASK });
  const forgotten = drive(reconcileRebalance(input(pending)), [ok(USER_TASK("CC-User-task-status-empty.json")), ok(PROPOSAL)]);
  t.strictSame(forgotten.requests, [TASKS, DRY_RUN_FULL], "Cruise Control restarted: a new proposal");
  const busy = drive(reconcileRebalance(input(pending)), [ok(JSON.stringify({ errorMessage: "There are already 5 active user tasks, which has reached the servlet capacity." }), TASK, 500)]);
  t.strictSame(busy.outcome !== "skip" && busy.outcome.status, state("PendingProposal", { sessionId: TASK }));
  const fetchError = drive(reconcileRebalance(input(pending)), [ok(USER_TASK("CC-User-task-status-fetch-error.json"), TASK, 500)]);
  t.match(fetchError.outcome !== "skip" && fetchError.outcome.status.conditions?.[0], { type: "NotReady", reason: "CruiseControlRestException", message: /Error happened in fetching response for task/ });
  const stop = drive(reconcileRebalance(input(stored(state("PendingProposal", { sessionId: TASK }), { "strimzi.io/rebalance": "stop" }))), []);
  t.strictSame(stop.outcome !== "skip" && [stop.outcome.status, stop.outcome.removeRebalanceAnnotation], [{ conditions: [{ type: "Stopped", status: "True", lastTransitionTime: NOW.toISOString() }], observedGeneration: 1 }, true]);
  const noSession = drive(reconcileRebalance(input(stored(state("PendingProposal")))), [ok(PROPOSAL)]);
  t.strictSame(noSession.requests, [DRY_RUN_FULL], "no sessionId (not enough metrics before): asked again");
});

const ready = (annotations: Record<string, string> = {}) => stored(state("ProposalReady", { sessionId: TASK, optimizationResult: { numReplicaMovements: 19, afterBeforeLoadConfigMap: "my-rebalance" } }), annotations);

t.test("ProposalReady waits for an approval: Strimzi's annotations, and ours naming the proposal", async (t) => {
  const waiting = drive(reconcileRebalance(input(ready())), []);
  t.strictSame(waiting.requests, []);
  t.strictSame(waiting.outcome !== "skip" && waiting.outcome.status, ready().status);
  const approvals: Array<Record<string, string>> = [{ "strimzi.io/rebalance": "approve" }, { "strimzi.io/rebalance-auto-approval": "true" }, { "kafka-hooks.io/approve-proposal": TASK }];
  for (const annotations of approvals) {
    const run = drive(reconcileRebalance(input(ready(annotations))), [ok(PROPOSAL, "exec-task"), ok(recorded("CC-State.json"))]);
    t.strictSame(run.requests, [RUN_FULL, "GET /kafkacruisecontrol/state?verbose=false&json=true"], JSON.stringify(annotations));
    t.equal(run.outcome !== "skip" && run.outcome.status.conditions?.[0]?.type, "Rebalancing");
    t.equal(run.outcome !== "skip" && run.outcome.status.sessionId, "exec-task");
    t.equal(run.outcome !== "skip" && run.outcome.removeRebalanceAnnotation, "strimzi.io/rebalance" in annotations, "only Strimzi's annotation is removed");
  }
  const stale = drive(reconcileRebalance(input(ready({ "kafka-hooks.io/approve-proposal": "an-older-proposal" }))), []);
  t.strictSame(stale.requests, [], "an approval naming another proposal approves nothing");
  const refresh = drive(reconcileRebalance(input(ready({ "strimzi.io/rebalance": "refresh" }))), [ok(PROPOSAL, "new-task")]);
  t.strictSame(refresh.requests, [DRY_RUN_FULL]);
  t.equal(refresh.outcome !== "skip" && refresh.outcome.status.sessionId, "new-task");
  const wrong = drive(reconcileRebalance(input(ready({ "strimzi.io/rebalance": "stop" }))), []);
  t.strictSame(wrong.outcome !== "skip" && [wrong.outcome.status.conditions?.[1], wrong.outcome.removeRebalanceAnnotation], [{
    type: "Warning", status: "True", lastTransitionTime: NOW.toISOString(), reason: "InvalidAnnotation",
    message: "Wrong annotation value: stop. The rebalance resource supports the following annotations in ProposalReady state: [approve, refresh]",
  }, false]);
});

const rebalancing = (annotations: Record<string, string> = {}) => stored(state("Rebalancing", { sessionId: TASK, optimizationResult: { numReplicaMovements: 19 } }), annotations);

t.test("Rebalancing: its task, its progress, stop and refresh", async (t) => {
  const configMap = { "brokerLoad.json": "{}" };
  const inState = JSON.parse(recorded("CC-State-inExecution.json")) as { ExecutorState: Record<string, unknown> };
  inState.ExecutorState.triggeredTaskReason = "No reason provided (Client: 172.17.0.1, Date: 2026-12-06T20:00:00Z)";
  const running = drive(reconcileRebalance(input(rebalancing(), { configMap })), [ok(USER_TASK("CC-User-task-rebalance-no-goals-verbose-InExecution.json")), ok(JSON.stringify(inState))]);
  t.strictSame(running.requests, [TASKS, "GET /kafkacruisecontrol/state?verbose=false&json=true"]);
  // 20 of 100 MB in 600 s: 2 MB a minute, 40 minutes for the 80 left.
  t.strictSame(running.outcome !== "skip" && running.outcome.configMap, {
    "brokerLoad.json": "{}", estimatedTimeToCompletionInMinutes: "40", completedByteMovementPercentage: "20", "executorState.json": JSON.stringify(inState.ExecutorState),
  });
  const idle = drive(reconcileRebalance(input(rebalancing(), { configMap })), [ok(USER_TASK("CC-User-task-rebalance-no-goals-verbose-InExecution.json")), ok(recorded("CC-State.json"))]);
  t.match(idle.outcome !== "skip" && idle.outcome.status.conditions?.[1], {
    type: "Warning", reason: "CruiseControlExecutorState",
    message: "Progress update of rebalance skipped due to the following reason: Partition movement information unavailable; executor is in 'NO_TASK_IN_PROGRESS' state, progress estimation will be updated on next reconciliation.",
  });
  const done = drive(reconcileRebalance(input(rebalancing(), { configMap })), [ok(USER_TASK("CC-User-task-rebalance-no-goals-verbose-Completed.json"))]);
  t.equal(done.outcome !== "skip" && done.outcome.status.conditions?.[0]?.type, "Ready");
  t.equal(done.outcome !== "skip" && done.outcome.status.sessionId, undefined);
  t.strictSame(done.outcome !== "skip" && done.outcome.configMap && [done.outcome.configMap.estimatedTimeToCompletionInMinutes, done.outcome.configMap.completedByteMovementPercentage], ["0", "100"]);
  const failed = drive(reconcileRebalance(input(rebalancing())), [ok(USER_TASK("CC-User-task-rebalance-no-goals-CompletedWithError.json"))]);
  t.equal(failed.outcome !== "skip" && failed.outcome.status.conditions?.[0]?.type, "NotReady");
  const stop = drive(reconcileRebalance(input(rebalancing({ "strimzi.io/rebalance": "stop" }))), [ok(recorded("CC-Stop.json"))]);
  t.strictSame(stop.requests, ["POST /kafkacruisecontrol/stop_proposal_execution?json=true"]);
  t.strictSame(stop.outcome !== "skip" && [stop.outcome.status.conditions?.[0]?.type, stop.outcome.removeRebalanceAnnotation], ["Stopped", true]);
  const refresh = drive(reconcileRebalance(input(rebalancing({ "strimzi.io/rebalance": "refresh" }))), [ok(recorded("CC-Stop.json")), ok(PROPOSAL, "new-task")]);
  t.strictSame(refresh.requests, ["POST /kafkacruisecontrol/stop_proposal_execution?json=true", DRY_RUN_FULL]);
  t.equal(refresh.outcome !== "skip" && refresh.outcome.status.conditions?.[0]?.type, "ProposalReady");
  const restarted = drive(reconcileRebalance(input(rebalancing())), [ok(USER_TASK("CC-User-task-status-empty.json")), ok(PROPOSAL, "new-task")]);
  t.strictSame(restarted.requests, [TASKS, DRY_RUN_FULL], "Cruise Control restarted mid-execution: a new proposal, to be approved again");
  t.equal(restarted.outcome !== "skip" && restarted.outcome.status.conditions?.[0]?.type, "ProposalReady");
});

t.test("Ready, Stopped and NotReady stay until refreshed; NotReady renews by itself after what goes away", async (t) => {
  for (const type of ["Ready", "Stopped", "NotReady"]) {
    const steady = drive(reconcileRebalance(input(stored(state(type)))), []);
    t.strictSame(steady.requests, [], type);
    const refreshed = drive(reconcileRebalance(input(stored(state(type), { "strimzi.io/rebalance": "refresh" }))), [ok(PROPOSAL)]);
    t.strictSame(refreshed.requests, [DRY_RUN_FULL], `${type} refreshed`);
    t.equal(refreshed.outcome !== "skip" && refreshed.outcome.removeRebalanceAnnotation, true);
  }
  const unreachable = stored({ conditions: [{ type: "NotReady", status: "True", reason: "CruiseControlRetriableConnectionException", message: "connect ECONNREFUSED" }], observedGeneration: 1 });
  t.strictSame(drive(reconcileRebalance(input(unreachable)), [ok(PROPOSAL)]).requests, [DRY_RUN_FULL]);
  const notReadyKafka = stored({ conditions: [{ type: "NotReady", status: "True", reason: "RuntimeException", message: "Kafka cluster is not Ready" }], observedGeneration: 1 });
  t.strictSame(drive(reconcileRebalance(input(notReadyKafka)), [ok(PROPOSAL)]).requests, [DRY_RUN_FULL]);
  const changed = drive(reconcileRebalance(input(stored(state("Ready"), {}, { goals: ["RackAwareGoal"] }, 2))), [ok(PROPOSAL)]);
  t.strictSame(changed.requests, [`${DRY_RUN_FULL.replace("&rebalance_disk", "&goals=RackAwareGoal&rebalance_disk")}`], "a changed spec is a refresh");
  t.equal(changed.outcome !== "skip" && changed.outcome.status.observedGeneration, 2);
});

t.test("the checks before Cruise Control is asked, with Strimzi's reasons and messages", async (t) => {
  const failure = (i: RebalanceInput) => {
    const { requests, outcome } = drive(reconcileRebalance(i), []);
    t.strictSame(requests, []);
    return outcome === "skip" ? "skip" : outcome.status.conditions?.[0];
  };
  const unlabelled = stored();
  unlabelled.metadata.labels = {};
  t.match(failure(input(unlabelled)), { type: "NotReady", reason: "InvalidResourceException", message: "Resource lacks label 'strimzi.io/cluster': No cluster related to a possible rebalance." });
  t.match(failure(input(stored(), { kafka: undefined })), { reason: "NoSuchResourceException", message: "Kafka resource 'my-cluster' identified by label 'strimzi.io/cluster' does not exist in namespace myproject." });
  t.match(failure(input(stored(), { kafka: kafka(false) })), { reason: "RuntimeException", message: "Kafka cluster is not Ready" });
  t.match(failure(input(stored(), { kafka: kafka(true, false) })), { reason: "InvalidResourceException", message: "Kafka resource lacks 'cruiseControl' declaration" });
  t.match(failure(input(stored(), { clientProblem: { reason: "RuntimeException", message: "Secret myproject/my-cluster-cruise-control-api does not exist" } })), { message: "Secret myproject/my-cluster-cruise-control-api does not exist" });
  t.match(failure(input(stored(undefined, {}, { mode: "add-brokers" }))), { reason: "IllegalArgumentException", message: "The brokers list is mandatory when using the add-brokers rebalancing mode" });
  t.match(failure(input(stored(undefined, {}, { mode: "sideways" }))), { reason: "InvalidResourceException", message: "spec.mode: must be one of: full, add-brokers, remove-brokers, remove-disks" });
  t.match(failure(input(stored(undefined, { "strimzi.io/pause-reconciliation": "true" }))), { type: "ReconciliationPaused", status: "True" });
  t.equal(failure(input(stored(undefined, { "strimzi.io/rebalance-template": "true" }))), "skip", "a template is never asked of Cruise Control");
  t.strictSame(drive(reconcileRebalance(input(stored(state("ReconciliationPaused")))), [ok(PROPOSAL)]).requests, [DRY_RUN_FULL], "unpaused: a new proposal");
  t.strictSame(drive(reconcileRebalance(input(stored(state("Ready")), { kafka: kafka(false) })), []).requests, [], "a Ready rebalance stays Ready while its Kafka is not");
});
