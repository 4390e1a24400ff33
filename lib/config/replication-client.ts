// Kafka clients that run inside a node and reach the cluster by themselves: the
// remote log metadata manager of tiered storage and the admin client of the
// Strimzi quotas plugin. As in Strimzi (KafkaBrokerConfigurationBuilder), they
// dial the replication listener through the brokers Service, presenting the
// node's own certificate and trusting the cluster CA, the mutual TLS the
// replication listener requires.
import type { KafkaNode } from "../model/types.js";
import { brokersServiceName } from "../names.js";
import type { BrokerProperties } from "../kafka-files/properties.js";
import { fromDir } from "./config-providers.js";
import { CLUSTER_CA_MOUNT, NODE_CERTS_MOUNT, REPLICATION_PORT } from "../kafka-files/paths.js";

/** The client's settings, each key under `prefix`, in Strimzi's order. */
export function replicationClientEntries(prefix: string, cluster: string, node: KafkaNode): BrokerProperties {
  return [
    [`${prefix}bootstrap.servers`, `${brokersServiceName(cluster)}:${REPLICATION_PORT}`],
    [`${prefix}security.protocol`, "SSL"],
    [`${prefix}ssl.truststore.certificates`, fromDir(CLUSTER_CA_MOUNT, "ca.crt")],
    [`${prefix}ssl.truststore.type`, "PEM"],
    [`${prefix}ssl.keystore.certificate.chain`, fromDir(NODE_CERTS_MOUNT, `${node.podName}.crt`)],
    [`${prefix}ssl.keystore.key`, fromDir(NODE_CERTS_MOUNT, `${node.podName}.key`)],
    [`${prefix}ssl.keystore.type`, "PEM"],
  ];
}
