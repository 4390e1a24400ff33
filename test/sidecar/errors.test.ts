// The sidecar's errors carry their codes from lib/reasons.ts (SIDECAR_ERROR):
// what the log shows and what a caller tells them apart by.
import { pino } from "pino";
import t from "tap";
import { ClusterAvailability } from "../../sidecar/cluster-availability.js";
import { KafkaClient } from "../../sidecar/kafka/client.js";
import { FakeKafka, KAFKA_4_0_APIS } from "../helpers/fake-kafka.js";
import { threeControllers } from "./kafka/scenarios.js";

const TIMEOUTS = { connectTimeoutMs: 1000, requestTimeoutMs: 1000 };

t.test("a bootstrap address that is not host:port", async (t) => {
  t.throws(() => new KafkaClient({ bootstrap: "my-cluster-kafka-brokers.ns.svc", ...TIMEOUTS }), {
    code: "BOOTSTRAP_ADDRESS_INVALID", message: "a bootstrap address is host:port, got \"my-cluster-kafka-brokers.ns.svc\"",
  });
});

t.test("a request a broker does not accept in our version fails, naming the broker, with the cause's code", async (t) => {
  const apis = new Map(KAFKA_4_0_APIS);
  apis.set(55, { name: "DescribeQuorum", min: 0, max: 1, flexible: 0 });
  const fake = await FakeKafka.start(threeControllers(), { apis });
  const client = new KafkaClient({ bootstrap: fake.bootstrap, ...TIMEOUTS });
  t.teardown(async () => {
    await client.close();
    await fake.stop();
  });
  await t.rejects(client.describeQuorum(), {
    code: "KAFKA_REQUEST_FAILED",
    message: `DescribeQuorum to ${fake.bootstrap} failed`,
    cause: { code: "KAFKA_API_UNSUPPORTED", message: "the broker accepts DescribeQuorum v0-v1, not v2" },
  });
});

t.test("Kafka is not asked without the cluster CA and the operator's certificate", async (t) => {
  const secrets: Record<string, Record<string, string>> = { "my-cluster-cluster-ca-cert": { "ca.crt": "PEM" }, "my-cluster-cluster-operator-certs": {} };
  const availability = new ClusterAvailability(() => { throw new Error("no client is made without credentials"); }, async (_namespace, name) => secrets[name], pino({ level: "silent" }));
  await t.rejects(availability.forCluster({ namespace: "ns", name: "my-cluster" }), {
    code: "KAFKA_CREDENTIALS_MISSING", message: "Secret my-cluster-cluster-operator-certs has no cluster-operator.crt, so Kafka cannot be asked",
  });
  await t.rejects(availability.forCluster({ namespace: "ns", name: "other" }), {
    code: "KAFKA_CREDENTIALS_MISSING", message: "Secret other-cluster-ca-cert does not exist, so Kafka cannot be asked",
  });
});
