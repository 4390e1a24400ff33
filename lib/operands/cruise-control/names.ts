// Names Strimzi gives Cruise Control's objects (CruiseControlResources), shared by the operand the hooks
// render and the sidecar that calls Cruise Control's REST API for KafkaRebalances.
import { clientCertsSecretName, operandComponentName } from "../../names.js";

const CRUISE_CONTROL = "cruise-control";

/** The Deployment, Service, ServiceAccount and disruption budget: `<cluster>-cruise-control`. */
export const cruiseControlName = (cluster: string): string => operandComponentName(cluster, CRUISE_CONTROL);

/** `<cluster>-cruise-control-config`: cruisecontrol.properties, capacity.json, log4j2.properties. */
export const cruiseControlConfigMapName = (cluster: string): string => `${cruiseControlName(cluster)}-config`;

/** `<cluster>-cruise-control-certs`: `cruise-control.crt`/`.key`, its server and client certificate. */
export const cruiseControlCertsSecretName = (cluster: string): string => clientCertsSecretName(cluster, CRUISE_CONTROL);

/** `<cluster>-cruise-control-api`: the REST API's users and their passwords. */
export const cruiseControlApiSecretName = (cluster: string): string => `${cruiseControlName(cluster)}-api`;

/** `<cluster>-network-policy-cruise-control`. */
export const cruiseControlNetworkPolicyName = (cluster: string): string => `${cluster}-network-policy-cruise-control`;

/** The REST API's port (`rest-api`) on the Service and the container. */
export const CRUISE_CONTROL_API_PORT = 9090;

/** The ADMIN user the operator drives rebalances as, and its key in the API Secret. */
export const REBALANCE_OPERATOR_USER = "rebalance-operator";
export const REBALANCE_OPERATOR_PASSWORD_KEY = `${REBALANCE_OPERATOR_USER}.password`;
