// brokerStartup against the stand-in: DescribeCluster v2 with fenced brokers
// and DescribeQuorum's observers, as a Kafka 4 broker answers them, tell a
// broker recovering its logs from one that is not running or never registered.
import t from "tap";
import { BROKER_SESSION_TIMEOUT_MS } from "../../../sidecar/kafka/broker-startup.js";
import type { FakeKafkaScenario, FakeVoter } from "../../helpers/fake-kafka.js";
import { assertOnlyKafka4Requests, NOW, standIn, threeControllers, voter } from "./scenarios.js";

/** Brokers 0 and 2 running, broker 1 as the test says, controllers 3-5 with 3 leading. */
function withBroker1(registered: "fenced" | "unfenced" | "absent", observers: readonly FakeVoter[], leaderId = 3): FakeKafkaScenario {
  const base = threeControllers(undefined, leaderId);
  const quorum = base.quorum ?? { leaderId: -1, leaderEpoch: 0, highWatermark: 0, now: NOW, voters: [] };
  return {
    ...base,
    brokers: registered === "unfenced" ? [0, 1, 2] : [0, 2],
    ...(registered === "fenced" ? { fenced: [1] } : {}),
    quorum: { ...quorum, observers: [voter(0, 5000), voter(2, 5000), ...observers] },
  };
}

t.test("registered and fetching the metadata log: recovering its logs while fenced, about to be ready once unfenced", async (t) => {
  const { fake, kafka } = await standIn(t, withBroker1("fenced", [voter(1, 4000, 300)]));
  t.same(await kafka.brokerStartup(1), { recovering: true, evidence: "Kafka has broker 1 registered and fenced, and it fetches the cluster metadata: it is recovering its logs" });
  const { kafka: unfenced } = await standIn(t, withBroker1("unfenced", [voter(1, 5000, 300)]));
  t.same(await unfenced.brokerStartup(1), { recovering: true, evidence: "Kafka has broker 1 registered and unfenced, and it fetches the cluster metadata: it is about to be ready" });
  t.same(fake.requests.filter((r) => r.api === "DescribeCluster"), [{ api: "DescribeCluster", version: 2, broker: 0 }]);
  assertOnlyKafka4Requests(t, fake);
});

t.test("registered and fenced but silent for a broker session: a registration left from before it stopped", async (t) => {
  const { kafka } = await standIn(t, withBroker1("fenced", [voter(1, 4000, BROKER_SESSION_TIMEOUT_MS)]));
  t.same(await kafka.brokerStartup(1), {
    recovering: false,
    evidence: "Kafka has broker 1 registered and fenced, but it does not fetch the cluster metadata: the registration is from before it stopped",
  });
  const { kafka: forgotten } = await standIn(t, withBroker1("fenced", []));
  t.equal((await forgotten.brokerStartup(1)).recovering, false, "an observer the leader forgot is not fetching either");
});

t.test("not registered at all: not recovering, whatever fetches under its id", async (t) => {
  const { kafka } = await standIn(t, withBroker1("absent", [voter(1, 4000, 300)]));
  t.same(await kafka.brokerStartup(1), { recovering: false, evidence: "Kafka has no registration of broker 1: it has not reached the controller" });
});

t.test("without a quorum leader nobody can say the broker is alive", async (t) => {
  const { kafka } = await standIn(t, withBroker1("fenced", [voter(1, 4000, 300)], -1));
  t.same(await kafka.brokerStartup(1), {
    recovering: false, evidence: "Kafka has broker 1 registered and fenced, but the metadata quorum has no leader to say whether it is alive",
  });
});

t.test("a broker that cannot be asked is not taken for recovering", async (t) => {
  const { fake, kafka } = await standIn(t, withBroker1("fenced", [voter(1, 4000, 300)]));
  fake.misbehaviour = { dropOn: "DescribeCluster" };
  const startup = await kafka.brokerStartup(1);
  t.equal(startup.recovering, false);
  t.match(startup.evidence, /^cannot ask Kafka whether broker 1 is recovering: DescribeCluster to 127\.0\.0\.1:\d+ failed/);
});
