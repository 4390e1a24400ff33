// The generated CRDs: current on disk, structural, small enough for kubectl's
// last-applied annotation, named as Strimzi names them, accepting every Strimzi
// example and every StrimziPodSet the Kafka hook builds without pruning a field.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import t from "tap";
import Type from "typebox";
import { crdManifestFiles, customResourceDefinitions, structuralSchema, type CustomResourceDefinition, type StructuralSchema } from "../../lib/api/crds.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { Schema } from "../../lib/api/schemas/combinators.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { nextRequest } from "../helpers/observe.js";
import { repoRoot, sharedDir } from "../helpers/paths.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import { readDocuments, yamlFilesUnder } from "./documents.js";

type Node = Record<string, unknown>;

const crds = customResourceDefinitions();
const crdsDir = join(repoRoot, "manifests", "crds");
const nameOf = (crd: CustomResourceDefinition): string => crd.metadata?.name ?? "";
const openApiSchema = (crd: CustomResourceDefinition): StructuralSchema => crd.spec.versions[0]?.schema?.openAPIV3Schema ?? {};
const crdNamed = (name: string): CustomResourceDefinition => {
  const crd = crds.find((c) => nameOf(c) === name);
  if (!crd) throw new Error(`no CRD ${name}`);
  return crd;
};

t.test("manifests/crds/ is what `make manifests` writes now", async (t) => {
  const files = crdManifestFiles();
  t.strictSame(readdirSync(crdsDir).sort(), files.map((f) => f.name).sort(), "no file missing, none left over");
  for (const file of files) t.equal(readFileSync(join(crdsDir, file.name), "utf8"), file.text, `${file.name} is current: run make manifests`);
});

const OPENAPI_TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);
const KEYWORDS = new Set([
  "type", "description", "properties", "required", "additionalProperties", "items", "enum", "pattern",
  "minimum", "maximum", "minItems", "minLength", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
]);
// Go's regexp (RE2), which the API server compiles patterns with, has no lookaround and no backreferences.
const NOT_RE2 = /\(\?[=!<]|\\[1-9]/;

/** Kubernetes' structural-schema rules, and ours: nothing the API server would drop or refuse. */
function structuralViolations(node: Node, path: string, found: string[] = []): string[] {
  const at = path || "(root)";
  for (const key of Object.keys(node)) if (!KEYWORDS.has(key)) found.push(`${at}: keyword ${key}`);
  const typeless = node["x-kubernetes-int-or-string"] === true || node["x-kubernetes-preserve-unknown-fields"] === true;
  if (!(typeof node.type === "string" && OPENAPI_TYPES.has(node.type)) && !typeless) found.push(`${at}: type ${JSON.stringify(node.type)}`);
  if ("additionalProperties" in node && typeof node.additionalProperties !== "object") found.push(`${at}: additionalProperties ${JSON.stringify(node.additionalProperties)}`);
  if (node.properties && node.additionalProperties) found.push(`${at}: both properties and additionalProperties`);
  const properties = (node.properties ?? {}) as Record<string, Node>;
  if (node.properties && Object.keys(properties).length === 0) found.push(`${at}: empty properties`);
  for (const name of (node.required ?? []) as string[]) if (!(name in properties)) found.push(`${at}: requires undeclared ${name}`);
  if (typeof node.pattern === "string" && NOT_RE2.test(node.pattern)) found.push(`${at}: pattern ${node.pattern} is not RE2`);
  if (Array.isArray(node.enum) && node.enum.some((v) => typeof v !== node.type)) found.push(`${at}: enum values are not ${String(node.type)}`);
  for (const [key, child] of Object.entries(properties)) structuralViolations(child, `${path}.${key}`, found);
  if (node.items) structuralViolations(node.items as Node, `${path}[]`, found);
  if (typeof node.additionalProperties === "object") structuralViolations(node.additionalProperties as Node, `${path}.*`, found);
  return found;
}

for (const crd of crds) {
  const name = nameOf(crd);
  t.test(`${name}: structural, and far below the 256 KiB of kubectl's last-applied annotation`, async (t) => {
    const schema = openApiSchema(crd) as Node;
    t.strictSame(structuralViolations(schema, ""), []);
    t.strictSame((schema.properties as Record<string, Node>).metadata, { type: "object" }, "metadata left to the API server");
    const kib = Buffer.byteLength(JSON.stringify(crd)) / 1024;
    t.comment(`${name}: ${kib.toFixed(1)} KiB as JSON`);
    t.ok(kib < 128, `${kib.toFixed(1)} KiB`);
  });
}

t.test("the structural checker and the generator refuse what the API server would (the oracle can fail)", async (t) => {
  const broken: Node = {
    type: "object",
    properties: {
      a: { $ref: "#/x" },
      b: { type: "object", properties: {} },
      c: { type: "object", additionalProperties: false },
      d: { type: "string", default: "x" },
      e: { type: "string", pattern: "^(?!x)" },
    },
    required: ["z"],
  };
  t.strictSame(structuralViolations(broken, ""), [
    "(root): requires undeclared z",
    ".a: keyword $ref",
    ".a: type undefined",
    ".b: empty properties",
    ".c: additionalProperties false",
    ".d: keyword default",
    ".e: pattern ^(?!x) is not RE2",
  ]);
  const multiType: Schema = { type: "object", properties: { v: { type: ["string", "number"] } } };
  t.throws(() => structuralSchema(multiType), /\.v: a CRD schema node has exactly one type/);
  // TypeBox's own record is a patternProperties node: written with map(), never Type.Record.
  const record: Schema = { type: "object", properties: { v: Type.Record(Type.String(), Type.String()) as Schema } };
  t.throws(() => structuralSchema(record), /^\.v: patternProperties is not in the structural subset our schemas keep to$/);
});

interface StrimziCrd {
  metadata: { name: string };
  spec: CustomResourceDefinition["spec"];
}

const strimziCrds = yamlFilesUnder(join(sharedDir, "strimzi-reference", "crds"))
  .flatMap(readDocuments).map((d) => d.object as unknown as StrimziCrd);

for (const crd of crds) {
  const name = nameOf(crd);
  t.test(`${name}: names, subresources and printer columns as Strimzi has them`, async (t) => {
    const strimzi = strimziCrds.find((c) => c.metadata.name === name);
    if (!strimzi) throw new Error(`Strimzi has no CRD ${name}`);
    t.equal(crd.spec.group, strimzi.spec.group);
    t.equal(crd.spec.scope, strimzi.spec.scope);
    t.strictSame(crd.spec.names, strimzi.spec.names);
    const [ours] = crd.spec.versions;
    const [theirs] = strimzi.spec.versions;
    t.strictSame([ours?.name, ours?.served, ours?.storage], [theirs?.name, theirs?.served, theirs?.storage]);
    t.strictSame(ours?.subresources, theirs?.subresources);
    t.strictSame(ours?.schema?.openAPIV3Schema?.required, theirs?.schema?.openAPIV3Schema?.required, "the envelope is the API server's");
    const columns = (v: typeof ours) => (v?.additionalPrinterColumns ?? []).map((c) => `${c.name} ${c.type} ${c.jsonPath}`);
    t.strictSame(columns(ours), columns(theirs));
    const descriptions = (v: typeof ours) => (v?.additionalPrinterColumns ?? []).map((c) => c.description);
    t.ok(descriptions(ours).every((d, i) => d && d !== descriptions(theirs)[i]), "descriptions are our own");
  });
}

/** Paths of the fields the API server would prune from `value` under this schema. */
function pruned(value: unknown, schema: StructuralSchema, path: string, found: string[] = []): string[] {
  if (schema["x-kubernetes-preserve-unknown-fields"]) return found;
  if (Array.isArray(value)) {
    const items = schema.items as StructuralSchema | undefined;
    if (items) value.forEach((item, index) => pruned(item, items, `${path}[${index}]`, found));
    return found;
  }
  if (typeof value !== "object" || value === null) return found;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[key] ?? (schema.additionalProperties as StructuralSchema | undefined);
    if (!childSchema) found.push(`${path}.${key}`);
    // The API server keeps metadata as it is.
    else if (path !== "" || key !== "metadata") pruned(child, childSchema, `${path}.${key}`, found);
  }
  return found;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validatorFor = (name: string) => ajv.compile(openApiSchema(crdNamed(name)));
const CRD_OF_KIND: Record<string, string> = {
  Kafka: "kafkas.kafka.strimzi.io", KafkaNodePool: "kafkanodepools.kafka.strimzi.io", KafkaBridge: "kafkabridges.kafka.strimzi.io",
  KafkaTopic: "kafkatopics.kafka.strimzi.io", KafkaUser: "kafkausers.kafka.strimzi.io", KafkaConnector: "kafkaconnectors.kafka.strimzi.io",
};

const examples = yamlFilesUnder(join(sharedDir, "strimzi-examples")).flatMap(readDocuments)
  .filter((d) => (d.object.kind ?? "") in CRD_OF_KIND);

t.test("every Strimzi Kafka, KafkaNodePool, KafkaBridge, KafkaTopic, KafkaUser and KafkaConnector example is accepted whole by the generated CRDs", async (t) => {
  t.ok(examples.length >= 50, `${examples.length} examples`);
  t.equal(examples.filter((e) => e.object.kind === "KafkaBridge").length, 6, "the KafkaBridges among them");
  t.equal(examples.filter((e) => e.object.kind === "KafkaTopic").length, 3, "the KafkaTopics among them");
  t.equal(examples.filter((e) => e.object.kind === "KafkaUser").length, 11, "the KafkaUsers among them");
  t.equal(examples.filter((e) => e.object.kind === "KafkaConnector").length, 1, "the KafkaConnectors among them");
  for (const { file, object } of examples) {
    const crdName = CRD_OF_KIND[object.kind ?? ""] ?? "";
    const validate = validatorFor(crdName);
    const label = `${file.replace(/^.*strimzi-examples\//, "")}: ${object.kind}/${object.metadata?.name}`;
    t.ok(validate(object), `${label} ${ajv.errorsText(validate.errors)}`);
    t.strictSame(pruned(object, openApiSchema(crdNamed(crdName)), ""), [], `${label}: nothing pruned`);
  }
});

t.test("the generated CRDs refuse what Kubernetes would refuse (the oracle can fail)", async (t) => {
  const validate = validatorFor("kafkanodepools.kafka.strimzi.io");
  t.notOk(validate({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaNodePool", metadata: {}, spec: { replicas: -1, roles: ["broker"], storage: { type: "ephemeral" } } }));
  t.notOk(validate({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaNodePool", metadata: {}, spec: { replicas: 1, roles: ["zookeeper"], storage: { type: "ephemeral" } } }));
  const validateBridge = validatorFor("kafkabridges.kafka.strimzi.io");
  t.ok(validateBridge({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaBridge", metadata: {}, spec: { replicas: 1, bootstrapServers: "b:9092", http: { port: 8080 } } }));
  t.notOk(validateBridge({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaBridge", metadata: {}, spec: { replicas: 1 } }), "no bootstrapServers");
  t.notOk(validateBridge({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaBridge", metadata: {}, spec: { replicas: 1, bootstrapServers: "b:9092", http: { port: 80 } } }), "a port below 1023");
  const validateTopic = validatorFor("kafkatopics.kafka.strimzi.io");
  t.ok(validateTopic({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaTopic", metadata: {}, spec: { partitions: 3, config: { "cleanup.policy": ["compact", "delete"] } } }));
  t.notOk(validateTopic({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaTopic", metadata: {}, spec: { partitions: 0 } }), "no partition");
  t.notOk(validateTopic({ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaTopic", metadata: {}, spec: { replicas: 32768 } }), "more replicas than Kafka counts");
  t.strictSame(pruned({ metadata: { x: 1 }, spec: { replicas: 1, typo: true } }, openApiSchema(crdNamed("kafkanodepools.kafka.strimzi.io")), ""), [".spec.typo"]);
});

t.test("every StrimziPodSet the Kafka hook builds is accepted whole by the generated CRD", async (t) => {
  const env = testEnvironment();
  const first = exampleRequest("kafka/kafka-persistent.yaml");
  const firstAnswer = syncKafka(first, env);
  const secondAnswer = syncKafka(nextRequest(first, firstAnswer), env);
  const podSets = [...firstAnswer.children, ...secondAnswer.children].filter((c: KubeObject) => c.kind === "StrimziPodSet");
  t.ok(podSets.some((p) => (p.spec as { pods: unknown[] }).pods.length > 0), "some PodSet has pods");
  const validate = validatorFor("strimzipodsets.core.strimzi.io");
  for (const podSet of podSets) {
    t.ok(validate(podSet), `${podSet.metadata.name} ${ajv.errorsText(validate.errors)}`);
    t.strictSame(pruned(podSet, openApiSchema(crdNamed("strimzipodsets.core.strimzi.io")), ""), [], `${podSet.metadata.name}: nothing pruned`);
  }
});

