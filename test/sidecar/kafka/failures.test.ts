// Whatever goes wrong while asking Kafka, the answer is a refusal with the
// reason, never an exception: the roller deletes a pod only on { ok: true }.
import t from "tap";
import { connectKafkaAvailability } from "../../../sidecar/kafka/availability.js";
import { FakeKafka, KAFKA_4_0_APIS } from "../../helpers/fake-kafka.js";
import { partition, standIn, threeBrokers, threeControllers, topic } from "./scenarios.js";

t.test("no broker reachable", async (t) => {
  const gone = await FakeKafka.start(threeControllers());
  await gone.stop();
  const kafka = connectKafkaAvailability({ bootstrap: gone.bootstrap }, { connectTimeoutMs: 1000 });
  t.teardown(() => kafka.close());
  const refusal = `Cannot connect to any broker: Connection to ${gone.bootstrap} failed: connect ECONNREFUSED ${gone.bootstrap}`;
  t.same(await kafka.canRestartBroker(0), { ok: false, reason: `cannot tell whether broker 0 can restart: ${refusal}` });
  t.same(await kafka.canRestartController(3), { ok: false, reason: `cannot tell whether controller 3 can restart: ${refusal}` });
  t.equal(await kafka.activeController(), undefined);
});

t.test("the first reachable bootstrap address is used", async (t) => {
  const gone = await FakeKafka.start(threeControllers());
  await gone.stop();
  const { fake } = await standIn(t, threeControllers());
  const kafka = connectKafkaAvailability({ bootstrap: `${gone.bootstrap}, ${fake.bootstrap}` });
  t.teardown(() => kafka.close());
  t.same(await kafka.canRestartController(4), { ok: true });
});

t.test("the connection closed in the middle of a check, then back", async (t) => {
  const { fake, kafka } = await standIn(t, threeBrokers([topic("my-topic", [partition(0, [0, 1, 2])])]));
  fake.misbehaviour = { dropOn: "Metadata" };
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: `cannot tell whether broker 0 can restart: Metadata to ${fake.bootstrap} failed: Connection closed`,
  });
  fake.misbehaviour = { dropOn: "DescribeQuorum" };
  t.same(await kafka.canRestartController(3), {
    ok: false, reason: `cannot tell whether controller 3 can restart: DescribeQuorum to ${fake.bootstrap} failed: Connection closed`,
  });
  fake.misbehaviour = {};
  t.same(await kafka.canRestartBroker(0), { ok: true }, "the next check reconnects");
});

t.test("a broker that does not answer in time", async (t) => {
  const { fake, kafka } = await standIn(t, threeBrokers([topic("my-topic", [partition(0, [0, 1, 2])])]), { requestTimeoutMs: 200 });
  fake.misbehaviour = { hangOn: "DescribeConfigs" };
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: `cannot tell whether broker 0 can restart: DescribeConfigs to ${fake.bootstrap} failed: Request timed out`,
  });
});

t.test("a broker that does not accept the version we send", async (t) => {
  // Kafka 3.8 answers DescribeQuorum only up to v1; v2 (KIP-853) arrived in 3.9.
  const apis = new Map(KAFKA_4_0_APIS);
  apis.set(55, { name: "DescribeQuorum", min: 0, max: 1, flexible: 0 });
  const fake = await FakeKafka.start(threeControllers(), { apis });
  const kafka = connectKafkaAvailability({ bootstrap: fake.bootstrap });
  t.teardown(async () => {
    await kafka.close();
    await fake.stop();
  });
  t.same(await kafka.canRestartController(3), {
    ok: false, reason: `cannot tell whether controller 3 can restart: DescribeQuorum to ${fake.bootstrap} failed: the broker accepts DescribeQuorum v0-v1, not v2`,
  });
  t.same(fake.rejected, [], "the refused version was never sent");
});

t.test("a malformed bootstrap address refuses, it does not throw", async (t) => {
  const kafka = connectKafkaAvailability({ bootstrap: "my-cluster-kafka-brokers.ns.svc" });
  t.same(await kafka.canRestartBroker(0), {
    ok: false, reason: "cannot tell whether broker 0 can restart: a bootstrap address is host:port, got \"my-cluster-kafka-brokers.ns.svc\"",
  });
  t.equal(await kafka.activeController(), undefined);
  await kafka.close();
});

t.test("after close, checks refuse", async (t) => {
  const { kafka } = await standIn(t, threeControllers());
  await kafka.close();
  t.same(await kafka.canRestartController(3), { ok: false, reason: "cannot tell whether controller 3 can restart: the Kafka client is closed" });
  t.equal(await kafka.activeController(), undefined);
});
