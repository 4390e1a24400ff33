// canRestartBroker against the stand-in: the client's real Metadata and
// DescribeConfigs requests, answered as a Kafka 4.0 broker answers them.
import t from "tap";
import { assertOnlyKafka4Requests, partition, standIn, threeBrokers, topic } from "./scenarios.js";

t.test("every partition in sync: each broker may restart", async (t) => {
  const { fake, kafka } = await standIn(t, threeBrokers([
    topic("my-topic", [partition(0, [0, 1, 2]), partition(1, [1, 2, 0]), partition(2, [2, 0, 1])]),
  ]));
  for (const broker of [0, 1, 2]) t.same(await kafka.canRestartBroker(broker), { ok: true }, `broker ${broker}`);
  t.same(fake.requests.slice(0, 3), [
    { api: "ApiVersions", version: 3, broker: 0 },
    { api: "Metadata", version: 12, broker: 0 },
    { api: "DescribeConfigs", version: 4, broker: 0 },
  ], "ApiVersions once per connection, then the Kafka 4 versions of Metadata and DescribeConfigs");
  assertOnlyKafka4Requests(t, fake);
});

t.test("a partition whose ISR is exactly min.insync.replicas holds back the brokers in that ISR", async (t) => {
  const { fake, kafka } = await standIn(t, threeBrokers([topic("my-topic", [partition(0, [0, 1, 2], [0, 1])])]));
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: "my-topic-0 has ISR [0,1] and min.insync.replicas 2: restarting broker 0 would leave 1",
  });
  t.same(await kafka.canRestartBroker(1), {
    ok: false, reason: "my-topic-0 has ISR [0,1] and min.insync.replicas 2: restarting broker 1 would leave 1",
  });
  t.same(await kafka.canRestartBroker(2), { ok: true }, "the replica out of the ISR does not count towards it");
  assertOnlyKafka4Requests(t, fake);
});

t.test("a partition already below min.insync.replicas", async (t) => {
  const { kafka } = await standIn(t, {
    ...threeBrokers([topic("other", [partition(0, [1, 2, 3], [1])])]),
    brokers: [0, 1, 2, 3],
  });
  t.same(await kafka.canRestartBroker(0), { ok: true }, "does not hold back a broker without a replica of it");
  t.same(await kafka.canRestartBroker(2), {
    ok: false,
    reason: "other-0 has ISR [1] and min.insync.replicas 2: it is already below the minimum and broker 2 holds a replica that may be the first to catch up",
  }, "holds back a broker with a replica out of the ISR, as Strimzi does");
  t.same(await kafka.canRestartBroker(1), {
    ok: false,
    reason: "other-0 has ISR [1] and min.insync.replicas 2: it is already below the minimum and broker 1 is one of its in-sync replicas",
  });
});

t.test("an under-replicated partition still above min.insync.replicas holds back no one outside its ISR", async (t) => {
  const { kafka } = await standIn(t, threeBrokers([topic("my-topic", [partition(0, [0, 1, 2], [1, 2])])]));
  t.same(await kafka.canRestartBroker(0), { ok: true });
});

t.test("a topic-level min.insync.replicas overrides the broker's", async (t) => {
  const shape = [partition(0, [0, 1, 2], [0, 1])];
  const { kafka } = await standIn(t, {
    brokers: [0, 1, 2],
    topics: [topic("orders", shape, { "min.insync.replicas": "2" }), topic("logs", shape)],
  });
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: "orders-0 has ISR [0,1] and min.insync.replicas 2: restarting broker 0 would leave 1",
  }, "orders needs 2 of its own; logs takes Kafka's default of 1 and does not block");

  const { kafka: relaxed } = await standIn(t, threeBrokers([topic("orders", shape, { "min.insync.replicas": "1" })]));
  t.same(await relaxed.canRestartBroker(0), { ok: true }, "an override below the broker's 2 lets the broker go");
});

t.test("a topic whose replication factor is at most min.insync.replicas never holds a broker back (Strimzi's rule)", async (t) => {
  const { kafka } = await standIn(t, threeBrokers([
    topic("two-replicas", [partition(0, [0, 1])]),
    topic("one-replica", [partition(0, [0])], { "min.insync.replicas": "1" }),
    topic("shrunk", [partition(0, [0, 1], [0])]),
  ]));
  t.strictSame(await kafka.canRestartBroker(0), {
    ok: true,
    unprotected: [
      { topic: "one-replica", partition: 0, replicationFactor: 1, minInsyncReplicas: 1 },
      { topic: "shrunk", partition: 0, replicationFactor: 2, minInsyncReplicas: 2 },
      { topic: "two-replicas", partition: 0, replicationFactor: 2, minInsyncReplicas: 2 },
    ],
  }, "and reports them, so that users hear of them");
  t.strictSame(await kafka.canRestartBroker(2), { ok: true }, "a broker without such partitions reports none");
});

t.test("internal topics count like any other", async (t) => {
  const { kafka } = await standIn(t, {
    ...threeBrokers([]),
    topics: [{ name: "__consumer_offsets", internal: true, partitions: [partition(0, [0, 1, 2]), partition(3, [2, 0, 1], [0, 1])] }],
  });
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: "__consumer_offsets-3 has ISR [0,1] and min.insync.replicas 2: restarting broker 0 would leave 1",
  });
});

t.test("a partition without a leader is still judged from its replicas and ISR", async (t) => {
  // Broker 2 is gone; Kafka answers its partition with LEADER_NOT_AVAILABLE, leader -1 and the last ISR.
  const { fake, kafka } = await standIn(t, {
    ...threeBrokers([topic("my-topic", [{ partition: 0, leader: 2, replicas: [0, 1, 2], isr: [2] }])]),
    brokers: [0, 1],
  });
  t.same(await kafka.canRestartBroker(0), {
    ok: false,
    reason: "my-topic-0 has ISR [2] and min.insync.replicas 2: it is already below the minimum and broker 0 holds a replica that may be the first to catch up",
  });
  assertOnlyKafka4Requests(t, fake);
});

t.test("the reason names the first blocking partition and counts the rest", async (t) => {
  const { kafka } = await standIn(t, threeBrokers([
    topic("b-topic", [partition(1, [0, 1, 2], [0, 2]), partition(0, [0, 1, 2], [1, 0])]),
    topic("a-topic", [partition(4, [2, 1, 0], [2, 0])]),
  ]));
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: "a-topic-4 has ISR [2,0] and min.insync.replicas 2: restarting broker 0 would leave 1; and 2 more partitions",
  });
});

t.test("a broker hosting no partition may restart without asking for configs", async (t) => {
  const { fake, kafka } = await standIn(t, { ...threeBrokers([]), brokers: [0, 1, 2, 9] });
  t.same(await kafka.canRestartBroker(9), { ok: true });
  t.notOk(fake.requests.some((r) => r.api === "DescribeConfigs"));
});
