// KafkaConnectors through the sidecar's connector reconciler against a REAL
// Kafka Connect worker (connect-distributed from the apache/kafka layout, with
// Kafka's file connectors from Maven Central on its plugin.path) and one real
// KRaft node: a FileStreamSource connector moves a file's lines into a topic,
// which are consumed back; the restart annotation restarts it; pause, stop and
// resume show in the status; a connector of an unknown class and one whose task
// fails are NotReady while the others stay Ready. Kubernetes is the in-memory
// stand-in of test/helpers/connector-world.ts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t, { type Test } from "tap";
import { REAL_TIMERS } from "../../../sidecar/timers.js";
import { ConnectorWorld, kafkaConnect, kafkaConnector } from "../../helpers/connector-world.js";
import { FILE_SINK, FILE_SOURCE } from "../../helpers/fake-connect.js";
import { repoRoot } from "../../helpers/paths.js";
import { consume } from "../clients.js";
import { eventually, freePort } from "../k8s/cluster.js";
import { startProcessGroup } from "../process-group.js";
import { kafkaImage } from "../real-world.js";

const HEAP = "-Xmx384m -Xms128m";

function startProcess(t: Test, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const group = startProcessGroup(command, args, env);
  t.teardown(() => group.stop());
}

t.test("KafkaConnectors on a real Connect worker", async (t) => {
  const home = kafkaImage();
  const plugins = execFileSync("bash", [join(repoRoot, "test", "realbed", "kafka", "install-connect-plugins.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const bin = join(home, "opt", "kafka", "bin");
  const dir = mkdtempSync(join(tmpdir(), "connect-real-"));
  const [controller, broker, rest] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(join(dir, "server.properties"), [
    "process.roles=broker,controller", "node.id=0",
    `controller.quorum.bootstrap.servers=127.0.0.1:${controller}`,
    `listeners=CONTROLLER://127.0.0.1:${controller},PLAINTEXT://127.0.0.1:${broker}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${broker}`,
    "controller.listener.names=CONTROLLER",
    `log.dirs=${join(dir, "data")}`,
    "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
    "group.initial.rebalance.delay.ms=0", "",
  ].join("\n"));
  const jvm = { ...process.env, KAFKA_HEAP_OPTS: HEAP, LOG_DIR: join(dir, "logs") };
  execFileSync(join(bin, "kafka-storage.sh"), ["format", "--standalone", "-t", "connect-real-bed-cluster", "-c", join(dir, "server.properties")], { env: jvm, stdio: "ignore" });
  startProcess(t, join(bin, "kafka-server-start.sh"), [join(dir, "server.properties")], jvm);

  writeFileSync(join(dir, "worker.properties"), [
    `bootstrap.servers=127.0.0.1:${broker}`, "group.id=connect-real-bed",
    "key.converter=org.apache.kafka.connect.storage.StringConverter", "value.converter=org.apache.kafka.connect.storage.StringConverter",
    "config.storage.topic=connect-configs", "offset.storage.topic=connect-offsets", "status.storage.topic=connect-status",
    "config.storage.replication.factor=1", "offset.storage.replication.factor=1", "status.storage.replication.factor=1",
    "offset.flush.interval.ms=1000",
    `listeners=http://127.0.0.1:${rest}`, `plugin.path=${plugins}`, "",
  ].join("\n"));
  startProcess(t, join(bin, "kafka-run-class.sh"), ["org.apache.kafka.connect.cli.ConnectDistributed", join(dir, "worker.properties")], { ...jvm, LOG_DIR: join(dir, "connect-logs") });
  await eventually("the Connect worker to list its plugins", async () => {
    const response = await fetch(`http://127.0.0.1:${rest}/connector-plugins`).catch(() => undefined);
    const body = response?.ok ? (await response.json()) as Array<{ class: string }> : [];
    return body.some((p) => p.class === FILE_SOURCE) ? true : undefined;
  }, 180_000);

  const w = ConnectorWorld.against({ host: "127.0.0.1", port: rest }, { requestTimers: REAL_TIMERS, requestTimeoutMs: 30_000 });
  t.teardown(() => w.stop());
  w.put("kafkaConnects", kafkaConnect());
  w.run();
  const conditions = (name: string) => w.connector(name)?.status?.conditions;
  const connectorState = (name: string) => (w.connector(name)?.status?.connectorStatus as { connector?: { state?: string }; tasks?: Array<{ state: string }> } | undefined);
  /** Passes are queued by changes, as the informers queue them; the world's resync timers do not run. */
  const nudge = (name: string): void => w.put("kafkaConnectors", w.connector(name) as never);
  const until = async (what: string, name: string, check: () => boolean, timeoutMs = 120_000): Promise<void> => {
    await eventually(what, async () => {
      if (check()) return true;
      nudge(name);
      return undefined;
    }, timeoutMs, () => JSON.stringify(w.connector(name)?.status));
  };

  const input = join(dir, "lines.txt");
  writeFileSync(input, "one\ntwo\nthree\n");
  const source = { class: FILE_SOURCE, tasksMax: 1, config: { file: input, topic: "lines" } };
  w.put("kafkaConnectors", kafkaConnector("file-source", source));
  await until("the file source running", "file-source", () => connectorState("file-source")?.tasks?.[0]?.state === "RUNNING" && conditions("file-source")?.[0]?.type === "Ready");
  const received = await consume({ bootstrap: `127.0.0.1:${broker}` }, "lines", 3);
  t.strictSame([...new Set(received)].sort(), ["one", "three", "two"], "the file's lines are in the topic");
  await until("the topic in the status", "file-source", () => (w.connector("file-source")?.status?.topics ?? []).includes("lines"));
  t.strictSame(w.connector("file-source")?.status?.topics, ["lines"]);

  // A broken connector and a failing task beside it.
  w.put("kafkaConnectors", kafkaConnector("unknown-class", { class: "com.example.NoSuchConnector", tasksMax: 1, config: {} }));
  w.put("kafkaConnectors", kafkaConnector("failing-sink", { class: FILE_SINK, tasksMax: 1, config: { file: join(dir, "no-such-dir", "out.txt"), topics: "lines" } }));
  // Creating the sink beside it rebalances the worker; a pass meanwhile reads "500: a rebalance is expected", which is
  // transient, so the wait is for Connect's own verdict on the class.
  const refusedClass = /^POST \/connectors returned 400 \(400\): .*com\.example\.NoSuchConnector/;
  await until("the unknown class refused", "unknown-class", () => refusedClass.test(conditions("unknown-class")?.[0]?.message ?? ""));
  t.equal(conditions("unknown-class")?.[0]?.reason, "ConnectRestException");
  await until("the sink's task failed", "failing-sink", () => conditions("failing-sink")?.[0]?.message === "The following tasks have failed: 0, see connectorStatus for more details.");

  // Restart, then pause, stop, resume: the others are unaffected throughout.
  w.put("kafkaConnectors", kafkaConnector("file-source", source, { "strimzi.io/restart": "true" }));
  await until("the restart annotation removed", "file-source", () => w.connector("file-source")?.metadata.annotations?.["strimzi.io/restart"] === undefined);
  for (const [state, shown] of [["paused", "PAUSED"], ["stopped", "STOPPED"], ["running", "RUNNING"]] as const) {
    w.put("kafkaConnectors", kafkaConnector("file-source", { ...source, state }));
    await until(`the connector ${shown}`, "file-source", () => connectorState("file-source")?.connector?.state === shown);
  }
  await until("Ready again", "file-source", () => conditions("file-source")?.[0]?.type === "Ready");
  writeFileSync(input, "one\ntwo\nthree\nfour\n");
  const more = await consume({ bootstrap: `127.0.0.1:${broker}` }, "lines", 4);
  t.ok(more.includes("four"), "a line added after the resume moves too");
  t.equal(conditions("unknown-class")?.[0]?.type, "NotReady", "still NotReady");
  t.equal(conditions("failing-sink")?.[0]?.type, "NotReady", "still NotReady");
});
