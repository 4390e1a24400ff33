// A fresh process runs a first sync's code in V8's interpreter and compiles the
// generated validators on their first call: measured, 40 to 70 ms of CPU in one
// tick of the first new cluster's sync, which held every other hook call and
// /healthz. Every kind's validator compiled, one first sync of a small cluster
// and the sync after it (its answer observed) before the server listens move
// that cost to start-up; the answers are thrown away and nothing the server
// keeps remembers them.
import type { KubeObject } from "../lib/api/kubernetes.js";
import { compileValidators } from "../lib/api/validate.js";
import type { KafkaStatus } from "../lib/api/kafka.js";
import type { Environment } from "../lib/environment.js";
import type { SyncRequest, SyncResponse } from "../lib/metacontroller.js";
import { LABEL } from "../lib/labels.js";
import { firstSyncRequests } from "../lib/sync/first-sync-request.js";
import { observedSyncRequest } from "../lib/sync/observed-request.js";
import { childObjects, type AnswerChildren } from "../lib/sync/encoded-children.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { createSyncMemory } from "../lib/sync/remembered.js";
import { answerJson } from "./answer-json.js";
import type { CryptoWork } from "./crypto-workers.js";
import { KeyPool } from "./key-pool.js";
import { PreparedSyncs } from "./prepared-sync.js";

const NAMESPACE = "warm-up";
const CLUSTER = "warm-up";

/** Strimzi's dual-role example with TLS and SCRAM listeners and the Entity Operator: most of a first sync's code. */
const WARM_UP_OBJECTS: readonly KubeObject[] = [
  {
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaNodePool",
    metadata: { name: "dual-role", labels: { [LABEL.cluster]: CLUSTER } },
    spec: { replicas: 3, roles: ["controller", "broker"], storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "1Gi", kraftMetadata: "shared" }] } },
  },
  {
    apiVersion: "kafka.strimzi.io/v1", kind: "Kafka",
    metadata: { name: CLUSTER },
    spec: {
      kafka: {
        listeners: [
          { name: "plain", port: 9092, type: "internal", tls: false },
          { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
          { name: "scram", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
        ],
        config: { "default.replication.factor": 3, "min.insync.replicas": 2 },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
    },
  },
];

/** The request of the sync after `answer` was applied: its children observed (as `render --observed` builds it), its status. */
function nextRequest(request: SyncRequest, answer: SyncResponse<KafkaStatus, AnswerChildren>): SyncRequest {
  const observed = observedSyncRequest(request, childObjects(answer.children)).request;
  return { ...observed, parent: { ...observed.parent, status: answer.status } };
}

/**
 * Runs one first sync of a small cluster with `env` as the server runs it (prepared-sync.ts: keys and
 * certificates from `crypto`, every key `key`, the children taken for later), then the sync after it,
 * which reads back and verifies the certificates the first issued, and returns both answers for the
 * caller to discard. The prepared path is most of a large cluster's first turns: warmed by 3 nodes,
 * a new 100-node cluster's longest turn went from 25-30 ms of CPU to 16-18 ms. Its second sync's first
 * run checks every node's certificate: 39 ms of CPU at 100 nodes with that code cold.
 */
export async function warmUp(env: Environment, crypto: CryptoWork, key: string): Promise<{ first: SyncResponse<KafkaStatus, AnswerChildren>; next: SyncResponse<KafkaStatus, AnswerChildren> }> {
  compileValidators();
  const [request] = firstSyncRequests(WARM_UP_OBJECTS, NAMESPACE);
  if (!request) throw new Error("the warm-up objects hold no Kafka");
  const keys = new KeyPool(0, async () => key, 1);
  const prepared = new PreparedSyncs(env, { keys, crypto, maxNewKeysPerSync: Number.POSITIVE_INFINITY, keyWaitMs: Number.POSITIVE_INFINITY });
  const memory = createSyncMemory();
  const first = await prepared.run((runEnv) => syncKafka(request, runEnv, memory));
  answerJson(first);
  const next = await prepared.run((runEnv) => syncKafka(nextRequest(request, first), runEnv, memory));
  answerJson(next);
  return { first, next };
}
