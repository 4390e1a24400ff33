// Kafka's own Java tools (console consumer, VerifiableProducer) on this
// machine against a real cluster: they resolve the pods' names from the process
// kubelet's hosts file, as the pods do, and each line they print is handed on.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface JavaTool {
  /** SIGTERM (the tools' shutdown hooks flush and print their summary), SIGKILL after 30 s; resolves once the process and its output ended. */
  stop(): Promise<void>;
}

export interface JavaToolOptions {
  image: string;
  hostsFile: string;
  /** A class of the Kafka libs, run by kafka-run-class.sh. */
  mainClass: string;
  args: readonly string[];
  onLine: (line: string) => void;
}

export function startJavaTool(options: JavaToolOptions): JavaTool {
  const child = spawn(join(options.image, "opt", "kafka", "bin", "kafka-run-class.sh"), [options.mainClass, ...options.args], {
    detached: true,
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, JAVA_TOOL_OPTIONS: `-Djdk.net.hosts.file=${options.hostsFile}`, KAFKA_HEAP_OPTS: "-Xmx128m" },
  });
  const lines = createInterface({ input: child.stdout });
  lines.on("line", options.onLine);
  const ended = Promise.all([
    new Promise<void>((resolve) => child.once("exit", () => resolve())),
    new Promise<void>((resolve) => lines.once("close", () => resolve())),
  ]);
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", () => kill("SIGKILL"));
  return {
    async stop() {
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), 30_000);
      await ended;
      clearTimeout(timer);
    },
  };
}

/** Runs a tool to its end (one that exits by itself, such as kafka-configs.sh --describe); resolves with the lines it printed. */
export async function runJavaTool(options: Omit<JavaToolOptions, "onLine">, timeoutMs = 120_000): Promise<string[]> {
  const lines: string[] = [];
  const child = spawn(join(options.image, "opt", "kafka", "bin", "kafka-run-class.sh"), [options.mainClass, ...options.args], {
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, JAVA_TOOL_OPTIONS: `-Djdk.net.hosts.file=${options.hostsFile}`, KAFKA_HEAP_OPTS: "-Xmx128m" },
  });
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${options.mainClass} ${options.args.join(" ")} exited with ${String(code)}: ${lines.join("\n")}`);
  return lines;
}

/** A client properties file: `properties` (key=value lines), and TLS trusting `caPem` (a PEM truststore) when given. */
export function clientConfig(options: { caPem?: string | undefined; properties?: readonly string[] }): string {
  const dir = mkdtempSync(join(tmpdir(), "java-client-"));
  const tls = options.caPem === undefined ? [] : ["security.protocol=SSL", "ssl.truststore.type=PEM", `ssl.truststore.location=${join(dir, "ca.pem")}`];
  if (options.caPem !== undefined) writeFileSync(join(dir, "ca.pem"), options.caPem);
  writeFileSync(join(dir, "client.properties"), [...tls, ...options.properties ?? [], ""].join("\n"));
  return join(dir, "client.properties");
}

/** A record where the log holds it. */
export interface RecordAt {
  partition: number;
  offset: number;
  value: string;
}

export const position = (r: { partition: number; offset: number }): string => `${r.partition}@${r.offset}`;

/** The acknowledged records that `read` (position to value) does not hold as acknowledged. */
export const missingFrom = (acknowledged: readonly RecordAt[], read: ReadonlyMap<string, string>): RecordAt[] =>
  acknowledged.filter((r) => read.get(position(r)) !== r.value);
