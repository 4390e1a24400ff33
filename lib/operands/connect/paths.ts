// Where a Connect worker finds its files on the apache/kafka image, at Strimzi's
// paths (the configuration where the brokers' is, lib/kafka-files/paths.ts): the
// config providers Strimzi registers read under /opt/kafka (`strimzidir`'s
// allowed path), and user configurations name these paths.

export const WORKER_PROPERTIES_KEY = "kafka-connect.properties";
/** Strimzi's kafka_connect_run.sh is not in apache/kafka: ours comes with the configuration. */
export const START_SCRIPT_KEY = "kafka_connect_run.sh";
/** The key of the trusted-certificates Secret (KafkaConnectCluster.KAFKA_CONNECT_CERTIFICATES_KEY). */
export const TRUSTED_CERTS_KEY = "ca.crt";
export const PLUGIN_PATH = "/opt/kafka/plugins";
/** Where Strimzi's init container writes `rack.id`; here a downward API volume (lib/operands/bridge/rack.ts). */
export const RACK_MOUNT = "/opt/kafka/init";
/** Kubernetes' own path of a service account's token, CA and namespace, which the Secret config provider reads. */
export const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

export const REST_API_PORT = 8083;
export const REST_API_PORT_NAME = "rest-api";
export const METRICS_PORT_NAME = "tcp-prometheus";
