// Kafka's own console consumer (the Java client) on this machine, reading a
// topic over TLS for as long as it runs: the consumer that a broker restart or
// a leader change must not stop. It resolves the pods' names from the process
// kubelet's hosts file, as the pods do.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface JavaConsumer {
  received(): ReadonlySet<string>;
  stop(): Promise<void>;
}

/** `kafka-console-consumer.sh --from-beginning` over TLS, trusting `caPem` (a PEM truststore). */
export function startJavaConsumer(options: { image: string; hostsFile: string; bootstrap: string; topic: string; caPem: string }): JavaConsumer {
  const dir = mkdtempSync(join(tmpdir(), "java-consumer-"));
  writeFileSync(join(dir, "ca.pem"), options.caPem);
  writeFileSync(join(dir, "consumer.properties"), [
    "security.protocol=SSL",
    "ssl.truststore.type=PEM",
    `ssl.truststore.location=${join(dir, "ca.pem")}`,
    "",
  ].join("\n"));
  const child = spawn(join(options.image, "opt", "kafka", "bin", "kafka-console-consumer.sh"), [
    "--bootstrap-server", options.bootstrap, "--topic", options.topic, "--from-beginning", "--consumer.config", join(dir, "consumer.properties"),
  ], {
    detached: true,
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, JAVA_TOOL_OPTIONS: `-Djdk.net.hosts.file=${options.hostsFile}`, KAFKA_HEAP_OPTS: "-Xmx128m" },
  });
  const received = new Set<string>();
  createInterface({ input: child.stdout }).on("line", (line) => received.add(line));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", () => kill("SIGKILL"));
  return {
    received: () => received,
    async stop() {
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
