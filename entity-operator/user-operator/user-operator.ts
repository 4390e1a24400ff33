// The user-operator process: informers on KafkaUsers and user Secrets feed names
// into batches for the reconciler; a full reconciliation (every KafkaUser and
// every owned name, STRIMZI_FULL_RECONCILIATION_INTERVAL_MS) catches what events
// missed, deletions while the operator was down included. One batch runs at a
// time; names that arrive meanwhile make the next one, and a failed batch comes
// back with backoff. entity-operator/main.ts starts it in `user-operator` mode.
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import { compileValidatorOf } from "../../lib/api/validate.js";
import { ANNOTATION } from "../../lib/labels.js";
import type { KafkaClient } from "../../sidecar/kafka/client.js";
import type { KubeConfig } from "../../sidecar/kube/config.js";
import { REAL_TIMERS, every, type Timers } from "../../sidecar/timers.js";
import { BASE_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS } from "../../sidecar/work-queue.js";
import { connectKafka } from "../kafka-connection.js";
import type { UserOperatorConfig } from "./config.js";
import { KubeUserSide, SecretOwnershipRecord, userInformers } from "./kubernetes.js";
import { userOperatorMetrics, type UserOperatorMetrics } from "./metrics.js";
import { UserReconciler, type UserKafka } from "./reconciler.js";
import { SCRAM_ITERATIONS, type ScramSalter } from "./scram.js";
import { UserSecretWorkers } from "./user-secret-workers.js";
import type { UserSecretMaker } from "./user-secrets.js";

/** Keys of the Entity Operator's certificate Secrets (Strimzi's: both Secrets use `entity-operator`). */
const OPERATOR_CERT_KEY = "entity-operator.crt";
const OPERATOR_KEY_KEY = "entity-operator.key";
// Users in one batch: each batch reads Kafka once and writes it at most four times, and its users
// turn Ready together, so a thousand new TLS users turn Ready a hundred at a time as their keys arrive.
const MAX_BATCH = 100;

export interface UserOperatorDeps {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly timers?: Timers;
  readonly now?: () => Date;
  /** Where user Secrets are made; worker threads (user-secret-workers.ts) by default. */
  readonly userSecret?: UserSecretMaker;
  /** Where SCRAM passwords are salted; the same worker threads by default. */
  readonly scram?: ScramSalter;
  /** Kafka; by default a client of the replication listener with the Entity Operator's certificate, read from its Secrets. */
  readonly kafka?: UserKafka;
}

export interface UserOperator {
  /** The informers have listed and the first full reconciliation is done. */
  ready(): boolean;
  /** The informers run (for the liveness probe). */
  healthy(): boolean;
  /** Its /metrics. */
  readonly metrics: UserOperatorMetrics;
  stop(): Promise<void>;
}

/** The Kafka of STRIMZI_KAFKA_BOOTSTRAP_SERVERS over mutual TLS, with the certificate Strimzi's User Operator reads (`entity-operator.crt`/`.key`). */
const kafkaOf = (config: UserOperatorConfig, kubeConfig: KubeConfig): Promise<KafkaClient> => connectKafka(kubeConfig, {
  bootstrapServers: config.bootstrap,
  clusterNamespace: config.settings.caNamespace,
  tls: { trustedCertsSecret: config.clusterCaCertSecretName, secret: config.operatorSecretName, keyName: OPERATOR_KEY_KEY, certName: OPERATOR_CERT_KEY },
});

/** What of a KafkaUser the reconciler acts on: a change of anything else (our own status writes) enqueues nothing. */
const actedOn = (o: KubernetesObject): string =>
  JSON.stringify([o.metadata?.generation, o.metadata?.labels, o.metadata?.annotations, o.metadata?.deletionTimestamp]);

export async function startUserOperator(config: UserOperatorConfig, deps: UserOperatorDeps): Promise<UserOperator> {
  const { logger } = deps;
  const timers = deps.timers ?? REAL_TIMERS;
  // Before the informers start, while the process is not ready yet, rather than in the first batch's turn (20 ms of CPU).
  compileValidatorOf("KafkaUser");
  const namespace = config.settings.namespace;
  const informers = userInformers(deps.kubeConfig, namespace, config.labelSelector);
  const kube = new KubeUserSide(deps.kubeConfig, namespace, informers);
  const kafkaClient = deps.kafka ? undefined : await kafkaOf(config, deps.kubeConfig);
  const workers = deps.userSecret && deps.scram ? undefined : new UserSecretWorkers();
  const pending = new Set<string>();
  /** The batch under way. */
  let running: ReadonlySet<string> | undefined;
  const metrics = userOperatorMetrics({ namespace, selector: config.labelSelector }, () => {
    const users = informers.users.list(namespace);
    return { total: users.length, paused: users.filter((u) => u.metadata?.annotations?.[ANNOTATION.pauseReconciliation] === "true").length, pending: pending.size };
  });
  const ownership = new SecretOwnershipRecord(deps.kubeConfig, namespace, config.cluster);
  const reconciler = new UserReconciler(config.settings, {
    kubernetes: kube,
    kafka: deps.kafka ?? (kafkaClient as KafkaClient),
    ownership,
    now: deps.now ?? (() => new Date()),
    userSecret: deps.userSecret ?? (workers as UserSecretWorkers).make,
    scram: deps.scram ?? (workers as UserSecretWorkers).salting(SCRAM_ITERATIONS),
    timed: metrics.timed,
  });

  let sweepPending = false;
  let stopped = false;
  let fullDone = false;
  let consecutiveFailures = 0;
  let cancelRetry: (() => void) | undefined;
  let informersRunning = false;

  const runBatches = async (): Promise<void> => {
    if (running || stopped) return;
    try {
      while ((pending.size > 0 || sweepPending) && !stopped && cancelRetry === undefined) {
        const names = [...pending].slice(0, MAX_BATCH);
        for (const name of names) pending.delete(name);
        running = new Set(names);
        // The sweep rides on the last batch of a full reconciliation, once every listed user was seen.
        const sweep = sweepPending && pending.size === 0;
        if (sweep) sweepPending = false;
        const started = performance.now();
        try {
          metrics.batch(await reconciler.reconcile(names, sweep), (performance.now() - started) / 1000);
          consecutiveFailures = 0;
          if (sweep) fullDone = true;
        } catch (error) {
          metrics.batchFailed(names.length, (performance.now() - started) / 1000);
          consecutiveFailures++;
          for (const name of names) pending.add(name);
          sweepPending ||= sweep;
          const delay = Math.min(BASE_RETRY_DELAY_MS * 2 ** (consecutiveFailures - 1), MAX_RETRY_DELAY_MS);
          logger.warn({ err: error, users: names.length, retryInMs: delay }, "a batch of KafkaUsers failed; retrying");
          cancelRetry = timers.after(delay, () => {
            cancelRetry = undefined;
            void runBatches();
          });
        }
      }
    } finally {
      running = undefined;
    }
  };

  const add = (name: string): void => {
    if (pending.has(name)) metrics.alreadyEnqueued();
    else if (running?.has(name)) metrics.locked();
    pending.add(name);
  };
  const enqueue = (name: string): void => {
    add(name);
    void runBatches();
  };
  const full = (periodical: boolean): void => {
    if (periodical) metrics.periodical();
    for (const user of informers.users.list(namespace)) if (user.metadata?.name) add(user.metadata.name);
    sweepPending = true;
    void runBatches();
  };

  const seen = new Map<string, string>();
  const userChanged = (user: KubernetesObject): void => {
    const name = user.metadata?.name;
    if (name === undefined || seen.get(name) === actedOn(user)) return;
    seen.set(name, actedOn(user));
    enqueue(name);
  };
  informers.users.on("add", userChanged);
  informers.users.on("update", userChanged);
  informers.users.on("delete", (user) => {
    if (user.metadata?.name === undefined) return;
    seen.delete(user.metadata.name);
    enqueue(user.metadata.name);
  });
  // A user Secret edited or deleted by someone else is put back (Strimzi's SecretEventHandler).
  const prefix = config.settings.secret.secretPrefix;
  const secretChanged = (secret: KubernetesObject): void => {
    const name = secret.metadata?.name;
    if (name?.startsWith(prefix)) enqueue(name.slice(prefix.length));
  };
  informers.secrets.on("update", secretChanged);
  informers.secrets.on("delete", secretChanged);
  for (const informer of [informers.users, informers.secrets]) {
    informer.on("error", (error: unknown) => {
      // Stopping aborts the watches, which informers report as errors.
      if (stopped) return;
      informersRunning = false;
      logger.warn({ err: error }, "a KafkaUser or Secret informer stopped; starting it again");
      timers.after(BASE_RETRY_DELAY_MS, () => {
        if (!stopped) void informer.start().then(() => { informersRunning = true; }, () => undefined);
      });
    });
  }
  await Promise.all([informers.users.start(), informers.secrets.start()]);
  informersRunning = true;
  full(false);
  const stopPeriodic = every(timers, config.fullReconciliationIntervalMs, () => full(true));

  return {
    ready: () => informersRunning && fullDone,
    healthy: () => informersRunning,
    metrics,
    async stop() {
      stopped = true;
      stopPeriodic();
      cancelRetry?.();
      await Promise.all([informers.users.stop(), informers.secrets.stop()]);
      kube.close();
      informers.close();
      ownership.close();
      await kafkaClient?.close();
      await workers?.close();
    },
  };
}
