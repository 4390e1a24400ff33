// Our schemas against Strimzi's own v1 CRDs: every field we describe exists in
// Strimzi's with the same type, enum, minimum, pattern and required fields, and
// every Strimzi field we lack lies below a subtree we made free-form on purpose.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import t from "tap";
import type { Schema } from "../../lib/api/schemas/combinators.js";
import { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { kafkaBridgeSchema } from "../../lib/api/schemas/kafka-bridge.js";
import { kafkaConnectSchema } from "../../lib/api/schemas/kafka-connect.js";
import { kafkaTopicSchema } from "../../lib/api/schemas/kafka-topic.js";
import { kafkaNodePoolSchema } from "../../lib/api/schemas/kafka-nodepool.js";
import { kafkaUserSchema } from "../../lib/api/schemas/kafka-user.js";
import { kafkaRebalanceSchema } from "../../lib/api/schemas/kafka-rebalance.js";
import { kafkaConnectorSchema } from "../../lib/api/schemas/kafka-connector.js";
import { kafkaMirrorMaker2Schema } from "../../lib/api/schemas/kafka-mirror-maker-2.js";
import { sharedDir } from "../helpers/paths.js";

interface OpenApiNode {
  type?: string | readonly string[];
  description?: string;
  enum?: readonly string[];
  minimum?: number;
  pattern?: string;
  required?: readonly string[];
  properties?: Readonly<Record<string, OpenApiNode>>;
  additionalProperties?: OpenApiNode | boolean;
  items?: OpenApiNode;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
}

interface Crd {
  spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: OpenApiNode } }> };
}

function strimziSchema(file: string): OpenApiNode {
  const crd = yaml.load(readFileSync(join(sharedDir, "strimzi-reference", "crds", file), "utf8")) as Crd;
  const v1 = crd.spec.versions.find((v) => v.name === "v1");
  if (!v1) throw new Error(`${file} has no v1 version`);
  return v1.schema.openAPIV3Schema;
}

/** Every node under `spec`, by path: `[]` for array items, `.*` for map values. Free-form nodes are leaves. */
function nodesOf(root: OpenApiNode): Map<string, OpenApiNode> {
  const nodes = new Map<string, OpenApiNode>();
  const walk = (node: OpenApiNode, path: string): void => {
    nodes.set(path, node);
    if (node["x-kubernetes-preserve-unknown-fields"]) return;
    for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${key}`);
    if (node.items) walk(node.items, `${path}[]`);
    if (typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.*`);
  };
  const spec = root.properties?.spec;
  if (spec) walk(spec, "spec");
  return nodes;
}

const asNode = (schema: Schema): OpenApiNode => schema as OpenApiNode;

const POD_FREE_FORM = ["imagePullSecrets[]", "securityContext", "affinity", "tolerations[]", "topologySpreadConstraints[]", "hostAliases[]", "dnsConfig", "volumes[]"];
// Only pods made from a StrimziPodSet have templated volumes.
const KAFKA_POD_FREE_FORM = [...POD_FREE_FORM, "templatedVolumes[]"];
const CONTAINER_FREE_FORM = ["env[]", "securityContext", "volumeMounts[]"];
const under = (parents: readonly string[], children: readonly string[]): string[] => parents.flatMap((p) => children.map((c) => `${p}.${c}`));

// The Strimzi subtrees we keep free-form: embedded Kubernetes types, which
// Kubernetes validates when the Pod or Service is made from them.
const FREE_FORM = {
  Kafka: [
    ...under(["spec.kafka.template.pod"], KAFKA_POD_FREE_FORM),
    ...under(["spec.entityOperator.template.pod", "spec.cruiseControl.template.pod", "spec.kafkaExporter.template.pod"], POD_FREE_FORM),
    ...under([
      "spec.kafka.template.kafkaContainer", "spec.kafka.template.initContainer",
      "spec.entityOperator.template.topicOperatorContainer", "spec.entityOperator.template.userOperatorContainer",
      "spec.cruiseControl.template.cruiseControlContainer", "spec.kafkaExporter.template.container",
    ], CONTAINER_FREE_FORM),
    "spec.entityOperator.topicOperator.resources",
    "spec.entityOperator.userOperator.resources",
    "spec.cruiseControl.resources",
    "spec.kafkaExporter.resources",
    "spec.kafka.listeners[].networkPolicyPeers[]",
  ],
  KafkaNodePool: [
    ...under(["spec.template.pod"], KAFKA_POD_FREE_FORM),
    ...under(["spec.template.kafkaContainer", "spec.template.initContainer"], CONTAINER_FREE_FORM),
    "spec.resources",
  ],
  KafkaBridge: [
    ...under(["spec.template.pod"], POD_FREE_FORM),
    ...under(["spec.template.bridgeContainer", "spec.template.initContainer"], CONTAINER_FREE_FORM),
    "spec.resources",
  ],
  KafkaConnect: [
    ...under(["spec.template.pod"], KAFKA_POD_FREE_FORM),
    ...under(["spec.template.buildPod"], POD_FREE_FORM),
    ...under(["spec.template.connectContainer", "spec.template.initContainer", "spec.template.buildContainer"], CONTAINER_FREE_FORM),
    "spec.resources",
    "spec.build.resources",
  ],
  // The same workers as KafkaConnect's, so the same free-form subtrees.
  KafkaMirrorMaker2: [
    ...under(["spec.template.pod"], KAFKA_POD_FREE_FORM),
    ...under(["spec.template.buildPod"], POD_FREE_FORM),
    ...under(["spec.template.connectContainer", "spec.template.initContainer", "spec.template.buildContainer"], CONTAINER_FREE_FORM),
    "spec.resources",
  ],
  KafkaTopic: [],
  KafkaUser: [],
  KafkaRebalance: [],
  KafkaConnector: [],
};

const cases = [
  { kind: "Kafka" as const, ours: kafkaSchema, strimzi: strimziSchema("040-Crd-kafka.yaml") },
  { kind: "KafkaNodePool" as const, ours: kafkaNodePoolSchema, strimzi: strimziSchema("045-Crd-kafkanodepool.yaml") },
  { kind: "KafkaBridge" as const, ours: kafkaBridgeSchema, strimzi: strimziSchema("046-Crd-kafkabridge.yaml") },
  { kind: "KafkaConnect" as const, ours: kafkaConnectSchema, strimzi: strimziSchema("041-Crd-kafkaconnect.yaml") },
  { kind: "KafkaMirrorMaker2" as const, ours: kafkaMirrorMaker2Schema, strimzi: strimziSchema("048-Crd-kafkamirrormaker2.yaml") },
  { kind: "KafkaTopic" as const, ours: kafkaTopicSchema, strimzi: strimziSchema("043-Crd-kafkatopic.yaml") },
  { kind: "KafkaUser" as const, ours: kafkaUserSchema, strimzi: strimziSchema("044-Crd-kafkauser.yaml") },
  { kind: "KafkaRebalance" as const, ours: kafkaRebalanceSchema, strimzi: strimziSchema("049-Crd-kafkarebalance.yaml") },
  { kind: "KafkaConnector" as const, ours: kafkaConnectorSchema, strimzi: strimziSchema("047-Crd-kafkaconnector.yaml") },
];

for (const { kind, ours, strimzi } of cases) {
  const ourNodes = nodesOf(asNode(ours));
  const theirNodes = nodesOf(strimzi);

  t.test(`${kind}: every field we describe is Strimzi's, with the same rules`, async (t) => {
    const differences: string[] = [];
    for (const [path, node] of ourNodes) {
      const theirs = theirNodes.get(path);
      if (!theirs) {
        differences.push(`${path}: not in Strimzi's CRD`);
        continue;
      }
      const same = (what: string, a: unknown, b: unknown) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${path}: ${what} ${JSON.stringify(a)}, Strimzi ${JSON.stringify(b)}`);
      };
      same("type", node.type, theirs.type);
      same("enum", node.enum, theirs.enum);
      if (theirs.minimum !== undefined) same("minimum", node.minimum, theirs.minimum);
      if (theirs.pattern !== undefined) same("pattern", node.pattern, theirs.pattern);
      const missingRequired = (theirs.required ?? []).filter((r) => !node.required?.includes(r));
      if (missingRequired.length > 0) differences.push(`${path}: does not require ${missingRequired.join(", ")}`);
      if (node.description !== undefined && node.description === theirs.description) differences.push(`${path}: description copied from Strimzi`);
    }
    t.strictSame(differences, []);
  });

  t.test(`${kind}: Strimzi fields we lack are exactly below our free-form subtrees`, async (t) => {
    const roots = new Set<string>();
    for (const path of theirNodes.keys()) {
      if (ourNodes.has(path)) continue;
      let parent = path;
      while (!ourNodes.has(parent)) parent = parent.replace(/(\[\]|\.[^.[]+)$/, "");
      roots.add(parent);
    }
    t.strictSame([...roots].sort(), [...FREE_FORM[kind]].sort());
    for (const root of roots) t.equal(ourNodes.get(root)?.["x-kubernetes-preserve-unknown-fields"], true, `${root} is free-form`);
  });
}
