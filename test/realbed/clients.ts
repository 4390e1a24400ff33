// Real Kafka clients (@platformatic/kafka) against the pods of a real cluster:
// a topic, a producer that writes numbered messages with acks=all, and a
// consumer that reads them back from the start.
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { Admin, alterPartitionReassignmentsV0, alterUserScramCredentialsV0, ConnectionPool, Consumer, Producer, stringDeserializers, stringSerializers, type ConnectionOptions } from "@platformatic/kafka";

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
  } catch (error) {
    // The client retries a request that timed out; when the controller had carried out the first, the retry
    // answers TOPIC_ALREADY_EXISTS. The topics here are new to each test, so the topic is the one asked for.
    const errors = (error as { errors?: Array<{ apiId?: string }> }).errors ?? [];
    if (errors.length === 0 || !errors.every((e) => e.apiId === "TOPIC_ALREADY_EXISTS")) throw error;
  } finally {
    await admin.close();
  }
}

/**
 * Sends `count` messages `<topic>-<i>` in batches, each acknowledged by all
 * in-sync replicas, once. Idempotent, as a Java producer is by default: that is
 * what makes @platformatic/kafka send acks=all (its send takes acks=1 unless
 * told, whatever the Producer was given), and the brokers drop the duplicates
 * of a retried batch.
 */
export async function produce(endpoint: Endpoint, topic: string, count: number, batch = 100): Promise<string[]> {
  const producer = new Producer({ ...base(endpoint, "realbed-producer"), idempotent: true, serializers: stringSerializers });
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

/** Reads the topic from its start until `count` distinct messages arrived or the deadline passed; returns what it read. */
export async function consume(endpoint: Endpoint, topic: string, count: number, timeoutMs = 60_000): Promise<string[]> {
  const consumer = new Consumer({ ...base(endpoint, "realbed-consumer"), groupId: `realbed-${topic}-${Date.now()}`, deserializers: stringDeserializers });
  const received: string[] = [];
  const distinct = new Set<string>();
  try {
    const stream = await consumer.consume({ topics: [topic], mode: "earliest", autocommit: false, maxWaitTime: 500 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      stream.on("data", (message: { value: string }) => {
        received.push(message.value);
        distinct.add(message.value);
        if (distinct.size >= count) {
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

/** Moves replicas with the Admin API (AlterPartitionReassignments); `moves` maps `topic-partition` to its new replicas. */
export async function reassign(endpoint: Endpoint, moves: ReadonlyMap<string, readonly number[]>): Promise<void> {
  const topics = new Map<string, Array<{ partitionIndex: number; replicas: number[] }>>();
  for (const [key, replicas] of moves) {
    const at = key.lastIndexOf("-");
    const list = topics.get(key.slice(0, at)) ?? [];
    list.push({ partitionIndex: Number(key.slice(at + 1)), replicas: [...replicas] });
    topics.set(key.slice(0, at), list);
  }
  const pool = new ConnectionPool("realbed-admin", { connectTimeout: 10_000, requestTimeout: 30_000, ...endpoint.connection });
  try {
    const [host = "", port = "0"] = endpoint.bootstrap.split(":");
    const connection = await pool.get({ host, port: Number(port) });
    const response = await alterPartitionReassignmentsV0.api.async(connection, 30_000, false, [...topics].map(([name, partitions]) => ({ name, partitions })));
    const failed = response.responses.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0).map((p) => `${t.name}-${p.partitionIndex}: ${p.errorCode} ${p.errorMessage ?? ""}`));
    if (response.errorCode !== 0 || failed.length > 0) throw new Error(`AlterPartitionReassignments: ${response.errorCode} ${response.errorMessage ?? ""} ${failed.join(", ")}`);
  } finally {
    await pool.close();
  }
}

/** Each partition's replicas (`topic-partition` to broker ids), from Metadata. */
export async function replicaAssignment(endpoint: Endpoint, topic: string): Promise<Map<string, number[]>> {
  const admin = new Admin(base(endpoint, "realbed-admin"));
  try {
    const metadata = await admin.metadata({ topics: [topic] });
    const partitions = metadata.topics.get(topic)?.partitions ?? [];
    return new Map(partitions.map((p, index) => [`${topic}-${index}`, [...p.replicas]]));
  } finally {
    await admin.close();
  }
}

/** The sum of the partitions' end offsets: how many records the topic holds. */
export async function endOffsets(endpoint: Endpoint, topic: string, partitions: number): Promise<bigint> {
  const admin = new Admin(base(endpoint, "realbed-admin"));
  try {
    const listed = await admin.listOffsets({ topics: [{ name: topic, partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
    return listed.flatMap((t) => t.partitions).reduce((sum, p) => sum + p.offset, 0n);
  } finally {
    await admin.close();
  }
}

/** Creates a topic per listener, sends `messages` through it and reads them back: every one, once, as sent. */
export async function roundTripEach(
  t: { equal: (a: unknown, b: unknown, m: string) => void; same: (a: unknown, b: unknown, m: string) => void },
  listeners: ReadonlyArray<readonly [string, Endpoint]>,
  messages: number,
): Promise<void> {
  for (const [listener, endpoint] of listeners) {
    const topic = `through-${listener}`;
    await createTopic(endpoint, topic);
    const sent = await produce(endpoint, topic, messages);
    const received = await consume(endpoint, topic, messages);
    t.equal(received.length, messages, `${listener}: every message read back once`);
    t.same(byNumber(received), sent, `${listener}: the messages read are the messages sent`);
  }
}
