// Kafka's own VerifiableProducer (acks=all) writing increasing integers until
// stopped: for each record it prints whether the brokers acknowledged it and,
// if so, its partition and offset: what Kafka's Java client was told, with the
// Java client's default retries.
import { clientConfig, startJavaTool, type JavaTool, type RecordAt } from "./java-tools.js";

export interface FailedSend {
  value: string;
  error: string;
}

export interface JavaProducer {
  /** Records acknowledged so far. */
  acknowledged(): number;
  /** Stops it (the producer flushes what it holds first); every record it reported. */
  stop(): Promise<{ acknowledged: RecordAt[]; failed: FailedSend[] }>;
}

// VerifiableProducer sets retries=0 unless its config says otherwise; a Java
// producer's default retries for delivery.timeout.ms (2 min), idempotently.
const JAVA_DEFAULT_RETRIES = "retries=2147483647";

interface Event {
  name?: string;
  value?: string;
  partition?: number;
  offset?: number;
  exception?: string;
  message?: string;
}

/** `VerifiableProducer --acks -1 --throughput <perSecond>`, over TLS trusting `caPem` when given. */
export function startJavaProducer(options: { image: string; hostsFile: string; bootstrap: string; topic: string; perSecond: number; caPem?: string }): JavaProducer {
  const acknowledged: RecordAt[] = [];
  const failed: FailedSend[] = [];
  const tool: JavaTool = startJavaTool({
    ...options,
    mainClass: "org.apache.kafka.tools.VerifiableProducer",
    args: [
      "--bootstrap-server", options.bootstrap, "--topic", options.topic, "--acks", "-1", "--throughput", String(options.perSecond),
      "--command-config", clientConfig({ caPem: options.caPem, properties: [JAVA_DEFAULT_RETRIES] }),
    ],
    onLine: (line) => {
      if (!line.startsWith("{")) return;
      const event = JSON.parse(line) as Event;
      if (event.name === "producer_send_success") {
        acknowledged.push({ partition: event.partition ?? -1, offset: event.offset ?? -1, value: event.value ?? "" });
      } else if (event.name === "producer_send_error") {
        failed.push({ value: event.value ?? "", error: `${event.exception ?? ""}: ${event.message ?? ""}` });
      }
    },
  });
  return {
    acknowledged: () => acknowledged.length,
    async stop() {
      await tool.stop();
      return { acknowledged, failed };
    },
  };
}
