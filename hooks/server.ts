// The hooks server: one route per Metacontroller hook, health and metrics.
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import type { KubeObject } from "../lib/api/kubernetes.js";
import type { Kafka } from "../lib/api/kafka.js";
import type { CustomizeRequest, SyncRequest } from "../lib/metacontroller.js";
import { customizeKafka, customizeKafkaBridge, customizeKafkaConnect, customizeKafkaMirrorMaker2, customizeKafkaNodePool } from "../lib/sync/customize.js";
import { syncKafkaBridge } from "../lib/sync/bridge-sync.js";
import { syncKafkaConnect } from "../lib/sync/connect-sync.js";
import { syncKafkaMirrorMaker2 } from "../lib/sync/mirror-maker-2-sync.js";
import type { Environment } from "../lib/environment.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { syncKafkaNodePool } from "../lib/sync/nodepool-sync.js";
import { syncStrimziPodSet } from "../lib/sync/podset-sync.js";
import { createSyncMemory, type SyncMemory } from "../lib/sync/remembered.js";
import { answerJson } from "./answer-json.js";
import { hookErrorAnswer, MalformedRequest } from "./errors.js";
import { registerJsonBodyParser } from "./json-body.js";
import { loggerOptions } from "../lib/log-redaction.js";
import { caExpiries, type CaExpiry } from "../lib/certificates/ca-expiry.js";
import { EncodedChildren, type AnswerChildren } from "../lib/sync/encoded-children.js";
import { CertificateExpiries } from "./certificate-expiries.js";
import { createHookMetrics, type HookMetrics, type KeyPoolReading } from "./metrics.js";
import type { PreparedSyncs } from "./prepared-sync.js";
import { customizeRequestSchema, syncRequestSchema } from "./request-schema.js";

// The largest sync request Metacontroller sends for the largest cluster we
// measure (bench/): 7.5 MiB at 300 nodes, every child observed with its
// last-applied copy. Three times that leaves room for larger configurations
// and more nodes, and keeps what one request can cost within the container's
// memory (a body at the limit peaks near 230 MiB resident; docs/ARCHITECTURE.md,
// Performance). A larger body is refused with 413 BODY_TOO_LARGE: Metacontroller
// then keeps every child and retries.
export const BODY_LIMIT_BYTES = 24 * 1024 * 1024;

/** PEM texts for serving the hooks over TLS; with `clientCa`, callers must present a certificate it issued (mutual TLS). */
export interface HookTls {
  cert: string;
  key: string;
  clientCa?: string;
}

export interface ServerOptions {
  env: Environment;
  logLevel?: string;
  /** Where log lines go; tests pass a stream to read them back. */
  logStream?: NodeJS.WritableStream;
  tls?: HookTls;
  /** What the server remembers between syncs; a memory of its own by default. */
  memory?: SyncMemory;
  /**
   * Where syncs that issue certificates get their keys and certificates, off the
   * event loop (prepared-sync.ts); without it they are made in the sync (tests).
   */
  prepared?: PreparedSyncs;
  /** The pool the keys come from, for /metrics. */
  keyPool?: KeyPoolReading;
  /**
   * When the metrics say a cluster was last synced and whether to forget it
   * (certificate-expiries.ts); the wall clock by default. Answers read the
   * environment's clock, so a scrape never depends on it.
   */
  metricsClock?: () => Date;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** The metrics label of a hook route: `/kafka/sync` is `kafka-sync`. */
const hookName = (path: string): string => path.replace(/^\//, "").replaceAll("/", "-");

interface HookRoute<Body> {
  path: string;
  parentKind: string;
  schema: object;
  answer: (body: Body) => object | Promise<object>;
}

function registerHook<Body extends { parent: KubeObject }>(app: FastifyInstance, metrics: HookMetrics, route: HookRoute<Body>): void {
  const hook = hookName(route.path);
  // Route-level hooks, so that requests refused before the handler (body schema) are counted too.
  app.post(route.path, {
    schema: { body: route.schema },
    onResponse: async (_request, reply) => {
      metrics.duration.observe({ hook }, reply.elapsedTime / 1000);
      metrics.calls.inc({ hook, code: String(reply.statusCode) });
    },
  }, async (request, reply) => {
    // The body schema has checked the envelope's shape.
    const body = request.body as Body;
    if (body.parent.kind !== route.parentKind) {
      throw new MalformedRequest(`body/parent/kind must be ${route.parentKind}, not ${body.parent.kind}`);
    }
    return reply.type(JSON_CONTENT_TYPE).send(answerJson(await route.answer(body)));
  });
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const logger = options.logStream
    ? { ...loggerOptions(options.logLevel ?? "info"), stream: options.logStream }
    : loggerOptions(options.logLevel ?? "info");
  const tls = options.tls;
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT_BYTES,
    ...(tls ? { https: { cert: tls.cert, key: tls.key, ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) } } : {}),
  });
  registerJsonBodyParser(app);
  const memory = options.memory ?? createSyncMemory();
  const { env } = options;
  // A sync that issues: its keys and certificates prepared off the event loop when the server has the means.
  const issuing = <T>(sync: (env: Environment) => T): T | Promise<T> => (options.prepared ? options.prepared.run(sync) : sync(env));
  const metricsClock = options.metricsClock ?? (() => new Date());
  const certificates = new CertificateExpiries();
  // A running cluster's answers carry the very same remembered children sync after sync: their CAs' expiries
  // are read once, not decoded and looked up again on every sync (3 % of a 6-node steady-state sync, by profile).
  const expiriesOfChildren = new WeakMap<EncodedChildren, CaExpiry[]>();
  const expiriesOf = (cluster: string, children: AnswerChildren): CaExpiry[] => {
    if (!(children instanceof EncodedChildren)) return caExpiries(cluster, children);
    const known = expiriesOfChildren.get(children) ?? caExpiries(cluster, children.kept);
    expiriesOfChildren.set(children, known);
    return known;
  };
  const metrics = createHookMetrics(memory.stages, {
    ...(options.keyPool ? { keyPool: options.keyPool } : {}),
    caExpiries: () => certificates.current(metricsClock()),
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const hook = hookName(request.routeOptions.url ?? request.url);
    const answer = hookErrorAnswer(error);
    // Our fault. A non-200 answer makes Metacontroller keep every child and retry,
    // which is the only safe thing to do with a half-built answer.
    if (answer.internal) request.log.error({ failure: { type: error.name, message: error.message, stack: error.stack } }, "hook failed");
    metrics.errors.inc({ hook, code: answer.code });
    return reply.code(answer.statusCode).send({ error: answer.code, message: answer.message });
  });

  registerHook<CustomizeRequest<Kafka>>(app, metrics, {
    path: "/kafka/customize", parentKind: "Kafka", schema: customizeRequestSchema,
    answer: (body) => customizeKafka(body.parent),
  });
  registerHook<SyncRequest>(app, metrics, {
    path: "/kafka/sync", parentKind: "Kafka", schema: syncRequestSchema,
    answer: async (body) => {
      const answer = await issuing((issuingEnv) => syncKafka(withDefaults(body), issuingEnv, memory));
      const { namespace = "", name } = body.parent.metadata;
      certificates.record(namespace, name, expiriesOf(name, answer.children), metricsClock());
      return answer;
    },
  });
  registerHook<CustomizeRequest>(app, metrics, {
    path: "/kafkanodepool/customize", parentKind: "KafkaNodePool", schema: customizeRequestSchema,
    answer: (body) => customizeKafkaNodePool(body.parent),
  });
  registerHook<SyncRequest>(app, metrics, {
    path: "/kafkanodepool/sync", parentKind: "KafkaNodePool", schema: syncRequestSchema,
    answer: (body) => syncKafkaNodePool(withDefaults(body), env),
  });
  registerHook<CustomizeRequest>(app, metrics, {
    path: "/kafkabridge/customize", parentKind: "KafkaBridge", schema: customizeRequestSchema,
    answer: (body) => customizeKafkaBridge(body.parent),
  });
  registerHook<SyncRequest>(app, metrics, {
    path: "/kafkabridge/sync", parentKind: "KafkaBridge", schema: syncRequestSchema,
    answer: (body) => syncKafkaBridge(withDefaults(body), env),
  });
  registerHook<CustomizeRequest>(app, metrics, {
    path: "/kafkaconnect/customize", parentKind: "KafkaConnect", schema: customizeRequestSchema,
    answer: (body) => customizeKafkaConnect(body.parent),
  });
  registerHook<SyncRequest>(app, metrics, {
    path: "/kafkaconnect/sync", parentKind: "KafkaConnect", schema: syncRequestSchema,
    answer: (body) => syncKafkaConnect(withDefaults(body), env),
  });
  registerHook<CustomizeRequest>(app, metrics, {
    path: "/kafkamirrormaker2/customize", parentKind: "KafkaMirrorMaker2", schema: customizeRequestSchema,
    answer: (body) => customizeKafkaMirrorMaker2(body.parent),
  });
  registerHook<SyncRequest>(app, metrics, {
    path: "/kafkamirrormaker2/sync", parentKind: "KafkaMirrorMaker2", schema: syncRequestSchema,
    answer: (body) => syncKafkaMirrorMaker2(withDefaults(body), env),
  });
  registerHook<SyncRequest>(app, metrics, {
    path: "/strimzipodset/sync", parentKind: "StrimziPodSet", schema: syncRequestSchema,
    answer: (body) => syncStrimziPodSet(withDefaults(body), env.now(), memory),
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  // Stateless: ready as soon as it listens.
  app.get("/readyz", async () => ({ status: "ok" }));
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  return app;
}

/** `related` is absent when a controller has no customize hook. */
function withDefaults(body: SyncRequest): SyncRequest {
  return { ...body, related: body.related ?? {} };
}
