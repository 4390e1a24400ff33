// MirrorMaker 2's connectors through the sidecar against a fake Connect: both
// connectors created with the pure configurations, their states recorded on the
// workers' PodSet as the hook reads them, pause/stop/resume, the restart
// annotations acted on once and removed (GitOps values recorded), connectors no
// mirror declares deleted (never one MirrorMaker 2 did not name), a failed one
// named, and one whose calls hang not delaying the others.
import t, { type Test } from "tap";
import type { KafkaMirrorMaker2 } from "../../lib/api/kafka-mirror-maker-2.js";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { mirrorMaker2ConnectorOperations } from "../../lib/operands/mirror-maker-2/connector-annotations.js";
import { mirrorMaker2ConnectorStates } from "../../lib/operands/mirror-maker-2/connector-states.js";
import { isMirrorConnectorName } from "../../lib/operands/mirror-maker-2/connectors.js";
import { DEFAULT_PLUGINS, FakeConnect, FILE_SINK } from "../helpers/fake-connect.js";
import { MirrorMaker2World, NOW, workersPodSet } from "../helpers/mirror-maker-2-world.js";
import { until } from "../helpers/sidecar-harness.js";

const NS = "mm2-ns";
const REQUEST_TIMEOUT_MS = 2000;
const SOURCE = "source->target.MirrorSourceConnector";
const CHECKPOINT = "source->target.MirrorCheckpointConnector";
const MIRROR = "org.apache.kafka.connect.mirror";
const WORKER = "10.0.0.7:8083";

type Mirror = KafkaMirrorMaker2["spec"]["mirrors"][number];
const mirror = (alias: string, extra: Partial<Mirror> = {}): Mirror => ({
  source: { alias, bootstrapServers: `${alias}:9092` },
  sourceConnector: { tasksMax: 2, config: { "replication.factor": "1" } },
  checkpointConnector: { config: { "sync.group.offsets.enabled": "true" } },
  topicsPattern: "orders.*",
  ...extra,
});

function mirrorMaker2(mirrors: Mirror[], annotations: Record<string, string> = {}): KubernetesObject {
  return {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaMirrorMaker2",
    metadata: { name: "my-mm2", namespace: NS, generation: 1, annotations },
    spec: { replicas: 1, target: { alias: "target", bootstrapServers: "target:9092", groupId: "mm2", configStorageTopic: "c", offsetStorageTopic: "o", statusStorageTopic: "s" }, mirrors },
  } as KubernetesObject;
}

type World = MirrorMaker2World & { connect: FakeConnect };

async function world(t: Test, mm2: KubernetesObject, concurrency?: number): Promise<World> {
  const connect = await FakeConnect.start();
  connect.plugins = [...DEFAULT_PLUGINS, ...["MirrorCheckpointConnector", "MirrorSourceConnector"].map((c) => ({ class: `${MIRROR}.${c}`, type: "source" as const, version: "4.3.1" }))];
  const w = Object.assign(new MirrorMaker2World(connect.address(), { requestTimeoutMs: REQUEST_TIMEOUT_MS, ...(concurrency !== undefined ? { concurrency } : {}) }), { connect });
  // Together: stopping Connect releases the calls a hung connector's pass still waits on.
  t.teardown(() => Promise.all([w.stop(), connect.stop()]));
  w.put("connectPodSets", workersPodSet("my-mm2", NS));
  w.put("kafkaMirrorMaker2s", mm2);
  w.run();
  return w;
}

const running = (name: string, tasks: number, state = "RUNNING") => ({
  name,
  connector: { state, worker_id: WORKER },
  tasks: Array.from({ length: tasks }, (_, id) => ({ id, state, worker_id: WORKER })),
  type: "source",
});
const stateOf = (w: World, name: string) => (w.states()?.connectors.find((c) => c["name"] === name)?.["connector"] as { state?: string } | undefined)?.state;
const connection = (alias: string) => ({
  [`${alias === "target" ? "target" : "source"}.cluster.alias`]: alias,
  [`${alias === "target" ? "target" : "source"}.cluster.bootstrap.servers`]: `${alias}:9092`,
  [`${alias === "target" ? "target" : "source"}.cluster.security.protocol`]: "PLAINTEXT",
});

t.test("both connectors are created from the resource and recorded on the workers' PodSet for the hook", async (t) => {
  const w = await world(t, mirrorMaker2([mirror("source")]));
  await until("both connectors recorded", () => w.states()?.connectors.length === 2);
  t.strictSame(w.connect.connectors.get(SOURCE)?.config, {
    ...connection("target"), ...connection("source"), "replication.factor": "1", "topics": "orders.*",
    "tasks.max": "2", "name": SOURCE, "connector.class": `${MIRROR}.MirrorSourceConnector`,
  });
  t.strictSame(w.connect.connectors.get(CHECKPOINT)?.config, {
    ...connection("target"), ...connection("source"), "sync.group.offsets.enabled": "true", "topics": "orders.*",
    "name": CHECKPOINT, "connector.class": `${MIRROR}.MirrorCheckpointConnector`,
  });
  t.strictSame(w.states(), { connectors: [running(SOURCE, 2), running(CHECKPOINT, 1)], autoRestartStatuses: [], failures: [] });
  t.strictSame(mirrorMaker2ConnectorStates(w.objects.connectPodSets[0] as StrimziPodSet).failed, undefined, "the hook sees no failure");
});

t.test("a connector's state follows the spec: stopped, paused, running", async (t) => {
  const w = await world(t, mirrorMaker2([mirror("source")]));
  await until("running", () => stateOf(w, SOURCE) === "RUNNING");
  for (const [state, shown, call] of [["stopped", "STOPPED", "stop"], ["paused", "PAUSED", "pause"], ["running", "RUNNING", "resume"]] as const) {
    w.put("kafkaMirrorMaker2s", mirrorMaker2([mirror("source", { sourceConnector: { tasksMax: 2, config: { "replication.factor": "1" }, state } })]));
    await until(`the source connector ${shown}`, () => stateOf(w, SOURCE) === shown);
    t.ok(w.connect.requests.includes(`PUT /connectors/${encodeURIComponent(SOURCE)}/${call}`), call);
  }
  t.equal(stateOf(w, CHECKPOINT), "RUNNING", "the checkpoint connector untouched");
});

t.test("restart annotations act once on the connector they name and are removed; GitOps values are recorded", async (t) => {
  const w = await world(t, mirrorMaker2([mirror("source")]));
  await until("both recorded", () => w.states()?.connectors.length === 2);
  w.put("kafkaMirrorMaker2s", mirrorMaker2([mirror("source")], { "strimzi.io/restart-connector": `${SOURCE}:includeTasks,onlyFailed`, "strimzi.io/restart-connector-task": `${CHECKPOINT}:0` }));
  await until("both annotations removed", () => w.mm2()?.metadata?.annotations?.["strimzi.io/restart-connector"] === undefined && w.mm2()?.metadata?.annotations?.["strimzi.io/restart-connector-task"] === undefined);
  const restarts = w.connect.requests.filter((r) => r.includes("/restart"));
  t.strictSame([...restarts].sort(), [
    `POST /connectors/${encodeURIComponent(CHECKPOINT)}/tasks/0/restart`,
    `POST /connectors/${encodeURIComponent(SOURCE)}/restart?includeTasks=true&onlyFailed=true`,
  ].sort(), "each connector only what names it, once");

  w.put("kafkaMirrorMaker2s", { ...w.mm2(), metadata: { ...w.mm2()?.metadata, annotations: { "kafka-hooks.io/restart-connector": `${CHECKPOINT}:first` } } } as KubernetesObject);
  await until("the value recorded", () => w.mm2()?.metadata?.annotations?.["kafka-hooks.io/restarted-connector"] === `${CHECKPOINT}:first`);
  const checkpointRestarts = () => w.connect.requests.filter((r) => r === `POST /connectors/${encodeURIComponent(CHECKPOINT)}/restart?includeTasks=false&onlyFailed=false`).length;
  t.equal(checkpointRestarts(), 1);
  const reads = w.connect.requests.filter((r) => r === `GET /connectors/${encodeURIComponent(CHECKPOINT)}/topics`).length;
  w.put("kafkaMirrorMaker2s", w.mm2() as KubernetesObject);
  await until("another pass", () => w.connect.requests.filter((r) => r === `GET /connectors/${encodeURIComponent(CHECKPOINT)}/topics`).length > reads);
  t.equal(checkpointRestarts(), 1, "the same value does not restart again");
  t.equal(w.mm2()?.metadata?.annotations?.["kafka-hooks.io/restart-connector"], `${CHECKPOINT}:first`, "the GitOps annotation stays");
});

t.test("connectors no mirror declares are deleted, only those MirrorMaker 2 names", async (t) => {
  const w = await world(t, mirrorMaker2([mirror("source"), mirror("other")]));
  w.connect.add("made-by-hand", { "connector.class": FILE_SINK, "tasks.max": "1" });
  await until("four connectors recorded", () => w.states()?.connectors.length === 4);
  w.put("kafkaMirrorMaker2s", mirrorMaker2([mirror("source", { checkpointConnector: undefined })]));
  await until("the other mirror and the checkpoint connector deleted", () => w.connect.connectors.size === 2);
  t.strictSame([...w.connect.connectors.keys()].sort(), ["made-by-hand", SOURCE]);
  await until("the record follows", () => w.states()?.connectors.length === 1);
  t.strictSame(w.states(), { connectors: [running(SOURCE, 2)], autoRestartStatuses: [], failures: [] });
});

t.test("a failed connector is named in the record; auto-restart counts through the status the hook copies", async (t) => {
  const w = await world(t, mirrorMaker2([mirror("source", { sourceConnector: { tasksMax: 2, config: {}, autoRestart: { enabled: true } } })]));
  await until("running", () => stateOf(w, SOURCE) === "RUNNING");
  w.connect.setState(CHECKPOINT, "FAILED");
  w.connect.setState(SOURCE, "FAILED", 1);
  w.put("kafkaMirrorMaker2s", w.mm2() as KubernetesObject);
  // Each connector is a pass of its own: wait for both outcomes, the checkpoint's failure and the source's restart.
  await until("the failure and the restart recorded", () => (w.states()?.failures.length ?? 0) > 0 && (w.states()?.autoRestartStatuses.length ?? 0) > 0);
  t.strictSame(w.states()?.failures, [{ connector: CHECKPOINT, message: "Connector has failed, see connectorStatus for more details." }]);
  t.strictSame(w.states()?.autoRestartStatuses, [{ count: 1, lastRestartTimestamp: NOW.toISOString(), connectorName: SOURCE }], "the source connector restarted itself");
  t.equal(mirrorMaker2ConnectorStates(w.objects.connectPodSets[0] as StrimziPodSet).failed, `${CHECKPOINT}: Connector has failed, see connectorStatus for more details.`);
  w.connect.setState(SOURCE, "FAILED", 1);
  w.put("kafkaMirrorMaker2s", w.mm2() as KubernetesObject);
  await until("the task's failure recorded", () => w.states()?.failures.length === 2);
  t.equal(w.states()?.autoRestartStatuses[0]?.count, 1, "within the back-off: not restarted again");
});

t.test("isolation: one connector's calls hang, every other connector is recorded; the hung one times out on its own", async (t) => {
  const aliases = Array.from({ length: 10 }, (_, i) => `s${i}`);
  const w = await world(t, mirrorMaker2(aliases.map((a) => mirror(a))), 4);
  const hung = "s0->target.MirrorSourceConnector";
  w.connect.add(hung, { "connector.class": `${MIRROR}.MirrorSourceConnector` });
  w.connect.hang(hung);
  w.put("kafkaMirrorMaker2s", w.mm2() as KubernetesObject);
  await until("every other connector recorded", () => w.states()?.connectors.length === 19);
  t.notOk(w.states()?.connectors.some((c) => c["name"] === hung), "the hung connector still waits for Connect");
  await w.timers.advance(REQUEST_TIMEOUT_MS);
  await until("the hung connector's failure", () => w.states()?.failures.length === 1);
  t.strictSame(w.states()?.failures, [{ connector: hung, message: `GET /connectors/${encodeURIComponent(hung)}/config failed: no answer within ${REQUEST_TIMEOUT_MS} ms` }]);
});

t.test("the restart annotations as Strimzi reads them", async (t) => {
  const on = (annotations: Record<string, string>, connector = SOURCE) => mirrorMaker2ConnectorOperations({ metadata: { name: "m", namespace: NS, annotations } }, connector);
  t.strictSame(on({ "strimzi.io/restart-connector": SOURCE }), { operations: [{ kind: "restart", includeTasks: false, onlyFailed: false, done: { "strimzi.io/restart-connector": null } }], warnings: [] });
  t.strictSame(on({ "strimzi.io/restart-connector": `${SOURCE}:onlyFailed` }).operations[0], { kind: "restart", includeTasks: false, onlyFailed: true, done: { "strimzi.io/restart-connector": null } });
  t.strictSame(on({ "strimzi.io/restart-connector": `${SOURCE}:soon` }), { operations: [], warnings: [{ reason: "RestartConnector", message: "Invalid annotation format" }] });
  t.strictSame(on({ "strimzi.io/restart-connector": SOURCE }, CHECKPOINT), { operations: [], warnings: [] }, "another connector's");
  t.strictSame(on({ "strimzi.io/restart-connector-task": `${SOURCE}:3` }).operations, [{ kind: "restartTask", task: 3, done: { "strimzi.io/restart-connector-task": null } }]);
  t.strictSame(on({ "strimzi.io/restart-connector-task": `${SOURCE}:x` }).operations, [], "not a task id");
  t.strictSame(on({ "kafka-hooks.io/restart-connector-task": `${SOURCE}:1:t1` }).operations, [{ kind: "restartTask", task: 1, done: { "kafka-hooks.io/restarted-connector-task": `${SOURCE}:1:t1` } }]);
  t.strictSame(on({ "kafka-hooks.io/restart-connector-task": `${SOURCE}:1:t1`, "kafka-hooks.io/restarted-connector-task": `${SOURCE}:1:t1` }).operations, [], "acted on already");
  t.strictSame(on({ "kafka-hooks.io/restart-connector": `${SOURCE}:` }).operations, [], "no token");
});

t.test("the connectors MirrorMaker 2 names", async (t) => {
  t.strictSame([SOURCE, CHECKPOINT, "a->b.MirrorHeartbeatConnector", "made-by-hand", "a->b.FileStreamSource", "->b.MirrorSourceConnector"].map(isMirrorConnectorName), [true, true, true, false, false, false]);
});
