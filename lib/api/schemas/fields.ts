// Field paths as users read them, and the fields a schema does not know.
import type { Schema } from "./combinators.js";

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `spec.kafka.listeners[0].type`: names joined with dots, array indexes in
 * brackets, and keys that are not identifiers quoted in brackets, as in
 * `spec.kafka.config["min.insync.replicas"]` or `spec.kafka.jvmOptions["-Xmx"]`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === "number") return `${path}[${segment}]`;
    if (!IDENTIFIER.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
    return path === "" ? segment : `${path}.${segment}`;
  }, "");
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Paths of the fields of `value` that `schema` does not describe, sorted: the
 * fields Kubernetes would prune from a resource whose CRD has this schema. A
 * free-form node keeps everything below it, and a map accepts any key.
 */
export function unknownFields(value: unknown, schema: Schema): string[] {
  const found: string[] = [];
  const walk = (node: unknown, nodeSchema: Schema, path: PathSegment[]): void => {
    if (nodeSchema["x-kubernetes-preserve-unknown-fields"]) return;
    if (Array.isArray(node)) {
      const items = nodeSchema.items;
      if (items) node.forEach((item, index) => walk(item, items, [...path, index]));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const childSchema = nodeSchema.properties?.[key] ?? nodeSchema.additionalProperties;
      if (childSchema) walk(child, childSchema, [...path, key]);
      else found.push(formatPath([...path, key]));
    }
  };
  walk(value, schema, []);
  return found.sort();
}
