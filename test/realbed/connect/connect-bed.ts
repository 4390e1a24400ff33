// The Connect beds' processes from the cached apache/kafka layout: a
// single-node KRaft cluster and a Connect worker in distributed mode, each in a
// process group of its own that the test's teardown stops.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Test } from "tap";
import { eventually, freePort } from "../k8s/cluster.js";
import { startProcessGroup } from "../process-group.js";
import { kafkaImage } from "../real-world.js";

const HEAP = "-Xmx384m -Xms128m";

const bin = (script: string): string => join(kafkaImage(), "opt", "kafka", "bin", script);
const jvm = (logs: string): NodeJS.ProcessEnv => ({ ...process.env, KAFKA_HEAP_OPTS: HEAP, LOG_DIR: logs });

function startProcess(t: Test, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const group = startProcessGroup(command, args, env);
  t.teardown(() => group.stop());
}

/** One combined-role KRaft node under `dir` with a plain listener; its bootstrap address. */
export async function startKraftNode(t: Test, dir: string, clusterId: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const [controller, broker] = [await freePort(), await freePort()];
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
  const env = jvm(join(dir, "logs"));
  execFileSync(bin("kafka-storage.sh"), ["format", "--standalone", "-t", clusterId, "-c", join(dir, "server.properties")], { env, stdio: "ignore" });
  startProcess(t, bin("kafka-server-start.sh"), [join(dir, "server.properties")], env);
  return `127.0.0.1:${broker}`;
}

/**
 * A Connect worker under `dir` against `bootstrap`, with the storage topics'
 * replication factor 1 and `properties` after; resolves with its REST port once
 * GET /connector-plugins lists `plugin`.
 */
export async function startConnectWorker(t: Test, dir: string, bootstrap: string, properties: readonly string[], plugin: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const rest = await freePort();
  writeFileSync(join(dir, "worker.properties"), [
    `bootstrap.servers=${bootstrap}`,
    "config.storage.replication.factor=1", "offset.storage.replication.factor=1", "status.storage.replication.factor=1",
    `listeners=http://127.0.0.1:${rest}`,
    ...properties, "",
  ].join("\n"));
  startProcess(t, bin("kafka-run-class.sh"), ["org.apache.kafka.connect.cli.ConnectDistributed", join(dir, "worker.properties")], jvm(join(dir, "logs")));
  await eventually("the Connect worker to list its plugins", async () => {
    const response = await fetch(`http://127.0.0.1:${rest}/connector-plugins`).catch(() => undefined);
    const body = response?.ok ? (await response.json()) as Array<{ class: string }> : [];
    return body.some((p) => p.class === plugin) ? true : undefined;
  }, 180_000);
  return rest;
}
