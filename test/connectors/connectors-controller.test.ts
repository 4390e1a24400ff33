// The connector reconciler against a fake Connect: every action, every error,
// annotations removed or recorded after acting, offsets, auto-restart, deletion
// of undeclared connectors, the plugins annotation, and the isolation of a
// connector whose calls hang (Strimzi #12004).
import t, { type Test } from "tap";
import { FILE_SINK, FILE_SOURCE } from "../helpers/fake-connect.js";
import { CONNECT, ConnectorWorld, kafkaConnect, kafkaConnector, NOW, NS, REQUEST_TIMEOUT_MS } from "../helpers/connector-world.js";
import { until } from "../helpers/sidecar-harness.js";

const SOURCE = { class: FILE_SOURCE, tasksMax: 2, config: { file: "/tmp/in.txt", topic: "lines" } };
const at = NOW.toISOString();
const READY = [{ type: "Ready", status: "True", lastTransitionTime: at }];

async function world(t: Test, options: { concurrency?: number } = {}): Promise<ConnectorWorld> {
  const w = await ConnectorWorld.start(options);
  t.teardown(() => w.stop());
  w.put("kafkaConnects", kafkaConnect());
  w.run();
  return w;
}

const conditions = (w: ConnectorWorld, name: string) => w.connector(name)?.status?.conditions;
const ready = (w: ConnectorWorld, name: string) => conditions(w, name)?.[0]?.type === "Ready";
const state = (w: ConnectorWorld, name: string) => (w.connector(name)?.status?.connectorStatus as { connector?: { state?: string } } | undefined)?.connector?.state;

t.test("a new KafkaConnector is created in Connect, and its status is Strimzi's", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  await until("the connector ready", () => ready(w, "my-source"));
  t.strictSame(w.connect.connectors.get("my-source")?.config, { "file": "/tmp/in.txt", "topic": "lines", "tasks.max": "2", "name": "my-source", "connector.class": FILE_SOURCE });
  t.strictSame(w.connector("my-source")?.status, {
    conditions: READY,
    observedGeneration: 1,
    connectorStatus: {
      name: "my-source",
      connector: { state: "RUNNING", worker_id: "10.0.0.7:8083" },
      tasks: [{ id: 0, state: "RUNNING", worker_id: "10.0.0.7:8083" }, { id: 1, state: "RUNNING", worker_id: "10.0.0.7:8083" }],
      type: "source",
    },
    tasksMax: 2,
    topics: ["lines"],
  });
  t.ok(w.connect.requests.includes("POST /connectors"), "created with POST");
});

t.test("the configuration is PUT only when it differs", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  await until("the connector ready", () => ready(w, "my-source"));
  const puts = () => w.connect.requests.filter((r) => r === "PUT /connectors/my-source/config").length;
  w.put("kafkaConnectors", { ...w.connector("my-source"), metadata: { ...w.connector("my-source")?.metadata, generation: 1, annotations: { touched: "1" } } } as never);
  await until("another pass", () => w.connect.requests.filter((r) => r === "GET /connectors/my-source/config").length >= 3);
  await until("the pass's topics", () => w.connect.requests.filter((r) => r === "GET /connectors/my-source/topics").length >= 3);
  t.equal(puts(), 0, "an unchanged connector is not written");
  w.put("kafkaConnectors", kafkaConnector("my-source", { ...SOURCE, config: { ...SOURCE.config, topic: "other" } }));
  await until("the update", () => w.connect.connectors.get("my-source")?.config.topic === "other");
  t.equal(puts(), 1);
});

t.test("pause, stop and resume show in the status", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("my-source", { ...SOURCE, state: "paused" }));
  await until("created paused", () => state(w, "my-source") === "PAUSED");
  t.equal(w.connect.connectors.get("my-source")?.state, "PAUSED", "initial_state");
  w.put("kafkaConnectors", kafkaConnector("my-source", { ...SOURCE, state: "stopped" }));
  await until("stopped", () => state(w, "my-source") === "STOPPED");
  t.ok(w.connect.requests.includes("PUT /connectors/my-source/stop"));
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  await until("running", () => state(w, "my-source") === "RUNNING");
  t.ok(w.connect.requests.includes("PUT /connectors/my-source/resume"));
  t.strictSame(conditions(w, "my-source"), READY);
});

t.test("a failed connector cannot be paused: NotReady, as Strimzi", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  await until("ready", () => ready(w, "my-source"));
  w.connect.setState("my-source", "FAILED");
  w.put("kafkaConnectors", kafkaConnector("my-source", { ...SOURCE, state: "paused" }));
  await until("refused", () => conditions(w, "my-source")?.[0]?.reason === "NoStackTraceThrowable");
  t.strictSame(conditions(w, "my-source"), [{ type: "NotReady", status: "True", lastTransitionTime: at, reason: "NoStackTraceThrowable", message: "Connector my-source cannot be paused since it is in failed state." }]);
});

t.test("restart and restart-task annotations act once and are removed; GitOps tokens are recorded", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  await until("ready", () => ready(w, "my-source"));
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE, { "strimzi.io/restart": "includeTasks,onlyFailed", "strimzi.io/restart-task": "1" }));
  await until("the annotations removed", () => w.connector("my-source")?.metadata.annotations?.["strimzi.io/restart-task"] === undefined && w.connector("my-source")?.metadata.annotations?.["strimzi.io/restart"] === undefined);
  t.ok(w.connect.requests.includes("POST /connectors/my-source/restart?includeTasks=true&onlyFailed=true"));
  t.ok(w.connect.requests.includes("POST /connectors/my-source/tasks/1/restart"));
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE, { "kafka-hooks.io/restart": "first" }));
  await until("the token recorded", () => w.connector("my-source")?.metadata.annotations?.["kafka-hooks.io/restarted"] === "first");
  const restarts = () => w.connect.requests.filter((r) => r === "POST /connectors/my-source/restart?includeTasks=false&onlyFailed=false").length;
  t.equal(restarts(), 1);
  const configReads = w.connect.requests.filter((r) => r === "GET /connectors/my-source/config").length;
  w.put("kafkaConnectors", w.connector("my-source") as never);
  await until("another pass", () => w.connect.requests.filter((r) => r === "GET /connectors/my-source/config").length > configReads);
  await until("its topics", () => w.connect.requests.filter((r) => r === "GET /connectors/my-source/topics").length > configReads);
  t.equal(restarts(), 1, "the same token does not restart again");
  t.equal(w.connector("my-source")?.metadata.annotations?.["kafka-hooks.io/restart"], "first", "the GitOps annotation stays");
});

t.test("a restart that fails leaves a Warning and its annotation; an invalid one a Warning", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  await until("ready", () => ready(w, "my-source"));
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE, { "strimzi.io/restart-task": "7", "strimzi.io/restart": "soon" }));
  await until("the warnings", () => (conditions(w, "my-source")?.length ?? 0) === 3);
  t.strictSame(conditions(w, "my-source"), [
    ...READY,
    { type: "Warning", status: "True", lastTransitionTime: at, reason: "RestartConnector", message: "Invalid annotation format" },
    { type: "Warning", status: "True", lastTransitionTime: at, reason: "RestartConnectorTask", message: "Failed to restart connector task my-source:7. POST /connectors/my-source/tasks/7/restart returned 404 (404): Unknown task: my-source-7" },
  ]);
  t.equal(w.connector("my-source")?.metadata.annotations?.["strimzi.io/restart-task"], "7", "kept for the next pass");
});

t.test("offsets: list to a ConfigMap, alter and reset only when stopped", async (t) => {
  const w = await world(t);
  const spec = { ...SOURCE, listOffsets: { toConfigMap: { name: "offsets" } }, alterOffsets: { fromConfigMap: { name: "new-offsets" } } };
  w.put("kafkaConnectors", kafkaConnector("my-source", spec));
  await until("ready", () => ready(w, "my-source"));
  const stored = w.connect.connectors.get("my-source");
  if (stored) stored.offsets = [{ partition: { filename: "/tmp/in.txt" }, offset: { position: 42 } }];
  w.put("kafkaConnectors", kafkaConnector("my-source", spec, { "strimzi.io/connector-offsets": "list" }));
  await until("the offsets listed", () => w.configMaps.has("offsets") && w.connector("my-source")?.metadata.annotations?.["strimzi.io/connector-offsets"] === undefined);
  t.strictSame(w.configMaps.get("offsets")?.data, { "offsets.json": JSON.stringify({ offsets: [{ partition: { filename: "/tmp/in.txt" }, offset: { position: 42 } }] }, null, 2) });
  t.strictSame(w.configMaps.get("offsets")?.metadata?.ownerReferences, [{ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnector", name: "my-source", uid: "uid-my-source", controller: false, blockOwnerDeletion: false }]);

  w.put("kafkaConnectors", kafkaConnector("my-source", spec, { "strimzi.io/connector-offsets": "alter" }));
  await until("refused while running", () => conditions(w, "my-source")?.some((c) => c.reason === "AlterOffsets") === true);
  t.strictSame(conditions(w, "my-source")?.[1], { type: "Warning", status: "True", lastTransitionTime: at, reason: "AlterOffsets", message: "Encountered error altering connector offsets. Connector is not in STOPPED state" });

  w.configMaps.set("new-offsets", { metadata: { name: "new-offsets", namespace: NS }, data: { "offsets.json": JSON.stringify({ offsets: [{ partition: { filename: "/tmp/in.txt" }, offset: { position: 7 } }] }) } });
  w.put("kafkaConnectors", kafkaConnector("my-source", { ...spec, state: "stopped" }, { "strimzi.io/connector-offsets": "alter" }));
  await until("altered", () => w.connector("my-source")?.metadata.annotations?.["strimzi.io/connector-offsets"] === undefined);
  t.strictSame(w.connect.connectors.get("my-source")?.offsets, [{ partition: { filename: "/tmp/in.txt" }, offset: { position: 7 } }]);

  w.put("kafkaConnectors", kafkaConnector("my-source", { ...spec, state: "stopped" }, { "strimzi.io/connector-offsets": "reset" }));
  await until("reset", () => w.connector("my-source")?.metadata.annotations?.["strimzi.io/connector-offsets"] === undefined && w.connect.connectors.get("my-source")?.offsets.length === 0);
  t.ok(w.connect.requests.includes("DELETE /connectors/my-source/offsets"));
});

t.test("auto-restart: a failed connector is restarted and counted, then left to its back-off", async (t) => {
  const w = await world(t);
  const spec = { ...SOURCE, autoRestart: { enabled: true } };
  w.put("kafkaConnectors", kafkaConnector("my-source", spec));
  await until("ready", () => ready(w, "my-source"));
  w.connect.setState("my-source", "FAILED", 1);
  w.put("kafkaConnectors", w.connector("my-source") as never);
  await until("restarted once", () => w.connector("my-source")?.status?.autoRestart?.count === 1);
  t.strictSame(w.connector("my-source")?.status?.autoRestart, { count: 1, lastRestartTimestamp: at });
  t.ok(w.connect.requests.includes("POST /connectors/my-source/restart?includeTasks=true&onlyFailed=true"));
  t.equal(w.connect.connectors.get("my-source")?.tasks[1], "RUNNING");
  w.connect.setState("my-source", "FAILED", 1);
  w.put("kafkaConnectors", w.connector("my-source") as never);
  await until("the failure seen", () => conditions(w, "my-source")?.[0]?.type === "NotReady");
  t.strictSame(conditions(w, "my-source"), [{ type: "NotReady", status: "True", lastTransitionTime: at, reason: "Throwable", message: "The following tasks have failed: 1, see connectorStatus for more details." }]);
  t.equal(w.connector("my-source")?.status?.autoRestart?.count, 1, "within the back-off: not restarted again");
  w.now = new Date(NOW.getTime() + 2 * 60_000);
  w.put("kafkaConnectors", w.connector("my-source") as never);
  await until("restarted again after 2 minutes", () => w.connector("my-source")?.status?.autoRestart?.count === 2);
});

t.test("errors: a bad class, no Connect cluster, no use-connector-resources, no replicas, an invalid resource", async (t) => {
  const w = await world(t);
  w.put("kafkaConnectors", kafkaConnector("bad", { class: "com.example.Missing", config: { "tasks.max": 3 } }));
  w.put("kafkaConnectors", kafkaConnector("orphan", SOURCE, {}, "no-such-connect"));
  w.put("kafkaConnectors", kafkaConnector("invalid", { config: { nested: { a: 1 } } }));
  await until("three statuses", () => ["bad", "orphan", "invalid"].every((n) => conditions(w, n) !== undefined));
  t.strictSame(conditions(w, "bad"), [
    { type: "NotReady", status: "True", lastTransitionTime: at, reason: "ConnectRestException", message: `POST /connectors returned 500 (500): Failed to find any class that implements Connector and which name matches com.example.Missing, available connectors are: ${FILE_SINK}, ${FILE_SOURCE}` },
    { type: "Warning", status: "True", lastTransitionTime: at, reason: "ForbiddenConfigOption", message: "spec.config: tasks.max ignored: spec.class, spec.tasksMax, spec.version and the resource's name set them" },
  ]);
  t.strictSame(conditions(w, "orphan"), [{ type: "NotReady", status: "True", lastTransitionTime: at, reason: "NoSuchResourceException", message: `KafkaConnect resource 'no-such-connect' identified by label 'strimzi.io/cluster' does not exist in namespace ${NS}.` }]);
  t.strictSame(conditions(w, "invalid"), [{ type: "NotReady", status: "True", lastTransitionTime: at, reason: "InvalidResourceException", message: "spec.class: is required; spec.config.nested: must be a string, number or boolean" }]);
  t.notOk(w.connect.requests.some((r) => r.includes("/connectors/orphan") || r.includes("/connectors/invalid")), "Connect not asked");

  w.put("kafkaConnects", kafkaConnect({}));
  await until("not using resources", () => conditions(w, "bad")?.[0]?.reason === "NoSuchResourceException");
  t.equal(conditions(w, "bad")?.[0]?.message, `KafkaConnect ${CONNECT} is not configured with annotation strimzi.io/use-connector-resources`);
  w.put("kafkaConnects", kafkaConnect(undefined, 0));
  await until("no replicas", () => conditions(w, "bad")?.[0]?.reason === "RuntimeException");
  t.equal(conditions(w, "bad")?.[0]?.message, `Kafka Connect cluster '${CONNECT}' in namespace ${NS} has 0 replicas.`);

  w.put("kafkaConnectors", kafkaConnector("paused", SOURCE, { "strimzi.io/pause-reconciliation": "true" }));
  await until("paused", () => conditions(w, "paused") !== undefined);
  t.strictSame(w.connector("paused")?.status, { conditions: [{ type: "ReconciliationPaused", status: "True", lastTransitionTime: at }], observedGeneration: 0, tasksMax: 0 });
});

t.test("connectors no KafkaConnector declares are deleted; plugins go on the Connect PodSet", async (t) => {
  const w = await world(t);
  w.connect.add("made-by-hand", { "connector.class": FILE_SINK, "tasks.max": "1" });
  w.put("kafkaConnectors", kafkaConnector("my-source", SOURCE));
  w.put("connectPodSets", { apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet", metadata: { name: `${CONNECT}-connect`, namespace: NS, labels: { "strimzi.io/cluster": CONNECT, "strimzi.io/kind": "KafkaConnect" } } });
  await until("the undeclared connector deleted", () => !w.connect.connectors.has("made-by-hand"));
  await until("the plugins recorded", () => w.podSetAnnotations.length > 0);
  t.strictSame(w.podSetAnnotations[0], { "kafka-hooks.io/connector-plugins": JSON.stringify([{ class: FILE_SINK, type: "sink", version: "4.3.1" }, { class: FILE_SOURCE, type: "source", version: "4.3.1" }]) });
  await until("ready", () => ready(w, "my-source"));
  w.remove("my-source");
  await until("deleted with its KafkaConnector", () => !w.connect.connectors.has("my-source"));
});

t.test("isolation: one connector's calls hang, every other's status still updates; the hung one times out on its own", async (t) => {
  const w = await world(t, { concurrency: 4 });
  w.connect.add("hung", { "connector.class": FILE_SOURCE, "tasks.max": "1" });
  w.connect.hang("hung");
  w.put("kafkaConnectors", kafkaConnector("hung", SOURCE));
  const names = Array.from({ length: 20 }, (_, i) => `c-${i}`);
  for (const name of names) w.put("kafkaConnectors", kafkaConnector(name, SOURCE));
  await until("every other connector ready", () => names.every((n) => ready(w, n)));
  t.equal(w.connector("hung")?.status, undefined, "the hung connector still waits for Connect");
  await w.timers.advance(REQUEST_TIMEOUT_MS);
  await until("the hung connector's status", () => conditions(w, "hung") !== undefined);
  t.strictSame(conditions(w, "hung"), [{ type: "NotReady", status: "True", lastTransitionTime: at, reason: "ConnectTimeoutException", message: `GET /connectors/hung/config failed: no answer within ${REQUEST_TIMEOUT_MS} ms` }]);
});
