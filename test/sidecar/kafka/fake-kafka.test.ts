// The stand-in itself, spoken to byte by byte: it must hold clients to Kafka
// 4.0's version ranges, or the availability tests would prove nothing about them.
import { connect, type Socket } from "node:net";
import t from "tap";
import { Reader, Writer } from "../../helpers/fake-kafka-codec.js";
import { FakeKafka } from "../../helpers/fake-kafka.js";
import { threeBrokers } from "./scenarios.js";

/** Sends one request with header v1 (client id, no tagged fields) and returns the response frame, or "closed". */
async function exchange(fake: FakeKafka, apiKey: number, version: number, body: Buffer, flexibleHeader = false): Promise<Buffer | "closed"> {
  const socket: Socket = connect(fake.listener.port, fake.listener.host);
  const header = new Writer().int16(apiKey).int16(version).int32(42).string("raw-test");
  if (flexibleHeader) header.taggedFields();
  const payload = Buffer.concat([header.bytes(), body]);
  socket.write(Buffer.concat([new Writer().int32(payload.length).bytes(), payload]));
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.destroy();
        resolve(received.subarray(4));
      }
    });
    socket.on("close", () => resolve("closed"));
  });
}

function readApiKeys(r: Reader): Array<[number, number, number]> {
  return Array.from({ length: r.int32() }, () => [r.int16(), r.int16(), r.int16()] as [number, number, number]);
}

t.test("ApiVersions v0 lists exactly Kafka 4.0's ranges for the APIs the stand-in serves", async (t) => {
  const fake = await FakeKafka.start(threeBrokers([]));
  t.teardown(() => fake.stop());
  const response = await exchange(fake, 18, 0, Buffer.alloc(0));
  if (response === "closed") return t.fail("the stand-in closed the connection");
  const r = new Reader(response);
  t.equal(r.int32(), 42, "correlation id");
  t.equal(r.int16(), 0, "error code");
  t.same(readApiKeys(r), [[18, 0, 4], [3, 0, 13], [32, 1, 4], [55, 0, 2], [60, 0, 2], [44, 0, 1]]);
  t.equal(r.remaining, 0);
});

t.test("ApiVersions newer than 4.0 knows gets UNSUPPORTED_VERSION in the v0 layout (KIP-511)", async (t) => {
  const fake = await FakeKafka.start(threeBrokers([]));
  t.teardown(() => fake.stop());
  const response = await exchange(fake, 18, 5, new Writer().compactString("raw-test").compactString("1").taggedFields().bytes(), true);
  if (response === "closed") return t.fail("the stand-in closed the connection");
  const r = new Reader(response);
  t.equal(r.int32(), 42);
  t.equal(r.int16(), 35, "UNSUPPORTED_VERSION");
  t.same(readApiKeys(r), [[18, 0, 4]]);
});

t.test("a version KIP-896 removed closes the connection, as a Kafka 4 broker does", async (t) => {
  const fake = await FakeKafka.start(threeBrokers([]));
  t.teardown(() => fake.stop());
  // DescribeConfigs v0: [resources: type int8, name string, keys [string]]
  const body = new Writer().array([{ type: 2, name: "my-topic" }], (w, res) => w.int8(res.type).string(res.name).int32(-1)).bytes();
  t.equal(await exchange(fake, 32, 0, body), "closed");
  t.same(fake.rejected, [{ api: "DescribeConfigs", version: 0, broker: 0 }]);
});

t.test("an API the stand-in does not serve closes the connection, so a client cannot silently depend on it", async (t) => {
  const fake = await FakeKafka.start(threeBrokers([]));
  t.teardown(() => fake.stop());
  t.equal(await exchange(fake, 19, 7, Buffer.alloc(1)), "closed", "CreateTopics");
  t.same(fake.rejected, [{ api: "api key 19", version: 7, broker: 0 }]);
});

/** DescribeCluster v2 (flexible: header v2, response header v1) for the broker endpoint, returning (id, fenced) of each broker. */
async function describeCluster(fake: FakeKafka, includeFenced: boolean, endpointType = 1): Promise<{ error: number; brokers: Array<[number, boolean]> }> {
  const body = new Writer().bool(false).int8(endpointType).bool(includeFenced).taggedFields().bytes();
  const response = await exchange(fake, 60, 2, body, true);
  if (response === "closed") throw new Error("the stand-in closed the connection");
  const r = new Reader(response);
  r.int32(); // correlation id
  r.skipTaggedFields();
  r.int32(); // throttle
  const error = r.int16();
  r.compactNullableString();
  r.int8();
  r.compactString();
  r.int32();
  const brokers = r.compactArray((r) => {
    const id = r.int32();
    r.compactString();
    r.int32();
    r.compactNullableString();
    return [id, r.bool()] as [number, boolean];
  });
  r.int32();
  r.skipTaggedFields();
  if (r.remaining !== 0) throw new Error(`${r.remaining} bytes left over`);
  return { error, brokers };
}

t.test("DescribeCluster v2 lists fenced brokers only when asked to, as Kafka 4's KafkaApis does", async (t) => {
  const fake = await FakeKafka.start({ ...threeBrokers([]), brokers: [0, 2], fenced: [1] });
  t.teardown(() => fake.stop());
  t.same(await describeCluster(fake, false), { error: 0, brokers: [[0, false], [2, false]] });
  t.same(await describeCluster(fake, true), { error: 0, brokers: [[0, false], [1, true], [2, false]] });
  t.same(await describeCluster(fake, true, 2), { error: 114, brokers: [] }, "a broker asked for controllers answers MISMATCHED_ENDPOINT_TYPE");
  t.same(fake.unimplemented, []);
});
