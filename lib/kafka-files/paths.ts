// Where the Kafka container finds what the hooks give it. The pod builder mounts
// these paths and the broker configuration refers to them, so both read them here.
export const KAFKA_HOME = "/opt/kafka";
/** The per-node ConfigMap: server.properties, log4j2.properties and the start script. */
export const CONFIG_MOUNT = "/opt/kafka/custom-config";
export const SERVER_PROPERTIES_KEY = "server.properties";
export const LOG4J2_PROPERTIES_KEY = "log4j2.properties";
export const START_SCRIPT_KEY = "kafka-run.sh";
/** The metadata version new storage is formatted with (Strimzi's `metadata.version` file): read by the start script, outside the configuration hash. */
export const METADATA_VERSION_KEY = "metadata.version";
/** The JMX exporter's rules, as JSON, when `metricsConfig` is `jmxPrometheusExporter`. */
export const METRICS_CONFIG_KEY = "metrics-config.json";
/** `<cluster>-cluster-ca-cert`: the cluster CA certificate(s), `ca.crt`. */
export const CLUSTER_CA_MOUNT = "/opt/kafka/cluster-ca-certs";
/** `<cluster>-clients-ca-cert`: the clients CA certificate(s), `ca.crt`. */
export const CLIENTS_CA_MOUNT = "/opt/kafka/client-ca-certs";
/** `<cluster>-<pool>-<id>`: the node's certificate and PKCS#8 key, `<pod>.crt` and `<pod>.key`. */
export const NODE_CERTS_MOUNT = "/opt/kafka/broker-certs";
/** Writable scratch space (the root filesystem is read-only): logs, the JVM's temp files. */
export const TMP_MOUNT = "/tmp";
export const KAFKA_LOG_DIR = "/tmp/kafka-logs";

/** Ports Strimzi reserves for itself on every node. */
export const CONTROL_PLANE_PORT = 9090;
export const REPLICATION_PORT = 9091;
export const CONTROL_PLANE_LISTENER = "CONTROLPLANE-9090";
export const REPLICATION_LISTENER = "REPLICATION-9091";
export const METRICS_PORT = 9404;
export const JMX_PORT = 9999;

/**
 * A listener's own certificate (`brokerCertChainAndKey`), copied by the hook from the
 * user's Secret into each broker's Secret, so it arrives through the same mount.
 */
export function customListenerCertificateKeys(listenerName: string): { certificate: string; privateKey: string } {
  const base = `custom-${listenerName.toLowerCase()}`;
  return { certificate: `${base}.crt`, privateKey: `${base}.key` };
}
