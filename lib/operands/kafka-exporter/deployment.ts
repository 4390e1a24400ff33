// Kafka Exporter's Deployment, as Strimzi's KafkaExporter model builds it, on the
// upstream danielqsj/kafka-exporter image: Strimzi's start script
// (kafka_exporter_run.sh) turns its environment into kafka_exporter's flags; the
// upstream image's entrypoint is kafka_exporter itself, so the flags the script
// would pass are the container's arguments.
import type { Probe } from "../../api/common.js";
import type { Container, Deployment, PodSpec } from "../../api/kubernetes.js";
import { certificateRollAnnotations, deployment, httpGetProbe, secretVolume, templatedPodSpec } from "../../builders/deployment.js";
import { childMetadata } from "../../builders/metadata.js";
import { clientCertificateKeys } from "../../certificates/node-certificates.js";
import { TRUST_BUNDLE_KEY } from "../../certificates/certificate-authorities.js";
import { shortHash } from "../../hash.js";
import { METRICS_PORT, REPLICATION_PORT } from "../../kafka-files/paths.js";
import { componentLabels, LABEL } from "../../labels.js";
import { bootstrapServiceName, clientCertsSecretName, operandComponentName, trustBundleName } from "../../names.js";
import { KAFKA_EXPORTER, type KafkaExporterInput } from "./input.js";

/** The release Strimzi 1.2 ships in its Kafka image (docker-images/kafka-based/kafka/Dockerfile). */
export const DEFAULT_KAFKA_EXPORTER_IMAGE = "danielqsj/kafka-exporter:v1.9.0";
export const METRICS_PORT_NAME = "tcp-prometheus";

const CLUSTER_CA_MOUNT = "/etc/kafka-exporter/cluster-ca-certs/";
const CERTS_MOUNT = "/etc/kafka-exporter/kafka-exporter-certs/";
const TMP_MOUNT = "/tmp";
const VOLUME = { tmp: "strimzi-tmp", clusterCa: "cluster-ca-certs", certs: "kafka-exporter-certs" } as const;
/** Strimzi's size of a component's memory-backed /tmp (VolumeUtils.STRIMZI_TMP_DIRECTORY_DEFAULT_SIZE). */
const DEFAULT_TMP_SIZE_LIMIT = "5Mi";
/** The upstream image runs as `nobody`. */
const NOBODY = 65534;

/** Strimzi's probe defaults for the exporter (KafkaExporter.DEFAULT_HEALTHCHECK_*); a probe in the spec replaces them whole. */
const DEFAULT_PROBE: Required<Probe> = { initialDelaySeconds: 15, timeoutSeconds: 15, periodSeconds: 30, successThreshold: 1, failureThreshold: 3 };
const probeOptions = (probe: Probe | undefined): Required<Probe> =>
  (probe === undefined ? DEFAULT_PROBE : {
    initialDelaySeconds: probe.initialDelaySeconds ?? 15,
    timeoutSeconds: probe.timeoutSeconds ?? 5,
    periodSeconds: probe.periodSeconds ?? 10,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  });

/** `logging` as kafka_exporter's verbosity (KafkaExporter.loggingMapping): anything else is info. */
const VERBOSITY: Record<string, number> = { info: 0, debug: 1, trace: 2 };

/** Where the container finds its files: the trust bundle's cluster CA, its certificate and key. */
export const KAFKA_EXPORTER_FILES = {
  clusterCa: `${CLUSTER_CA_MOUNT}${TRUST_BUNDLE_KEY["cluster-ca"]}`,
  certificate: `${CERTS_MOUNT}${clientCertificateKeys(KAFKA_EXPORTER).certificate}`,
  privateKey: `${CERTS_MOUNT}${clientCertificateKeys(KAFKA_EXPORTER).privateKey}`,
} as const;

/** kafka_exporter's flags, in the order Strimzi's start script passes them. */
export function kafkaExporterArgs({ cluster, spec, kafkaVersion }: Pick<KafkaExporterInput, "cluster" | "spec" | "kafkaVersion">): string[] {
  return [
    `--group.filter=${spec.groupRegex ?? ".*"}`,
    `--topic.filter=${spec.topicRegex ?? ".*"}`,
    ...(spec.groupExcludeRegex ? [`--group.exclude=${spec.groupExcludeRegex}`] : []),
    ...(spec.topicExcludeRegex ? [`--topic.exclude=${spec.topicExcludeRegex}`] : []),
    "--tls.enabled",
    `--tls.ca-file=${KAFKA_EXPORTER_FILES.clusterCa}`,
    `--tls.cert-file=${KAFKA_EXPORTER_FILES.certificate}`,
    `--tls.key-file=${KAFKA_EXPORTER_FILES.privateKey}`,
    `--kafka.server=${bootstrapServiceName(cluster.name)}:${REPLICATION_PORT}`,
    ...(spec.enableSaramaLogging === true ? ["--log.enable-sarama"] : []),
    `--web.listen-address=:${METRICS_PORT}`,
    ...(spec.showAllOffsets === false ? ["--no-offset.show-all"] : []),
    `--verbosity=${VERBOSITY[(spec.logging ?? "info").toLowerCase()] ?? 0}`,
    `--kafka.version=${kafkaVersion}`,
  ];
}

function container(input: KafkaExporterInput): Container {
  const { cluster, spec } = input;
  const template = spec.template?.container;
  const env = template?.env ?? [];
  return {
    name: operandComponentName(cluster.name, KAFKA_EXPORTER),
    image: spec.image ?? DEFAULT_KAFKA_EXPORTER_IMAGE,
    args: kafkaExporterArgs(input),
    ports: [{ name: METRICS_PORT_NAME, containerPort: METRICS_PORT, protocol: "TCP" }],
    ...(env.length > 0 ? { env } : {}),
    ...(spec.resources ? { resources: spec.resources } : {}),
    livenessProbe: httpGetProbe("/healthz", METRICS_PORT_NAME, probeOptions(spec.livenessProbe)),
    readinessProbe: httpGetProbe("/healthz", METRICS_PORT_NAME, probeOptions(spec.readinessProbe)),
    volumeMounts: [
      { name: VOLUME.tmp, mountPath: TMP_MOUNT },
      { name: VOLUME.clusterCa, mountPath: CLUSTER_CA_MOUNT },
      { name: VOLUME.certs, mountPath: CERTS_MOUNT },
      ...(template?.volumeMounts ?? []),
    ],
    securityContext: template?.securityContext ?? {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    },
  };
}

function podSpec(input: KafkaExporterInput): PodSpec {
  const { cluster, spec } = input;
  const template = spec.template?.pod;
  return templatedPodSpec(template, {
    serviceAccountName: operandComponentName(cluster.name, KAFKA_EXPORTER),
    containers: [container(input)],
    volumes: [
      { name: VOLUME.tmp, emptyDir: { medium: "Memory", sizeLimit: template?.tmpDirSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT } },
      secretVolume(VOLUME.clusterCa, trustBundleName(cluster.name)),
      secretVolume(VOLUME.certs, clientCertsSecretName(cluster.name, KAFKA_EXPORTER)),
    ],
    securityContext: { runAsUser: NOBODY, runAsGroup: NOBODY, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  });
}

/** The labels the Deployment selects its pods by (Strimzi's strimziSelectorLabels), the ones the Kafka's network policy admits. */
export function kafkaExporterSelector(cluster: string): Record<string, string> {
  return { [LABEL.cluster]: cluster, [LABEL.kind]: "Kafka", [LABEL.name]: operandComponentName(cluster, KAFKA_EXPORTER) };
}

export function kafkaExporterDeployment(input: KafkaExporterInput, certificatePem: string): Deployment {
  const { cluster, spec, clusterCa } = input;
  const template = spec.template;
  return deployment({
    metadata: childMetadata(cluster, operandComponentName(cluster.name, KAFKA_EXPORTER), { component: KAFKA_EXPORTER, template: template?.deployment?.metadata }),
    replicas: 1,
    strategy: template?.deployment?.deploymentStrategy ?? "RollingUpdate",
    selector: kafkaExporterSelector(cluster.name),
    pod: {
      labels: { ...template?.pod?.metadata?.labels, ...componentLabels(cluster.name, KAFKA_EXPORTER) },
      annotations: certificateRollAnnotations(template?.pod?.metadata?.annotations, clusterCa, shortHash(certificatePem)),
      spec: podSpec(input),
    },
  });
}
