import { createHash, createPrivateKey } from "node:crypto";
import t from "tap";
import type { Test } from "tap";
import { CryptoWorkers, type CryptoWork } from "../../hooks/crypto-workers.js";
import { KeyPool } from "../../hooks/key-pool.js";
import { PreparedSyncs } from "../../hooks/prepared-sync.js";
import { buildServer } from "../../hooks/server.js";
import type { Environment } from "../../lib/environment.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import type { KafkaStatus } from "../../lib/api/kafka.js";
import type { SyncResponse } from "../../lib/metacontroller.js";
import { createSyncMemory, type SyncMemory } from "../../lib/sync/remembered.js";
import { REMEMBERED_BYTES } from "../../lib/remembered-budget.js";
import { fixtureKeys } from "../helpers/keys.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import { childObjects, EncodedChildren, type AnswerChildren } from "../../lib/sync/encoded-children.js";

/**
 * Random bytes as one stream, however a caller splits its reads: the prepared runs
 * read the bytes the inline sync reads, in other pieces.
 */
function streamRandom(seed: string): (bytes: number) => Buffer {
  let buffered = Buffer.alloc(0);
  let counter = 0;
  return (bytes) => {
    while (buffered.length < bytes) buffered = Buffer.concat([buffered, createHash("sha256").update(`${seed}:${counter++}`).digest()]);
    const result = buffered.subarray(0, bytes);
    buffered = buffered.subarray(bytes);
    return Buffer.from(result);
  };
}

/** The fixture keys in order, round and round, as a generator off the event loop. */
function fixtureKeyGenerator(): () => Promise<string> {
  let next = 0;
  return async () => fixtureKeys[next++ % fixtureKeys.length] as string;
}

const environment = (seed: string): Environment => ({ ...testEnvironment(), random: streamRandom(seed) });

function tenNodeRequest() {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  (request.related["KafkaNodePool.kafka.strimzi.io/v1"]?.["myproject/broker"] as KafkaNodePool).spec.replicas = 7;
  return request;
}

/** The ten-node first sync prepared with `memory` (every key waited for, in order) and made inline with the same keys and random bytes. */
async function preparedAndInline(t: Test, seed: string, memory: SyncMemory): Promise<{ answer: SyncResponse<KafkaStatus, AnswerChildren>; inline: SyncResponse<KafkaStatus> }> {
  const crypto = new CryptoWorkers(2);
  t.teardown(() => crypto.close());
  const keys = new KeyPool(0, fixtureKeyGenerator(), 2);
  const prepared = new PreparedSyncs(environment(seed), { keys, crypto, maxNewKeysPerSync: 16, keyWaitMs: Number.POSITIVE_INFINITY });
  let inlineKeys = 0;
  const inline = syncKafka(tenNodeRequest(), { ...environment(seed), newPrivateKey: () => fixtureKeys[inlineKeys++ % fixtureKeys.length] as string });
  return { answer: await prepared.run((env) => syncKafka(tenNodeRequest(), env, memory)), inline };
}

t.test("a first sync prepared off the event loop answers byte for byte what the same sync answers made inline", async (t) => {
  const crypto = new CryptoWorkers(2);
  t.teardown(() => crypto.close());
  // An empty pool: every key is waited for, in the order the sync asks for them.
  const keys = new KeyPool(0, fixtureKeyGenerator(), 2);
  const prepared = new PreparedSyncs(environment("same"), { keys, crypto, maxNewKeysPerSync: 16, keyWaitMs: Number.POSITIVE_INFINITY });
  let inlineKeys = 0;
  const inline = syncKafka(tenNodeRequest(), { ...environment("same"), newPrivateKey: () => fixtureKeys[inlineKeys++ % fixtureKeys.length] as string });
  const answer = await prepared.run((env) => syncKafka(tenNodeRequest(), env, createSyncMemory()));
  t.equal(JSON.stringify(answer), JSON.stringify(inline));
  t.equal(childObjects(answer.children).filter((c) => c.kind === "Secret").length, inline.children.filter((c) => c.kind === "Secret").length);
  t.ok(JSON.stringify(answer).includes("BEGIN CERTIFICATE"), "certificates were issued");
  t.notOk(JSON.stringify(answer).includes("PENDING"), "no placeholder reaches an answer");
  t.equal(inlineKeys, 15, "two CAs, ten nodes, the operator and the Entity Operator's two");
  t.equal(keys.waitedFor, inlineKeys, "the prepared sync took as many keys, each waited for");
});

t.test("a first sync's children are built and remembered in turns of their own, then recalled by the answering run", async (t) => {
  const memory = createSyncMemory();
  const { answer, inline } = await preparedAndInline(t, "later", memory);
  t.equal(JSON.stringify(answer), JSON.stringify(inline));
  t.same(memory.children.lookups, { recalled: 1, missed: 1 }, "the run that found every certificate left the children for later; the next recalled them");
  t.ok(answer.children instanceof EncodedChildren, "the answer lists the remembered children");
});

t.test("children too large to remember are built by the answering run itself, once", async (t) => {
  const memory = createSyncMemory({ ...REMEMBERED_BYTES, kafkaChildren: 1024 });
  const { answer, inline } = await preparedAndInline(t, "large", memory);
  t.equal(JSON.stringify(answer), JSON.stringify(inline));
  t.same(memory.children.lookups, { recalled: 0, missed: 2 }, "left for later once, then built in the run");
  t.equal(memory.children.bytes, 0, "nothing was kept");
});

t.test("keys that come too late lower this sync's budget; the CAs' keys are waited for; the unused go back to the pool", async (t) => {
  const crypto = new CryptoWorkers(1);
  t.teardown(() => crypto.close());
  const released: Array<(key: string) => void> = [];
  let made = 0;
  const keys = new KeyPool(0, () => new Promise((resolve) => released.push(resolve)), 4, (_ms, callback) => {
    // The wait ends at once, with what is there: nothing.
    queueMicrotask(callback);
    return () => undefined;
  });
  const prepared = new PreparedSyncs(environment("late"), { keys, crypto, maxNewKeysPerSync: 16, keyWaitMs: 1000 });
  const answering = prepared.run((env) => syncKafka(tenNodeRequest(), env, createSyncMemory()));
  // Release keys as they are asked for, one at a time, until the sync answers.
  let answer: SyncResponse<KafkaStatus, AnswerChildren> | undefined;
  void answering.then((a) => { answer = a; });
  while (answer === undefined) {
    released.shift()?.(fixtureKeys[made++ % fixtureKeys.length] as string);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const secrets = childObjects(answer.children).filter((c) => c.kind === "Secret").map((c) => c.metadata.name).sort();
  t.ok(secrets.includes("my-cluster-cluster-ca") && secrets.includes("my-cluster-clients-ca"), "the CAs were created");
  t.equal(answer.resyncAfterSeconds, 1, "the certificates it could not issue come with the next sync");
  t.match(JSON.stringify(answer.status), /waiting for certificates|IssuingCertificates/);
  t.notOk(JSON.stringify(answer).includes("PENDING"));
});

t.test("a failing crypto worker fails the hook with a 500, and Metacontroller keeps every child", async (t) => {
  const failing: CryptoWork = {
    rsaKey: async () => fixtureKeys[0] as string,
    certificates: async () => {
      throw new Error("the worker died");
    },
  };
  const keys = new KeyPool(0, failing.rsaKey, 2);
  const env = environment("fails");
  const app = buildServer({ env, logLevel: "silent", prepared: new PreparedSyncs(env, { keys, crypto: failing, maxNewKeysPerSync: 16, keyWaitMs: Number.POSITIVE_INFINITY }) });
  t.teardown(() => app.close());
  const reply = await app.inject({ method: "POST", url: "/kafka/sync", payload: tenNodeRequest() });
  t.equal(reply.statusCode, 500);
  t.equal((reply.json() as { error: string }).error, "INTERNAL_ERROR");
});

t.test("the crypto workers issue what certificateOf issues, and report a task's error instead of hanging", async (t) => {
  const crypto = new CryptoWorkers(2);
  t.teardown(() => crypto.close());
  const key = await crypto.rsaKey();
  t.equal(createPrivateKey(key).asymmetricKeyDetails?.modulusLength, 2048);
  const request = { commonName: "cluster-ca v0", privateKeyPem: fixtureKeys[0] as string, validityDays: 10, profile: { certificateAuthority: true, keyUsage: ["keyCertSign" as const], extendedKeyUsage: [], dnsNames: [], ipAddresses: [] } };
  const task = { request, issuer: "self-signed" as const, notBefore: Date.parse("2026-11-24T12:00:00Z"), serialNumber: "41".repeat(20) };
  const [ca] = await crypto.certificates([task]);
  const { certificateOf } = await import("../../lib/pki/x509.js");
  t.equal(ca, certificateOf(task));
  const wrongKey = { ...task, request: { ...request, commonName: "my-cluster-kafka", profile: { ...request.profile, certificateAuthority: false } }, issuer: { certificatePem: ca as string, privateKeyPem: fixtureKeys[1] as string } };
  await t.rejects(crypto.certificates([wrongKey]), { message: "the CA private key does not belong to the CA certificate" });
});
