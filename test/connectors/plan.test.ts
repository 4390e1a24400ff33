// The decisions of one KafkaConnector's pass, with Strimzi's semantics: the
// configuration Connect should hold, the state calls, the annotations' requests
// and their warnings, the status.
import t from "tap";
import type { KafkaConnector } from "../../lib/api/kafka-connector.js";
import { restartRequest, restartTaskRequest } from "../../lib/connectors/annotations.js";
import { desiredConnectorConfig } from "../../lib/connectors/config.js";
import type { ConnectorStateInfo } from "../../lib/connectors/connect-rest.js";
import { configAction, connectorsToDelete, forbiddenOptionsWarning, notStopped, operationWarning, requestedOperations, stateAction } from "../../lib/connectors/plan.js";
import { connectorStatus, pausedConnectorStatus } from "../../lib/connectors/status.js";

const NOW = new Date("2026-12-06T20:00:00.000Z");

const connector = (spec: KafkaConnector["spec"], annotations: Record<string, string> = {}, status?: KafkaConnector["status"]): KafkaConnector => ({
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaConnector",
  metadata: { name: "my-source", namespace: "ns", generation: 4, labels: { "strimzi.io/cluster": "my-connect" }, annotations },
  spec,
  ...(status ? { status } : {}),
});

const SPEC = { class: "org.apache.kafka.connect.file.FileStreamSourceConnector", tasksMax: 2, config: { file: "/tmp/in", topic: "lines", "batch.size": 100, "tasks.max": 9 } };

const state = (connectorState: string, tasks: string[] = []): ConnectorStateInfo => ({
  name: "my-source",
  connector: { state: connectorState as ConnectorStateInfo["connector"]["state"], worker_id: "10.0.0.1:8083" },
  tasks: tasks.map((s, id) => ({ id, state: s as ConnectorStateInfo["connector"]["state"], worker_id: "10.0.0.1:8083" })),
  type: "source",
});

t.test("the configuration Connect holds: strings, the spec's fields over config's forbidden keys", async (t) => {
  t.strictSame(desiredConnectorConfig("my-source", { ...SPEC, version: "4.3.1" }), {
    "file": "/tmp/in", "topic": "lines", "batch.size": "100", "tasks.max": "2",
    "connector.plugin.version": "4.3.1", "name": "my-source", "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
  });
  t.strictSame(desiredConnectorConfig("x", { class: "C", config: { "tasks.max": 9, "flag": true } }), { flag: "true", name: "x", "connector.class": "C" }, "tasks.max of config is dropped even without tasksMax");
  t.strictSame(forbiddenOptionsWarning({ spec: SPEC }), { reason: "ForbiddenConfigOption", message: "spec.config: tasks.max ignored: spec.class, spec.tasksMax, spec.version and the resource's name set them" });
  t.equal(forbiddenOptionsWarning({ spec: { class: "C" } }), undefined);
});

t.test("create when absent (with the initial state), update only when the configuration differs", async (t) => {
  const desired = desiredConnectorConfig("my-source", SPEC);
  t.strictSame(configAction("my-source", SPEC, undefined), { kind: "create", body: { name: "my-source", config: desired } });
  t.strictSame(configAction("my-source", { ...SPEC, state: "stopped" }, undefined), { kind: "create", body: { name: "my-source", config: desired, initial_state: "STOPPED" } });
  t.strictSame(configAction("my-source", SPEC, { ...desired }), { kind: "none" });
  t.strictSame(configAction("my-source", SPEC, { ...desired, topic: "other" }), { kind: "update", config: desired });
  t.strictSame(configAction("my-source", SPEC, { ...desired, extra: "1" }), { kind: "update", config: desired }, "a key set in Connect only");
});

t.test("state calls, Strimzi's table", async (t) => {
  const table: Array<[string, "running" | "paused" | "stopped" | undefined, unknown]> = [
    ["RUNNING", undefined, undefined], ["RUNNING", "paused", "pause"], ["RUNNING", "stopped", "stop"],
    ["PAUSED", "running", "resume"], ["PAUSED", "paused", undefined], ["PAUSED", "stopped", "stop"],
    ["STOPPED", undefined, "resume"], ["STOPPED", "paused", "pause"], ["STOPPED", "stopped", undefined],
    ["FAILED", "running", undefined], ["FAILED", "stopped", "stop"],
    ["FAILED", "paused", { reason: "NoStackTraceThrowable", message: "Connector my-source cannot be paused since it is in failed state." }],
    ["UNASSIGNED", "paused", undefined], ["RESTARTING", "stopped", undefined],
  ];
  for (const [current, target, expected] of table) {
    t.strictSame(stateAction("my-source", { ...SPEC, ...(target ? { state: target } : {}) }, state(current)), expected, `${current} → ${target ?? "(running)"}`);
  }
});

t.test("Strimzi's restart annotation", async (t) => {
  const request = (value: string) => restartRequest(connector(SPEC, { "strimzi.io/restart": value }));
  const done = { "strimzi.io/restart": null };
  t.strictSame(request("true"), { includeTasks: false, onlyFailed: false, done });
  t.strictSame(request("includeTasks"), { includeTasks: true, onlyFailed: false, done });
  t.strictSame(request("includeTasks,onlyFailed"), { includeTasks: true, onlyFailed: true, done });
  t.strictSame(request(" onlyFailed "), { includeTasks: false, onlyFailed: true, done });
  t.equal(request("false"), undefined);
  t.equal(request(" "), undefined);
  t.strictSame(request("true,includeTasks"), { invalid: "Invalid annotation format" }, "boolean and arguments mixed");
  t.strictSame(request("yes"), { invalid: "Invalid annotation format" });
  t.equal(restartRequest(connector(SPEC)), undefined);
});

t.test("the GitOps-safe restarts act once per token", async (t) => {
  t.strictSame(restartRequest(connector(SPEC, { "kafka-hooks.io/restart": "2026-12-06" })), { includeTasks: false, onlyFailed: false, done: { "kafka-hooks.io/restarted": "2026-12-06" } });
  t.equal(restartRequest(connector(SPEC, { "kafka-hooks.io/restart": "2026-12-06", "kafka-hooks.io/restarted": "2026-12-06" })), undefined, "acted on already");
  t.strictSame(restartRequest(connector(SPEC, { "kafka-hooks.io/restart": "b", "kafka-hooks.io/restarted": "a" })), { includeTasks: false, onlyFailed: false, done: { "kafka-hooks.io/restarted": "b" } }, "a new token acts");
  t.strictSame(restartTaskRequest(connector(SPEC, { "strimzi.io/restart-task": "1" })), { task: 1, done: { "strimzi.io/restart-task": null } });
  t.equal(restartTaskRequest(connector(SPEC, { "strimzi.io/restart-task": "-1" })), undefined);
  t.equal(restartTaskRequest(connector(SPEC, { "strimzi.io/restart-task": "one" })), undefined);
  t.strictSame(restartTaskRequest(connector(SPEC, { "kafka-hooks.io/restart-task": "0:abc" })), { task: 0, done: { "kafka-hooks.io/restarted-task": "0:abc" } });
  t.equal(restartTaskRequest(connector(SPEC, { "kafka-hooks.io/restart-task": "0:abc", "kafka-hooks.io/restarted-task": "0:abc" })), undefined);
  t.equal(restartTaskRequest(connector(SPEC, { "kafka-hooks.io/restart-task": "abc" })), undefined, "no task id");
});

t.test("the annotations' operations in Strimzi's order, and their warnings", async (t) => {
  const withOffsets = { ...SPEC, listOffsets: { toConfigMap: { name: "offsets" } }, alterOffsets: { fromConfigMap: { name: "new-offsets" } } };
  t.strictSame(requestedOperations(connector(withOffsets, { "strimzi.io/connector-offsets": "list", "strimzi.io/restart": "true", "strimzi.io/restart-task": "0" })), {
    operations: [
      { kind: "listOffsets", configMap: "offsets" },
      { kind: "restart", includeTasks: false, onlyFailed: false, done: { "strimzi.io/restart": null } },
      { kind: "restartTask", task: 0, done: { "strimzi.io/restart-task": null } },
    ],
    warnings: [],
  });
  t.strictSame(requestedOperations(connector(withOffsets, { "strimzi.io/connector-offsets": "alter" })).operations, [{ kind: "alterOffsets", configMap: "new-offsets" }]);
  t.strictSame(requestedOperations(connector(SPEC, { "strimzi.io/connector-offsets": "reset" })).operations, [{ kind: "resetOffsets" }]);
  t.strictSame(requestedOperations(connector(SPEC, { "strimzi.io/connector-offsets": "none" })), { operations: [], warnings: [] });
  t.strictSame(requestedOperations(connector(SPEC, { "strimzi.io/connector-offsets": "list", "strimzi.io/restart": "maybe" })), {
    operations: [],
    warnings: [
      { reason: "ListOffsets", message: "Failed to list the connector offsets due to missing property listOffsets in KafkaConnector CR." },
      { reason: "RestartConnector", message: "Invalid annotation format" },
    ],
  });
  t.strictSame(requestedOperations(connector(SPEC, { "strimzi.io/connector-offsets": "alter" })).warnings, [{ reason: "AlterOffsets", message: "Failed to alter the connector offsets due to missing property alterOffsets in KafkaConnector CR." }]);
  t.strictSame(requestedOperations(connector(SPEC, { "strimzi.io/connector-offsets": "delete" })).warnings, [{ reason: "ManageOffsets", message: "Encountered error getting connector offsets annotation. No enum constant io.strimzi.operator.cluster.model.KafkaConnectorOffsetsAnnotation.delete" }]);
  t.strictSame(operationWarning("my-source", { kind: "restartTask", task: 3, done: {} }, "POST /connectors/my-source/tasks/3/restart returned 404 (404): Unknown task"), { reason: "RestartConnectorTask", message: "Failed to restart connector task my-source:3. POST /connectors/my-source/tasks/3/restart returned 404 (404): Unknown task" });
  t.strictSame(operationWarning("my-source", { kind: "resetOffsets" }, "Connector is not in STOPPED state"), { reason: "ResetOffsets", message: "Encountered error resetting connector offsets. Connector is not in STOPPED state" });
  t.equal(notStopped(state("RUNNING")), "Connector is not in STOPPED state");
  t.equal(notStopped(state("STOPPED")), undefined);
});

t.test("connectors Connect runs that no KafkaConnector declares are deleted", async (t) => {
  t.strictSame(connectorsToDelete(["b", "a", "kept"], ["kept", "new"]), ["a", "b"]);
  t.strictSame(connectorsToDelete([], ["x"]), []);
});

t.test("status: Strimzi's shape", async (t) => {
  const running = state("RUNNING", ["RUNNING", "RUNNING"]);
  t.strictSame(connectorStatus(connector(SPEC), { state: running, topics: ["lines", "a"], warnings: [] }, NOW), {
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: NOW.toISOString() }],
    observedGeneration: 4,
    connectorStatus: running,
    tasksMax: 2,
    topics: ["a", "lines"],
  });
  const failedTask = state("RUNNING", ["RUNNING", "FAILED", "FAILED"]);
  t.strictSame(connectorStatus(connector({ class: "C" }), { state: failedTask, topics: [], warnings: [{ reason: "RestartConnector", message: "Invalid annotation format" }], autoRestart: { count: 1, lastRestartTimestamp: "t" } }, NOW), {
    conditions: [
      { type: "NotReady", status: "True", lastTransitionTime: NOW.toISOString(), reason: "Throwable", message: "The following tasks have failed: 1, 2, see connectorStatus for more details." },
      { type: "Warning", status: "True", lastTransitionTime: NOW.toISOString(), reason: "RestartConnector", message: "Invalid annotation format" },
    ],
    observedGeneration: 4,
    autoRestart: { count: 1, lastRestartTimestamp: "t" },
    connectorStatus: failedTask,
    tasksMax: 3,
    topics: [],
  }, "tasksMax counts Connect's tasks when the spec sets none");
  t.strictSame(connectorStatus(connector(SPEC), { state: state("FAILED"), topics: [], warnings: [] }, NOW).conditions, [
    { type: "NotReady", status: "True", lastTransitionTime: NOW.toISOString(), reason: "Throwable", message: "Connector has failed, see connectorStatus for more details." },
  ]);
  t.strictSame(connectorStatus(connector(SPEC), { failure: { reason: "ConnectRestException", message: "GET /connectors/my-source/config returned 500 (500): boom" }, warnings: [] }, NOW), {
    conditions: [{ type: "NotReady", status: "True", lastTransitionTime: NOW.toISOString(), reason: "ConnectRestException", message: "GET /connectors/my-source/config returned 500 (500): boom" }],
    observedGeneration: 4,
    tasksMax: 2,
  }, "a failed call: no connectorStatus, no topics");
  const earlier = "2026-12-01T00:00:00.000Z";
  const previous = { conditions: [{ type: "Ready", status: "True" as const, lastTransitionTime: earlier }] };
  t.equal(connectorStatus(connector(SPEC, {}, previous), { state: running, topics: [], warnings: [] }, NOW).conditions?.[0]?.lastTransitionTime, earlier, "the transition time holds while Ready holds");
  t.strictSame(pausedConnectorStatus(connector(SPEC, {}, { observedGeneration: 3, tasksMax: 2 }), [], NOW), {
    conditions: [{ type: "ReconciliationPaused", status: "True", lastTransitionTime: NOW.toISOString() }],
    observedGeneration: 3,
    tasksMax: 0,
  });
});
