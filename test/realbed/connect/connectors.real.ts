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
import t from "tap";
import { REAL_TIMERS } from "../../../sidecar/timers.js";
import { ConnectorWorld, kafkaConnect, kafkaConnector } from "../../helpers/connector-world.js";
import { FILE_SINK, FILE_SOURCE } from "../../helpers/fake-connect.js";
import { repoRoot } from "../../helpers/paths.js";
import { consume } from "../clients.js";
import { eventually } from "../k8s/cluster.js";
import { startConnectWorker, startKraftNode } from "./connect-bed.js";

t.test("KafkaConnectors on a real Connect worker", async (t) => {
  const plugins = execFileSync("bash", [join(repoRoot, "test", "realbed", "kafka", "install-connect-plugins.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const dir = mkdtempSync(join(tmpdir(), "connect-real-"));
  const bootstrap = await startKraftNode(t, join(dir, "kafka"), "connect-real-bed-cluster");
  const rest = await startConnectWorker(t, join(dir, "connect"), bootstrap, [
    "group.id=connect-real-bed",
    "key.converter=org.apache.kafka.connect.storage.StringConverter", "value.converter=org.apache.kafka.connect.storage.StringConverter",
    "config.storage.topic=connect-configs", "offset.storage.topic=connect-offsets", "status.storage.topic=connect-status",
    "offset.flush.interval.ms=1000",
    `plugin.path=${plugins}`,
  ], FILE_SOURCE);

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
  const received = await consume({ bootstrap }, "lines", 3);
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
  const more = await consume({ bootstrap }, "lines", 4);
  t.ok(more.includes("four"), "a line added after the resume moves too");
  t.equal(conditions("unknown-class")?.[0]?.type, "NotReady", "still NotReady");
  t.equal(conditions("failing-sink")?.[0]?.type, "NotReady", "still NotReady");
});
