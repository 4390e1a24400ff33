// Cruise Control (`spec.cruiseControl`): it watches the brokers' load through the
// metrics its reporter writes (lib/config/cruise-control-reporter.ts) and moves
// partitions when a KafkaRebalance asks it to, over a REST API the sidecar calls.
// Strimzi's CruiseControlReconciler makes, in this order, its NetworkPolicy,
// ServiceAccount, ConfigMap, certificate Secret, the Topic Operator's API Secret,
// the API Secret, Service, disruption budget and Deployment; the Kafka is Ready once
// the Deployment is.
import { createHmac } from "node:crypto";
import type { Deployment } from "../../api/kubernetes.js";
import { clientCertSecret } from "../../builders/secrets.js";
import { shortHash } from "../../hash.js";
import { renderProperties } from "../../kafka-files/properties.js";
import { deploymentReadiness } from "../../status/deployment-readiness.js";
import { asChild, CHILD_TYPE, registerOperand, type ChildType, type OperandChildren } from "../operand.js";
import { authFile, type ApiUsers } from "./api-users.js";
import { capacityConfiguration, capacityJson } from "./capacity.js";
import { cruiseControlProperties, cruiseControlRefusals } from "./configuration.js";
import { cruiseControlDeployment, cruiseControlStartScript } from "./deployment.js";
import type { CruiseControlInput } from "./input.js";
import { cruiseControlLog4j2 } from "./logging.js";
import { CRUISE_CONTROL, cruiseControlCertsSecretName } from "./names.js";
import {
  CONFIG_FILE, cruiseControlApiSecret, cruiseControlConfigMap, cruiseControlNetworkPolicy, cruiseControlPodDisruptionBudget, cruiseControlService,
  cruiseControlServiceAccount, topicOperatorApiSecret,
} from "./objects.js";

interface CruiseControlChildren extends OperandChildren {
  deployment: Deployment | undefined;
}

const CHILD_TYPES: readonly ChildType[] = [
  CHILD_TYPE.networkPolicy, CHILD_TYPE.serviceAccount, CHILD_TYPE.configMap, CHILD_TYPE.secret, CHILD_TYPE.service,
  CHILD_TYPE.podDisruptionBudget, CHILD_TYPE.deployment,
];

/**
 * Strimzi's auth-hash is a plain digest of the API Secret; a digest of user-chosen passwords on the
 * pod would let whoever reads Deployments test guesses offline, so this one is keyed with the
 * operator's own random password, which only the Secret holds.
 */
const authHash = (users: ApiUsers): string =>
  createHmac("sha256", users.rebalanceOperator.password).update(authFile(users)).digest("hex").slice(0, 16);

function cruiseControlChildren(input: CruiseControlInput): CruiseControlChildren {
  const { cluster, spec, certificate, apiUsers } = input;
  const capacity = capacityConfiguration({ spec, model: cluster });
  const properties = cruiseControlProperties({ spec, kafkaConfig: input.kafkaConfig, capacity });
  const propertiesText = renderProperties(properties);
  const startScript = cruiseControlStartScript(input);
  const capacityText = capacityJson(capacity);
  const files = {
    [CONFIG_FILE.properties]: propertiesText,
    [CONFIG_FILE.capacity]: capacityText,
    [CONFIG_FILE.log4j2]: cruiseControlLog4j2(spec.logging, input.externalLoggingProperties),
    [CONFIG_FILE.startScript]: startScript,
  };
  const certificatePem = certificate?.certificatePem;
  const deployment = certificatePem === undefined ? undefined : cruiseControlDeployment(input, certificatePem, properties, {
    configuration: shortHash(propertiesText + startScript),
    capacity: shortHash(capacityText),
    auth: authHash(apiUsers),
  });
  const toSecret = topicOperatorApiSecret(cluster, apiUsers);
  const children = [
    cruiseControlNetworkPolicy(cluster, input.topicOperator),
    cruiseControlServiceAccount(input),
    cruiseControlConfigMap(input, files),
    ...(certificate !== undefined && certificatePem !== undefined ? [clientCertSecret(cluster, CRUISE_CONTROL, certificate)] : []),
    ...(toSecret ? [toSecret] : []),
    cruiseControlApiSecret(cluster, apiUsers),
    cruiseControlService(input),
    cruiseControlPodDisruptionBudget(input),
    ...(deployment ? [deployment] : []),
  ].map(asChild);
  const pending = certificate === undefined || certificate.state === "stale" || certificate.state === "missing";
  return { children, deployment, certificatesPending: pending ? [cruiseControlCertsSecretName(cluster.name)] : [] };
}

export const CRUISE_CONTROL_OPERAND = registerOperand({
  name: CRUISE_CONTROL,
  childTypes: CHILD_TYPES,
  // Its certificate serves the REST API too, and the Java process reads a PKCS#12 keystore.
  clientCertificates: [{ component: CRUISE_CONTROL, keyName: CRUISE_CONTROL, server: true, keystore: true }],
  replicationClients: [CRUISE_CONTROL],
  requested: (spec) => spec.cruiseControl !== undefined,
  refusals: (spec) => cruiseControlRefusals(spec),
  input: ({ spec, model, certificates, cruiseControlApiUsers }): CruiseControlInput => {
    // The sync resolves the users before it builds the children of a Kafka that asks for Cruise Control.
    if (!cruiseControlApiUsers) throw new Error("Cruise Control's API users were not resolved");
    return {
      cluster: {
        name: model.name, namespace: model.namespace, nodes: model.nodes, pools: model.pools, image: model.image,
        kafkaExtrasImage: model.kafkaExtrasImage, operatorFromAnyNamespace: model.operatorFromAnyNamespace,
      },
      spec: spec.cruiseControl ?? {},
      kafkaConfig: spec.kafka.config,
      topicOperator: spec.entityOperator?.topicOperator !== undefined,
      externalLoggingProperties: model.cruiseControlLoggingProperties,
      certificate: certificates.clients.get(CRUISE_CONTROL),
      clusterCa: certificates.clusterCa,
      apiUsers: cruiseControlApiUsers,
    };
  },
  children: cruiseControlChildren,
  readiness: ({ deployment }, observed) =>
    (deployment === undefined ? `Deployment of ${CRUISE_CONTROL} waits for its certificate` : deploymentReadiness(deployment, observed.children)),
});
