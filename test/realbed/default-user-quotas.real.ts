// `spec.kafka.quotas` of type `kafka` on real brokers (kafka-persistent.yaml): the
// sidecar sets Kafka's default user quotas with AlterClientQuotas and no pod
// restarted; Kafka's own tool (kafka-configs.sh --describe --entity-type users
// --entity-default, which sends DescribeClientQuotas) reports them; a change
// takes effect the same way, and removing the section clears them.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { runTimeConfigurationApplied } from "../../lib/roller/run-time-update.js";
import { readiness } from "../helpers/scenario.js";
import { runJavaTool } from "./java-tools.js";
import { smallJvms } from "./resources.js";
import { kafkaImage, readyRealCluster, type RealCluster } from "./real-world.js";

type KafkaWithQuotas = KubeObject & { metadata: { generation?: number }; spec: { kafka: Record<string, unknown> } };

function setQuotas(cluster: RealCluster, quotas: Record<string, unknown> | undefined): void {
  const k = cluster.kafka() as KafkaWithQuotas;
  const { quotas: _old, ...kafka } = k.spec.kafka;
  cluster.world.apply({ ...k, spec: { ...k.spec, kafka: quotas === undefined ? kafka : { ...kafka, quotas } } });
}

/** The default user's quotas as kafka-configs.sh prints them: `Quota configs for the default user-principal are k=v, k=v`. */
async function defaultUserQuotas(cluster: RealCluster): Promise<Record<string, string>> {
  const lines = await runJavaTool({
    image: kafkaImage(),
    hostsFile: cluster.kubelet.network.hostsFile,
    mainClass: "kafka.admin.ConfigCommand",
    args: ["--bootstrap-server", `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092`, "--entity-type", "users", "--entity-default", "--describe"],
  });
  const prefix = "Quota configs for the default user-principal are ";
  const line = lines.find((l) => l.startsWith(prefix));
  if (line === undefined) return {};
  return Object.fromEntries(line.slice(prefix.length).split(", ").map((entry) => entry.split("=") as [string, string]).sort(([a], [b]) => a.localeCompare(b)));
}

const generation = (cluster: RealCluster): number | undefined => (cluster.kafka()?.["status"] as { observedGeneration?: number } | undefined)?.observedGeneration;

/** The sidecar's record of the generation's run-time configuration on both PodSets, and the Kafka Ready for it. */
const applied = (cluster: RealCluster, wantedGeneration: number) => (): boolean =>
  ["broker", "controller"].every((pool) => {
    const podSet = cluster.podSet(pool);
    return podSet !== undefined && runTimeConfigurationApplied(podSet);
  }) && readiness(cluster.kafka()) === "Ready" && generation(cluster) === wantedGeneration;

t.test("kafka quotas become the default user's quotas in Kafka with no pod restarted; a change takes effect; removal clears them", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", smallJvms);
  const uids = (): Record<string, string | undefined> => Object.fromEntries(cluster.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
  const before = uids();
  t.strictSame(await defaultUserQuotas(cluster), {}, "none before");

  setQuotas(cluster, { type: "kafka", producerByteRate: 1048576, consumerByteRate: 2097152, requestPercentage: 55, controllerMutationRate: 0.5 });
  await cluster.until("the quotas recorded as applied, the Kafka Ready for generation 2", applied(cluster, 2), 300_000);
  t.strictSame(await defaultUserQuotas(cluster), {
    consumer_byte_rate: "2097152.0", controller_mutation_rate: "0.5", producer_byte_rate: "1048576.0", request_percentage: "55.0",
  });

  setQuotas(cluster, { type: "kafka", producerByteRate: 1024, consumerByteRate: 2097152 });
  await cluster.until("the change recorded as applied, the Kafka Ready for generation 3", applied(cluster, 3), 300_000);
  t.strictSame(await defaultUserQuotas(cluster), { consumer_byte_rate: "2097152.0", producer_byte_rate: "1024.0" }, "changed, and the values dropped removed");

  setQuotas(cluster, undefined);
  await cluster.until("the removal recorded as applied, the Kafka Ready for generation 4", applied(cluster, 4), 300_000);
  t.strictSame(await defaultUserQuotas(cluster), {}, "cleared");

  t.strictSame(cluster.world.sidecarPodDeletions(), [], "no pod deleted");
  t.strictSame(uids(), before, "every pod is the one that ran before");
});
