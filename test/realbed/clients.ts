// Real Kafka clients (@platformatic/kafka) against the pods of a real cluster:
// a topic, a producer that writes numbered messages with acks=all, and a
// consumer that reads them back from the start.
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { Admin, alterUserScramCredentialsV0, ConnectionPool, Consumer, ProduceAcks, Producer, stringDeserializers, stringSerializers, type ConnectionOptions } from "@platformatic/kafka";

export interface Endpoint {
  bootstrap: string;
  /** TLS (server certificate verified against `ca`), SASL, ... as @platformatic/kafka takes them. */
  connection?: ConnectionOptions;
}

const base = (endpoint: Endpoint, clientId: string) => ({
  clientId,
  bootstrapBrokers: [endpoint.bootstrap],
  connectTimeout: 10_000,
  requestTimeout: 30_000,
  retries: 10,
  retryDelay: 500,
  ...endpoint.connection,
});

export async function createTopic(endpoint: Endpoint, topic: string, partitions = 3, replicas = 3): Promise<void> {
  const admin = new Admin(base(endpoint, "realbed-admin"));
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas });
  } finally {
    await admin.close();
  }
}

/** Sends `count` messages `<topic>-<i>` in batches, each acknowledged by all in-sync replicas. */
export async function produce(endpoint: Endpoint, topic: string, count: number, batch = 100): Promise<string[]> {
  const producer = new Producer({ ...base(endpoint, "realbed-producer"), serializers: stringSerializers, acks: ProduceAcks.ALL });
  const sent: string[] = [];
  try {
    for (let start = 0; start < count; start += batch) {
      const values = Array.from({ length: Math.min(batch, count - start) }, (_, i) => `${topic}-${start + i}`);
      await producer.send({ messages: values.map((value) => ({ topic, key: value, value })) });
      sent.push(...values);
    }
  } finally {
    await producer.close();
  }
  return sent;
}

/** Reads the topic from its start until `count` messages arrived, or throws at the deadline. */
export async function consume(endpoint: Endpoint, topic: string, count: number, timeoutMs = 60_000): Promise<string[]> {
  const consumer = new Consumer({ ...base(endpoint, "realbed-consumer"), groupId: `realbed-${topic}-${Date.now()}`, deserializers: stringDeserializers });
  const received: string[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: "earliest", autocommit: false, maxWaitTime: 500 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${received.length} of ${count} messages of ${topic} within ${timeoutMs} ms`)), timeoutMs);
      stream.on("data", (message: { value: string }) => {
        received.push(message.value);
        if (received.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
      stream.once("error", (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return received;
}

/** Messages in the order of their numbers, to compare what was read (across partitions) with what was sent. */
export const byNumber = (values: readonly string[]): string[] =>
  [...values].sort((a, b) => Number(a.slice(a.lastIndexOf("-") + 1)) - Number(b.slice(b.lastIndexOf("-") + 1)));

const SCRAM_SHA_512 = 2;
const SCRAM_ITERATIONS = 4096;

/**
 * Creates (or replaces) a user's SCRAM-SHA-512 credentials with the Admin API
 * (AlterUserScramCredentials), as the User Operator would: the salted password
 * is PBKDF2-HMAC-SHA-512 of the password (RFC 5802's Hi), Kafka keeps only that.
 */
export async function upsertScramUser(endpoint: Endpoint, user: string, password: string): Promise<void> {
  const salt = randomBytes(32);
  const saltedPassword = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 64, "sha512");
  const pool = new ConnectionPool("realbed-admin", { connectTimeout: 10_000, requestTimeout: 30_000, ...endpoint.connection });
  try {
    const [host = "", port = "0"] = endpoint.bootstrap.split(":");
    const connection = await pool.get({ host, port: Number(port) });
    const response = await alterUserScramCredentialsV0.api.async(connection, [], [{ name: user, mechanism: SCRAM_SHA_512, iterations: SCRAM_ITERATIONS, salt, saltedPassword }]);
    const failed = response.results.filter((r) => r.errorCode !== 0);
    if (failed.length > 0) throw new Error(`AlterUserScramCredentials: ${failed.map((r) => `${r.user}: ${r.errorCode} ${r.errorMessage ?? ""}`).join(", ")}`);
  } finally {
    await pool.close();
  }
}
