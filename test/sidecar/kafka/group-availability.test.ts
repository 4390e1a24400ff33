// canRestartBrokers (per-rack rolls) and brokerRacks against the stand-in: the
// ISR without the whole group must keep min.insync.replicas, and every
// partition must keep a replica outside the group.
import t from "tap";
import { consumerOffsets, partition, standIn, topic } from "./scenarios.js";

/** Brokers 0-5 in racks a, b, c (id % 3), min.insync.replicas=2. */
const sixBrokers = (topics: ReturnType<typeof topic>[]) => ({
  brokers: [0, 1, 2, 3, 4, 5],
  racks: { 0: "zone-a", 1: "zone-b", 2: "zone-c", 3: "zone-a", 4: "zone-b", 5: "zone-c" },
  brokerConfigs: { "min.insync.replicas": "2" },
  topics: [consumerOffsets, ...topics],
});

t.test("racks come from Metadata", async (t) => {
  const { fake, kafka } = await standIn(t, sixBrokers([]));
  t.strictSame([...(await kafka.brokerRacks()).entries()], [[0, "zone-a"], [1, "zone-b"], [2, "zone-c"], [3, "zone-a"], [4, "zone-b"], [5, "zone-c"]]);
  t.strictSame(fake.requests.map((r) => r.api), ["ApiVersions", "Metadata"]);
  const { kafka: noRacks } = await standIn(t, { ...sixBrokers([]), racks: {} });
  t.strictSame([...(await noRacks.brokerRacks()).entries()], [], "brokers without broker.rack have no rack");
});

t.test("a rack whose partitions all keep a replica in sync elsewhere may restart together", async (t) => {
  const { kafka } = await standIn(t, sixBrokers([
    topic("orders", [partition(0, [0, 1, 2]), partition(1, [3, 4, 5]), partition(2, [1, 5, 3])]),
  ]));
  t.strictSame(await kafka.canRestartBrokers([0, 3]), { ok: true });
});

t.test("the ISR without the whole group must keep min.insync.replicas", async (t) => {
  const { kafka } = await standIn(t, sixBrokers([
    topic("orders", [partition(0, [0, 3, 1])]),
    topic("payments", [partition(0, [0, 1, 2], [0, 1])]),
  ]));
  t.strictSame(await kafka.canRestartBrokers([0, 3]), {
    ok: false,
    reason: "orders-0 has ISR [0,3,1] and min.insync.replicas 2: restarting brokers 0,3 would leave 1; and 1 more partition",
  });
  t.strictSame(await kafka.canRestartBroker(3), { ok: true }, "one of them alone may go");
});

t.test("a partition with every replica in the group holds it back, whatever its replication factor", async (t) => {
  const { kafka } = await standIn(t, sixBrokers([
    topic("logs", [partition(0, [3])], { "min.insync.replicas": "1" }),
  ]));
  t.strictSame(await kafka.canRestartBrokers([0, 3]), {
    ok: false,
    reason: "logs-0 has all its replicas [3] among brokers 0,3: restarting them together would take it offline",
  });
  t.strictSame(await kafka.canRestartBroker(3), {
    ok: true, unprotected: [{ topic: "logs", partition: 0, replicationFactor: 1, minInsyncReplicas: 1 }],
  }, "alone, Strimzi's rule lets it go and reports it");
});

t.test("a partition already below the minimum holds back a group with any replica of it", async (t) => {
  const { kafka } = await standIn(t, sixBrokers([topic("orders", [partition(0, [0, 1, 2], [1])])]));
  t.strictSame(await kafka.canRestartBrokers([0, 3]), {
    ok: false,
    reason: "orders-0 has ISR [1] and min.insync.replicas 2: it is already below the minimum and brokers 0,3 hold replicas of it",
  });
  t.strictSame(await kafka.canRestartBrokers([2, 5]), {
    ok: false,
    reason: "orders-0 has ISR [1] and min.insync.replicas 2: it is already below the minimum and brokers 2,5 hold replicas of it",
  });
});

t.test("unprotected partitions spread over racks let the group go and are reported", async (t) => {
  const { kafka } = await standIn(t, sixBrokers([topic("pairs", [partition(0, [0, 1]), partition(1, [4, 5])])]));
  t.strictSame(await kafka.canRestartBrokers([0, 3]), {
    ok: true, unprotected: [{ topic: "pairs", partition: 0, replicationFactor: 2, minInsyncReplicas: 2 }],
  });
});
