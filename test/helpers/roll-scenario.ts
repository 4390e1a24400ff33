// For the roller's scenarios (test/roller/): a rack-aware cluster, the stand-in
// Kafka answering the real availability client, a clock the test moves, the
// steps a roll takes, and the Kafka status the real hook writes for what the
// stand-in API server holds.
import type { Test } from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { Kafka, KafkaStatus } from "../../lib/api/kafka.js";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type ObjectsByKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { syncStrimziPodSet } from "../../lib/sync/podset-sync.js";
import { connectKafkaAvailability } from "../../sidecar/kafka/availability.js";
import type { KafkaAvailabilityFactory } from "../../sidecar/kafka-availability.js";
import { reconfigured, settledCluster, type ExampleCluster } from "./example-cluster.js";
import { FakeKafka, type FakeKafkaScenario, type FakeTopic } from "./fake-kafka.js";
import { exampleRequest, NAMESPACE, testEnvironment } from "./requests.js";
import type { Harness } from "./sidecar-harness.js";

const PODSETS = typeKey("StrimziPodSet", "core.strimzi.io/v1");
const SECRETS = typeKey("Secret", "v1");

/** Strimzi's kafka-persistent example with `brokers` brokers (ids 0 and up) and `spec.kafka.rack`; controllers follow the brokers' ids. */
export function rackAwareCluster(brokers: number): ExampleCluster {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const pool = request.related[typeKey("KafkaNodePool", "kafka.strimzi.io/v1")]?.[`${NAMESPACE}/broker`] as KafkaNodePool;
  pool.spec.replicas = brokers;
  (request.parent as Kafka).spec.kafka.rack = { topologyKey: "topology.kubernetes.io/zone" };
  return settledCluster(request);
}

/** Zones a, b, c by broker id modulo 3, as Metadata reports `broker.rack`. */
const zoneOf = (id: number): string => `zone-${"abc"[id % 3] ?? "a"}`;

/** Brokers 0..n-1 in three zones, min.insync.replicas=2, controllers `controllers` (the second leads), all caught up, every broker fetching the metadata log. */
export function kafkaScenario(brokers: number, controllers: readonly number[], topics: readonly FakeTopic[]): FakeKafkaScenario {
  const ids = Array.from({ length: brokers }, (_, i) => i);
  const now = 1_767_225_600_000;
  return {
    brokers: ids,
    racks: Object.fromEntries(ids.map((id) => [id, zoneOf(id)])),
    brokerConfigs: { "min.insync.replicas": "2" },
    topics,
    quorum: {
      leaderId: controllers[1] ?? -1,
      leaderEpoch: 3,
      highWatermark: 100,
      now,
      voters: controllers.map((id) => ({ id, logEndOffset: 100, lastFetchTimestamp: now - 10, lastCaughtUpTimestamp: now - 10 })),
      // Running brokers fetch the metadata log as observers.
      observers: ids.map((id) => ({ id, logEndOffset: 100, lastFetchTimestamp: now - 10, lastCaughtUpTimestamp: now - 10 })),
    },
  };
}

/** A topic of `partitions` partitions, each replicated on three consecutive brokers (so over three zones), all in sync. */
export function spreadTopic(name: string, partitions: number, brokers: number): FakeTopic {
  return {
    name,
    partitions: Array.from({ length: partitions }, (_, p) => {
      const replicas = [p % brokers, (p + 1) % brokers, (p + 2) % brokers];
      return { partition: p, leader: replicas[0] ?? 0, replicas, isr: replicas };
    }),
  };
}

/** Starts the stand-in Kafka for one test; the sidecar reaches it through the real availability client, over plain TCP. */
export async function startKafka(t: Test, scenario: FakeKafkaScenario): Promise<{ fake: FakeKafka; factory: KafkaAvailabilityFactory }> {
  const fake = await FakeKafka.start(scenario);
  t.teardown(() => fake.stop());
  return { fake, factory: () => connectKafkaAvailability({ bootstrap: fake.bootstrap }) };
}

/** A change to the Kafka's spec as a user makes it, and the PodSets the Kafka hook makes of it. */
export function changeKafka(harness: Harness, change: (spec: Record<string, unknown>) => void): void {
  const kafka = harness.server.get<Kafka>("kafka.strimzi.io/v1", "Kafka", NAMESPACE, harness.cluster.request.parent.metadata.name);
  if (!kafka) throw new Error("no Kafka in the stand-in API server");
  const spec = structuredClone(kafka.spec) as unknown as Record<string, unknown>;
  change(spec);
  harness.server.put({ ...kafka, spec });
  harness.applyPodSets(reconfigured(harness.cluster, change).podSets);
}

/** Sets annotations on the Kafka. */
export function annotateKafka(harness: Harness, annotations: Record<string, string>): void {
  const kafka = harness.server.get<Kafka>("kafka.strimzi.io/v1", "Kafka", NAMESPACE, harness.cluster.request.parent.metadata.name);
  if (!kafka) throw new Error("no Kafka in the stand-in API server");
  harness.server.put({ ...kafka, metadata: { ...kafka.metadata, annotations: { ...kafka.metadata.annotations, ...annotations } } });
}

/** The configuration change the scenarios make: every pod restarts for it. */
export const longerRetention = (spec: Record<string, unknown>): void => {
  (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
};

/** A clock the test sets. */
export class ManualClock {
  constructor(public now: Date) {}
  readonly read = (): Date => this.now;
}

const isReady = (pod: Pod | undefined): boolean => (pod?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * Records the roll's steps: pods deleted while another pod of `pods` was down
 * (deleted, or back but not ready) belong to the same step as that one.
 */
export function recordSteps(t: Test, harness: Harness, pods: readonly string[]): () => string[][] {
  const steps: string[][] = [];
  const unsubscribe = harness.server.onChange(({ type, resource, object }) => {
    if (type !== "DELETED" || resource.kind !== "Pod") return;
    const name = object.metadata.name;
    const othersDown = pods.some((p) => p !== name && !isReady(harness.pod(p)));
    const last = steps[steps.length - 1];
    if (othersDown && last) last.push(name);
    else steps.push([name]);
  });
  t.teardown(unsubscribe);
  return () => steps;
}

const byKey = (objects: readonly KubeObject[]): ObjectsByKey => Object.fromEntries(objects.map((o) => [`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o]));

/**
 * The sync request Metacontroller would send now: the Kafka, PodSets and
 * Secrets the stand-in API server holds, each PodSet with the status the real
 * PodSet hook reports for the pods the server holds.
 */
export function hookRequest(harness: Harness, now: Date): SyncRequest {
  const request = structuredClone(harness.cluster.request);
  const kafka = harness.server.get<Kafka>("kafka.strimzi.io/v1", "Kafka", NAMESPACE, harness.cluster.request.parent.metadata.name);
  if (kafka) request.parent = kafka;
  const pods = harness.server.list<Pod>("v1", "Pod", NAMESPACE);
  const podSets = harness.server.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE).map((podSet) => {
    const own = new Set(podSet.spec.pods.map((p) => p.metadata.name));
    const children = { [typeKey("Pod", "v1")]: byKey(pods.filter((p) => own.has(p.metadata?.name ?? "")) as KubeObject[]) };
    const { status } = syncStrimziPodSet({ controller: request.controller, parent: podSet, children, related: {} }, now);
    return { ...podSet, status };
  });
  request.children[PODSETS] = byKey(podSets);
  request.children[SECRETS] = byKey(harness.server.list<KubeObject>("v1", "Secret", NAMESPACE));
  // Deployments a test applied (the Entity Operator's, rolled for a new CA) stand for the settled ones.
  const deployments = harness.server.list<KubeObject>("apps/v1", "Deployment", NAMESPACE);
  if (deployments.length > 0) request.children[typeKey("Deployment", "apps/v1")] = byKey(deployments);
  return request;
}

/** The status the Kafka hook answers for `request` at `now`. */
export const hookStatus = (request: SyncRequest, now: Date): KafkaStatus => syncKafka(request, { ...testEnvironment(), now: () => now }).status;

/** A condition of a Kafka status, without the time it changed (the sidecar's clock is the real one). */
export const conditionOf = (status: KafkaStatus, type: string): Omit<NonNullable<KafkaStatus["conditions"]>[number], "lastTransitionTime"> | undefined => {
  const found = status.conditions?.find((c) => c.type === type);
  if (!found) return undefined;
  const { lastTransitionTime: _time, ...rest } = found;
  return rest;
};
