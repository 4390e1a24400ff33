// The workers' StrimziPodSet `<name>-connect`, pods `<name>-connect-<i>` (a
// KafkaMirrorMaker2's `<name>-mirrormaker2`), as Strimzi's
// KafkaConnectCluster.generatePodSet makes them, on the apache/kafka
// image: the configuration, start script and logging from the ConfigMap, the
// jars apache/kafka lacks (Strimzi's Secret config provider, metrics) from the
// kafka-extras init container, and a service account token for the provider.
// Our PodSet hook creates the pods (lib/sync/podset-sync.ts).
import type { KafkaConnect } from "../../api/kafka-connect.js";
import type { Container, EnvVar, PodSpec, Volume, VolumeMount } from "../../api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../../api/strimzi-podset.js";
import { httpGetProbe, canonicalResources } from "../../builders/deployment.js";
import { ownedChildMetadata } from "../../builders/metadata.js";
import { probeTiming, RESTRICTED_CONTAINER_SECURITY_CONTEXT, templatePodSettings } from "../../builders/pod-template.js";
import { EXTRA_JARS_MOUNT, KAFKA_EXTRAS_IMAGE_DIR, type ExtraJarFeature } from "../../kafka-files/extra-jars.js";
import { CONFIG_MOUNT, METRICS_PORT, TMP_MOUNT } from "../../kafka-files/paths.js";
import { LABEL } from "../../labels.js";
import { defaultKafkaImage, DEFAULT_KAFKA_VERSION } from "../../model/kafka-versions.js";
import { sortKeys } from "../../sort-keys.js";
import { canonicalQuantity } from "../../volumes/quantity.js";
import { rackAffinity } from "../brokers/rack-affinity.js";
import { KAFKA_UID } from "../brokers/kafka-pod.js";
import { RACK_VOLUME, rackLabelOnPod, rackTopologyKey, rackVolume } from "../kafka-clients/rack.js";
import type { ConnectFlavour } from "./flavour.js";
import { connectLabels, connectSelectorLabels } from "./labels.js";
import { METRICS_PORT_NAME, RACK_MOUNT, REST_API_PORT, REST_API_PORT_NAME, SERVICE_ACCOUNT_MOUNT, START_SCRIPT_KEY } from "./paths.js";

/** Strimzi's defaults: a 5Mi in-memory /tmp, 30 s to stop, probes from 60 s on. */
const DEFAULT_TMP_SIZE_LIMIT = "5Mi";
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
const DEFAULT_PROBE_DELAY_SECONDS = 60;
/** The API server's default mode of Secret, ConfigMap, projected and downward API volumes (0644). */
const DEFAULT_MODE = 420;

const VOLUME = {
  serviceAccount: "kube-api-access", tmp: "strimzi-tmp", config: "kafka-connect-configurations", extraJars: "kafka-extras",
} as const;

export interface ConnectPodSetInput {
  connect: Pick<KafkaConnect, "metadata" | "spec">;
  flavour: ConnectFlavour;
  /** Variables of the Connect container before the template's (a KafkaMirrorMaker2's cluster aliases). */
  env: readonly EnvVar[];
  /** The kafka-extras image as the nodes pull it. */
  kafkaExtrasImage: string;
  /** The kafka-extras features the workers load. */
  features: readonly ExtraJarFeature[];
  /** Annotations whose change must restart every worker (configuration and Secret hashes). */
  podAnnotations: Record<string, string>;
  /** The workers' image when not the spec's (a Connect build's), with the PodSet's annotations that record it. */
  built?: { image: string; podSetAnnotations: Record<string, string> };
}

/** Strimzi 1.2's token volume (VolumeUtils.createServiceAccountVolume): what the Secret config provider authenticates with. */
const serviceAccountVolume: Volume = {
  name: VOLUME.serviceAccount,
  projected: {
    defaultMode: DEFAULT_MODE,
    sources: [
      { serviceAccountToken: { path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  },
};

function volumes({ connect, flavour }: ConnectPodSetInput): Array<{ volume: Volume; mount: VolumeMount }> {
  const { spec } = connect;
  const found: Array<{ volume: Volume; mount: VolumeMount }> = [
    { volume: serviceAccountVolume, mount: { name: VOLUME.serviceAccount, mountPath: SERVICE_ACCOUNT_MOUNT, readOnly: true } },
    { volume: { name: VOLUME.tmp, emptyDir: { medium: "Memory", sizeLimit: canonicalQuantity(spec.template?.pod?.tmpDirSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT) } }, mount: { name: VOLUME.tmp, mountPath: TMP_MOUNT } },
    {
      volume: { name: VOLUME.config, configMap: { name: flavour.configMapName(connect.metadata.name), defaultMode: DEFAULT_MODE } },
      mount: { name: VOLUME.config, mountPath: CONFIG_MOUNT, readOnly: true },
    },
  ];
  const rackLabel = spec.rack ? rackLabelOnPod(spec.rack) : undefined;
  if (rackLabel !== undefined) found.push({ volume: rackVolume(rackLabel, DEFAULT_MODE), mount: { name: RACK_VOLUME, mountPath: RACK_MOUNT, readOnly: true } });
  found.push({ volume: { name: VOLUME.extraJars, emptyDir: {} }, mount: { name: VOLUME.extraJars, mountPath: EXTRA_JARS_MOUNT, readOnly: true } });
  return found;
}

/** Copies the kafka-extras features into the emptyDir the Connect container reads them from (docs/ARCHITECTURE.md, Extra jars). */
function extraJarsContainer(input: ConnectPodSetInput): Container {
  const template = input.connect.spec.template?.initContainer;
  return {
    name: "kafka-extras",
    image: input.kafkaExtrasImage,
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/cp", "-R", ...input.features.map((f) => `${KAFKA_EXTRAS_IMAGE_DIR}/${f}`), EXTRA_JARS_MOUNT],
    ...(template?.env && template.env.length > 0 ? { env: template.env } : {}),
    volumeMounts: [{ name: VOLUME.extraJars, mountPath: EXTRA_JARS_MOUNT }, ...(template?.volumeMounts ?? [])],
    securityContext: template?.securityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

function connectContainer({ connect, flavour, env: ours, built }: ConnectPodSetInput, mounts: readonly VolumeMount[]): Container {
  const { spec } = connect;
  const template = spec.template?.connectContainer;
  const env = [...ours, ...(template?.env ?? [])];
  const probe = (p: KafkaConnect["spec"]["livenessProbe"]) =>
    httpGetProbe("/health", REST_API_PORT_NAME, probeTiming(p ?? { initialDelaySeconds: DEFAULT_PROBE_DELAY_SECONDS }));
  return {
    name: flavour.componentName(connect.metadata.name),
    image: built?.image ?? connectImage(spec),
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/bash", `${CONFIG_MOUNT}/${START_SCRIPT_KEY}`],
    ...(env.length > 0 ? { env } : {}),
    ports: [
      { name: REST_API_PORT_NAME, containerPort: REST_API_PORT, protocol: "TCP" },
      ...(spec.metricsConfig ? [{ name: METRICS_PORT_NAME, containerPort: METRICS_PORT, protocol: "TCP" as const }] : []),
    ],
    resources: canonicalResources(spec.resources),
    volumeMounts: [...mounts, ...(template?.volumeMounts ?? [])],
    livenessProbe: probe(spec.livenessProbe),
    readinessProbe: probe(spec.readinessProbe),
    securityContext: template?.securityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

/** The workers' image without a build: the spec's, else apache/kafka of the version; a build starts from it. */
export function connectImage(spec: KafkaConnect["spec"]): string {
  return spec.image ?? defaultKafkaImage(spec.version ?? DEFAULT_KAFKA_VERSION);
}

function podSpec(input: ConnectPodSetInput): PodSpec {
  const { connect, flavour } = input;
  const template = connect.spec.template?.pod ?? {};
  const found = volumes(input);
  const topologyKey = rackTopologyKey(connect.spec.rack);
  const affinity = topologyKey !== undefined ? rackAffinity(template.affinity, topologyKey) : template.affinity;
  return {
    serviceAccountName: flavour.componentName(connect.metadata.name),
    // The token is mounted by its own volume, as Strimzi 1.2 does: only the Connect container reads it.
    automountServiceAccountToken: false,
    subdomain: flavour.componentName(connect.metadata.name),
    // apache/kafka's user by number, so that runAsNonRoot can be checked.
    securityContext: template.securityContext ?? { runAsUser: KAFKA_UID, runAsGroup: KAFKA_UID, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds: template.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    initContainers: [extraJarsContainer(input)],
    containers: [connectContainer(input, found.map((f) => f.mount))],
    volumes: [...found.map((f) => f.volume), ...(template.volumes ?? [])],
    ...templatePodSettings(template, affinity),
  };
}

export function connectPodSet(input: ConnectPodSetInput): StrimziPodSet {
  const { connect, flavour } = input;
  const name = connect.metadata.name;
  const podMetadata = connect.spec.template?.pod?.metadata;
  return {
    apiVersion: STRIMZI_PODSET_API_VERSION,
    kind: "StrimziPodSet",
    metadata: ownedChildMetadata(
      connect.metadata.namespace, flavour.componentName(name), connectLabels(flavour, name), connect.spec.template?.podSet?.metadata,
      input.built ? { annotations: input.built.podSetAnnotations } : {},
    ),
    spec: {
      selector: { matchLabels: connectSelectorLabels(flavour, name) },
      podTemplate: {
        metadata: {
          labels: sortKeys({ ...podMetadata?.labels, ...connectLabels(flavour, name) }),
          ...(podMetadata?.annotations ? { annotations: sortKeys(podMetadata.annotations) } : {}),
        },
        spec: podSpec(input),
      },
      pods: Array.from({ length: connect.spec.replicas }, (_, i) => {
        const pod = `${flavour.componentName(name)}-${i}`;
        return {
          metadata: { name: pod, labels: { [LABEL.podName]: pod, [LABEL.statefulSetPodName]: pod }, annotations: sortKeys(input.podAnnotations) },
          spec: { hostname: pod, volumes: [] },
        };
      }),
    },
  };
}
