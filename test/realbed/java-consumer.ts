// Kafka's own console consumer (the Java client) reading a topic from its start
// for as long as it runs: the consumer that a broker restart or a leader change
// must not stop. It prints each record's partition and offset, so that what it
// read is compared with what a producer was told, position by position.
import { clientConfig, missingFrom, position, startJavaTool, type JavaTool, type RecordAt } from "./java-tools.js";

export interface JavaConsumer extends JavaTool {
  /** What it read: position (`partition@offset`) to value. */
  records(): ReadonlyMap<string, string>;
}

const LINE = /^Partition:(\d+)\tOffset:(\d+)\t(.*)$/;

/** `kafka-console-consumer.sh --from-beginning`, over TLS trusting `caPem` (a PEM truststore) when given. */
export function startJavaConsumer(options: { image: string; hostsFile: string; bootstrap: string; topic: string; caPem?: string }): JavaConsumer {
  const records = new Map<string, string>();
  const tool = startJavaTool({
    ...options,
    mainClass: "org.apache.kafka.tools.consumer.ConsoleConsumer",
    args: [
      "--bootstrap-server", options.bootstrap, "--topic", options.topic, "--from-beginning",
      "--formatter-property", "print.partition=true", "--formatter-property", "print.offset=true",
      "--command-config", clientConfig({ caPem: options.caPem }),
    ],
    onLine: (line) => {
      const match = LINE.exec(line);
      if (match) records.set(position({ partition: Number(match[1]), offset: Number(match[2]) }), match[3] ?? "");
    },
  });
  return { ...tool, records: () => records };
}

/** Rounds of the loop until `consumer` holds every acknowledged record, or `timeoutMs` passed: the acknowledged records it misses then. */
export async function readBack(cluster: { until(what: string, done: () => boolean, timeoutMs: number): Promise<void> }, consumer: JavaConsumer, acknowledged: readonly RecordAt[], timeoutMs: number): Promise<RecordAt[]> {
  const missing = (): RecordAt[] => missingFrom(acknowledged, consumer.records());
  await cluster.until("every acknowledged record read", () => missing().length === 0, timeoutMs).catch(() => undefined);
  return missing();
}
