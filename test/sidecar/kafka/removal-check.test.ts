// canRemoveBrokers against the stand-in: Strimzi's scale-down check. A broker may
// be removed for good only when no partition has a replica on it, in the ISR
// or not.
import t from "tap";
import { partition, standIn, topic } from "./scenarios.js";

/** Brokers 0-3; the internal offsets topic on 0 and 1 only, so brokers 2 and 3 host just what each test gives them. */
const cluster = (topics: ReturnType<typeof topic>[]) => ({
  brokers: [0, 1, 2, 3],
  topics: [{ name: "__consumer_offsets", internal: true, partitions: [partition(0, [0, 1])] }, ...topics],
});

t.test("brokers without replicas may be removed; Kafka is asked with one Metadata request", async (t) => {
  const { fake, kafka } = await standIn(t, cluster([topic("orders", [partition(0, [0, 1]), partition(1, [1, 0])])]));
  t.strictSame(await kafka.canRemoveBrokers([2, 3]), { ok: true });
  t.strictSame(fake.requests.map((r) => r.api), ["ApiVersions", "Metadata"]);
});

t.test("a broker with any replica is refused, with its count and the first partitions", async (t) => {
  const { kafka } = await standIn(t, cluster([
    topic("orders", [0, 1, 2, 3, 4].map((p) => partition(p, [3, 0], [0]))),
    topic("audit", [partition(0, [1, 2])]),
  ]));
  t.strictSame(await kafka.canRemoveBrokers([2, 3]), {
    ok: false,
    reason: "broker 2 hosts replicas of 1 partition (audit-0); broker 3 hosts replicas of 5 partitions (orders-0, orders-1, orders-2, ...)",
  }, "a replica out of the ISR counts too: its data would be lost all the same");
});
