// The Topic Operator: KafkaTopics of one namespace reconciled with one Kafka
// cluster in batches (reconcile-batch.ts), on every change the informer sees
// and on a full resync every STRIMZI_FULL_RECONCILIATION_INTERVAL_MS. One
// replica runs (the Deployment is Recreate with one replica, as Strimzi's), so
// there is no leader election; all its state is in Kubernetes and Kafka, and a
// restart, mid-batch or not, starts again from the informer's first list.
import type { KafkaClient } from "../../sidecar/kafka/client.js";
import type { KubeConfig } from "../../sidecar/kube/config.js";
import type { Logger } from "pino";
import { isPaused, type StoredTopic, claimedTopicName } from "../../lib/topics/triage.js";
import { every, REAL_TIMERS, type Timers } from "../../sidecar/timers.js";
import type { TopicOperatorConfig } from "../config.js";
import { BatchQueue } from "./batch-queue.js";
import { KubeTopics, topicKey } from "./kube-topics.js";
import { MetadataWait } from "./metadata-wait.js";
import { compileValidatorOf } from "../../lib/api/validate.js";
import { topicOperatorMetrics, type TopicOperatorMetrics } from "./metrics.js";
import { BATCHES_AT_ONCE, reconcileBatch, type TopicAdmin, type TopicCruiseControl } from "./reconcile-batch.js";

/** How often the broker is asked whether it shows the topics waited on, and how long a KafkaTopic waits before a pass again. */
const METADATA_POLL_MS = 1000;
const METADATA_WAIT_DEADLINE_MS = 60_000;

export interface TopicOperatorDeps {
  kubeConfig: KubeConfig;
  admin: TopicAdmin & Pick<KafkaClient, "shownTopics">;
  /** Replication-factor changes go through it, when the cluster runs it. */
  cruiseControl?: TopicCruiseControl;
  logger: Logger;
  now?: () => Date;
  timers?: Timers;
}

export interface RunningTopicOperator {
  metrics: TopicOperatorMetrics;
  healthy(): boolean;
  ready(): boolean;
  /** Nothing waits and nothing runs: every change seen so far is reconciled. */
  idle(): boolean;
  stop(): Promise<void>;
}

export async function startTopicOperator(config: TopicOperatorConfig, deps: TopicOperatorDeps): Promise<RunningTopicOperator> {
  const { logger } = deps;
  const timers = deps.timers ?? REAL_TIMERS;
  const now = deps.now ?? (() => new Date());
  // Before the informers start, while the process is not ready yet, rather than in the first batch's turn.
  compileValidatorOf("KafkaTopic");
  const kube: KubeTopics = new KubeTopics({
    kubeConfig: deps.kubeConfig,
    namespace: config.namespace,
    labelSelector: config.labelSelector,
    clusterNamespace: config.clusterNamespace,
    clusterSecret: config.tls.trustedCertsSecret,
    logger,
    timers,
    onChange: (topic, event) => {
      queue.add(topicKey(topic));
      // A KafkaTopic going (or gone) may hand its topic to another: those naming the same topic are judged again.
      if (event === "delete" || topic.metadata.deletionTimestamp !== undefined) {
        const name = claimedTopicName(topic);
        for (const other of kube.all()) if (claimedTopicName(other) === name) queue.add(topicKey(other));
      }
    },
  });
  const metrics = topicOperatorMetrics({ namespace: config.namespace, selector: config.labelSelector }, () => {
    const all: StoredTopic[] = kube.all();
    return { total: all.length, paused: all.filter(isPaused).length };
  });
  const queue = new BatchQueue({
    maxBatchSize: config.maxBatchSize,
    lingerMs: config.maxBatchLingerMs,
    maxBatchesAtOnce: BATCHES_AT_ONCE,
    timers,
    worker: async (keys, handOff) => {
      const started = timers.now();
      const result = await reconcileBatch(keys, { admin: deps.admin, kube, now, timed: metrics.timed, ...(deps.cruiseControl ? { cruiseControl: deps.cruiseControl } : {}) }, handOff);
      metrics.batch(result, (timers.now() - started) / 1000, keys.length);
      for (const [key, topicName] of result.unshown) unshown.add(key, topicName);
      logger.debug({ batch: keys.length, succeeded: result.succeeded, failed: result.failed, retry: result.retry.length, unshown: result.unshown.size }, "batch reconciled");
      return result.retry;
    },
    onError: (keys, error) => logger.warn({ err: error, batch: keys.length }, "batch failed; its KafkaTopics are tried again"),
  });
  const unshown = new MetadataWait({
    shown: (topicNames) => deps.admin.shownTopics(topicNames),
    requeue: (key) => queue.add(key),
    onError: (error) => logger.warn({ err: error }, "asking the broker which topics it shows failed; asking again"),
    pollMs: METADATA_POLL_MS,
    deadlineMs: METADATA_WAIT_DEADLINE_MS,
    timers,
  });
  queue.start();
  await kube.start();
  const resyncAll = (): void => {
    metrics.periodical();
    for (const topic of kube.all()) queue.add(topicKey(topic));
  };
  const stopResync = every(timers, config.fullReconciliationIntervalMs, resyncAll);
  return {
    metrics,
    healthy: () => kube.running(),
    ready: () => kube.running(),
    idle: () => queue.idle() && unshown.size() === 0,
    async stop() {
      // The batch under way ends first; its KafkaTopics' next pass is the next process's first list.
      stopResync();
      await unshown.stop();
      await queue.stop();
      await kube.stop();
    },
  };
}
