// The optional companions of a Kafka cluster: entity operator, Cruise Control and
// Kafka Exporter. They are described in full, from the same shared parts as
// `spec.kafka`, so that a typo in them is reported like any other.
import { array, boolean, configMap, enumOf, integer, object, string } from "./combinators.js";
import {
  containerTemplate, deploymentTemplate, jvmOptions, logging, metricsConfig, podDisruptionBudgetTemplate, podTemplate,
  probe, resources, resourceTemplate, secretKeyRef, serviceTemplate,
} from "./common.js";

const image = string({ description: "Container image; the operator's default when unset." });

const entityOperatorCommon = {
  watchedNamespace: string({ description: "Namespace watched; the Kafka's own when unset." }),
  image,
  reconciliationIntervalMs: integer({ minimum: 0, description: "Milliseconds between periodic reconciliations." }),
  livenessProbe: probe("Liveness probe."),
  readinessProbe: probe("Readiness probe."),
  resources,
  logging,
  jvmOptions,
};

const topicOperator = object({
  ...entityOperatorCommon,
  startupProbe: probe("Startup probe."),
}, { description: "The topic operator, which manages KafkaTopics." });

const userOperator = object({
  ...entityOperatorCommon,
  secretPrefix: string({ description: "Prefix of the names of the users' Secrets." }),
}, { description: "The user operator, which manages KafkaUsers." });

export const entityOperator = object({
  topicOperator,
  userOperator,
  template: object({
    deployment: deploymentTemplate,
    pod: podTemplate,
    topicOperatorContainer: containerTemplate("The topic operator container."),
    userOperatorContainer: containerTemplate("The user operator container."),
    serviceAccount: resourceTemplate("The ServiceAccount."),
    podDisruptionBudget: podDisruptionBudgetTemplate,
    entityOperatorRole: resourceTemplate("The Role."),
    topicOperatorRoleBinding: resourceTemplate("The topic operator's RoleBinding."),
    userOperatorRoleBinding: resourceTemplate("The user operator's RoleBinding."),
  }, { description: "Templates of the entity operator's resources." }),
}, { description: "The topic and user operators." });

const cpu = (description: string) => string({ description, pattern: "^[0-9]+([.][0-9]{0,3}|[m]?)$" });
const throughput = (description: string) => string({ description, pattern: "^[0-9]+([KMG]i?)?B/s$" });

const capacity = {
  cpu: cpu("CPU capacity of a broker, in cores or millicores."),
  inboundNetwork: throughput("Inbound network capacity of a broker, e.g. 10000KiB/s."),
  outboundNetwork: throughput("Outbound network capacity of a broker, e.g. 10000KiB/s."),
};

export const cruiseControl = object({
  image,
  resources,
  livenessProbe: probe("Liveness probe."),
  readinessProbe: probe("Readiness probe."),
  jvmOptions,
  logging,
  template: object({
    deployment: deploymentTemplate,
    pod: podTemplate,
    apiService: serviceTemplate("The REST API Service."),
    podDisruptionBudget: podDisruptionBudgetTemplate,
    cruiseControlContainer: containerTemplate("The Cruise Control container."),
    serviceAccount: resourceTemplate("The ServiceAccount."),
  }, { description: "Templates of Cruise Control's resources." }),
  brokerCapacity: object({
    ...capacity,
    overrides: array(object({
      brokers: array(integer(), { description: "Node ids this capacity applies to." }),
      ...capacity,
    }, { required: ["brokers"] }), { description: "Capacities of particular brokers." }),
  }, { description: "Broker capacities Cruise Control plans with." }),
  config: configMap("Cruise Control properties."),
  // Strimzi refuses the Strimzi Metrics Reporter here; the shared metricsConfig
  // allows it, so that rule is left to the code that runs Cruise Control.
  metricsConfig,
  apiUsers: object({
    type: enumOf(["hashLoginService"], { description: "Format of the users file." }),
    valueFrom: object({ secretKeyRef }, { description: "The Secret key holding the users file." }),
  }, { required: ["type", "valueFrom"], description: "Extra users of the REST API." }),
  autoRebalance: array(object({
    mode: enumOf(["add-brokers", "remove-brokers"], { description: "When the rebalance runs." }),
    template: object({ name: string() }, { description: "The KafkaRebalance template to use." }),
  }, { required: ["mode"] }), { minItems: 1, description: "Rebalances run when brokers are added or removed." }),
}, { description: "Cruise Control, which balances partitions across brokers." });

export const kafkaExporter = object({
  image,
  groupRegex: string({ default: ".*", description: "Consumer groups to collect." }),
  topicRegex: string({ default: ".*", description: "Topics to collect." }),
  groupExcludeRegex: string({ description: "Consumer groups not to collect." }),
  topicExcludeRegex: string({ description: "Topics not to collect." }),
  resources,
  logging: string({ default: "info", description: "Log level: info, debug or trace." }),
  livenessProbe: probe("Liveness probe."),
  readinessProbe: probe("Readiness probe."),
  enableSaramaLogging: boolean({ description: "Whether the Kafka client library logs too." }),
  showAllOffsets: boolean({ description: "Whether offsets of every partition are shown." }),
  template: object({
    deployment: deploymentTemplate,
    pod: podTemplate,
    container: containerTemplate("The Kafka Exporter container."),
    serviceAccount: resourceTemplate("The ServiceAccount."),
    podDisruptionBudget: podDisruptionBudgetTemplate,
  }, { description: "Templates of Kafka Exporter's resources." }),
}, { description: "Kafka Exporter, which exposes consumer lag as Prometheus metrics." });
