// Schema of the `kafka.strimzi.io/v1` KafkaConnect: a Kafka Connect cluster,
// its workers in a StrimziPodSet, connecting to any Kafka cluster.
import { array, boolean, configMap, enumOf, integer, object, string } from "./combinators.js";
import {
  containerTemplate, jvmOptions, kafkaPodTemplate, logging, metadataTemplate, metricsConfig, podDisruptionBudgetTemplate, podTemplate, probe, resources,
  resourceTemplate, serviceTemplate,
} from "./common.js";
import { clientAuthentication, clientTls } from "./clients.js";
import { jmxOptions, KAFKA_API_VERSION, rack } from "./kafka.js";
import { resource } from "./resource.js";

/** Strimzi's pattern of a plugin's name: it becomes a directory and part of volume names. */
const PLUGIN_NAME = "^[a-z0-9][-_a-z0-9]*[a-z0-9]$";

const connectTemplate = object({
  podSet: resourceTemplate("The StrimziPodSet of the workers."),
  pod: kafkaPodTemplate,
  apiService: serviceTemplate("The REST API Service."),
  headlessService: serviceTemplate("The headless Service of the workers."),
  connectContainer: containerTemplate("The Connect container."),
  initContainer: containerTemplate("The init container."),
  podDisruptionBudget: podDisruptionBudgetTemplate,
  serviceAccount: resourceTemplate("The ServiceAccount."),
  clusterRoleBinding: resourceTemplate("The ClusterRoleBinding of the init container."),
  buildPod: podTemplate,
  buildContainer: containerTemplate("The build container."),
  buildConfig: object({
    metadata: metadataTemplate,
    pullSecret: string({ description: "Secret to pull the base image with (OpenShift builds)." }),
  }, { description: "The OpenShift BuildConfig." }),
  buildServiceAccount: resourceTemplate("The ServiceAccount of the build."),
  jmxSecret: resourceTemplate("The Secret with the JMX credentials."),
}, { description: "Templates of the Connect cluster's resources." });

const artifact = object({
  type: enumOf(["jar", "tgz", "zip", "maven", "other"], { description: "How the artifact is fetched and unpacked." }),
  url: string({ pattern: "^(https?|ftp)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]$", description: "Where a jar, tgz, zip or other artifact is downloaded from." }),
  sha512sum: string({ description: "SHA-512 of the download, checked before it is used." }),
  fileName: string({ description: "File name an `other` artifact is saved under." }),
  insecure: boolean({ description: "Whether the download skips TLS verification." }),
  group: string({ description: "Maven group id." }),
  artifact: string({ description: "Maven artifact id." }),
  version: string({ description: "Maven version." }),
  repository: string({ description: "Maven repository; Maven Central when unset." }),
  includeScope: enumOf(["compile", "provided", "runtime", "test", "system"], { description: "Which Maven dependencies come along." }),
  mirrors: array(object({ url: string({ description: "The mirror's address." }) }, { required: ["url"] }), { description: "Maven mirrors." }),
}, { required: ["type"], description: "One artifact of a plugin." });

const build = object({
  output: object({
    type: enumOf(["docker", "imagestream"], { description: "A container registry or an OpenShift ImageStream." }),
    image: string({ description: "The image the build pushes and the workers run." }),
    pushSecret: string({ description: "Secret with the registry credentials." }),
    additionalBuildOptions: array(string(), { description: "Options added to the build command." }),
    additionalPushOptions: array(string(), { description: "Options added to the push command." }),
  }, { required: ["image", "type"], description: "Where the built image goes." }),
  plugins: array(object({
    name: string({ pattern: PLUGIN_NAME, description: "The plugin's directory under /opt/kafka/plugins." }),
    artifacts: array(artifact, { description: "What the plugin is made of." }),
  }, { required: ["name", "artifacts"] }), { description: "Connector plugins built into the image." }),
  resources,
}, { required: ["output", "plugins"], description: "A container image built with the listed plugins, which the workers then run." });

const mountedPlugin = object({
  name: string({ pattern: PLUGIN_NAME, description: "The plugin's directory under /opt/kafka/plugins." }),
  artifacts: array(object({
    type: enumOf(["image"], { description: "The artifact's kind: an image mounted as a volume." }),
    reference: string({ description: "The image holding the plugin." }),
    pullPolicy: string({ description: "When the image is pulled." }),
  }, { required: ["reference", "type"] }), { description: "Images holding the plugin." }),
}, { required: ["name", "artifacts"] });

/** The workers' fields, also a KafkaMirrorMaker2's. */
export const CONNECT_WORKER_FIELDS = {
  resources,
  livenessProbe: probe("Liveness probe."),
  readinessProbe: probe("Readiness probe."),
  jvmOptions,
  jmxOptions,
  logging,
  clientRackInitImage: string({ description: "Image of the init container that reads the rack." }),
  rack,
  metricsConfig,
  tracing: object({
    type: enumOf(["opentelemetry"], { description: "The tracing system." }),
  }, { required: ["type"], description: "Tracing of the connectors' records." }),
  template: connectTemplate,
};

export const kafkaConnectSpec = object({
  version: string({ description: "Kafka version of the workers; the operator's default when unset." }),
  // Every worker is written into the PodSet: an unbounded count would make an answer of any size.
  replicas: integer({ minimum: 0, maximum: 400, description: "Number of workers (at most 400)." }),
  image: string({ description: "Container image of the workers; apache/kafka of the version when unset." }),
  bootstrapServers: string({ description: "host:port pairs of the Kafka cluster to connect to." }),
  groupId: string({ description: "The Connect cluster's group id." }),
  configStorageTopic: string({ description: "Topic the connectors' configurations are kept in." }),
  statusStorageTopic: string({ description: "Topic the connectors' and tasks' states are kept in." }),
  offsetStorageTopic: string({ description: "Topic the source connectors' offsets are kept in." }),
  tls: clientTls,
  authentication: clientAuthentication,
  config: configMap("Worker properties; group.id, the storage topics, ssl., sasl., security., listeners, plugin.path, rest., bootstrap.servers, the interceptor classes and prometheus.metrics.reporter. keys are ignored but ssl.endpoint.identification.algorithm, ssl.cipher.suites, ssl.protocol and ssl.enabled.protocols."),
  ...CONNECT_WORKER_FIELDS,
  build,
  plugins: array(mountedPlugin, { description: "Connector plugins mounted from images." }),
}, {
  required: ["replicas", "bootstrapServers", "groupId", "configStorageTopic", "statusStorageTopic", "offsetStorageTopic"],
  description: "A Kafka Connect cluster.",
});

export const kafkaConnectSchema = resource(KAFKA_API_VERSION, "KafkaConnect", kafkaConnectSpec);
