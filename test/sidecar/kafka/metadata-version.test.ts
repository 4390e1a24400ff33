// The finalized metadata.version through the real client against the wire-level stand-in,
// which answers ApiVersions v3 with the features in the tagged fields (supported features,
// epoch, finalized features: 4.3-IV0, level 30) and does not serve UpdateFeatures.
import t from "tap";
import { KafkaClient } from "../../../sidecar/kafka/client.js";
import { FakeKafka } from "../../helpers/fake-kafka.js";
import { threeControllers } from "./scenarios.js";

const TIMEOUTS = { connectTimeoutMs: 1000, requestTimeoutMs: 1000 };

/** The stand-in with three controllers and a client of it, both closed when `t` ends. */
async function standInWithClient(t: { teardown: (fn: () => Promise<void>) => void }): Promise<{ fake: FakeKafka; client: KafkaClient }> {
  const fake = await FakeKafka.start(threeControllers());
  const client = new KafkaClient({ bootstrap: fake.bootstrap, ...TIMEOUTS });
  t.teardown(async () => {
    await client.close();
    await fake.stop();
  });
  return { fake, client };
}

t.test("the finalized metadata.version level is read from the ApiVersions answer's tagged fields", async (t) => {
  const { fake, client } = await standInWithClient(t);
  t.equal(await client.finalizedMetadataLevel(), 30);
  t.equal(await client.finalizedMetadataLevel(), 30, "asked afresh each time");
  t.same(fake.requests.filter((r) => r.api === "ApiVersions").map((r) => r.version), [3, 3, 3], "one check of the versions on the connection, then one request per read");
});

t.test("UpdateFeatures is not sent to a broker that does not offer it", async (t) => {
  const { fake, client } = await standInWithClient(t);
  await t.rejects(client.updateMetadataLevel(26, false), {
    code: "KAFKA_REQUEST_FAILED",
    message: `UpdateFeatures to ${fake.bootstrap} failed`,
    cause: { code: "KAFKA_API_UNSUPPORTED", message: "the broker does not offer UpdateFeatures" },
  });
  t.same(fake.rejected, [], "nothing it would refuse was sent");
});
