// Cruise Control's objects besides its Deployment, as Strimzi's CruiseControl model
// and HashLoginServiceApiCredentials make them: the network policy, ServiceAccount,
// ConfigMap, the API users' Secrets, the REST API's Service and the disruption budget.
import type { ConfigMap, NetworkPolicy, PodDisruptionBudget, Secret, Service, ServiceAccount } from "../../api/kubernetes.js";
import { componentPodDisruptionBudget, componentServiceAccount } from "../../builders/component-objects.js";
import { childMetadata } from "../../builders/metadata.js";
import { tcpPort } from "../../builders/service-ports.js";
import { base64 } from "../../certificates/observed-secrets.js";
import { LOG4J2_PROPERTIES_KEY } from "../../kafka-files/paths.js";
import { LABEL } from "../../labels.js";
import { sortKeys } from "../../sort-keys.js";
import { componentPeer, operatorPeer } from "../brokers/network-policy.js";
import { ENTITY_OPERATOR } from "../entity-operator/input.js";
import { authFile, type ApiUsers } from "./api-users.js";
import type { CruiseControlInput } from "./input.js";
import {
  AUTH_FILE_KEY, CRUISE_CONTROL, CRUISE_CONTROL_API_PORT, CRUISE_CONTROL_API_PORT_NAME, cruiseControlApiSecretName, cruiseControlConfigMapName,
  cruiseControlName, cruiseControlNetworkPolicyName, HEALTHCHECK_PASSWORD_KEY, REBALANCE_OPERATOR_PASSWORD_KEY, TOPIC_OPERATOR_PASSWORD_KEY,
  TOPIC_OPERATOR_USER_KEY, topicOperatorApiSecretName,
} from "./names.js";

/** The ConfigMap's files, which the start script and Cruise Control read from `/opt/cruise-control/custom-config/`. */
export const CONFIG_FILE = {
  properties: "cruisecontrol.properties",
  capacity: "capacity.json",
  log4j2: LOG4J2_PROPERTIES_KEY,
  startScript: "cruise-control-run.sh",
} as const;

/** The labels the Deployment selects its pods by (Strimzi's strimziSelectorLabels). */
export function cruiseControlSelector(cluster: string): Record<string, string> {
  return { [LABEL.cluster]: cluster, [LABEL.kind]: "Kafka", [LABEL.name]: cruiseControlName(cluster) };
}

type Cluster = CruiseControlInput["cluster"];

/**
 * The REST API is for the operator's sidecar (KafkaRebalances) and, while it runs, the Topic
 * Operator (replication-factor changes), as Strimzi admits its operator and Entity Operator.
 */
export function cruiseControlNetworkPolicy(cluster: Cluster, topicOperator: boolean): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: childMetadata(cluster, cruiseControlNetworkPolicyName(cluster.name), { component: CRUISE_CONTROL }),
    spec: {
      podSelector: { matchLabels: cruiseControlSelector(cluster.name) },
      policyTypes: ["Ingress"],
      ingress: [{
        ports: [{ port: CRUISE_CONTROL_API_PORT, protocol: "TCP" }],
        from: [operatorPeer(cluster.operatorFromAnyNamespace), ...(topicOperator ? [componentPeer(cluster.name, ENTITY_OPERATOR)] : [])],
      }],
    },
  };
}

export const cruiseControlServiceAccount = ({ cluster, spec }: CruiseControlInput): ServiceAccount =>
  componentServiceAccount(cluster, cruiseControlName(cluster.name), CRUISE_CONTROL, spec.template?.serviceAccount?.metadata);

export function cruiseControlConfigMap({ cluster }: CruiseControlInput, files: Record<string, string>): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: childMetadata(cluster, cruiseControlConfigMapName(cluster.name), { component: CRUISE_CONTROL }),
    data: sortKeys(files),
  };
}

const secret = (cluster: CruiseControlInput["cluster"], name: string, data: Record<string, string>): Secret => ({
  apiVersion: "v1",
  kind: "Secret",
  type: "Opaque",
  metadata: childMetadata(cluster, name, { component: CRUISE_CONTROL }),
  data: sortKeys(Object.fromEntries(Object.entries(data).map(([key, value]) => [key, base64(value)]))),
});

/** `<cluster>-entity-topic-operator-cc-api`: the Topic Operator's user, which it reads to call the API. */
export function topicOperatorApiSecret(cluster: CruiseControlInput["cluster"], users: ApiUsers): Secret | undefined {
  const user = users.topicOperator;
  return user && secret(cluster, topicOperatorApiSecretName(cluster.name), { [TOPIC_OPERATOR_USER_KEY]: user.name, [TOPIC_OPERATOR_PASSWORD_KEY]: user.password });
}

/** `<cluster>-cruise-control-api`: the operator's passwords and the users file Cruise Control's web server reads. */
export function cruiseControlApiSecret(cluster: CruiseControlInput["cluster"], users: ApiUsers): Secret {
  return secret(cluster, cruiseControlApiSecretName(cluster.name), {
    [REBALANCE_OPERATOR_PASSWORD_KEY]: users.rebalanceOperator.password,
    [HEALTHCHECK_PASSWORD_KEY]: users.healthcheck.password,
    [AUTH_FILE_KEY]: authFile(users),
  });
}

export function cruiseControlService({ cluster, spec }: CruiseControlInput): Service {
  const template = spec.template?.apiService;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: childMetadata(cluster, cruiseControlName(cluster.name), { component: CRUISE_CONTROL, template: template?.metadata }),
    spec: {
      type: "ClusterIP",
      selector: cruiseControlSelector(cluster.name),
      ports: [tcpPort(CRUISE_CONTROL_API_PORT_NAME, CRUISE_CONTROL_API_PORT)],
      ...(template?.ipFamilyPolicy ? { ipFamilyPolicy: template.ipFamilyPolicy } : {}),
      ...(template?.ipFamilies ? { ipFamilies: template.ipFamilies } : {}),
    },
  };
}

export const cruiseControlPodDisruptionBudget = ({ cluster, spec }: CruiseControlInput): PodDisruptionBudget =>
  componentPodDisruptionBudget(cluster, cruiseControlName(cluster.name), CRUISE_CONTROL, cruiseControlSelector(cluster.name), spec.template?.podDisruptionBudget);
