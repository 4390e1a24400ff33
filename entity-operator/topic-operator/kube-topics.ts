// The Topic Operator's side of Kubernetes: an informer over the KafkaTopics of
// its namespace that carry its labels (`STRIMZI_RESOURCE_LABELS`, filtered by
// the API server), restarted with backoff when its watch fails, and the
// writes: the finalizer (a merge patch conditional on the resourceVersion read,
// so a KafkaTopic changed meanwhile is read again, never overwritten) and the
// status, through the status subresource only, both over kube-http.ts's
// keep-alive connections. The informer's cache keeps only what the operator
// reads: its first list comes page by page over the same connections, and
// each KafkaTopic is held without its managedFields and kubectl's
// last-applied copy (at 10 000 KafkaTopics these were the operator's peak
// memory, docs/BENCHMARKS.md).
import type { Logger } from "pino";
import { TOPIC_FINALIZER } from "../../lib/api/kafka-topic.js";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import { claimants, type StoredTopic } from "../../lib/topics/triage.js";
import { KubeActions } from "../../sidecar/kube-actions.js";
import type { KubeConfig } from "../../sidecar/kube/config.js";
import { KubeHttp } from "../../sidecar/kube/http.js";
import { Informer } from "../../sidecar/kube/informer.js";
import { resourcePath } from "../../sidecar/kube/paths.js";
import { REAL_TIMERS, type Timers } from "../../sidecar/timers.js";
import { BATCHES_AT_ONCE, KUBE_WRITES_AT_ONCE, type TopicKube } from "./reconcile-batch.js";

const KAFKA_TOPICS = { group: "kafka.strimzi.io", version: "v1", plural: "kafkatopics" } as const;
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const BASE_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

export const topicKey = (topic: Pick<StoredTopic, "metadata">): string => topic.metadata.name;

export interface KubeTopicsOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  labelSelector: string;
  clusterNamespace: string;
  /** The Secret whose absence says the cluster is gone (the cluster CA certificate's). */
  clusterSecret: string;
  logger: Logger;
  /** Called with a KafkaTopic added, changed in what the operator reads (not only its status), or deleted. */
  onChange: (topic: StoredTopic, event: "add" | "update" | "delete") => void;
  timers?: Timers;
}

/** What of a KafkaTopic the operator acts on: its own status writes and finalizer change none of it. */
function actedOn(topic: StoredTopic): string {
  const { generation, deletionTimestamp, annotations, labels } = topic.metadata;
  return JSON.stringify([generation, deletionTimestamp, annotations, labels]);
}

/** Drops, in place, what the operator never reads and the API server sends with every KafkaTopic. */
function slim(object: KubernetesObject): StoredTopic {
  const metadata = object.metadata as { managedFields?: unknown; annotations?: Record<string, string> };
  delete metadata.managedFields;
  if (metadata.annotations) delete metadata.annotations[LAST_APPLIED];
  return object as StoredTopic;
}

/**
 * The operator's patches name only fields the schema has: the server's check for unknown ones (its default,
 * Warn, decodes every patched object a second time, strictly) is work for nothing at thousands of writes.
 */
const WRITE_QUERY = "fieldValidation=Ignore";

/** Writes to KafkaTopics at once: the reconcile's own limits, with a connection each. */
const WRITE_CONNECTIONS = KUBE_WRITES_AT_ONCE * BATCHES_AT_ONCE;

export class KubeTopics implements TopicKube {
  private readonly informer: Informer<StoredTopic>;
  private readonly secrets: KubeActions;
  private readonly http: KubeHttp;
  private state: "starting" | "running" | "failed" = "starting";
  private failures = 0;
  private cancelRestart: (() => void) | undefined;
  private stopped = false;
  /**
   * Computed once for every batch until a KafkaTopic changes: a steady resync of 10 000 KafkaTopics in
   * 100 batches would otherwise walk all of them a hundred times.
   */
  private claimed: ReadonlyMap<string, readonly StoredTopic[]> | undefined;
  /** actedOn of each KafkaTopic as last seen: the informer hands updates over without the version before. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly options: KubeTopicsOptions) {
    const { kubeConfig, namespace, labelSelector } = options;
    this.secrets = new KubeActions(kubeConfig, () => undefined);
    this.http = new KubeHttp(kubeConfig, WRITE_CONNECTIONS);
    // Listed page by page over the same connections, as the writes go.
    this.informer = new Informer(this.http, { path: resourcePath(KAFKA_TOPICS, namespace), labelSelector, transform: slim, ...(options.timers ? { timers: options.timers } : {}) });
    this.informer.on("add", (topic) => {
      this.claimed = undefined;
      this.seen.set(topicKey(topic), actedOn(topic));
      options.onChange(topic, "add");
    });
    this.informer.on("update", (topic) => {
      // Any change, its status too: the claim order prefers a Ready KafkaTopic.
      this.claimed = undefined;
      const signature = actedOn(topic);
      if (this.seen.get(topicKey(topic)) === signature) return;
      this.seen.set(topicKey(topic), signature);
      options.onChange(topic, "update");
    });
    this.informer.on("delete", (topic) => {
      this.claimed = undefined;
      this.seen.delete(topicKey(topic));
      options.onChange(topic, "delete");
    });
    this.informer.on("error", (error: unknown) => this.failed(error));
  }

  async start(): Promise<void> {
    this.state = "starting";
    await this.informer.start();
    if (this.state === "starting") {
      this.state = "running";
      this.failures = 0;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRestart?.();
    await this.informer.stop();
    this.http.close();
    this.secrets.close();
  }

  running(): boolean {
    return this.state === "running";
  }

  get(key: string): StoredTopic | undefined {
    return this.informer.get(key, this.options.namespace);
  }

  all(): StoredTopic[] {
    return this.informer.list(this.options.namespace);
  }

  claimants(): ReadonlyMap<string, readonly StoredTopic[]> {
    return (this.claimed ??= claimants(this.all()));
  }

  async addFinalizer(topic: StoredTopic): Promise<boolean> {
    return this.patchFinalizers(topic, [...(topic.metadata.finalizers ?? []), TOPIC_FINALIZER]);
  }

  async removeFinalizer(topic: StoredTopic): Promise<boolean> {
    return this.patchFinalizers(topic, (topic.metadata.finalizers ?? []).filter((f) => f !== TOPIC_FINALIZER));
  }

  async patchStatus(topic: StoredTopic, patch: Record<string, unknown>): Promise<void> {
    const reply = await this.http.mergePatch(`${this.pathOf(topic)}/status?${WRITE_QUERY}`, { status: patch }, { metadataOnly: true });
    // Deleted meanwhile: there is no status left to write.
    if (reply.status !== 200 && reply.status !== 404) throw new Error(`status of KafkaTopic ${topic.metadata.name}: ${reply.status} ${reply.body}`);
  }

  async clusterGone(): Promise<boolean> {
    const secret = await this.secrets.readSecretObject(this.options.clusterNamespace, this.options.clusterSecret);
    return secret === undefined || secret.metadata?.deletionTimestamp != null;
  }

  /** The finalizers as given, on condition that the KafkaTopic is still the version read; false when it changed or went. */
  private async patchFinalizers(topic: StoredTopic, finalizers: string[]): Promise<boolean> {
    const { resourceVersion } = topic.metadata;
    const reply = await this.http.mergePatch(`${this.pathOf(topic)}?${WRITE_QUERY}`, { metadata: { finalizers, resourceVersion } }, { metadataOnly: true });
    if (reply.status === 404 || reply.status === 409) return false;
    if (reply.status !== 200) throw new Error(`finalizers of KafkaTopic ${topic.metadata.name}: ${reply.status} ${reply.body}`);
    return true;
  }

  private pathOf(topic: StoredTopic): string {
    return resourcePath(KAFKA_TOPICS, topic.metadata.namespace, topic.metadata.name);
  }

  private failed(error: unknown): void {
    this.state = "failed";
    this.failures++;
    if (this.stopped || this.cancelRestart) return;
    const delay = Math.min(BASE_RESTART_DELAY_MS * 2 ** (this.failures - 1), MAX_RESTART_DELAY_MS);
    this.options.logger.warn({ err: error, retryInMs: delay }, "KafkaTopic informer stopped; starting it again");
    this.cancelRestart = (this.options.timers ?? REAL_TIMERS).after(delay, () => {
      this.cancelRestart = undefined;
      if (!this.stopped) void this.start();
    });
  }
}
