// A KafkaBridge's children, as Strimzi's KafkaBridgeAssemblyOperator makes
// them: ServiceAccount, Service, trusted-certificates Secret, ConfigMap,
// PodDisruptionBudget and Deployment. A pure function of the validated Bridge
// and what it read of the user's Secrets and ConfigMaps.
import type { ConfigMap, Deployment, KubeObject, PodDisruptionBudget, Secret, Service, ServiceAccount } from "../../api/kubernetes.js";
import type { KafkaBridge } from "../../api/kafka-bridge.js";
import type { MetadataTemplate } from "../../api/common.js";
import { base64 } from "../../certificates/observed-secrets.js";
import { tcpPort } from "../../builders/service-ports.js";
import { asChild, type ChildType } from "../operand.js";
import { shortHash } from "../../hash.js";
import { ownedChildMetadata } from "../../builders/metadata.js";
import { applicationProperties, type DroppedOption } from "./application-properties.js";
import { bridgeConfigMapName, bridgeName, bridgeServiceName, bridgeTrustedCertsSecretName } from "./bridge-names.js";
import type { ClientSecrets } from "../kafka-clients/client-secrets.js";
import { bridgeDeployment } from "./deployment.js";
import { bridgeLabels, bridgeSelectorLabels } from "./labels.js";
import { bridgeLog4j2Properties } from "./logging.js";
import {
  APPLICATION_PROPERTIES_KEY, DEFAULT_HTTP_PORT, LOG4J2_PROPERTIES_KEY, MANAGEMENT_PORT, MANAGEMENT_PORT_NAME, METRICS_CONFIG_KEY,
  REST_API_PORT_NAME, TRUSTED_CERTS_KEY,
} from "./paths.js";

/** Every kind of child a Bridge has, in metacontroller/kafkabridge.yaml's order. */
export const BRIDGE_CHILD_TYPES: readonly ChildType[] = [
  { apiVersion: "apps/v1", kind: "Deployment", resource: "deployments" },
  { apiVersion: "v1", kind: "ConfigMap", resource: "configmaps" },
  { apiVersion: "v1", kind: "Secret", resource: "secrets" },
  { apiVersion: "v1", kind: "Service", resource: "services" },
  { apiVersion: "v1", kind: "ServiceAccount", resource: "serviceaccounts" },
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget", resource: "poddisruptionbudgets" },
];

const DEFAULT_MAX_UNAVAILABLE = 1;
const DISCOVERY = "strimzi.io/discovery";

export interface BridgeInput {
  /** Validated, with Strimzi's defaults. */
  bridge: Pick<KafkaBridge, "metadata" | "spec">;
  secrets: ClientSecrets;
  /** The user's log4j2 file for `external` logging, once read. */
  externalLogging?: string;
  /** The Prometheus JMX Exporter's rules as JSON, for `jmxPrometheusExporter` metrics. */
  metricsConfigJson?: string;
}

export interface BridgeChildren {
  children: KubeObject[];
  /** Also among the children: what readiness is read against. */
  deployment: Deployment;
  /** User keys of the configuration maps dropped because the operator owns them. */
  dropped: DroppedOption[];
}

function metadata(bridge: BridgeInput["bridge"], name: string, template?: MetadataTemplate, extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}) {
  return ownedChildMetadata(bridge.metadata.namespace, name, bridgeLabels(bridge.metadata.name), template, extra);
}

/**
 * Strimzi's `strimzi.io/discovery` annotation: how clients find the REST API and
 * the management port, as vert.x's encodePrettily writes it (Jackson's pretty printer).
 */
function discoveryAnnotation(port: number, tls: boolean): string {
  const entry = (p: number, secure: boolean): string =>
    `{\n  "port" : ${p},\n  "tls" : ${secure},\n  "auth" : "none",\n  "protocol" : "${secure ? "https" : "http"}"\n}`;
  return `[ ${entry(port, tls)}, ${entry(MANAGEMENT_PORT, false)} ]`;
}

function service(bridge: BridgeInput["bridge"]): Service {
  const template = bridge.spec.template?.apiService;
  const port = bridge.spec.http?.port ?? DEFAULT_HTTP_PORT;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(bridge, bridgeServiceName(bridge.metadata.name), template?.metadata, {
      labels: { [DISCOVERY]: "true" },
      annotations: { [DISCOVERY]: discoveryAnnotation(port, bridge.spec.http?.tls !== undefined) },
    }),
    spec: {
      type: "ClusterIP",
      selector: bridgeSelectorLabels(bridge.metadata.name),
      // Strimzi targets the container ports by name.
      ports: [
        { ...tcpPort(REST_API_PORT_NAME, port), targetPort: REST_API_PORT_NAME },
        { ...tcpPort(MANAGEMENT_PORT_NAME, MANAGEMENT_PORT), targetPort: MANAGEMENT_PORT_NAME },
      ],
      ...(template?.ipFamilyPolicy ? { ipFamilyPolicy: template.ipFamilyPolicy } : {}),
      ...(template?.ipFamilies ? { ipFamilies: template.ipFamilies } : {}),
    },
  };
}

export function bridgeChildren(input: BridgeInput): BridgeChildren {
  const { bridge, secrets } = input;
  const name = bridge.metadata.name;
  const template = bridge.spec.template;
  const properties = applicationProperties(bridge);
  const serviceAccount: ServiceAccount = { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(bridge, bridgeName(name), template?.serviceAccount?.metadata) };
  const trustedCerts: Secret[] = secrets.trustedCertificates === undefined ? [] : [{
    apiVersion: "v1",
    kind: "Secret",
    metadata: metadata(bridge, bridgeTrustedCertsSecretName(name)),
    type: "Opaque",
    data: { [TRUSTED_CERTS_KEY]: base64(secrets.trustedCertificates) },
  }];
  const configMap: ConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: metadata(bridge, bridgeConfigMapName(name)),
    data: {
      [APPLICATION_PROPERTIES_KEY]: properties.text,
      [LOG4J2_PROPERTIES_KEY]: bridgeLog4j2Properties(bridge.spec, input.externalLogging),
      ...(input.metricsConfigJson !== undefined ? { [METRICS_CONFIG_KEY]: input.metricsConfigJson } : {}),
    },
  };
  const pdbTemplate = template?.podDisruptionBudget;
  const podDisruptionBudget: PodDisruptionBudget = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(bridge, bridgeName(name), pdbTemplate?.metadata),
    // A Deployment has a scale subresource, so Kubernetes can work out maxUnavailable itself (unlike for StrimziPodSets).
    spec: { maxUnavailable: pdbTemplate?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE, selector: { matchLabels: bridgeSelectorLabels(name) } },
  };
  const deployment = bridgeDeployment({
    bridge,
    // Logging is left out, as in Strimzi: log4j2 re-reads its mounted file.
    configurationHash: shortHash(properties.text),
    ...(secrets.authHash !== undefined ? { authHash: secrets.authHash } : {}),
  });
  return {
    children: [serviceAccount, service(bridge), ...trustedCerts, configMap, podDisruptionBudget, deployment].map(asChild),
    deployment,
    dropped: properties.dropped,
  };
}
