// One real Kafka node (broker and controller in one process, KRaft) from the
// bed's Kafka image, run directly (no pod, no kubelet), with a mutual-TLS
// listener whose certificates come from the bed's CA: the Topic Operator's
// Kafka in topic-operator*.real.ts. The node's own traffic (controller,
// inter-broker) is plaintext on loopback. Its log goes to the run's directory.
import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { issueClientCertificate, issueLoopbackServingCertificate } from "./certificates.js";
import { eventually, freePort } from "./cluster.js";

export interface TlsBroker {
  /** host:port of the TLS listener. */
  bootstrap: string;
  caPem: string;
  /** A client certificate and key (PEM) from the bed's CA. */
  client: { certPem: string; keyPem: string };
  log: string;
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr}`))));
  });
}

/** Starts the node in `dir` (the bed's run directory, where its CA is) and waits until its TLS listener accepts connections. */
export async function startTlsBroker(image: string, dir: string, clientUser: string, heap = "-Xms128m -Xmx384m"): Promise<TlsBroker> {
  const home = join(dir, "kafka");
  mkdirSync(join(home, "data"), { recursive: true });
  const serving = issueLoopbackServingCertificate(dir, "kafka-broker");
  const client = issueClientCertificate(dir, "topic-operator", clientUser);
  const keystore = join(home, "broker.pem");
  // Kafka's PEM keystore file: the PKCS#8 key, then the certificate.
  writeFileSync(keystore, readFileSync(serving.key, "utf8") + readFileSync(serving.certificate, "utf8"));
  const [tls, internal, controller] = [await freePort(), await freePort(), await freePort()];
  const properties = join(home, "server.properties");
  writeFileSync(properties, [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=TLS://127.0.0.1:${tls},INTERNAL://127.0.0.1:${internal},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=TLS://127.0.0.1:${tls},INTERNAL://127.0.0.1:${internal}`,
    "listener.security.protocol.map=TLS:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "inter.broker.listener.name=INTERNAL",
    "controller.listener.names=CONTROLLER",
    "listener.name.tls.ssl.client.auth=required",
    "listener.name.tls.ssl.keystore.type=PEM",
    `listener.name.tls.ssl.keystore.location=${keystore}`,
    "listener.name.tls.ssl.truststore.type=PEM",
    `listener.name.tls.ssl.truststore.location=${join(dir, "ca.crt")}`,
    `log.dirs=${join(home, "data")}`,
    "num.partitions=1",
    "default.replication.factor=1",
    "offsets.topic.replication.factor=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "auto.create.topics.enable=false",
    "group.initial.rebalance.delay.ms=0",
    "",
  ].join("\n"));
  // The image's only log4j2 file is its tools' (warnings only): the node logs at INFO, whose "started" line is awaited.
  const log4j = join(home, "log4j2.yaml");
  writeFileSync(log4j, [
    "Configuration:",
    "  Appenders:",
    "    Console:",
    "      name: STDOUT",
    "      PatternLayout:",
    '        pattern: "[%d] %p %m (%c)%n"',
    "  Loggers:",
    "    Root:",
    "      level: INFO",
    "      AppenderRef:",
    "        - ref: STDOUT",
    "",
  ].join("\n"));
  const bin = join(image, "opt", "kafka", "bin");
  const env = { ...process.env, KAFKA_HEAP_OPTS: heap, LOG_DIR: join(home, "logs"), KAFKA_LOG4J_OPTS: `-Dlog4j2.configurationFile=${log4j}` };
  await run(join(bin, "kafka-storage.sh"), ["format", "-t", "VD9lEuNVRBeYPM0UrmuB0Q", "-c", properties], env);
  const log = join(home, "server.out");
  const out = openSync(log, "a");
  const child = spawn(join(bin, "kafka-server-start.sh"), [properties], { env, detached: true, stdio: ["ignore", out, out] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
    await exited;
  };
  try {
    await eventually("the broker to start", async () => (readFileSync(log, "utf8").includes("Kafka Server started") ? true : undefined), 120_000,
      () => readFileSync(log, "utf8").split("\n").slice(-20).join("\n"));
  } catch (error) {
    await kill();
    throw error;
  }
  return {
    bootstrap: `127.0.0.1:${tls}`,
    caPem: readFileSync(join(dir, "ca.crt"), "utf8"),
    client: { certPem: readFileSync(client.certificate, "utf8"), keyPem: readFileSync(client.key, "utf8") },
    log,
    stop: kill,
  };
}
