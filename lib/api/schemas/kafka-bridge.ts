// Schema of the `kafka.strimzi.io/v1` KafkaBridge: Strimzi's HTTP Bridge, a
// REST front of a Kafka cluster run as a Deployment.
import { array, boolean, configMap, enumOf, integer, object, string } from "./combinators.js";
import {
  containerTemplate, deploymentTemplate, jvmOptions, logging, metricsConfig, podDisruptionBudgetTemplate, podTemplate, probe,
  resources, resourceTemplate, serviceTemplate,
} from "./common.js";
import { certificateAndKey, clientAuthentication, clientTls } from "./clients.js";
import { KAFKA_API_VERSION, rack } from "./kafka.js";
import { resource } from "./resource.js";

const http = object({
  port: integer({ minimum: 1023, default: 8080, description: "Port the REST API listens on." }),
  tls: object({
    certificateAndKey: certificateAndKey("The server certificate and key of the REST API."),
    config: configMap("Properties of the HTTP server's TLS; ssl. keys but ssl.enabled.cipher.suites and ssl.enabled.protocols are ignored."),
  }, { required: ["certificateAndKey"], description: "HTTPS for the REST API." }),
  cors: object({
    allowedOrigins: array(string(), { description: "Origins allowed to call the REST API." }),
    allowedMethods: array(string(), { description: "HTTP methods allowed." }),
  }, { required: ["allowedOrigins", "allowedMethods"], description: "Cross-origin resource sharing." }),
}, { description: "The REST API." });

const clientConfig = (description: string) => configMap(
  `${description} properties; ssl., sasl., security. and bootstrap.servers keys are ignored but ssl.endpoint.identification.algorithm, ssl.cipher.suites, ssl.protocol and ssl.enabled.protocols.`,
);

const template = object({
  deployment: deploymentTemplate,
  pod: podTemplate,
  apiService: serviceTemplate("The REST API Service."),
  podDisruptionBudget: podDisruptionBudgetTemplate,
  bridgeContainer: containerTemplate("The Bridge container."),
  clusterRoleBinding: resourceTemplate("The ClusterRoleBinding of the init container."),
  serviceAccount: resourceTemplate("The ServiceAccount."),
  initContainer: containerTemplate("The init container."),
}, { description: "Templates of the Bridge's resources." });

export const kafkaBridgeSpec = object({
  replicas: integer({ minimum: 0, description: "Number of Bridge pods." }),
  image: string({ description: "Container image; Strimzi's Bridge image when unset." }),
  bootstrapServers: string({ description: "host:port pairs of the Kafka cluster to connect to." }),
  tls: clientTls,
  authentication: clientAuthentication,
  http,
  adminClient: object({ config: clientConfig("Admin client") }, { description: "The Bridge's Kafka admin client." }),
  consumer: object({
    enabled: boolean({ default: true, description: "Whether the REST API serves consumers." }),
    timeoutSeconds: integer({ default: -1, description: "Seconds after which an inactive consumer is deleted; -1 never." }),
    config: configMap("Consumer properties; ssl., sasl., security., bootstrap.servers and group.id keys are ignored but ssl.endpoint.identification.algorithm, ssl.cipher.suites, ssl.protocol and ssl.enabled.protocols."),
  }, { description: "The Bridge's Kafka consumers." }),
  producer: object({
    enabled: boolean({ default: true, description: "Whether the REST API serves producers." }),
    config: clientConfig("Producer"),
  }, { description: "The Bridge's Kafka producers." }),
  resources,
  jvmOptions,
  logging,
  clientRackInitImage: string({ description: "Image of the init container that reads the rack." }),
  rack,
  metricsConfig,
  livenessProbe: probe("Liveness probe."),
  readinessProbe: probe("Readiness probe."),
  template,
  tracing: object({
    type: enumOf(["opentelemetry"], { description: "The tracing system." }),
  }, { required: ["type"], description: "Tracing of the Bridge's requests." }),
  config: configMap("Bridge properties; kafka., http. and bridge.metrics. keys, bridge.id, bridge.tracing and bridge.metrics are ignored."),
}, { required: ["replicas", "bootstrapServers"], description: "An HTTP Bridge to a Kafka cluster." });

export const kafkaBridgeSchema = resource(KAFKA_API_VERSION, "KafkaBridge", kafkaBridgeSpec);
