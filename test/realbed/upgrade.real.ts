// Strimzi's kafka/kafka-persistent.yaml created on real Kafka 4.2.1 and upgraded to 4.3.1
// (both from Maven Central, kafka/install.sh): every node rolls in the safe order onto the
// new version, the sidecar raises metadata.version only once the last one runs it (Kafka's
// own FeatureCommand reads it from the cluster before and after), every message produced
// before is read back, and a downgrade to 4.2.1 is then refused with nothing rolled.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { conditions, isReady, readiness } from "../helpers/scenario.js";
import { consume, createTopic, produce } from "./clients.js";
import { smallJvms } from "./resources.js";
import { kafkaImage, readyRealCluster, type RealCluster } from "./real-world.js";

const MESSAGES = 1000;
const CONTROLLERS = ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"];
const BROKERS = ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];

type VersionedKafka = KubeObject & { spec: { kafka: Record<string, unknown> }; status?: { kafkaVersion?: string; kafkaMetadataVersion?: string } };

/** `metadata.version`'s finalized level as Kafka's own `kafka-features.sh describe` prints it (`4.2-IV1`). */
async function describeMetadataVersion(cluster: RealCluster, bootstrap: string): Promise<string | undefined> {
  const { stdout } = await promisify(execFile)(join(kafkaImage(), "opt", "kafka", "bin", "kafka-run-class.sh"), ["org.apache.kafka.tools.FeatureCommand", "--bootstrap-server", bootstrap, "describe"], {
    env: { ...process.env, JAVA_TOOL_OPTIONS: `-Djdk.net.hosts.file=${cluster.kubelet.network.hostsFile}`, KAFKA_HEAP_OPTS: "-Xmx128m" },
    timeout: 120_000,
  });
  return /Feature: metadata\.version\s.*FinalizedVersionLevel: (\S+)/.exec(stdout)?.[1];
}

t.test("4.2.1 to 4.3.1: controllers then brokers roll, metadata.version is raised after the last, every message stays; the downgrade is refused", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", (o) => {
    smallJvms(o);
    if (o.kind === "Kafka") (o as VersionedKafka).spec.kafka["version"] = "4.2.1";
  });
  const kafka = () => cluster.kafka() as VersionedKafka;
  const bootstrap = `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092`;
  const podSetRecord = () => cluster.world.get<KubeObject>("core.strimzi.io/v1", "StrimziPodSet", cluster.namespace, "my-cluster-broker")?.metadata.annotations?.[ANNOTATION.finalizedMetadataVersion];
  await cluster.until("the sidecar reads 4.2-IV1 from Kafka", () => kafka().status?.kafkaMetadataVersion === "4.2-IV1" && podSetRecord() === "4.2-IV1", 120_000);
  t.equal(await describeMetadataVersion(cluster, bootstrap), "4.2-IV1", "Kafka 4.2.1 finalized its own metadata version");
  t.equal(kafka().status?.kafkaVersion, "4.2.1");

  await createTopic({ bootstrap }, "upgrade");
  const produced = await produce({ bootstrap }, "upgrade", MESSAGES);

  // Each round: how many pods still run 4.2.1 when the sidecar's record says 4.3-IV0.
  const oldPodsWhenRaised: number[] = [];
  cluster.world.steps.push(() => {
    if (oldPodsWhenRaised.length === 0 && podSetRecord() === "4.3-IV0") {
      oldPodsWhenRaised.push(cluster.pods().filter((p) => p.metadata?.annotations?.[ANNOTATION.kafkaVersion] !== "4.3.1" || !isReady(p)).length);
    }
  });
  cluster.world.apply({ ...kafka(), spec: { ...kafka().spec, kafka: { ...kafka().spec.kafka, version: "4.3.1" } } });
  await cluster.until("every pod on 4.3.1 and Ready, metadata.version 4.3-IV0, the Kafka Ready",
    () => cluster.pods().length === 6 && cluster.pods().every((p) => isReady(p) && p.metadata?.annotations?.[ANNOTATION.kafkaVersion] === "4.3.1")
      && readiness(kafka()) === "Ready" && kafka().status?.kafkaMetadataVersion === "4.3-IV0", 900_000);

  const deleted = cluster.world.sidecarPodDeletions();
  t.same(deleted.slice(0, 3).sort(), CONTROLLERS, "controllers first, each once");
  t.same(deleted.slice(3).sort(), BROKERS, "then brokers, each once");
  t.same(oldPodsWhenRaised, [0], "metadata.version raised only once every node ran 4.3.1 and was ready");
  t.equal(await describeMetadataVersion(cluster, bootstrap), "4.3-IV0", "Kafka finalized 4.3-IV0");
  t.match(kafka().status, { kafkaVersion: "4.3.1", kafkaMetadataVersion: "4.3-IV0" });
  const read = new Set(await consume({ bootstrap }, "upgrade", MESSAGES, 180_000));
  t.same(produced.filter((m) => !read.has(m)), [], `every one of the ${produced.length} messages produced on 4.2.1 is read on 4.3.1`);

  const pods = new Map(cluster.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
  cluster.world.apply({ ...kafka(), spec: { ...kafka().spec, kafka: { ...kafka().spec.kafka, version: "4.2.1" } } });
  await cluster.until("the downgrade refused", () => conditions(kafka()).some((c) => c.type === "NotReady" && c.reason === "KafkaUpgradeException"), 60_000);
  t.match(conditions(kafka()).find((c) => c.type === "NotReady"), {
    message: "spec.kafka.version: The current metadata version (4.3-IV0) has to be lower or equal to the Kafka broker version we are downgrading to (4.2.1); the nodes run 4.3.1. Nothing was changed.",
  });
  // A few more rounds of the loop: the roller has nothing to do.
  for (let i = 0; i < 5; i++) await cluster.world.round();
  t.same(cluster.world.sidecarPodDeletions(), deleted, "nothing rolls");
  t.same(new Map(cluster.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid])), pods, "every pod as it was");
  t.equal(await describeMetadataVersion(cluster, bootstrap), "4.3-IV0");
});
