// How deeply a resource's values may nest. The API server stores JSON up to
// 10,000 levels deep, and free-form fields (a template's affinity,
// `spec.kafka.config`) take any value; the hooks copy, compare, freeze and
// serialize what they read with recursive functions, which exhaust the stack
// far below that (structuredClone from about 1,900 levels, JSON.stringify from
// about 3,000). A resource nested deeper than MAX_NESTING is refused before any
// of them runs, by this walk, which keeps its own stack.
import { formatPath, type PathSegment } from "./schemas/fields.js";
import type { Schema } from "./schemas/combinators.js";

/**
 * Levels below a resource's root. The deepest field of a real Kafka is about 15
 * levels down (a pod template's affinity terms); a PodSet and a Metacontroller
 * request add fewer than 10; so 100 is generous for users and still far from any
 * overflow.
 */
export const MAX_NESTING = 100;

interface Visit {
  value: unknown;
  depth: number;
  key: PathSegment | undefined;
  parent: Visit | undefined;
}

/** The keys from the root to `visit`. */
function pathTo(visit: Visit): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) path.push(at.key as PathSegment);
  return path.reverse();
}

/**
 * The field the user should look at: the path down to the first free-form
 * node the schema allows (`spec.kafka.config`, a template's `affinity`) and the
 * one key below it, or the whole path where the schema describes every level.
 */
function fieldOf(path: readonly PathSegment[], schema: Schema | undefined): PathSegment[] {
  let node = schema;
  for (let i = 0; i < path.length; i++) {
    if (node === undefined || node["x-kubernetes-preserve-unknown-fields"]) return path.slice(0, i + 1);
    const segment = path[i];
    node = typeof segment === "number" ? node.items : node.properties?.[segment as string] ?? node.additionalProperties;
  }
  return [...path];
}

/**
 * The field, as users read it (`spec.kafka.config["x"]`), under which `value`
 * nests deeper than `limit` levels; undefined when it does not. With a schema,
 * the field is named down to the free-form node that allowed the nesting.
 */
export function tooDeeplyNested(value: unknown, schema?: Schema, limit: number = MAX_NESTING): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // Only objects and arrays are visited: scalars cannot nest, and most values of a resource are scalars.
  const pending: Visit[] = [{ value, depth: 0, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const node = visit.value as Record<string, unknown> | unknown[];
    if (visit.depth >= limit) return formatPath(fieldOf(pathTo(visit), schema)) || "(root)";
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child = node[i];
        if (typeof child === "object" && child !== null) pending.push({ value: child, depth: visit.depth + 1, key: i, parent: visit });
      }
    } else {
      for (const key in node) {
        const child = node[key];
        if (typeof child === "object" && child !== null) pending.push({ value: child, depth: visit.depth + 1, key, parent: visit });
      }
    }
  }
  return undefined;
}

/** The problem message for a field found by tooDeeplyNested. */
export const NESTING_MESSAGE = `is nested deeper than ${MAX_NESTING} levels`;
