// The envelope every custom resource shares. The hooks always receive namespaced
// objects, so metadata.namespace is required here; a generated CRD reduces
// `metadata` to `type: object` and apiVersion and kind to plain strings, as
// Kubernetes checks those itself.
import type { TSchema } from "typebox";
import type { ObjectMeta } from "../kubernetes.js";
import { enumOf, freeForm, keepingUnknownFields, object, string } from "./combinators.js";
import { stringMap } from "./common.js";

const metadata = keepingUnknownFields<ObjectMeta>()(object({
  name: string({ minLength: 1 }),
  namespace: string({ minLength: 1 }),
  labels: stringMap("Labels of the resource."),
  annotations: stringMap("Annotations of the resource."),
}, { required: ["name", "namespace"] }));

/**
 * The status is the operator's to write and free-form in the CRD (nothing
 * validates it: lib/status/observed-status.ts reads it defensively), so a
 * resource's type gives it the shape `S` the hooks write, not one derived from a schema.
 */
export type WithStatus<R, S> = Omit<R, "status"> & { status?: S };

export function resource<const V extends string, const K extends string, S extends TSchema>(apiVersion: V, kind: K, spec: S) {
  return object({
    apiVersion: enumOf([apiVersion]),
    kind: enumOf([kind]),
    metadata,
    spec,
    status: freeForm("Written by the operator."),
  }, { required: ["apiVersion", "kind", "metadata", "spec"] });
}
