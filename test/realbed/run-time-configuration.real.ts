// Options Kafka takes at run time change on real brokers without a restart
// (kafka-persistent.yaml): the sidecar alters them with IncrementalAlterConfigs,
// every broker reports the new values (kafka-configs.sh --describe --all, Kafka's
// own tool), no pod is restarted, and the nodes' files hold the values too; an
// option Kafka cannot change at run time still rolls every node, after which
// the brokers keep the run-time values.
import t from "tap";
import type { ConfigMap, KubeObject } from "../../lib/api/kubernetes.js";
import { runTimeConfigurationApplied } from "../../lib/roller/run-time-update.js";
import { isReady, readiness } from "../helpers/scenario.js";
import { runJavaTool } from "./java-tools.js";
import { smallJvms } from "./resources.js";
import { kafkaImage, readyRealCluster, type RealCluster } from "./real-world.js";

const BROKER_IDS = [0, 1, 2];

type KafkaWithConfig = KubeObject & { spec: { kafka: { config: Record<string, unknown> } } };

function changeConfig(cluster: RealCluster, config: Record<string, unknown>): void {
  const k = cluster.kafka() as KafkaWithConfig;
  cluster.world.apply({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, config: { ...k.spec.kafka.config, ...config } } } });
}

/** `<option>=<value> sensitive=... synonyms={...}` of each option, as kafka-configs.sh describes a broker. */
async function describeBroker(cluster: RealCluster, id: number): Promise<Map<string, string>> {
  const lines = await runJavaTool({
    image: kafkaImage(),
    hostsFile: cluster.kubelet.network.hostsFile,
    mainClass: "kafka.admin.ConfigCommand",
    args: ["--bootstrap-server", `my-cluster-kafka-bootstrap.${cluster.namespace}.svc:9092`, "--entity-type", "brokers", "--entity-name", String(id), "--describe", "--all"],
  });
  return new Map(lines.flatMap((line) => {
    const match = /^\s+([a-z0-9.]+)=(.*)$/.exec(line);
    return match?.[1] !== undefined && match[2] !== undefined ? [[match[1], match[2]] as const] : [];
  }));
}

const generation = (cluster: RealCluster): number | undefined => (cluster.kafka()?.["status"] as { observedGeneration?: number } | undefined)?.observedGeneration;
const serverProperties = (cluster: RealCluster, pod: string): string =>
  (cluster.world.get("v1", "ConfigMap", cluster.namespace, pod) as ConfigMap | undefined)?.data?.["server.properties"] ?? "";

t.test("a run-time change reaches every broker with no pod restarted; a read-only one still rolls", async (t) => {
  const cluster = await readyRealCluster(t, "kafka/kafka-persistent.yaml", smallJvms);
  const uids = (): Record<string, string | undefined> => Object.fromEntries(cluster.pods().map((p) => [p.metadata?.name ?? "", p.metadata?.uid]));
  const before = uids();

  changeConfig(cluster, { "log.retention.ms": 3600000, "message.max.bytes": 2000000 });
  await cluster.until("the sidecar's record on both PodSets, and the Kafka Ready for generation 2",
    () => ["broker", "controller"].every((pool) => {
      const podSet = cluster.podSet(pool);
      return podSet !== undefined && (podSet.metadata.annotations?.["kafka-hooks.io/run-time-configuration"] ?? "").includes("message.max.bytes")
        && runTimeConfigurationApplied(podSet);
    }) && readiness(cluster.kafka()) === "Ready" && generation(cluster) === 2, 300_000);

  for (const id of BROKER_IDS) {
    const configs = await describeBroker(cluster, id);
    t.match(configs.get("log.retention.ms"), /^3600000 sensitive=false synonyms=\{DYNAMIC_DEFAULT_BROKER_CONFIG:log\.retention\.ms=3600000/, `broker ${id}: log.retention.ms`);
    t.match(configs.get("message.max.bytes"), /^2000000 sensitive=false synonyms=\{DYNAMIC_DEFAULT_BROKER_CONFIG:message\.max\.bytes=2000000/, `broker ${id}: message.max.bytes`);
  }
  t.strictSame(cluster.world.sidecarPodDeletions(), [], "no pod deleted");
  t.strictSame(uids(), before, "every pod is the one that ran before");
  t.match(serverProperties(cluster, "my-cluster-broker-0"), /\nlog\.retention\.ms=3600000\nmessage\.max\.bytes=2000000\n/, "the file holds the values for the next start");

  changeConfig(cluster, { "log.retention.hours": 72 });
  await cluster.until("every pod recreated, Ready, and the Kafka Ready for generation 3",
    () => cluster.pods().length === 6 && cluster.pods().every(isReady)
      && cluster.pods().every((p) => p.metadata?.uid !== before[p.metadata?.name ?? ""])
      && readiness(cluster.kafka()) === "Ready" && generation(cluster) === 3, 900_000);
  t.strictSame(cluster.world.sidecarPodDeletions().sort(), Object.keys(before).sort(), "a read-only option rolls every node once");
  const restarted = await describeBroker(cluster, 0);
  t.match(restarted.get("log.retention.ms"), /^3600000 sensitive=false synonyms=\{DYNAMIC_DEFAULT_BROKER_CONFIG:log\.retention\.ms=3600000, STATIC_BROKER_CONFIG:log\.retention\.ms=3600000/,
    "after the restart the file gives the same value as the cluster's");
});
