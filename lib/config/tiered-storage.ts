// `spec.kafka.tieredStorage`, rendered as Strimzi 1.2 renders it
// (KafkaBrokerConfigurationBuilder.withTieredStorage) on every node: Kafka's
// topic-based remote log metadata manager over the replication listener, and the
// user's remote storage manager with its class, class path and `rsm.config.`
// settings. The plugin's jars are the user's to provide (an image built on
// apache/kafka, or a volume from the pod template) at the class path they name.
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import type { BrokerProperties } from "../kafka-files/properties.js";
import { REPLICATION_LISTENER } from "../kafka-files/paths.js";
import { replicationClientEntries } from "./replication-client.js";

const TOPIC_BASED_RLMM = "org.apache.kafka.server.log.remote.metadata.storage.TopicBasedRemoteLogMetadataManager";
const RLMM_PREFIX = "rlmm.config.";
const RSM_PREFIX = "rsm.config.";

export function tieredStorageEntries(model: KafkaClusterModel, node: KafkaNode): BrokerProperties {
  const rsm = model.tieredStorage?.remoteStorageManager;
  if (!rsm?.className) return [];
  const config = rsm.config ?? {};
  return [
    ["remote.log.storage.system.enable", "true"],
    ["remote.log.metadata.manager.impl.prefix", RLMM_PREFIX],
    ["remote.log.metadata.manager.class.name", TOPIC_BASED_RLMM],
    ["remote.log.metadata.manager.listener.name", REPLICATION_LISTENER],
    ...replicationClientEntries(`${RLMM_PREFIX}remote.log.metadata.common.client.`, model.name, node),
    ["remote.log.storage.manager.class.name", rsm.className],
    // Strimzi writes `null` when unset; left out, the jars are looked for on Kafka's own class path.
    ...(rsm.classPath !== undefined ? [["remote.log.storage.manager.class.path", rsm.classPath] as [string, string]] : []),
    ["remote.log.storage.manager.impl.prefix", RSM_PREFIX],
    // Sorted, so the same resource always renders the same file (Strimzi follows its map's order).
    ...Object.keys(config).sort().map((key): [string, string] => [`${RSM_PREFIX}${key}`, config[key] ?? ""]),
  ];
}
