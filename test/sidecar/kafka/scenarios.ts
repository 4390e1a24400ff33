// Building blocks for the stand-in's scenarios and a way to run a check against
// it that never leaves a server or a client open.
import type { Test } from "tap";
import { connectKafkaAvailability, type KafkaAvailabilityOptions } from "../../../sidecar/kafka/availability.js";
import type { KafkaAvailability } from "../../../sidecar/kafka-availability.js";
import { FakeKafka, type FakeKafkaScenario, type FakePartition, type FakeTopic, type FakeVoter } from "../../helpers/fake-kafka.js";

/** Partition `partition` with replicas `replicas`, led by the first of its ISR. */
export function partition(partition: number, replicas: readonly number[], isr: readonly number[] = replicas): FakePartition {
  return { partition, leader: isr[0] ?? -1, replicas, isr };
}

export function topic(name: string, partitions: readonly FakePartition[], configs?: Record<string, string>): FakeTopic {
  return { name, partitions, ...(configs && { configs }) };
}

/** __consumer_offsets with three fully replicated partitions: every real cluster has it, and it counts. */
export const consumerOffsets: FakeTopic = {
  name: "__consumer_offsets",
  internal: true,
  partitions: [partition(0, [0, 1, 2]), partition(1, [1, 2, 0]), partition(2, [2, 0, 1])],
};

/** Three brokers 0-2 with min.insync.replicas=2 in their server.properties, as Strimzi's examples set it. */
export function threeBrokers(topics: readonly FakeTopic[]): FakeKafkaScenario {
  return { brokers: [0, 1, 2], brokerConfigs: { "min.insync.replicas": "2" }, topics: [consumerOffsets, ...topics] };
}

export const NOW = 1_767_225_600_000;

/** A voter that fetched `ago` ms before the leader's answer and was then at the leader's end. */
export function voter(id: number, logEndOffset: number, ago = 50, caughtUpAgo = ago): FakeVoter {
  return { id, logEndOffset, lastFetchTimestamp: NOW - ago, lastCaughtUpTimestamp: NOW - caughtUpAgo };
}

/** Controllers 3, 4, 5 (leader 3) at offset 5000, all caught up, beside brokers 0-2. */
export function threeControllers(voters: readonly FakeVoter[] = [voter(3, 5000), voter(4, 5000), voter(5, 5000)], leaderId = 3): FakeKafkaScenario {
  return { ...threeBrokers([]), quorum: { leaderId, leaderEpoch: 7, highWatermark: 5000, now: NOW, voters } };
}

/** Starts the stand-in and a client of it for one subtest, and tears both down after it. */
export async function standIn(t: Test, scenario: FakeKafkaScenario, options: KafkaAvailabilityOptions = {}): Promise<{ fake: FakeKafka; kafka: KafkaAvailability }> {
  const fake = await FakeKafka.start(scenario);
  const kafka = connectKafkaAvailability({ bootstrap: fake.bootstrap }, options);
  t.teardown(async () => {
    await kafka.close();
    await fake.stop();
  });
  return { fake, kafka };
}

/** The stand-in saw only requests a Kafka 4.0 broker accepts, at versions it encodes. */
export function assertOnlyKafka4Requests(t: Test, fake: FakeKafka): void {
  t.same(fake.rejected, [], "no request at a version Kafka 4.0 refuses");
  t.same(fake.unimplemented, [], "no request the stand-in does not encode");
}
