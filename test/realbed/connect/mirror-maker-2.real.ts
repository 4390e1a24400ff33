// MirrorMaker 2 between two REAL single-node KRaft clusters: a real Connect
// worker in distributed mode against the target runs the
// MirrorSourceConnector and MirrorCheckpointConnector that the sidecar's
// MirrorMaker 2 connector reconciler configured from a KafkaMirrorMaker2
// (connect-mirror is in Kafka's libs). A topic's records produced on the
// source appear on the target as `<source alias>.<topic>`, and a consumer
// group's offset committed on the source is translated onto the target
// (checkpoints and sync.group.offsets, with short intervals from the
// resource's connector config). Kubernetes is the in-memory stand-in of
// test/helpers/mirror-maker-2-world.ts.
import { Admin } from "@platformatic/kafka";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import type { KubernetesObject } from "../../../lib/api/kubernetes.js";
import { REAL_TIMERS } from "../../../sidecar/timers.js";
import { MirrorMaker2World, workersPodSet } from "../../helpers/mirror-maker-2-world.js";
import { consume, createTopic, produce } from "../clients.js";
import { eventually } from "../k8s/cluster.js";
import { startConnectWorker, startKraftNode } from "./connect-bed.js";

const NS = "mm2-real";
const TOPIC = "orders";
const GROUP = "orders-readers";
const RECORDS = 20;
const SOURCE_CONNECTOR = "source->target.MirrorSourceConnector";
const CHECKPOINT_CONNECTOR = "source->target.MirrorCheckpointConnector";
const BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

/** The offset `group` committed on `topic`'s partition 0 of the cluster at `bootstrap`, if any. */
async function committedOffset(bootstrap: string, group: string, topic: string): Promise<bigint | undefined> {
  const admin = new Admin({ clientId: "mm2-real-bed", bootstrapBrokers: [bootstrap] });
  try {
    const [listed] = await admin.listConsumerGroupOffsets({ groups: [group] });
    const offset = listed?.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === 0)?.committedOffset;
    return offset === undefined || offset < 0n ? undefined : offset;
  } finally {
    await admin.close();
  }
}

t.test("MirrorMaker 2 mirrors a topic and translates a group's offsets between two real clusters", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "mm2-real-"));
  const [source, target] = await Promise.all([
    startKraftNode(t, join(dir, "source"), "mm2-real-bed-source-cluster"),
    startKraftNode(t, join(dir, "target"), "mm2-real-bed-target-cluster"),
  ]);
  // The workers' configuration as the MirrorMaker 2 flavour of the Connect builders sets it: bytes in, bytes out.
  const rest = await startConnectWorker(t, join(dir, "connect"), target, [
    "group.id=mm2-real-bed",
    `key.converter=${BYTES}`, `value.converter=${BYTES}`, `header.converter=${BYTES}`,
    "config.storage.topic=mm2-configs", "offset.storage.topic=mm2-offsets", "status.storage.topic=mm2-status",
    "offset.flush.interval.ms=1000",
  ], "org.apache.kafka.connect.mirror.MirrorSourceConnector");

  await createTopic({ bootstrap: source }, TOPIC, 1, 1);
  const sent = await produce({ bootstrap: source }, TOPIC, RECORDS);
  // A group that read every record and committed, as a consumer would, before the mirror starts. A new cluster
  // answers NOT_COORDINATOR while it creates __consumer_offsets: the commit is tried until it reads back.
  await eventually("the group's offset committed on the source", async () => {
    const admin = new Admin({ clientId: "mm2-real-bed-commit", bootstrapBrokers: [source] });
    try {
      await admin.alterConsumerGroupOffsets({ groupId: GROUP, topics: [{ name: TOPIC, partitionOffsets: [{ partition: 0, offset: BigInt(RECORDS) }] }] });
    } finally {
      await admin.close();
    }
    return await committedOffset(source, GROUP, TOPIC) === BigInt(RECORDS) ? true : undefined;
  }, 60_000);

  const singleNode = { "replication.factor": "1", "offset-syncs.topic.replication.factor": "1", "checkpoints.topic.replication.factor": "1", "heartbeats.topic.replication.factor": "1" };
  const mm2: KubernetesObject = {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaMirrorMaker2",
    metadata: { name: "my-mm2", namespace: NS, generation: 1 },
    spec: {
      replicas: 1,
      target: { alias: "target", bootstrapServers: target, groupId: "mm2-real-bed", configStorageTopic: "mm2-configs", offsetStorageTopic: "mm2-offsets", statusStorageTopic: "mm2-status" },
      mirrors: [{
        source: { alias: "source", bootstrapServers: source },
        // Every record gets an offset sync, so that the group's offset translates exactly.
        sourceConnector: { tasksMax: 1, config: { ...singleNode, "offset.lag.max": "0", "sync.topic.acls.enabled": "false", "refresh.topics.interval.seconds": "1" } },
        checkpointConnector: {
          tasksMax: 1,
          config: { ...singleNode, "sync.group.offsets.enabled": "true", "sync.group.offsets.interval.seconds": "1", "emit.checkpoints.interval.seconds": "1", "refresh.groups.interval.seconds": "1" },
        },
        topicsPattern: TOPIC,
        groupsPattern: GROUP,
      }],
    },
  } as KubernetesObject;

  const w = new MirrorMaker2World({ host: "127.0.0.1", port: rest }, { requestTimers: REAL_TIMERS, requestTimeoutMs: 30_000 });
  t.teardown(() => w.stop());
  w.put("connectPodSets", workersPodSet("my-mm2", NS));
  w.put("kafkaMirrorMaker2s", mm2);
  w.run();
  const states = () => w.states();
  const connectorState = (name: string) => states()?.connectors.find((c) => c["name"] === name) as { connector?: { state?: string }; tasks?: Array<{ state: string }> } | undefined;
  const running = (name: string) => connectorState(name)?.connector?.state === "RUNNING" && connectorState(name)?.tasks?.[0]?.state === "RUNNING";
  /** Passes are queued by changes, as the informers queue them; the world's resync timers do not run. */
  const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> => {
    await eventually(what, async () => {
      if (await check()) return true;
      w.put("kafkaMirrorMaker2s", w.mm2() as KubernetesObject);
      return undefined;
    }, timeoutMs, () => JSON.stringify(states()));
  };

  await until("both connectors and their tasks RUNNING", () => running(SOURCE_CONNECTOR) && running(CHECKPOINT_CONNECTOR));
  t.strictSame(states()?.failures, [], "no connector failed");
  t.strictSame(states()?.connectors.map((c) => c["name"]), [SOURCE_CONNECTOR, CHECKPOINT_CONNECTOR], "in the spec's order");

  const mirrored = await consume({ bootstrap: target }, `source.${TOPIC}`, RECORDS, 120_000);
  t.strictSame([...new Set(mirrored)].sort(), [...sent].sort(), "every record is on the target as source.orders");

  let translated: bigint | undefined;
  await until("the group's offset translated onto the target", async () => {
    translated = await committedOffset(target, GROUP, `source.${TOPIC}`);
    return translated === BigInt(RECORDS);
  });
  t.equal(translated, BigInt(RECORDS), "the group resumes on the target where it stopped on the source");
});
