// The roller's availability checks against real brokers, compared with the
// stand-in Kafka (test/helpers/fake-kafka.ts) answering the same situation:
// the state of the real cluster (brokers, partitions, min.insync.replicas,
// quorum) is read, played by the stand-in, and the same questions go to both.
// Where they disagree, the stand-in is wrong. Situations: a healthy cluster;
// broker 2 frozen (SIGSTOP) until it is fenced and out of every ISR; a
// follower controller frozen until it falls behind.
import t from "tap";
import type { AvailabilityVerdict, KafkaAvailability } from "../../sidecar/kafka-availability.js";
import { connectKafkaAvailability } from "../../sidecar/kafka/availability.js";
import { KafkaClient } from "../../sidecar/kafka/client.js";
import { FakeKafka, type FakeKafkaScenario, type FakeTopic } from "../helpers/fake-kafka.js";
import { isReady, readiness, startHooks } from "../helpers/scenario.js";
import { createTopic } from "./clients.js";
import { smallJvms } from "./resources.js";
import { startRealCluster } from "./real-world.js";

/** The cluster as the stand-in should play it, read through the sidecar's own client. */
async function situation(client: KafkaClient): Promise<FakeKafkaScenario> {
  const [partitions, brokers, quorum] = [await client.describePartitions(), await client.describeBrokers(), await client.describeQuorum()];
  const names = [...new Set(partitions.map((p) => p.topic))].sort();
  const minIsr = await client.minInsyncReplicas(names);
  const topics: FakeTopic[] = names.map((name) => ({
    name,
    internal: name.startsWith("__"),
    partitions: partitions.filter((p) => p.topic === name).map((p) => ({ partition: p.partition, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr] })),
    configs: { "min.insync.replicas": String(minIsr.get(name) ?? "") },
  }));
  const leader = quorum.voters.find((v) => v.nodeId === quorum.leaderId);
  return {
    brokers: brokers.map((b) => b.nodeId).sort(),
    racks: Object.fromEntries(brokers.flatMap((b) => (b.rack === null ? [] : [[b.nodeId, b.rack]]))),
    topics,
    quorum: {
      leaderId: quorum.leaderId,
      leaderEpoch: quorum.leaderEpoch,
      highWatermark: leader?.logEndOffset ?? 0,
      now: leader?.lastFetchTimestamp ?? 0,
      voters: quorum.voters.map((v) => ({ id: v.nodeId, logEndOffset: v.logEndOffset, lastFetchTimestamp: v.lastFetchTimestamp, lastCaughtUpTimestamp: v.lastCaughtUpTimestamp })),
    },
  };
}

/** Every question the roller asks, with times and offsets in reasons left out (the two answers are read moments apart). */
async function answers(availability: KafkaAvailability): Promise<Record<string, string>> {
  const show = (v: AvailabilityVerdict): string => (v.ok ? `ok${v.unprotected?.length ? ` (unprotected ${v.unprotected.length})` : ""}` : `refused: ${v.reason.replace(/\d+ ms/g, "N ms").replace(/offset -?\d+, -?\d+ records/g, "offset N, N records")}`);
  const result: Record<string, string> = {};
  for (const id of [0, 1, 2]) result[`restart broker ${id}`] = show(await availability.canRestartBroker(id));
  result["restart brokers 0,1"] = show(await availability.canRestartBrokers([0, 1]));
  for (const id of [0, 2]) result[`remove broker ${id}`] = show(await availability.canRemoveBrokers([id]));
  for (const id of [3, 4, 5]) result[`restart controller ${id}`] = show(await availability.canRestartController(id));
  result["active controller"] = String(await availability.activeController());
  result["racks"] = JSON.stringify([...(await availability.brokerRacks())]);
  return result;
}

t.test("availability checks: real brokers and the stand-in answer the same situations alike", async (t) => {
  const hooks = await startHooks();
  t.teardown(() => hooks.close());
  const cluster = await startRealCluster(hooks, "kafka/kafka-persistent.yaml", smallJvms);
  const frozen = new Set<number>();
  t.teardown(async () => {
    for (const pid of frozen) process.kill(pid, "SIGCONT");
    await cluster.stop();
  });
  await cluster.until("six pods Ready and the Kafka Ready", () =>
    cluster.pods().length === 6 && cluster.pods().every(isReady) && readiness(cluster.kafka()) === "Ready", 300_000);

  const bootstrap = `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092`;
  await createTopic({ bootstrap }, "orders");
  await createTopic({ bootstrap }, "audit", 1, 1);
  const real = connectKafkaAvailability({ bootstrap });
  const client = new KafkaClient({ bootstrap, connectTimeoutMs: 5_000, requestTimeoutMs: 10_000 });
  t.teardown(async () => {
    await real.close();
    await client.close();
  });

  const compare = async (name: string): Promise<Record<string, string>> => {
    const scenario = await situation(client);
    const fromReal = await answers(real);
    const fake = await FakeKafka.start(scenario);
    const stand = connectKafkaAvailability({ bootstrap: fake.bootstrap });
    try {
      t.same(await answers(stand), fromReal, `${name}: the stand-in answers as real Kafka does`);
      t.same(fake.unimplemented, [], `${name}: the stand-in served every request`);
    } finally {
      await stand.close();
      await fake.stop();
    }
    t.comment(`${name}: ${JSON.stringify(fromReal)}`);
    return fromReal;
  };

  // Topics reach every broker's metadata a moment after they are created.
  await cluster.until("both topics known, every replica in sync", async () => {
    const partitions = await client.describePartitions().catch(() => []);
    const ours = partitions.filter((p) => p.topic === "orders" || p.topic === "audit");
    return ours.length === 4 && ours.every((p) => p.leader >= 0 && p.isr.length === p.replicas.length);
  }, 60_000);
  const auditBroker = (await client.describePartitions()).find((p) => p.topic === "audit")?.replicas[0];
  const healthy = await compare("healthy");
  t.equal(healthy[`restart broker ${auditBroker}`], "ok (unprotected 1)", `healthy: broker ${auditBroker} may restart, leaving the single-replica audit-0 unavailable meanwhile`);
  t.equal(healthy["restart controller 3"], "ok", "healthy: any controller may restart");

  const pidOf = (name: string): number => {
    const pid = cluster.kubelet.pidOf(cluster.namespace, name);
    if (pid === undefined) throw new Error(`${name} is not running`);
    return pid;
  };
  const broker2 = pidOf("my-cluster-broker-2");
  process.kill(broker2, "SIGSTOP");
  frozen.add(broker2);
  await cluster.until("broker 2 fenced and out of every ISR", async () => {
    const partitions = await client.describePartitions().catch(() => []);
    return partitions.length > 0 && partitions.filter((p) => p.topic === "orders").every((p) => !p.isr.includes(2));
  }, 120_000);
  const withoutBroker2 = await compare("broker 2 frozen");
  t.match(withoutBroker2["restart broker 0"] ?? "", /^refused/, "broker 2 frozen: broker 0 may not restart (orders would fall below min.insync.replicas)");
  process.kill(broker2, "SIGCONT");
  frozen.delete(broker2);
  await cluster.until("broker 2 back in every ISR", async () => {
    const partitions = await client.describePartitions().catch(() => []);
    return partitions.filter((p) => p.topic === "orders").every((p) => p.isr.length === 3);
  }, 180_000);

  const leader = await real.activeController();
  const follower = [3, 4, 5].find((id) => id !== leader) ?? 3;
  const followerPid = pidOf(`my-cluster-controller-${follower}`);
  process.kill(followerPid, "SIGSTOP");
  frozen.add(followerPid);
  const other = [3, 4, 5].find((id) => id !== leader && id !== follower) ?? 3;
  // Compared once the follower's last fetch is past the limit too (before, the two reads, moments apart, could see different reasons).
  await cluster.until(`controller ${follower} has not fetched for longer than the limit`, async () => {
    const verdict = await real.canRestartController(other);
    return !verdict.ok && verdict.reason.includes(`voter ${follower} last fetched`);
  }, 60_000);
  const withoutFollower = await compare(`controller ${follower} frozen`);
  t.match(withoutFollower[`restart controller ${other}`] ?? "", /^refused/, `controller ${follower} frozen: controller ${other} may not restart`);
  process.kill(followerPid, "SIGCONT");
  frozen.delete(followerPid);
});
