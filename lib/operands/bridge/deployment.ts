// The Bridge's Deployment, as Strimzi's KafkaBridgeCluster.generateDeployment
// builds it: Strimzi's image and start script, the configuration and the
// Secrets mounted, probes on the management port. Every list it holds is written
// as the API server stores it (defaults spelled out), since Metacontroller's
// merge replaces lists whole and a list that changes on admission is an update
// on every sync (docs/ARCHITECTURE.md, GitOps).
import type { Container, Deployment, EnvVar, PodSpec, Volume, VolumeMount } from "../../api/kubernetes.js";
import type { KafkaBridge } from "../../api/kafka-bridge.js";
import type { Probe } from "../../api/common.js";
import { ANNOTATION } from "../../labels.js";
import { sortKeys } from "../../sort-keys.js";
import { canonicalQuantity } from "../../volumes/quantity.js";
import { canonicalResources, httpGetProbe, withTemplateEnv } from "../../builders/deployment.js";
import { probeTiming, RESTRICTED_CONTAINER_SECURITY_CONTEXT, templatePodSettings } from "../../builders/pod-template.js";
import { bridgeConfigMapName, bridgeName, bridgeTrustedCertsSecretName } from "./bridge-names.js";
import { clientAuthDirectory } from "./application-properties.js";
import { bridgeLabels, bridgeSelectorLabels } from "./labels.js";
import {
  CONFIG_MOUNT, DEFAULT_HTTP_PORT, HTTP_CERTS_MOUNT, MANAGEMENT_PORT, MANAGEMENT_PORT_NAME, RACK_MOUNT, REST_API_PORT_NAME,
  TMP_MOUNT, TRUSTED_CERTS_MOUNT,
} from "./paths.js";
import { rackAffinity } from "../brokers/rack-affinity.js";
import { RACK_VOLUME, rackLabelOnPod, rackTopologyKey, rackVolume } from "../kafka-clients/rack.js";

/** The image Strimzi 1.2 runs the Bridge on (STRIMZI_DEFAULT_KAFKA_BRIDGE_IMAGE in its 060-Deployment). */
const DEFAULT_BRIDGE_IMAGE = "quay.io/strimzi/kafka-bridge:1.1.0";
const START_SCRIPT = "/opt/strimzi/bin/docker/kafka_bridge_run.sh";
/** Strimzi's defaults: a 5Mi in-memory /tmp, 30 s to stop, 75 % of a memory limit as heap. */
const DEFAULT_TMP_SIZE_LIMIT = "5Mi";
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
const DYNAMIC_HEAP_PERCENTAGE = 75;
const DEFAULT_XMS = "128M";
/** The API server's default mode of Secret, ConfigMap and downward API volumes (0644). */
const DEFAULT_MODE = 420;

const VOLUME = { tmp: "strimzi-tmp", config: "kafka-bridge-configurations", trustedCerts: "kafka-trusted-certs", clientAuth: "kafka-client-auth" } as const;

export interface BridgeDeploymentInput {
  bridge: Pick<KafkaBridge, "metadata" | "spec">;
  /** `strimzi.io/configuration-hash`: a hash of application.properties. */
  configurationHash: string;
  /** `strimzi.io/auth-hash`, when the Kafka clients load anything from Secrets. */
  authHash?: string;
}

/** The JVM settings as Strimzi passes them to the Bridge's start script (JvmOptionUtils). */
function jvmEnv(spec: KafkaBridge["spec"]): EnvVar[] {
  const jvm = spec.jvmOptions;
  const xx = jvm?.["-XX"] ?? {};
  const heap = [
    ...(jvm?.["-Xms"] ? [`-Xms${jvm["-Xms"]}`] : []),
    ...(jvm?.["-Xmx"] ? [`-Xmx${jvm["-Xmx"]}`] : []),
    ...["InitialRAMPercentage", "MaxRAMPercentage"].flatMap((k) => (xx[k] !== undefined ? [`-XX:${k}=${xx[k]}`] : [])),
  ];
  const env: EnvVar[] = [{ name: "STRIMZI_GC_LOG_ENABLED", value: String(jvm?.gcLoggingEnabled ?? false) }];
  const sizedByUser = jvm?.["-Xmx"] !== undefined || xx["InitialRAMPercentage"] !== undefined || xx["MaxRAMPercentage"] !== undefined;
  const memoryBounded = spec.resources?.requests?.["memory"] !== undefined || spec.resources?.limits?.["memory"] !== undefined;
  if (!sizedByUser && memoryBounded) env.push({ name: "STRIMZI_DYNAMIC_HEAP_PERCENTAGE", value: String(DYNAMIC_HEAP_PERCENTAGE) });
  else if (!sizedByUser && jvm?.["-Xms"] === undefined) heap.push(`-Xms${DEFAULT_XMS}`);
  if (heap.length > 0) env.push({ name: "KAFKA_HEAP_OPTS", value: heap.join(" ") });
  const performance = Object.keys(xx).filter((k) => k !== "InitialRAMPercentage" && k !== "MaxRAMPercentage").map((k) => {
    const value = xx[k];
    return value === "true" ? `-XX:+${k}` : value === "false" ? `-XX:-${k}` : `-XX:${k}=${value}`;
  });
  if (performance.length > 0) env.push({ name: "KAFKA_JVM_PERFORMANCE_OPTS", value: performance.join(" ") });
  const properties = (jvm?.javaSystemProperties ?? []).map((p) => `-D${p.name}=${p.value}`);
  if (properties.length > 0) env.push({ name: "STRIMZI_JAVA_SYSTEM_PROPERTIES", value: properties.join(" ") });
  return env;
}

function containerEnv(spec: KafkaBridge["spec"]): EnvVar[] {
  return withTemplateEnv(jvmEnv(spec), spec.template?.bridgeContainer?.env);
}

const httpProbe = (path: string, probe: Probe | undefined): NonNullable<Container["livenessProbe"]> =>
  httpGetProbe(path, MANAGEMENT_PORT_NAME, probeTiming(probe));

const secretVolume = (name: string, secretName: string): Volume => ({ name, secret: { secretName, defaultMode: DEFAULT_MODE } });

/** Volumes and their mounts, in the container's order. */
function volumes(bridge: Pick<KafkaBridge, "metadata" | "spec">): Array<{ volume: Volume; mount: VolumeMount }> {
  const { spec } = bridge;
  const name = bridge.metadata.name;
  const found: Array<{ volume: Volume; mount: VolumeMount }> = [
    { volume: { name: VOLUME.tmp, emptyDir: { medium: "Memory", sizeLimit: canonicalQuantity(spec.template?.pod?.tmpDirSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT) } }, mount: { name: VOLUME.tmp, mountPath: TMP_MOUNT } },
    {
      volume: { name: VOLUME.config, configMap: { name: bridgeConfigMapName(name), defaultMode: DEFAULT_MODE } },
      mount: { name: VOLUME.config, mountPath: CONFIG_MOUNT, readOnly: true },
    },
  ];
  if ((spec.tls?.trustedCertificates ?? []).length > 0) {
    found.push({ volume: secretVolume(VOLUME.trustedCerts, bridgeTrustedCertsSecretName(name)), mount: { name: VOLUME.trustedCerts, mountPath: TRUSTED_CERTS_MOUNT, readOnly: true } });
  }
  const auth = spec.authentication;
  const authSecret = auth?.type === "tls" ? auth.certificateAndKey.secretName : auth && auth.type !== "custom" ? auth.passwordSecret.secretName : undefined;
  if (authSecret !== undefined) {
    found.push({ volume: secretVolume(VOLUME.clientAuth, authSecret), mount: { name: VOLUME.clientAuth, mountPath: clientAuthDirectory(authSecret), readOnly: true } });
  }
  const httpSecret = spec.http?.tls?.certificateAndKey.secretName;
  if (httpSecret !== undefined) {
    // Strimzi names this volume after the Secret.
    found.push({ volume: secretVolume(httpSecret, httpSecret), mount: { name: httpSecret, mountPath: `${HTTP_CERTS_MOUNT}/${httpSecret}`, readOnly: true } });
  }
  const rackLabel = spec.rack ? rackLabelOnPod(spec.rack) : undefined;
  if (rackLabel !== undefined) {
    found.push({ volume: rackVolume(rackLabel, DEFAULT_MODE), mount: { name: RACK_VOLUME, mountPath: RACK_MOUNT, readOnly: true } });
  }
  return found;
}

function bridgeContainer(bridge: Pick<KafkaBridge, "metadata" | "spec">, mounts: readonly VolumeMount[]): Container {
  const { spec } = bridge;
  const containerTemplate = spec.template?.bridgeContainer;
  return {
    name: bridgeName(bridge.metadata.name),
    image: spec.image ?? DEFAULT_BRIDGE_IMAGE,
    imagePullPolicy: "IfNotPresent",
    command: [START_SCRIPT],
    env: containerEnv(spec),
    ports: [
      { name: REST_API_PORT_NAME, containerPort: spec.http?.port ?? DEFAULT_HTTP_PORT, protocol: "TCP" },
      { name: MANAGEMENT_PORT_NAME, containerPort: MANAGEMENT_PORT, protocol: "TCP" },
    ],
    resources: canonicalResources(spec.resources),
    volumeMounts: [...mounts, ...(containerTemplate?.volumeMounts ?? [])],
    livenessProbe: httpProbe("/healthy", spec.livenessProbe),
    readinessProbe: httpProbe("/ready", spec.readinessProbe),
    securityContext: containerTemplate?.securityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

function podSpec(bridge: Pick<KafkaBridge, "metadata" | "spec">): PodSpec {
  const template = bridge.spec.template?.pod ?? {};
  const found = volumes(bridge);
  const topologyKey = rackTopologyKey(bridge.spec.rack);
  const affinity = topologyKey !== undefined ? rackAffinity(template.affinity, topologyKey) : template.affinity;
  return {
    serviceAccountName: bridgeName(bridge.metadata.name),
    // The Bridge reads its Secrets from mounted files: it never calls the Kubernetes API.
    automountServiceAccountToken: false,
    securityContext: template.securityContext ?? { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds: template.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    containers: [bridgeContainer(bridge, found.map((f) => f.mount))],
    volumes: [...found.map((f) => f.volume), ...(template.volumes ?? [])],
    ...templatePodSettings(template, affinity),
  };
}

export function bridgeDeployment(input: BridgeDeploymentInput): Deployment {
  const { bridge } = input;
  const name = bridge.metadata.name;
  const template = bridge.spec.template;
  const deploymentMetadata = template?.deployment?.metadata;
  const podMetadata = template?.pod?.metadata;
  const annotations = sortKeys({ ...deploymentMetadata?.annotations });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: bridgeName(name),
      namespace: bridge.metadata.namespace,
      labels: sortKeys({ ...deploymentMetadata?.labels, ...bridgeLabels(name) }),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      replicas: bridge.spec.replicas,
      selector: { matchLabels: bridgeSelectorLabels(name) },
      // Strimzi's: a new pod is ready before an old one goes.
      strategy: template?.deployment?.deploymentStrategy === "Recreate"
        ? { type: "Recreate" }
        : { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: sortKeys({ ...podMetadata?.labels, ...bridgeLabels(name) }),
          annotations: sortKeys({
            ...podMetadata?.annotations,
            [ANNOTATION.configurationHash]: input.configurationHash,
            ...(input.authHash !== undefined ? { [ANNOTATION.authHash]: input.authHash } : {}),
          }),
        },
        spec: podSpec(bridge),
      },
    },
  };
}
