// Names Strimzi gives Cruise Control's objects (CruiseControlResources), shared by the operand the hooks
// render and the sidecar that calls Cruise Control's REST API for KafkaRebalances.
import { clientCertsSecretName, operandComponentName } from "../../names.js";

/** Strimzi's component type: its objects' names, labels and certificate. */
export const CRUISE_CONTROL = "cruise-control";

/** The Deployment, Service, ServiceAccount and disruption budget: `<cluster>-cruise-control`. */
export const cruiseControlName = (cluster: string): string => operandComponentName(cluster, CRUISE_CONTROL);

/** `<cluster>-cruise-control-config`: cruisecontrol.properties, capacity.json, log4j2.properties. */
export const cruiseControlConfigMapName = (cluster: string): string => `${cruiseControlName(cluster)}-config`;

/** `<cluster>-cruise-control-certs`: `cruise-control.crt`/`.key`, its server and client certificate. */
export const cruiseControlCertsSecretName = (cluster: string): string => clientCertsSecretName(cluster, CRUISE_CONTROL);

/** `<cluster>-cruise-control-api`: the REST API's users and their passwords. */
export const cruiseControlApiSecretName = (cluster: string): string => `${cruiseControlName(cluster)}-api`;

/** `<cluster>-entity-topic-operator-cc-api`: the Topic Operator's REST API user, while it runs. */
export const topicOperatorApiSecretName = (cluster: string): string => `${cluster}-entity-topic-operator-cc-api`;

/** `<cluster>-network-policy-cruise-control`. */
export const cruiseControlNetworkPolicyName = (cluster: string): string => `${cluster}-network-policy-cruise-control`;

/** The REST API's port (`rest-api`) on the Service and the container. */
export const CRUISE_CONTROL_API_PORT = 9090;
export const CRUISE_CONTROL_API_PORT_NAME = "rest-api";

/** The ADMIN user the operator drives rebalances as, and its key in the API Secret. */
export const REBALANCE_OPERATOR_USER = "rebalance-operator";
export const REBALANCE_OPERATOR_PASSWORD_KEY = `${REBALANCE_OPERATOR_USER}.password`;

/** The USER the probes and health checks read `/kafkacruisecontrol/state` as, and its key in the API Secret. */
export const HEALTHCHECK_USER = "healthcheck";
export const HEALTHCHECK_PASSWORD_KEY = `${HEALTHCHECK_USER}.password`;

/** The ADMIN user of the Topic Operator (replication-factor changes) and its Secret's keys. */
export const TOPIC_OPERATOR_USER = "topic-operator";
export const TOPIC_OPERATOR_USER_KEY = `${TOPIC_OPERATOR_USER}.apiAdminName`;
export const TOPIC_OPERATOR_PASSWORD_KEY = `${TOPIC_OPERATOR_USER}.apiAdminPassword`;

/** Jetty's HashLoginService file of every user, in the API Secret. */
export const AUTH_FILE_KEY = "cruise-control.authFile";

/** The state endpoint, which answers once Cruise Control serves. */
export const CRUISE_CONTROL_STATE_PATH = "/kafkacruisecontrol/state";
