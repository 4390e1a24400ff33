// Where the Bridge container finds its files. Every directory is under
// /opt/strimzi, the one path the config providers registered on the Bridge's
// Kafka clients may read (Strimzi's `allowed.paths`).

export const CONFIG_MOUNT = "/opt/strimzi/custom-config";
export const APPLICATION_PROPERTIES_KEY = "application.properties";
export const LOG4J2_PROPERTIES_KEY = "log4j2.properties";
/** Strimzi's key for the Prometheus JMX Exporter's rules (JmxPrometheusExporterModel.CONFIG_MAP_KEY). */
export const METRICS_CONFIG_KEY = "metrics-config.json";
/** The `<bridge>-bridge-tls-trusted-certs` Secret: `ca.crt`, every trusted certificate of `spec.tls`. */
export const TRUSTED_CERTS_MOUNT = "/opt/strimzi/kafka-trusted-certs";
export const TRUSTED_CERTS_KEY = "ca.crt";
/** The user's Secret named by `spec.authentication` (certificate and key, or password), under its own name. */
export const CLIENT_AUTH_MOUNT = "/opt/strimzi/kafka-client-auth";
/** The REST API's certificate Secret, under its own name (Strimzi's HTTP_SERVER_CERTS_BASE_VOLUME_MOUNT). */
export const HTTP_CERTS_MOUNT = "/opt/strimzi/bridge-http-certs";
export const TMP_MOUNT = "/tmp";
/** Where Strimzi's init container writes the rack (`rack.id`); here a downward API volume (rack.ts). */
export const RACK_MOUNT = "/opt/strimzi/init";
export { RACK_KEY } from "../kafka-clients/rack.js";

export const REST_API_PORT_NAME = "rest-api";
export const MANAGEMENT_PORT_NAME = "rest-api-mgmt";
/** The Bridge's management port: health, readiness and metrics. */
export const MANAGEMENT_PORT = 8081;
export const DEFAULT_HTTP_PORT = 8080;
