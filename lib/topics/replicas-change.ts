// Replication-factor changes through Cruise Control, as Strimzi's Topic Operator
// makes them (BatchingTopicController.checkReplicasChanges, CruiseControlHandler,
// CruiseControlClientImpl): a KafkaTopic whose replication factor differs from
// its spec's is `pending` in `status.replicasChange`, one POST to
// `topic_configuration` asks for the whole batch and makes them `ongoing` with
// the answer's User-Task-ID, `user_tasks` is polled for that id until the task
// completes (the change is done: no replicasChange) or fails (a message, and
// the state it was in). The state lives only in the KafkaTopics' statuses, so a
// restart of the operator or of Cruise Control (which forgets its tasks: back to
// pending) resumes from them.
import type { KafkaTopic, KafkaTopicStatus } from "../api/kafka-topic.js";
import type { CruiseControlResponse } from "../rebalance/answers.js";
import { javaUrlEncode, type CruiseControlRequest } from "../rebalance/requests.js";

export type ReplicasChange = NonNullable<KafkaTopicStatus["replicasChange"]>;

/** A topic of the batch, as the replicas-change step sees it. */
export interface ReplicasTopic {
  key: string;
  topicName: string;
  topic: Pick<KafkaTopic, "spec" | "status">;
  /** Its replication factor differs from the spec's, and no reassignment takes it there (changes.ts). */
  differs: boolean;
}

export interface ReplicasChangePlan {
  /** New and pending changes, asked for in one topic_configuration request. */
  request: ReplicasTopic[];
  /** Ongoing changes, by the user task that carries them. */
  poll: Map<string, ReplicasTopic[]>;
  /** Pending changes Kafka no longer needs (done before Cruise Control forgot them, or reverted in the spec): Strimzi's zombies. */
  complete: ReplicasTopic[];
}

const isPending = (c: ReplicasChange | undefined): boolean => c?.state === "pending" && c.sessionId === undefined;
const isOngoing = (c: ReplicasChange | undefined): c is ReplicasChange & { sessionId: string } => c?.state === "ongoing" && c.sessionId !== undefined;

export function replicasChangePlan(topics: readonly ReplicasTopic[]): ReplicasChangePlan {
  const change = (t: ReplicasTopic): ReplicasChange | undefined => t.topic.status?.replicasChange;
  const pending = topics.filter((t) => isPending(change(t)));
  const request = [...pending.filter((t) => t.differs), ...topics.filter((t) => t.differs && change(t) === undefined)];
  const poll = new Map<string, ReplicasTopic[]>();
  for (const t of topics) {
    const c = change(t);
    if (isOngoing(c)) poll.set(c.sessionId, [...(poll.get(c.sessionId) ?? []), t]);
  }
  return { request, poll, complete: pending.filter((t) => !t.differs) };
}

const BASE = "/kafkacruisecontrol";

/** The change of the batch's topics: topic names by target factor, `|`-joined (Cruise Control's topic_by_replication_factor). */
export function topicConfigurationRequest(topics: readonly ReplicasTopic[], rackAware: boolean): CruiseControlRequest {
  const byFactor = new Map<number, string[]>();
  for (const t of topics) {
    const factor = t.topic.spec.replicas ?? 0;
    byFactor.set(factor, [...(byFactor.get(factor) ?? []), t.topicName]);
  }
  const topicByReplicationFactor = Object.fromEntries([...byFactor].map(([factor, names]) => [String(factor), names.join("|")]));
  return {
    method: "POST",
    path: `${BASE}/topic_configuration?skip_rack_awareness_check=${String(!rackAware)}&dryrun=false&json=true`,
    body: JSON.stringify({ replication_factor: { topic_by_replication_factor: topicByReplicationFactor } }),
  };
}

export const userTasksRequest = (userTaskIds: readonly string[]): CruiseControlRequest => ({
  method: "GET", path: `${BASE}/user_tasks?user_task_ids=${javaUrlEncode(userTaskIds.join(","))}&fetch_completed_task=false&json=true`,
});

/** Strimzi's CruiseControlClientImpl.errorMessage: why a request failed, in its words. */
function failureMessage(response: CruiseControlResponse): string {
  if ("failure" in response) return response.failure.reason === "CruiseControlRetriableConnectionException" ? "Connection failed" : response.failure.message;
  if (response.status === 401) return `Request failed (${response.status}), Authorization error`;
  let error: string | undefined;
  try {
    const parsed: unknown = JSON.parse(response.body);
    const message = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)["errorMessage"] : undefined;
    if (typeof message === "string") error = message;
  } catch {
    if (response.body !== "") return `Error deserialization failed: ${response.body.slice(0, 200)}`;
  }
  if (error?.includes("NotEnoughValidWindowsException")) error = "Cluster model not ready";
  else if (error?.includes("OngoingExecutionException") || error?.includes("stop_ongoing_execution")) error = "Another task is executing";
  return error === undefined ? `Request failed (${response.status})` : `Request failed (${response.status}), ${error}`;
}

/**
 * topic_configuration's answer: the user task that carries the change, or why
 * there is none. A 202 (the proposal still computing past Cruise Control's
 * block time) names its task too, which is polled as any other; Strimzi takes
 * only a 200 and fails the change on a 202.
 */
export function topicConfigurationAnswer(response: CruiseControlResponse): { userTaskId: string } | { failure: string } {
  if (!("failure" in response) && (response.status === 200 || response.status === 202) && response.userTaskId !== undefined) return { userTaskId: response.userTaskId };
  return { failure: failureMessage(response) };
}

export type TaskStatus = "Active" | "InExecution" | "Completed" | "CompletedWithError";
const TASK_STATUSES: ReadonlySet<string> = new Set(["Active", "InExecution", "Completed", "CompletedWithError"]);

/** user_tasks' answer: each task's status by its id (none when Cruise Control knows none of them), or why there is none. */
export function userTasksAnswer(response: CruiseControlResponse): { tasks: Map<string, TaskStatus> } | { failure: string } {
  if ("failure" in response || response.status !== 200) return { failure: failureMessage(response) };
  try {
    const parsed = JSON.parse(response.body) as { userTasks?: Array<{ UserTaskId?: unknown; Status?: unknown }> };
    const tasks = (parsed.userTasks ?? []).flatMap((task) =>
      (typeof task.UserTaskId === "string" && typeof task.Status === "string" && TASK_STATUSES.has(task.Status) ? [[task.UserTaskId, task.Status as TaskStatus] as const] : []));
    return { tasks: new Map(tasks) };
  } catch (error) {
    return { failure: `Response deserialization failed, ${(error as Error).message}` };
  }
}

/** Each topic's next replicasChange (null: none, the change is over), following CruiseControlHandler's updateTo… methods. */
export type ReplicasChangeOutcomes = Map<string, ReplicasChange | null>;

const target = (t: ReplicasTopic): number | undefined => t.topic.status?.replicasChange?.targetReplicas ?? t.topic.spec.replicas;
const pendingOf = (t: ReplicasTopic): ReplicasChange => ({ targetReplicas: t.topic.spec.replicas, state: "pending" });
const ongoingOf = (t: ReplicasTopic, sessionId: string): ReplicasChange => ({ targetReplicas: target(t), state: "ongoing", sessionId });
const failedOf = (t: ReplicasTopic, message: string): ReplicasChange =>
  ({ targetReplicas: target(t), state: t.topic.status?.replicasChange?.state ?? "pending", message });

/** After topic_configuration: ongoing with the task's id, or failed ("Replicas change failed, …"), each still pending. */
export function requested(topics: readonly ReplicasTopic[], answer: ReturnType<typeof topicConfigurationAnswer>): ReplicasChangeOutcomes {
  return new Map(topics.map((t) => {
    // The failure is recorded on the pending change, as Strimzi first makes each pending.
    const pending = { ...t, topic: { ...t.topic, status: { ...t.topic.status, replicasChange: pendingOf(t) } } };
    return [t.key, "userTaskId" in answer ? ongoingOf(t, answer.userTaskId) : failedOf(pending, `Replicas change failed, ${answer.failure}`)];
  }));
}

/**
 * After user_tasks: a completed task ends its topics' change, one completed with
 * an error fails them, an active or executing one keeps them ongoing; when
 * Cruise Control knows none of the tasks (it restarted: tasks live in its
 * memory) every ongoing change is pending again, to be asked for anew.
 */
export function polled(poll: ReadonlyMap<string, readonly ReplicasTopic[]>, answer: ReturnType<typeof userTasksAnswer>): ReplicasChangeOutcomes {
  const all = [...poll.values()].flat();
  if ("failure" in answer) return new Map(all.map((t) => [t.key, failedOf(t, `Replicas change failed, ${answer.failure}`)]));
  if (answer.tasks.size === 0) return new Map(all.map((t) => [t.key, pendingOf(t)]));
  const outcomes: ReplicasChangeOutcomes = new Map();
  for (const [id, status] of answer.tasks) {
    for (const t of poll.get(id) ?? []) {
      if (status === "Completed") outcomes.set(t.key, null);
      else if (status === "CompletedWithError") outcomes.set(t.key, failedOf(t, "Replicas change completed with error"));
      else outcomes.set(t.key, ongoingOf(t, id));
    }
  }
  return outcomes;
}
