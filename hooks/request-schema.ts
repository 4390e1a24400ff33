// The envelope of Metacontroller's v2 requests, checked before a hook runs so that
// a malformed request is answered 400 with the field at fault. The parent itself
// is validated by the hook against the custom resource's schema.
const kubeObject = {
  type: "object",
  required: ["apiVersion", "kind", "metadata"],
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 }, namespace: { type: "string" } } },
  },
} as const;

const objectsByType = {
  type: "object",
  additionalProperties: { type: "object", additionalProperties: kubeObject },
} as const;

export const syncRequestSchema = {
  type: "object",
  required: ["parent", "children"],
  properties: {
    controller: { type: "object" },
    parent: kubeObject,
    children: objectsByType,
    related: objectsByType,
    finalizing: { type: "boolean" },
  },
} as const;

export const customizeRequestSchema = {
  type: "object",
  required: ["parent"],
  properties: {
    controller: { type: "object" },
    parent: kubeObject,
  },
} as const;
