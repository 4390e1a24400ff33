// A KafkaConnect's children (and a KafkaMirrorMaker2's, whose workers are a
// Connect cluster of another flavour), as Strimzi's KafkaConnectAssemblyOperator makes
// them, in its order: ServiceAccount, Role and RoleBinding for the Secret config
// provider, NetworkPolicy (with connector resources), the REST API and headless
// Services, trusted certificates, ConfigMap, PodDisruptionBudget and the
// workers' StrimziPodSet. A pure function of the validated KafkaConnect and
// what it read of the user's Secrets and ConfigMaps.
import type { KafkaConnect } from "../../api/kafka-connect.js";
import type {
  ConfigMap, EnvVar, KubeObject, NetworkPolicy, NetworkPolicyPeer, PodDisruptionBudget, Role, RoleBinding, Secret, Service, ServiceAccount,
} from "../../api/kubernetes.js";
import type { MetadataTemplate } from "../../api/common.js";
import type { StrimziPodSet } from "../../api/strimzi-podset.js";
import { ownedChildMetadata } from "../../builders/metadata.js";
import { tcpPort } from "../../builders/service-ports.js";
import { base64 } from "../../certificates/observed-secrets.js";
import { EXTRA_JAR_FEATURE, type ExtraJarFeature } from "../../kafka-files/extra-jars.js";
import { extraJarFeatures } from "../../config/metrics.js";
import { LOG4J2_PROPERTIES_KEY, METRICS_CONFIG_KEY, METRICS_PORT } from "../../kafka-files/paths.js";
import { ANNOTATION } from "../../labels.js";
import { shortHash } from "../../hash.js";
import { operatorPeer } from "../brokers/network-policy.js";
import type { ClientSecrets } from "../kafka-clients/client-secrets.js";
import { asChild, CHILD_TYPE, type ChildType } from "../operand.js";
import { connectTrustedCertsSecretName } from "./connect-names.js";
import type { ConnectFlavour } from "./flavour.js";
import { connectLabels, connectSelectorLabels } from "./labels.js";
import { connectLog4j2Properties } from "./logging.js";
import { REST_API_PORT, REST_API_PORT_NAME, START_SCRIPT_KEY, TRUSTED_CERTS_KEY, WORKER_PROPERTIES_KEY } from "./paths.js";
import { BUILD_IMAGE_ANNOTATION, BUILD_REVISION_ANNOTATION, FORCE_REBUILD_ANNOTATION } from "./build.js";
import type { WorkersImage } from "./build-state.js";
import { connectPodSet } from "./podset.js";
import { connectStartScript } from "./start-script.js";
import { workerProperties, type DroppedOption } from "./worker-properties.js";

/** Every kind of child a KafkaConnect has, in metacontroller/kafkaconnect.yaml's order. */
export const CONNECT_CHILD_TYPES: readonly ChildType[] = [
  CHILD_TYPE.strimziPodSet, CHILD_TYPE.configMap, CHILD_TYPE.secret, CHILD_TYPE.service, CHILD_TYPE.serviceAccount,
  CHILD_TYPE.podDisruptionBudget, CHILD_TYPE.networkPolicy, CHILD_TYPE.role, CHILD_TYPE.roleBinding, CHILD_TYPE.pod,
];

/**
 * Children Metacontroller deletes and creates again instead of updating (`Recreate`): the build pod, whose
 * spec cannot change and whose new revision is a new build. The workers are the PodSet's pods, not these.
 */
export const RECREATED_CONNECT_CHILD_TYPES: readonly ChildType[] = [CHILD_TYPE.pod];

/** With it on the KafkaConnect, the sidecar manages the connectors from KafkaConnector resources (Strimzi's). */
export const USE_CONNECTOR_RESOURCES = "strimzi.io/use-connector-resources";
const DEFAULT_MAX_UNAVAILABLE = 1;

export interface ConnectInput {
  /** Validated, with Strimzi's defaults. */
  connect: Pick<KafkaConnect, "metadata" | "spec">;
  flavour: ConnectFlavour;
  secrets: ClientSecrets;
  /** Keys of the trusted-certificates Secret beside `ca.crt` (a KafkaMirrorMaker2's `<alias>-ca.crt`), PEM. */
  moreTrustedCertificates?: Readonly<Record<string, string>>;
  /** Secrets the config provider reads beside the worker's own (a KafkaMirrorMaker2's source and target clusters'). */
  moreSecretsToRead?: readonly string[];
  /** Variables of the Connect container before the template's. */
  env?: readonly EnvVar[];
  /** The kafka-extras image as the nodes pull it. */
  kafkaExtrasImage: string;
  /** The user's log4j2 file for `external` logging, once read. */
  externalLogging?: string;
  /** The Prometheus JMX Exporter's rules as JSON, for `jmxPrometheusExporter` metrics. */
  metricsConfigJson?: string;
  /** With `spec.build`: the build's objects this answer holds and the image the workers run (lib/operands/connect/build-state.ts). */
  build?: { children: readonly KubeObject[]; workers: WorkersImage | "unbuilt" | undefined };
}

export interface ConnectChildren {
  children: KubeObject[];
  /** Also among the children: what readiness is read against; none while a first build runs. */
  podSet?: StrimziPodSet;
  /** User keys of the configuration dropped because the operator owns them. */
  dropped: DroppedOption[];
}

function metadata({ connect, flavour }: ConnectInput, name: string, template?: MetadataTemplate) {
  return ownedChildMetadata(connect.metadata.namespace, name, connectLabels(flavour, connect.metadata.name), template);
}

/** The Secrets a Kafka client's config provider reads for `tls` and `authentication` (AuthenticationUtils.getAuthenticationSecretsToAccess). */
export function clientSecretsToRead(cluster: string, spec: Pick<KafkaConnect["spec"], "tls" | "authentication">): string[] {
  const auth = spec.authentication;
  return [
    ...((spec.tls?.trustedCertificates ?? []).length > 0 ? [connectTrustedCertsSecretName(cluster)] : []),
    ...(auth?.type === "tls" ? [auth.certificateAndKey.secretName] : []),
    ...(auth && auth.type !== "tls" && auth.type !== "custom" ? [auth.passwordSecret.secretName] : []),
  ];
}

/** The Role and its binding: `get` on exactly the Secrets the worker configuration names; none when it names none. */
function rbac(input: ConnectInput): Array<Role | RoleBinding> {
  const { connect, flavour } = input;
  const secrets = [...new Set([...clientSecretsToRead(connect.metadata.name, connect.spec), ...(input.moreSecretsToRead ?? [])])].sort();
  if (secrets.length === 0) return [];
  const name = flavour.componentName(connect.metadata.name);
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: metadata(input, name),
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: secrets }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: metadata(input, flavour.roleBindingName(connect.metadata.name)),
      subjects: [{ kind: "ServiceAccount", name, namespace: connect.metadata.namespace }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    },
  ];
}

/**
 * With connector resources (always for MirrorMaker 2, whose connectors the operator manages), only the
 * workers (which forward requests to the leader) and the operator's sidecar reach the REST API, as Strimzi
 * admits its own operator; without, users call it themselves and Strimzi makes no policy.
 */
function networkPolicy(input: ConnectInput): NetworkPolicy[] {
  const { connect, flavour } = input;
  const annotations = connect.metadata.annotations ?? {};
  if (!flavour.operatorManagesConnectors && annotations[USE_CONNECTOR_RESOURCES] !== "true") return [];
  const workers: NetworkPolicyPeer = { podSelector: { matchLabels: connectSelectorLabels(flavour, connect.metadata.name) } };
  const rest = { ports: [{ port: REST_API_PORT, protocol: "TCP" as const }], from: [workers, operatorPeer(annotations[ANNOTATION.operatorFromAnyNamespace] === "true")] };
  const metrics = connect.spec.metricsConfig ? [{ ports: [{ port: METRICS_PORT, protocol: "TCP" as const }] }] : [];
  return [{
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: metadata(input, flavour.componentName(connect.metadata.name)),
    spec: { podSelector: { matchLabels: connectSelectorLabels(flavour, connect.metadata.name) }, policyTypes: ["Ingress"], ingress: [rest, ...metrics] },
  }];
}

function services(input: ConnectInput): Service[] {
  const { connect, flavour } = input;
  const name = connect.metadata.name;
  const template = connect.spec.template;
  const ipFamilies = (t: NonNullable<KafkaConnect["spec"]["template"]>["apiService"]) => ({
    ...(t?.ipFamilyPolicy ? { ipFamilyPolicy: t.ipFamilyPolicy } : {}),
    ...(t?.ipFamilies ? { ipFamilies: t.ipFamilies } : {}),
  });
  // Strimzi targets the container port by name.
  const ports = [{ ...tcpPort(REST_API_PORT_NAME, REST_API_PORT), targetPort: REST_API_PORT_NAME }];
  return [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: metadata(input, flavour.apiServiceName(name), template?.apiService?.metadata),
      spec: { type: "ClusterIP", selector: connectSelectorLabels(flavour, name), ports, ...ipFamilies(template?.apiService) },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: metadata(input, flavour.componentName(name), template?.headlessService?.metadata),
      // Workers resolve each other by the names they advertise before they are ready, as Strimzi's headless Service allows.
      spec: { type: "ClusterIP", clusterIP: "None", publishNotReadyAddresses: true, selector: connectSelectorLabels(flavour, name), ports, ...ipFamilies(template?.headlessService) },
    },
  ];
}

/** The kafka-extras features the workers load: Strimzi's Secret config provider always (the configuration registers it), metrics' when on. */
export function connectExtraJarFeatures(spec: KafkaConnect["spec"]): ExtraJarFeature[] {
  return [EXTRA_JAR_FEATURE.kubernetesConfigProvider, ...extraJarFeatures(spec, false)];
}

export function connectChildren(input: ConnectInput): ConnectChildren {
  const { connect, flavour, secrets } = input;
  const name = connect.metadata.name;
  const template = connect.spec.template;
  const properties = workerProperties(connect, flavour);
  const features = connectExtraJarFeatures(connect.spec);
  const startScript = connectStartScript(connect, features);
  const serviceAccount: ServiceAccount = { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(input, flavour.componentName(name), template?.serviceAccount?.metadata) };
  const trusted = {
    ...(secrets.trustedCertificates !== undefined ? { [TRUSTED_CERTS_KEY]: secrets.trustedCertificates } : {}),
    ...input.moreTrustedCertificates,
  };
  const trustedCerts: Secret[] = Object.keys(trusted).length === 0 ? [] : [{
    apiVersion: "v1",
    kind: "Secret",
    metadata: metadata(input, connectTrustedCertsSecretName(name)),
    type: "Opaque",
    data: Object.fromEntries(Object.entries(trusted).map(([key, pem]) => [key, base64(pem)])),
  }];
  const configMap: ConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: metadata(input, flavour.configMapName(name)),
    data: {
      [WORKER_PROPERTIES_KEY]: properties.text,
      [LOG4J2_PROPERTIES_KEY]: connectLog4j2Properties(connect.spec, input.externalLogging, flavour.loggingName),
      [START_SCRIPT_KEY]: startScript,
      ...(input.metricsConfigJson !== undefined ? { [METRICS_CONFIG_KEY]: input.metricsConfigJson } : {}),
    },
  };
  const pdbTemplate = template?.podDisruptionBudget;
  const podDisruptionBudget: PodDisruptionBudget = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(input, flavour.componentName(name), pdbTemplate?.metadata),
    // A StrimziPodSet has no scale subresource: Kubernetes could not work out maxUnavailable (Strimzi's custom-controller budget).
    spec: {
      minAvailable: Math.max(0, connect.spec.replicas - (pdbTemplate?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE)),
      selector: { matchLabels: connectSelectorLabels(flavour, name) },
    },
  };
  const workers = input.build?.workers;
  const built = typeof workers === "object"
    ? {
      image: workers.image,
      podSetAnnotations: {
        [BUILD_REVISION_ANNOTATION]: workers.revision, [BUILD_IMAGE_ANNOTATION]: workers.image,
        ...(workers.forceRebuildTakenUp ? { [FORCE_REBUILD_ANNOTATION]: "false" } : {}),
      },
    }
    : undefined;
  const podSet = input.build !== undefined && workers === undefined ? undefined : connectPodSet({
    connect,
    flavour,
    env: input.env ?? [],
    kafkaExtrasImage: input.kafkaExtrasImage,
    features,
    podAnnotations: {
      // Logging is left out, as in Strimzi: log4j2 re-reads its mounted file. The start script carries the JVM options.
      [ANNOTATION.configurationHash]: shortHash(`${properties.text}\u0000${startScript}`),
      ...(secrets.authHash !== undefined ? { [ANNOTATION.authHash]: secrets.authHash } : {}),
      ...(typeof workers === "object" ? { [BUILD_REVISION_ANNOTATION]: workers.revision } : {}),
    },
    ...(built ? { built } : {}),
  });
  return {
    children: [
      serviceAccount, ...rbac(input), ...networkPolicy(input), ...(input.build?.children ?? []), ...services(input), ...trustedCerts, configMap,
      podDisruptionBudget, ...(podSet ? [podSet] : []),
    ].map(asChild),
    ...(podSet ? { podSet } : {}),
    dropped: properties.dropped,
  };
}
