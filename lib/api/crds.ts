// The CustomResourceDefinitions of the kinds we serve, generated from our
// schemas (lib/api/schemas) so that what the API server accepts and what the
// hooks validate cannot drift apart. `make manifests` writes them to
// manifests/crds/; a test fails when those files are out of date.
import yaml from "js-yaml";
import type { ICustomResourceColumnDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceColumnDefinition";
import type { ICustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import type { ICustomResourceSubresourceScale } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceSubresourceScale";
import type { IJSONSchemaProps } from "kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps";
import { KAFKA_API_VERSION } from "./kafka.js";
import type { Schema } from "./schemas/combinators.js";
import { kafkaSchema } from "./schemas/kafka.js";
import { kafkaBridgeSchema } from "./schemas/kafka-bridge.js";
import { kafkaConnectSchema } from "./schemas/kafka-connect.js";
import { kafkaConnectorSchema } from "./schemas/kafka-connector.js";
import { kafkaMirrorMaker2Schema } from "./schemas/kafka-mirror-maker-2.js";
import { kafkaNodePoolSchema } from "./schemas/kafka-nodepool.js";
import { kafkaTopicSchema } from "./schemas/kafka-topic.js";
import { kafkaUserSchema } from "./schemas/kafka-user.js";
import { kafkaRebalanceSchema } from "./schemas/kafka-rebalance.js";
import { strimziPodSetSchema } from "./schemas/strimzi-podset.js";
import { STRIMZI_PODSET_API_VERSION } from "./strimzi-podset.js";

export type CustomResourceDefinition = ICustomResourceDefinition;
export type StructuralSchema = IJSONSchemaProps;

export interface CustomResource {
  apiVersion: string;
  kind: string;
  plural: string;
  shortName: string;
  schema: Schema;
  printerColumns: readonly ICustomResourceColumnDefinition[];
  scale?: ICustomResourceSubresourceScale;
}

const conditionStatus = (type: string): string => `.status.conditions[?(@.type=="${type}")].status`;

/** Names, short names and printer columns as Strimzi has them, so `kubectl get k,knp,sps,kb,kt` reads the same. */
export const CUSTOM_RESOURCES: readonly CustomResource[] = [
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "Kafka",
    plural: "kafkas",
    shortName: "k",
    schema: kafkaSchema,
    printerColumns: [
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the cluster is ready." },
      { name: "Warnings", type: "string", jsonPath: conditionStatus("Warning"), description: "Whether the cluster has warnings." },
      { name: "Kafka version", type: "string", jsonPath: ".status.kafkaVersion", description: "The Kafka version the cluster runs." },
      { name: "Metadata version", type: "string", jsonPath: ".status.kafkaMetadataVersion", description: "The KRaft metadata version the cluster uses." },
    ],
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaNodePool",
    plural: "kafkanodepools",
    shortName: "knp",
    schema: kafkaNodePoolSchema,
    printerColumns: [
      { name: "Desired replicas", type: "integer", jsonPath: ".spec.replicas", description: "Nodes the pool asks for." },
      { name: "Roles", type: "string", jsonPath: ".status.roles", description: "What the pool's nodes do." },
      { name: "NodeIds", type: "string", jsonPath: ".status.nodeIds", description: "Ids of the pool's nodes." },
    ],
    // `kubectl scale knp` and autoscalers; the pool hook writes both status fields.
    scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.labelSelector" },
  },
  {
    apiVersion: STRIMZI_PODSET_API_VERSION,
    kind: "StrimziPodSet",
    plural: "strimzipodsets",
    shortName: "sps",
    schema: strimziPodSetSchema,
    printerColumns: [
      { name: "Pods", type: "integer", jsonPath: ".status.pods", description: "Pods of the set." },
      { name: "Ready Pods", type: "integer", jsonPath: ".status.readyPods", description: "Pods of the set that are ready." },
      { name: "Current Pods", type: "integer", jsonPath: ".status.currentPods", description: "Pods of the set that run the current template." },
      { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp", description: "When the set was created." },
    ],
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaBridge",
    plural: "kafkabridges",
    shortName: "kb",
    schema: kafkaBridgeSchema,
    printerColumns: [
      { name: "Desired replicas", type: "integer", jsonPath: ".spec.replicas", description: "Bridge pods the resource asks for." },
      { name: "Bootstrap Servers", type: "string", jsonPath: ".spec.bootstrapServers", description: "The Kafka cluster the Bridge connects to.", priority: 1 },
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the Bridge is ready." },
    ],
    // `kubectl scale kb` and autoscalers; the Bridge hook writes both status fields.
    scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.labelSelector" },
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaConnect",
    plural: "kafkaconnects",
    shortName: "kc",
    schema: kafkaConnectSchema,
    printerColumns: [
      { name: "Desired replicas", type: "integer", jsonPath: ".spec.replicas", description: "Workers the resource asks for." },
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the Connect cluster is ready." },
    ],
    // `kubectl scale kc` and autoscalers; the Connect hook writes both status fields.
    scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.labelSelector" },
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaMirrorMaker2",
    plural: "kafkamirrormaker2s",
    shortName: "kmm2",
    schema: kafkaMirrorMaker2Schema,
    printerColumns: [
      { name: "Desired replicas", type: "integer", jsonPath: ".spec.replicas", description: "Workers the resource asks for." },
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the MirrorMaker 2 cluster is ready." },
    ],
    // `kubectl scale kmm2` and autoscalers; the MirrorMaker 2 hook writes both status fields.
    scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.labelSelector" },
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaTopic",
    plural: "kafkatopics",
    shortName: "kt",
    schema: kafkaTopicSchema,
    printerColumns: [
      { name: "Cluster", type: "string", jsonPath: ".metadata.labels.strimzi\\.io/cluster", description: "The Kafka cluster of the topic." },
      { name: "Partitions", type: "integer", jsonPath: ".spec.partitions", description: "Partitions the topic asks for." },
      { name: "Replication factor", type: "integer", jsonPath: ".spec.replicas", description: "Replicas of each partition the topic asks for." },
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the topic is ready." },
    ],
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaUser",
    plural: "kafkausers",
    shortName: "ku",
    schema: kafkaUserSchema,
    printerColumns: [
      { name: "Cluster", type: "string", jsonPath: ".metadata.labels.strimzi\\.io/cluster", description: "The Kafka cluster the user belongs to." },
      { name: "Authentication", type: "string", jsonPath: ".spec.authentication.type", description: "How the user authenticates." },
      { name: "Authorization", type: "string", jsonPath: ".spec.authorization.type", description: "How the user is authorized." },
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the user is ready." },
    ],
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaRebalance",
    plural: "kafkarebalances",
    shortName: "kr",
    schema: kafkaRebalanceSchema,
    printerColumns: [
      { name: "Cluster", type: "string", jsonPath: ".metadata.labels.strimzi\\.io/cluster", description: "The Kafka cluster the rebalance is for." },
      { name: "Template", type: "string", jsonPath: ".metadata.annotations.strimzi\\.io/rebalance-template", description: "Whether the resource is a template for auto-rebalancing." },
      // The state is the type of the condition that is True (New, PendingProposal, ProposalReady, ...).
      { name: "Status", type: "string", jsonPath: ".status.conditions[*].type", description: "The rebalance's state." },
    ],
  },
  {
    apiVersion: KAFKA_API_VERSION,
    kind: "KafkaConnector",
    plural: "kafkaconnectors",
    shortName: "kctr",
    schema: kafkaConnectorSchema,
    printerColumns: [
      { name: "Cluster", type: "string", jsonPath: ".metadata.labels.strimzi\\.io/cluster", description: "The Kafka Connect cluster the connector runs in." },
      { name: "Connector class", type: "string", jsonPath: ".spec.class", description: "The connector's class." },
      { name: "Max Tasks", type: "integer", jsonPath: ".spec.tasksMax", description: "The most tasks the connector may run." },
      { name: "Ready", type: "string", jsonPath: conditionStatus("Ready"), description: "Whether the connector is ready." },
    ],
    // As Strimzi's: `kubectl scale kctr` sets tasksMax; the sidecar writes status.tasksMax.
    scale: { specReplicasPath: ".spec.tasksMax", statusReplicasPath: ".status.tasksMax" },
  },
];

/** The API server sets and checks these itself, on every object. */
const ENVELOPE = new Set(["apiVersion", "kind", "metadata"]);

/**
 * A node of our schema as the API server wants it. Left out: `allOf` (the
 * hooks check conditional requirements and report them in the status),
 * `default` (the hooks apply defaults to a copy: stored objects stay as the user
 * wrote them, as with Strimzi, and a default can change without a migration),
 * whatever refines a free-form node, and the envelope.
 */
function reduce(schema: Schema, path: string): StructuralSchema {
  if (path === ".metadata") return { type: "object" };
  if (path === ".apiVersion" || path === ".kind") return { type: "string" };
  const {
    type, description, properties, required, items, additionalProperties,
    enum: values, pattern, minimum, maximum, minItems, minLength,
    default: _default, allOf: _rules, "x-kubernetes-preserve-unknown-fields": freeForm,
    ...unhandled
  } = schema;
  // A keyword added to Schema must be placed here or left out on purpose; one that
  // TypeBox writes outside our vocabulary (anyOf, const, patternProperties...) is refused.
  unhandled satisfies Record<string, never>;
  const at = path || "(root)";
  const stray = Object.keys(unhandled);
  if (stray.length > 0) throw new Error(`${at}: ${stray.join(", ")} is not in the structural subset our schemas keep to`);
  if (typeof type !== "string") throw new Error(`${at}: a CRD schema node has exactly one type, not ${JSON.stringify(type)}`);
  const node: StructuralSchema = { type };
  if (description) node.description = description;
  if (freeForm) return { ...node, "x-kubernetes-preserve-unknown-fields": true };
  if (properties && additionalProperties) throw new Error(`${at}: properties and additionalProperties exclude each other in a CRD`);
  if (values) node.enum = [...values];
  if (pattern !== undefined) node.pattern = pattern;
  if (minimum !== undefined) node.minimum = minimum;
  if (maximum !== undefined) node.maximum = maximum;
  if (minItems !== undefined) node.minItems = minItems;
  if (minLength !== undefined) node.minLength = minLength;
  const entries = Object.entries(properties ?? {});
  if (entries.length > 0) node.properties = Object.fromEntries(entries.map(([key, child]) => [key, reduce(child, `${path}.${key}`)]));
  const kept = (required ?? []).filter((name) => path !== "" || !ENVELOPE.has(name));
  if (kept.length > 0) node.required = kept;
  if (items) node.items = reduce(items, `${path}[]`);
  if (additionalProperties) node.additionalProperties = reduce(additionalProperties, `${path}.*`);
  return node;
}

export function structuralSchema(schema: Schema): StructuralSchema {
  return reduce(schema, "");
}

function groupAndVersion(apiVersion: string): [string, string] {
  const [group, version, ...rest] = apiVersion.split("/");
  if (!group || !version || rest.length > 0) throw new Error(`${apiVersion} is not group/version`);
  return [group, version];
}

export function customResourceDefinition(resource: CustomResource): CustomResourceDefinition {
  const [group, version] = groupAndVersion(resource.apiVersion);
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${resource.plural}.${group}`, labels: { "app.kubernetes.io/part-of": "kafka-hooks" } },
    spec: {
      group,
      names: {
        kind: resource.kind,
        listKind: `${resource.kind}List`,
        singular: resource.kind.toLowerCase(),
        plural: resource.plural,
        shortNames: [resource.shortName],
        categories: ["strimzi"],
      },
      scope: "Namespaced",
      versions: [{
        name: version,
        served: true,
        storage: true,
        subresources: { status: {}, ...(resource.scale ? { scale: resource.scale } : {}) },
        additionalPrinterColumns: [...resource.printerColumns],
        schema: { openAPIV3Schema: structuralSchema(resource.schema) },
      }],
    },
  };
}

export function customResourceDefinitions(): CustomResourceDefinition[] {
  return CUSTOM_RESOURCES.map(customResourceDefinition);
}

export interface ManifestFile {
  /** Path under manifests/crds/. */
  name: string;
  text: string;
}

const HEADER = "# Generated by `make manifests` from lib/api/schemas: do not edit.\n";

/** manifests/crds/ as `make manifests` writes it: one file per CRD and the kustomization listing them. */
export function crdManifestFiles(): ManifestFile[] {
  const crds = customResourceDefinitions().map((crd) => ({
    name: `${crd.metadata?.name}.yaml`,
    text: HEADER + yaml.dump(crd, { lineWidth: -1, noRefs: true }),
  }));
  const kustomization = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: crds.map((file) => file.name),
  };
  return [...crds, { name: "kustomization.yaml", text: HEADER + yaml.dump(kustomization, { lineWidth: -1 }) }];
}
