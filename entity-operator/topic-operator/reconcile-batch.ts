// One batch of KafkaTopics reconciled, in Strimzi's order
// (BatchingTopicController.updateInternal): deletions first, then statuses of
// the topics Kafka has nothing to do for, then for the rest the finalizer,
// one Metadata and one DescribeConfigs for the batch, CreateTopics for the
// missing and the two again for those it created (Ready once the broker shows
// them), ListPartitionReassignments for those whose replication factor differs
// from the spec's (a reassignment already heading there is nothing to report),
// IncrementalAlterConfigs and CreatePartitions for the changed, and
// every status written once, only when it changed. Each step is one Kafka
// request for the whole batch. The status writes touch only the batch's own
// KafkaTopics: the batch hands off before them, so the next batch's finalizer
// writes and Kafka requests overlap them (the writes wait on the API server,
// which at thousands of KafkaTopics is most of the time, docs/BENCHMARKS.md).
import type { ConfigChange, TopicDescription } from "../../lib/topics/kafka-state.js";
import type { KafkaTopic } from "../../lib/api/kafka-topic.js";
import { configValueString } from "../../lib/api/kafka-topic.js";
import { partitionsAwayFromReplicas, topicChanges } from "../../lib/topics/changes.js";
import { TOPIC_REASON, type TopicFailure } from "../../lib/topics/conditions.js";
import type { CruiseControlResponse } from "../../lib/rebalance/answers.js";
import type { CruiseControlRequest } from "../../lib/rebalance/requests.js";
import {
  polled, replicasChangePlan, requested, topicConfigurationAnswer, topicConfigurationRequest, userTasksAnswer, userTasksRequest,
  type ReplicasChangeOutcomes, type ReplicasTopic,
} from "../../lib/topics/replicas-change.js";
import { statusPatch, topicStatus, type TopicOutcome } from "../../lib/topics/status.js";
import { hasFinalizer, triage, type StoredTopic, type Triage } from "../../lib/topics/triage.js";
import { describeFailure, type KafkaClient, type TopicError } from "../../sidecar/kafka/client.js";

export type TopicAdmin = Pick<KafkaClient, "describeTopics" | "createTopics" | "createPartitions" | "alterTopicConfigs" | "deleteTopics" | "partitionReassignments">;

/** The Kubernetes side: reads from the informer's cache, writes to the API server. */
export interface TopicKube {
  get(key: string): StoredTopic | undefined;
  /** `claimants` (triage.ts) of every KafkaTopic as the cache holds them now. */
  claimants(): ReadonlyMap<string, readonly StoredTopic[]>;
  /** False when the KafkaTopic changed or went meanwhile: it is tried again on fresh reads. */
  addFinalizer(topic: StoredTopic): Promise<boolean>;
  removeFinalizer(topic: StoredTopic): Promise<boolean>;
  patchStatus(topic: StoredTopic, patch: Record<string, unknown>): Promise<void>;
  /** The cluster's CA Secret is gone or being deleted. */
  clusterGone(): Promise<boolean>;
}

export interface BatchResult {
  /** Keys to try again later. */
  retry: string[];
  /** Keys whose topic the controller has and the broker does not show yet, by topic name: no status until it does. */
  unshown: Map<string, string>;
  succeeded: number;
  failed: number;
}

/** Cruise Control, when the cluster runs it: replication-factor changes go through it. */
export interface TopicCruiseControl {
  send(request: CruiseControlRequest): Promise<CruiseControlResponse>;
  /** The brokers have racks: Cruise Control keeps replicas apart by rack. */
  rackAware: boolean;
}

export interface BatchDeps {
  admin: TopicAdmin;
  cruiseControl?: TopicCruiseControl;
  kube: TopicKube;
  /** The wall clock, for lastTransitionTime. */
  now: () => Date;
  /** Times one step (a Kafka request or a kind of Kubernetes write), for the metrics. */
  timed: <T>(step: string, work: () => Promise<T>) => Promise<T>;
}

/** Writes to KafkaTopics at once per batch. */
export const KUBE_WRITES_AT_ONCE = 16;
/** Batches under way at once: one asking Kafka, one writing its statuses. */
export const BATCHES_AT_ONCE = 2;
const UNKNOWN_TOPIC = "UNKNOWN_TOPIC_OR_PARTITION";
const TOPIC_EXISTS = "TOPIC_ALREADY_EXISTS";

const kafkaFailure = (error: TopicError): TopicFailure => ({ reason: TOPIC_REASON.kafkaError, message: error.message });

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

interface Reconcilable {
  key: string;
  stored: StoredTopic;
  topic: KafkaTopic;
  topicName: string;
}

/** `handOff` is called once only the batch's status writes remain. */
export async function reconcileBatch(keys: readonly string[], deps: BatchDeps, handOff: () => void = () => undefined): Promise<BatchResult> {
  const { kube } = deps;
  const batch = keys.flatMap((key) => {
    const stored = kube.get(key);
    return stored ? [{ key, stored }] : [];
  });
  const context = { claimants: kube.claimants(), clusterGone: false };
  // Only a deletion asks whether the cluster is gone: one read for the batch.
  if (batch.some(({ stored }) => stored.metadata.deletionTimestamp !== undefined && hasFinalizer(stored))) {
    context.clusterGone = await kube.clusterGone();
  }
  const triaged = batch.map(({ key, stored }) => ({ key, stored, triage: triage(stored, context) }));
  const retry = new Set<string>();
  const unshown = new Map<string, string>();
  const outcomes = new Map<string, { stored: StoredTopic; outcome: TopicOutcome }>();
  const outcome = (key: string, stored: StoredTopic, result: TopicOutcome): void => {
    outcomes.set(key, { stored, outcome: result });
  };

  await deleteTopics(triaged, deps, retry, outcome);

  const reconcilable: Reconcilable[] = [];
  for (const { key, stored, triage: t } of triaged) {
    if (t.action === "unmanaged") outcome(key, stored, { settled: "Unmanaged" });
    else if (t.action === "paused") outcome(key, stored, { settled: "ReconciliationPaused", topicName: t.topicName });
    else if (t.action === "fail") outcome(key, stored, { failure: t.failure, ...(t.topicName !== undefined ? { topicName: t.topicName } : {}) });
    else if (t.action === "reconcile") reconcilable.push({ key, stored, topic: t.topic, topicName: t.topicName });
  }

  // Kafka is asked only for KafkaTopics that carry our finalizer (adopted as they are, never a second one).
  await deps.timed("add_finalizer", () => eachLimited(reconcilable.filter((r) => !hasFinalizer(r.stored)), KUBE_WRITES_AT_ONCE, async (r) => {
    if (!await kube.addFinalizer(r.stored)) retry.add(r.key);
  }));
  await reconcileInKafka(reconcilable.filter((r) => !retry.has(r.key)), deps, retry, unshown, outcome);
  handOff();

  let succeeded = 0;
  let failed = 0;
  const now = deps.now().toISOString().replace(/\.\d{3}Z$/, "Z");
  const writes = [...outcomes].flatMap(([key, { stored, outcome: result }]) => {
    if ("failure" in result) failed++;
    else succeeded++;
    const patch = statusPatch(stored.status, topicStatus(stored.status, result, stored.metadata.generation, now));
    return patch ? [{ key, stored, patch }] : [];
  });
  await deps.timed("update_status", () => eachLimited(writes, KUBE_WRITES_AT_ONCE, async ({ key, stored, patch }) => {
    try {
      await kube.patchStatus(stored, patch);
    } catch {
      retry.add(key);
    }
  }));
  return { retry: [...retry], unshown, succeeded, failed };
}

type Triaged = { key: string; stored: StoredTopic; triage: Triage };

async function deleteTopics(triaged: readonly Triaged[], deps: BatchDeps, retry: Set<string>, outcome: (key: string, stored: StoredTopic, result: TopicOutcome) => void): Promise<void> {
  const toDelete = triaged.filter((t) => t.triage.action === "delete");
  const names = toDelete.map((t) => (t.triage.action === "delete" ? t.triage.topicName : ""));
  const deleted = await deps.timed("delete_topics", () => deps.admin.deleteTopics(names));
  const release: Triaged[] = triaged.filter((t) => t.triage.action === "release");
  toDelete.forEach((t, index) => {
    const result = deleted.get(names[index] ?? "");
    // A topic Kafka does not have is as good as deleted.
    if (result === undefined || result.ok || result.error.code === UNKNOWN_TOPIC) release.push(t);
    else outcome(t.key, t.stored, { failure: kafkaFailure(result.error), topicName: names[index] ?? "" });
  });
  await deps.timed("remove_finalizer", () => eachLimited(release, KUBE_WRITES_AT_ONCE, async (t) => {
    if (!await deps.kube.removeFinalizer(t.stored)) retry.add(t.key);
  }));
}

interface Present {
  r: Reconcilable;
  changes: ReturnType<typeof topicChanges>;
  topicId: string;
  description: TopicDescription;
}

/**
 * Strimzi's filterByReassignmentTargetReplicas: the topics whose replication
 * factor differs from the spec's are asked about in one ListPartitionReassignments;
 * one whose differing partitions a reassignment takes to the spec's factor has
 * nothing to report. Kafka's failure to answer is each such topic's KafkaError.
 */
async function withReassignments(present: Present[], deps: BatchDeps): Promise<void> {
  const away = present.flatMap((p) => {
    const partitions = partitionsAwayFromReplicas(p.r.topic.spec, p.description);
    return partitions.length === 0 ? [] : [{ p, partitions }];
  });
  if (away.length === 0) return;
  try {
    const reassigning = await deps.timed("list_reassignments", () => deps.admin.partitionReassignments(new Map(away.map(({ p, partitions }) => [p.r.topicName, partitions]))));
    for (const { p } of away) p.changes = topicChanges(p.r.topic.spec, p.description, reassigning.get(p.r.topicName));
  } catch (error) {
    for (const { p } of away) p.changes = { ...p.changes, replicasRefused: { reason: TOPIC_REASON.kafkaError, message: describeFailure(error) } };
  }
}

/**
 * Strimzi's checkReplicasChanges with Cruise Control: new and pending changes
 * asked for in one topic_configuration request, ongoing ones polled in one
 * user_tasks request, pending ones Kafka no longer needs ended.
 */
async function changeReplicas(present: readonly Present[], cruiseControl: TopicCruiseControl, deps: BatchDeps): Promise<ReplicasChangeOutcomes> {
  const topics: ReplicasTopic[] = present.map(({ r, changes }) => ({
    key: r.key, topicName: r.topicName, topic: r.topic, differs: changes.replicasRefused?.reason === TOPIC_REASON.notSupported,
  }));
  const plan = replicasChangePlan(topics);
  const outcomes: ReplicasChangeOutcomes = new Map(plan.complete.map((t) => [t.key, null]));
  if (plan.request.length > 0) {
    const answer = await deps.timed("cruisecontrol_topic_config", () => cruiseControl.send(topicConfigurationRequest(plan.request, cruiseControl.rackAware)));
    for (const [key, change] of requested(plan.request, topicConfigurationAnswer(answer))) outcomes.set(key, change);
  }
  if (plan.poll.size > 0) {
    const answer = await deps.timed("cruisecontrol_user_tasks", () => cruiseControl.send(userTasksRequest([...plan.poll.keys()])));
    for (const [key, change] of polled(plan.poll, userTasksAnswer(answer))) outcomes.set(key, change);
  }
  return outcomes;
}

async function reconcileInKafka(topics: readonly Reconcilable[], deps: BatchDeps, retry: Set<string>, unshown: Map<string, string>, outcome: (key: string, stored: StoredTopic, result: TopicOutcome) => void): Promise<void> {
  if (topics.length === 0) return;
  const { admin } = deps;
  const described = await deps.timed("describe_topics", () => admin.describeTopics(topics.map((r) => r.topicName)));
  const missing: Reconcilable[] = [];
  const present: Present[] = [];
  for (const r of topics) {
    const result = described.get(r.topicName);
    if (result === undefined || (!result.ok && result.error.code === UNKNOWN_TOPIC)) missing.push(r);
    else if (!result.ok) outcome(r.key, r.stored, { failure: kafkaFailure(result.error), topicName: r.topicName });
    else present.push({ r, changes: topicChanges(r.topic.spec, result.value), topicId: result.value.topicId, description: result.value });
  }

  const created = await deps.timed("create_topics", () => admin.createTopics(missing.map((r) => ({
    name: r.topicName,
    partitions: r.topic.spec.partitions ?? -1,
    replicas: r.topic.spec.replicas ?? -1,
    configs: new Map(Object.entries(r.topic.spec.config ?? {}).map(([key, value]) => [key, configValueString(value)])),
  }))));
  // Ready means the broker shows the topic, not only that the controller committed it (CreateTopics' answer):
  // a broker's metadata cache lags the controller, by minutes while thousands of topics are created, and
  // clients that meet an unknown topic give up (docs/ARCHITECTURE.md, the Topic Operator). So the created
  // topics are described once more, and compared as any existing topic; those not shown yet, and those the
  // controller had already (TOPIC_ALREADY_EXISTS: created a moment ago by an earlier pass or by someone else),
  // get no status now: they wait until the broker shows them (metadata-wait.ts), then a pass describes them and
  // writes their one status, with the topic's id.
  const createdNames = missing.filter((r) => created.get(r.topicName)?.ok).map((r) => r.topicName);
  const shown = createdNames.length === 0 ? new Map<string, never>() : await deps.timed("describe_topics", () => admin.describeTopics(createdNames));
  for (const r of missing) {
    const result = created.get(r.topicName);
    const again = shown.get(r.topicName);
    if (again?.ok) present.push({ r, changes: topicChanges(r.topic.spec, again.value), topicId: again.value.topicId, description: again.value });
    else if (result?.ok === true || result?.error.code === TOPIC_EXISTS) unshown.set(r.key, r.topicName);
    else if (result === undefined) retry.add(r.key);
    else outcome(r.key, r.stored, { failure: kafkaFailure(result.error), topicName: r.topicName });
  }

  await withReassignments(present, deps);

  const configChanges = new Map<string, ConfigChange[]>(present.filter((p) => p.changes.config.length > 0).map((p) => [p.r.topicName, p.changes.config]));
  const partitionCounts = new Map<string, number>(present.flatMap((p) => (p.changes.increasePartitionsTo !== undefined ? [[p.r.topicName, p.changes.increasePartitionsTo] as const] : [])));
  const altered = await deps.timed("alter_configs", () => admin.alterTopicConfigs(configChanges));
  const grown = await deps.timed("create_partitions", () => admin.createPartitions(partitionCounts));
  const replicasChanges = deps.cruiseControl ? await changeReplicas(present, deps.cruiseControl, deps) : undefined;
  for (const { r, changes, topicId } of present) {
    const alterResult = altered.get(r.topicName);
    const growResult = grown.get(r.topicName);
    // Strimzi records these in this order, and the last one recorded is the status's.
    const failures = [
      changes.partitionsRefused,
      alterResult && !alterResult.ok ? kafkaFailure(alterResult.error) : undefined,
      growResult && !growResult.ok ? kafkaFailure(growResult.error) : undefined,
      // With Cruise Control a different replication factor is a change to make, not a refusal.
      replicasChanges && changes.replicasRefused?.reason === TOPIC_REASON.notSupported ? undefined : changes.replicasRefused,
    ].filter((f): f is TopicFailure => f !== undefined);
    const failure = failures.at(-1);
    const replicasChange = replicasChanges?.get(r.key);
    outcome(r.key, r.stored, failure
      ? { failure, topicName: r.topicName, topicId }
      : { settled: "Ready", topicName: r.topicName, topicId, ...(replicasChange ? { replicasChange } : {}) });
  }
}
