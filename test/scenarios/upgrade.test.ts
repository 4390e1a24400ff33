// A Kafka upgrade through the whole loop, with the Kafka stand-in's metadata.version:
// the hook reads the versions the pods run, the roller rolls every node in the safe
// order, and the sidecar raises the metadata version only once every node runs the new
// version and is ready; a downgrade below it is then refused and nothing rolls.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { conditions, readiness, snapshot, startCluster, startHooks } from "../helpers/scenario.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

const LEVEL_4_2_IV1 = 29;
const LEVEL_4_3_IV0 = 30;

type VersionedKafka = KubeObject & { spec: { kafka: Record<string, unknown> }; status?: { kafkaVersion?: string; kafkaMetadataVersion?: string } };

const withVersion = (version: string) => (o: KubeObject): void => {
  if (o.kind === "Kafka") (o as VersionedKafka).spec.kafka["version"] = version;
};

t.test("4.2.1 to 4.3.1: every node rolls, then the metadata version is raised; going back is refused", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 }, edit: withVersion("4.2.1") });
  t.teardown(() => c.world.stop());
  c.world.kafka.metadataLevel = LEVEL_4_2_IV1;
  await c.world.converge();
  const kafka = () => c.kafka() as VersionedKafka;
  t.equal(readiness(kafka()), "Ready");
  t.match(kafka().status, { kafkaVersion: "4.2.1", kafkaMetadataVersion: "4.2-IV1" });
  t.same(c.world.kafka.questions.filter((q) => q.startsWith("update")), [], "nothing to raise on the version the cluster was made with");

  // When the sidecar raised the metadata version, how many pods still ran 4.2.1.
  const oldPodsAtUpdate: number[] = [];
  c.world.steps.push(() => {
    const updates = c.world.kafka.questions.filter((q) => q.startsWith("update")).length;
    if (updates > oldPodsAtUpdate.length) oldPodsAtUpdate.push(c.pods().filter((p) => p.metadata?.annotations?.[ANNOTATION.kafkaVersion] !== "4.3.1").length);
  });
  c.world.apply({ ...kafka(), spec: { ...kafka().spec, kafka: { ...kafka().spec.kafka, version: "4.3.1" } } });
  const rounds = await c.world.converge(100);
  t.ok(rounds < 100, `converged in ${rounds} rounds`);

  t.same(c.world.sidecarPodDeletions(), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"],
    "controllers first, the active one last among them, then brokers; each once");
  t.same(c.pods().map((p) => p.metadata?.annotations?.[ANNOTATION.kafkaVersion]), Array(6).fill("4.3.1"));
  t.same(c.world.kafka.questions.filter((q) => q.startsWith("update")), [`update ${LEVEL_4_3_IV0}`], "raised once, to 4.3-IV0");
  t.same(oldPodsAtUpdate, [0], "only after the last node runs 4.3.1");
  t.equal(readiness(kafka()), "Ready");
  t.match(kafka().status, { kafkaVersion: "4.3.1", kafkaMetadataVersion: "4.3-IV0" });

  const before = snapshot(c.world);
  const deletions = c.world.sidecarPodDeletions().length;
  c.world.apply({ ...kafka(), spec: { ...kafka().spec, kafka: { ...kafka().spec.kafka, version: "4.2.1" } } });
  await c.world.converge();
  t.equal(c.world.sidecarPodDeletions().length, deletions, "nothing rolls");
  t.equal(snapshot(c.world), before, "no child changes");
  t.match(conditions(kafka()).find((x) => x.type === "NotReady"), {
    reason: "KafkaUpgradeException",
    message: "spec.kafka.version: The current metadata version (4.3-IV0) has to be lower or equal to the Kafka broker version we are downgrading to (4.2.1); the nodes run 4.3.1. Nothing was changed.",
  });
  t.match(kafka().status, { kafkaVersion: "4.3.1", kafkaMetadataVersion: "4.3-IV0" });
});

t.test("a metadata version Kafka refuses to set is a Warning on a Ready Kafka", async (t) => {
  const c = await startCluster(hooks, "kafka/kafka-persistent.yaml", { sidecar: { activeController: 4 } });
  t.teardown(() => c.world.stop());
  c.world.kafka.metadataLevel = LEVEL_4_2_IV1;
  c.world.kafka.metadataUpdateRefusal = "INVALID_UPDATE_VERSION";
  await c.world.converge();
  const kafka = c.kafka() as VersionedKafka;
  t.equal(readiness(kafka), "Ready");
  t.match(kafka.status, { kafkaVersion: "4.3.1", kafkaMetadataVersion: "4.2-IV1" });
  t.match(conditions(kafka).find((x) => x.type === "Warning"), {
    reason: "MetadataUpdateFailed",
    message: "spec.kafka.metadataVersion: Failed to update metadata version to 4.3-IV0: INVALID_UPDATE_VERSION",
  });

  c.world.kafka.metadataUpdateRefusal = undefined;
  await c.world.converge();
  t.match((c.kafka() as VersionedKafka).status, { kafkaMetadataVersion: "4.3-IV0" });
  t.same(conditions(c.kafka()).filter((x) => x.type === "Warning"), [], "the Warning goes once it succeeds");
});
