// Our schemas can become a CRD's structural schema with the few reductions
// lib/api/schemas/combinators.ts and resource.ts state; this test applies them
// and checks Kubernetes' structural rules on the result.
import { Ajv } from "ajv";
import t from "tap";
import type { Schema } from "../../lib/api/schemas/combinators.js";
import { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { kafkaNodePoolSchema } from "../../lib/api/schemas/kafka-nodepool.js";

type Node = Record<string, unknown>;

const OPENAPI_TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);
const STRUCTURAL_KEYWORDS = new Set([
  "type", "description", "properties", "required", "additionalProperties", "items", "enum", "pattern",
  "minimum", "maximum", "minItems", "minLength", "default", "x-kubernetes-preserve-unknown-fields",
]);

/** The reductions a CRD generator applies: ajv-only parts out, the envelope left to Kubernetes. */
function structural(schema: Schema, path = ""): Node {
  if (path === ".metadata") return { type: "object" };
  if (path === ".apiVersion" || path === ".kind") return { type: "string" };
  if (schema["x-kubernetes-preserve-unknown-fields"]) {
    const { type, description } = schema;
    return { type, ...(description ? { description } : {}), "x-kubernetes-preserve-unknown-fields": true };
  }
  const { allOf: _conditions, properties, items, additionalProperties, ...rest } = schema;
  return {
    ...rest,
    ...(properties ? { properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, structural(v, `${path}.${k}`)])) } : {}),
    ...(items ? { items: structural(items, `${path}[]`) } : {}),
    ...(additionalProperties ? { additionalProperties: structural(additionalProperties, `${path}.*`) } : {}),
  };
}

function structuralViolations(node: Node, path: string, found: string[]): string[] {
  for (const key of Object.keys(node)) if (!STRUCTURAL_KEYWORDS.has(key)) found.push(`${path}: keyword ${key}`);
  if (typeof node.type !== "string" || !OPENAPI_TYPES.has(node.type)) found.push(`${path}: type ${JSON.stringify(node.type)}`);
  if (node.properties && node.additionalProperties) found.push(`${path}: both properties and additionalProperties`);
  const properties = (node.properties ?? {}) as Record<string, Node>;
  for (const name of (node.required ?? []) as string[]) if (!(name in properties)) found.push(`${path}: requires undeclared ${name}`);
  for (const [key, child] of Object.entries(properties)) structuralViolations(child, `${path}.${key}`, found);
  if (node.items) structuralViolations(node.items as Node, `${path}[]`, found);
  if (typeof node.additionalProperties === "object") structuralViolations(node.additionalProperties as Node, `${path}.*`, found);
  return found;
}

/** Every `default`, with the schema node it belongs to. */
function defaults(node: Node, path: string): Array<{ path: string; node: Node }> {
  const children = [
    ...Object.entries((node.properties ?? {}) as Record<string, Node>).map(([k, v]) => defaults(v, `${path}.${k}`)),
    node.items ? defaults(node.items as Node, `${path}[]`) : [],
  ].flat();
  return node.default === undefined ? children : [{ path, node }, ...children];
}

const ajv = new Ajv({ strict: false });

for (const [kind, schema] of [["Kafka", kafkaSchema], ["KafkaNodePool", kafkaNodePoolSchema]] as const) {
  t.test(`${kind}: structural once reduced`, async (t) => {
    t.strictSame(structuralViolations(structural(schema), "", []), []);
  });

  t.test(`${kind}: every default is valid where it stands`, async (t) => {
    const found = defaults(structural(schema), "");
    t.ok(found.length > 0);
    for (const { path, node } of found) t.ok(ajv.validate(node, node.default), `${path} = ${JSON.stringify(node.default)}`);
  });
}
