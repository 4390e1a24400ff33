// Replication-factor changes through Cruise Control (lib/topics/replicas-change.ts):
// which topics are asked for, polled or ended; Strimzi's requests and its reading
// of Cruise Control's answers, every state and error.
import t from "tap";
import {
  polled, replicasChangePlan, requested, topicConfigurationAnswer, topicConfigurationRequest, userTasksAnswer, userTasksRequest, type ReplicasTopic,
} from "../../lib/topics/replicas-change.js";
import type { KafkaTopicStatus } from "../../lib/api/kafka-topic.js";

const topic = (key: string, replicas: number, differs: boolean, replicasChange?: KafkaTopicStatus["replicasChange"]): ReplicasTopic => ({
  key, topicName: key, differs, topic: { spec: { replicas }, ...(replicasChange ? { status: { replicasChange } } : {}) },
});

t.test("the plan: new and pending changes asked for, ongoing ones polled by task, pending ones no longer needed ended", async (t) => {
  const plan = replicasChangePlan([
    topic("new", 3, true),
    topic("pending", 3, true, { targetReplicas: 3, state: "pending" }),
    topic("failed", 3, true, { targetReplicas: 3, state: "pending", message: "Replicas change failed, x" }),
    topic("ongoing-1", 3, true, { targetReplicas: 3, state: "ongoing", sessionId: "t1" }),
    topic("ongoing-2", 2, false, { targetReplicas: 2, state: "ongoing", sessionId: "t1" }),
    topic("ongoing-3", 2, true, { targetReplicas: 2, state: "ongoing", sessionId: "t2" }),
    topic("done", 3, false, { targetReplicas: 3, state: "pending" }),
    topic("same", 1, false),
    topic("ongoing-failed", 2, true, { targetReplicas: 2, state: "ongoing", message: "Replicas change completed with error" }),
  ]);
  t.strictSame(plan.request.map((x) => x.key), ["pending", "failed", "new"], "Strimzi's order: pending first, then brand new");
  t.strictSame([...plan.poll].map(([id, list]) => [id, list.map((x) => x.key)]), [["t1", ["ongoing-1", "ongoing-2"]], ["t2", ["ongoing-3"]]]);
  t.strictSame(plan.complete.map((x) => x.key), ["done"]);
});

t.test("the requests, as Strimzi's CruiseControlClientImpl writes them", async (t) => {
  t.strictSame(topicConfigurationRequest([topic("a", 3, true), topic("b", 3, true), topic("c", 2, true)], false), {
    method: "POST",
    path: "/kafkacruisecontrol/topic_configuration?skip_rack_awareness_check=true&dryrun=false&json=true",
    body: '{"replication_factor":{"topic_by_replication_factor":{"2":"c","3":"a|b"}}}',
  });
  t.equal(topicConfigurationRequest([topic("a", 3, true)], true).path, "/kafkacruisecontrol/topic_configuration?skip_rack_awareness_check=false&dryrun=false&json=true");
  t.strictSame(userTasksRequest(["t1", "t2"]), { method: "GET", path: "/kafkacruisecontrol/user_tasks?user_task_ids=t1%2Ct2&fetch_completed_task=false&json=true" });
});

t.test("topic_configuration's answers: the task of a 200 or 202; Strimzi's messages for the rest", async (t) => {
  t.strictSame(topicConfigurationAnswer({ status: 200, userTaskId: "t1", body: "{}" }), { userTaskId: "t1" });
  t.strictSame(topicConfigurationAnswer({ status: 202, userTaskId: "t1", body: "{}" }), { userTaskId: "t1" }, "still computing: polled as any task");
  t.strictSame(topicConfigurationAnswer({ status: 401, userTaskId: undefined, body: "" }), { failure: "Request failed (401), Authorization error" });
  t.strictSame(topicConfigurationAnswer({ status: 500, userTaskId: undefined, body: '{"errorMessage":"x NotEnoughValidWindowsException y"}' }), { failure: "Request failed (500), Cluster model not ready" });
  t.strictSame(topicConfigurationAnswer({ status: 500, userTaskId: undefined, body: '{"errorMessage":"use stop_ongoing_execution=true"}' }), { failure: "Request failed (500), Another task is executing" });
  t.strictSame(topicConfigurationAnswer({ status: 500, userTaskId: undefined, body: '{"errorMessage":"Topic x does not exist"}' }), { failure: "Request failed (500), Topic x does not exist" });
  t.strictSame(topicConfigurationAnswer({ status: 503, userTaskId: undefined, body: "" }), { failure: "Request failed (503)" });
  t.strictSame(topicConfigurationAnswer({ failure: { reason: "CruiseControlRetriableConnectionException", message: "connect ECONNREFUSED" } }), { failure: "Connection failed" });
  t.strictSame(topicConfigurationAnswer({ failure: { reason: "StrimziTimeoutException", message: "The timeout period of 30000ms has been exceeded while executing POST" } }),
    { failure: "The timeout period of 30000ms has been exceeded while executing POST" });
});

t.test("user_tasks' answers and what they make of each ongoing change", async (t) => {
  const poll = new Map([["t1", [topic("a", 3, true, { targetReplicas: 3, state: "ongoing", sessionId: "t1" })]], ["t2", [topic("b", 2, true, { targetReplicas: 2, state: "ongoing", sessionId: "t2" })]]]);
  const answer = (tasks: Array<[string, string]>) => userTasksAnswer({ status: 200, userTaskId: undefined, body: JSON.stringify({ userTasks: tasks.map(([id, status]) => ({ UserTaskId: id, Status: status })), version: 1 }) });
  t.strictSame([...polled(poll, answer([["t1", "Completed"], ["t2", "CompletedWithError"]]))], [
    ["a", null],
    ["b", { targetReplicas: 2, state: "ongoing", message: "Replicas change completed with error" }],
  ]);
  t.strictSame([...polled(poll, answer([["t1", "Active"], ["t2", "InExecution"]]))], [
    ["a", { targetReplicas: 3, state: "ongoing", sessionId: "t1" }],
    ["b", { targetReplicas: 2, state: "ongoing", sessionId: "t2" }],
  ], "each keeps its own task (Strimzi gives every ongoing topic the last active task's id)");
  t.strictSame([...polled(poll, answer([]))], [["a", { targetReplicas: 3, state: "pending" }], ["b", { targetReplicas: 2, state: "pending" }]], "Cruise Control knows none: pending again");
  t.strictSame([...polled(poll, answer([["t1", "Completed"]]))], [["a", null]], "a task Cruise Control no longer lists leaves its topics unwritten here");
  t.strictSame([...polled(poll, userTasksAnswer({ status: 500, userTaskId: undefined, body: '{"errorMessage":"boom"}' }))].map(([key, c]) => [key, c?.message]),
    [["a", "Replicas change failed, Request failed (500), boom"], ["b", "Replicas change failed, Request failed (500), boom"]]);
  t.strictSame(userTasksAnswer({ status: 200, userTaskId: undefined, body: "not json" }), { failure: "Response deserialization failed, Unexpected token 'o', \"not json\" is not valid JSON" });
});

t.test("after topic_configuration: ongoing with the task, or pending with the failure", async (t) => {
  const topics = [topic("a", 3, true), topic("b", 2, true, { targetReplicas: 2, state: "pending", message: "old" })];
  t.strictSame([...requested(topics, { userTaskId: "t9" })], [
    ["a", { targetReplicas: 3, state: "ongoing", sessionId: "t9" }], ["b", { targetReplicas: 2, state: "ongoing", sessionId: "t9" }],
  ]);
  t.strictSame([...requested(topics, { failure: "Connection failed" })], [
    ["a", { targetReplicas: 3, state: "pending", message: "Replicas change failed, Connection failed" }],
    ["b", { targetReplicas: 2, state: "pending", message: "Replicas change failed, Connection failed" }],
  ]);
});
