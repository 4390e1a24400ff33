// The envelope every custom resource shares. The hooks always receive namespaced
// objects, so metadata.namespace is required here; a generated CRD reduces
// `metadata` to `type: object` and apiVersion and kind to plain strings, as
// Kubernetes checks those itself.
import { KAFKA_API_VERSION } from "../kafka.js";
import { enumOf, object, string, type Schema } from "./combinators.js";
import { stringMap } from "./common.js";

const metadata: Schema = {
  ...object({
    name: string({ minLength: 1 }),
    namespace: string({ minLength: 1 }),
    labels: stringMap("Labels of the resource."),
    annotations: stringMap("Annotations of the resource."),
  }, { required: ["name", "namespace"] }),
  "x-kubernetes-preserve-unknown-fields": true,
};

export function resource(kind: string, spec: Schema): Schema {
  return object({
    apiVersion: enumOf([KAFKA_API_VERSION]),
    kind: enumOf([kind]),
    metadata,
    spec,
    status: { type: "object", description: "Written by the operator.", "x-kubernetes-preserve-unknown-fields": true },
  }, { required: ["apiVersion", "kind", "metadata", "spec"] });
}
