// Structural checks for the two listener kinds kubernetes-models does not carry:
// OpenShift's Route (route.openshift.io/v1, from openshift/api's published CRD)
// and the Gateway API's TLSRoute (gateway.networking.k8s.io/v1, from the Gateway
// API 1.5 standard-channel CRD). Only the parts that constrain what the hook
// writes are transcribed: types, required fields, enums, patterns and bounds,
// plus the CEL rules of those parts as code. Descriptions are left out.
import { Ajv } from "ajv";

const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const ROUTE_HOST = "^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9]))*$";

const metadata = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN },
    namespace: { type: "string" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
  },
};

const target = {
  type: "object",
  required: ["kind", "name"],
  additionalProperties: false,
  properties: {
    kind: { type: "string", enum: ["Service", ""] },
    name: { type: "string", minLength: 1 },
    weight: { type: "integer", minimum: 0, maximum: 256 },
  },
};

export const routeSchema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "route.openshift.io/v1" },
    kind: { const: "Route" },
    metadata,
    spec: {
      type: "object",
      required: ["to"],
      additionalProperties: false,
      properties: {
        alternateBackends: { type: "array", maxItems: 3, items: target },
        host: { type: "string", maxLength: 253, pattern: ROUTE_HOST },
        path: { type: "string", pattern: "^/" },
        port: {
          type: "object",
          required: ["targetPort"],
          additionalProperties: false,
          properties: { targetPort: { anyOf: [{ type: "integer", minimum: 1 }, { type: "string", minLength: 1 }] } },
        },
        subdomain: { type: "string", maxLength: 253, pattern: ROUTE_HOST },
        tls: {
          type: "object",
          required: ["termination"],
          properties: {
            termination: { type: "string", enum: ["edge", "reencrypt", "passthrough"] },
            insecureEdgeTerminationPolicy: { type: "string", enum: ["Allow", "None", "Redirect", ""] },
            certificate: { type: "string" },
            key: { type: "string" },
            caCertificate: { type: "string" },
            destinationCACertificate: { type: "string" },
          },
          additionalProperties: false,
        },
        to: target,
        wildcardPolicy: { type: "string", enum: ["None", "Subdomain", ""] },
      },
    },
  },
};

const parentReference = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    group: { type: "string", maxLength: 253, pattern: `^$|${DNS_SUBDOMAIN}` },
    kind: { type: "string", minLength: 1, maxLength: 63, pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$" },
    name: { type: "string", minLength: 1, maxLength: 253 },
    namespace: { type: "string", minLength: 1, maxLength: 63, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
    port: { type: "integer", minimum: 1, maximum: 65535 },
    sectionName: { type: "string", minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN },
  },
};

const backendRef = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    group: { type: "string", maxLength: 253, pattern: `^$|${DNS_SUBDOMAIN}` },
    kind: { type: "string", minLength: 1, maxLength: 63, pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$" },
    name: { type: "string", minLength: 1, maxLength: 253 },
    namespace: { type: "string", minLength: 1, maxLength: 63, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
    port: { type: "integer", minimum: 1, maximum: 65535 },
    weight: { type: "integer", minimum: 0, maximum: 1000000 },
  },
};

export const tlsRouteSchema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "gateway.networking.k8s.io/v1" },
    kind: { const: "TLSRoute" },
    metadata,
    spec: {
      type: "object",
      required: ["hostnames", "rules"],
      additionalProperties: false,
      properties: {
        hostnames: {
          type: "array", minItems: 1, maxItems: 1024,
          items: { type: "string", minLength: 1, maxLength: 253, pattern: "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" },
        },
        parentRefs: { type: "array", maxItems: 32, items: parentReference },
        rules: {
          type: "array", minItems: 1, maxItems: 1,
          items: {
            type: "object",
            required: ["backendRefs"],
            additionalProperties: false,
            properties: {
              backendRefs: { type: "array", minItems: 1, maxItems: 16, items: backendRef },
              name: { type: "string", minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN },
            },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateRoute = ajv.compile(routeSchema);
const validateTlsRoute = ajv.compile(tlsRouteSchema);

const isIp = (host: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(":");

interface TlsRouteShape {
  spec?: {
    hostnames?: string[];
    parentRefs?: Array<{ group?: string; kind?: string; name?: string; namespace?: string; sectionName?: string }>;
    rules?: Array<{ backendRefs?: Array<{ group?: string; kind?: string; port?: number }> }>;
  };
}

/** The CEL rules of the parts transcribed above. */
function tlsRouteCelErrors(route: TlsRouteShape): string[] {
  const errors: string[] = [];
  if ((route.spec?.hostnames ?? []).some(isIp)) errors.push("Hostnames cannot contain an IP");
  for (const rule of route.spec?.rules ?? []) {
    for (const ref of rule.backendRefs ?? []) {
      if ((ref.group ?? "") === "" && (ref.kind ?? "Service") === "Service" && ref.port === undefined) errors.push("Must have port for Service reference");
    }
  }
  const refs = route.spec?.parentRefs ?? [];
  const key = (r: (typeof refs)[number]) => `${r.group ?? ""}/${r.kind ?? ""}/${r.namespace ?? ""}/${r.name ?? ""}/${r.sectionName ?? ""}`;
  if (new Set(refs.map(key)).size !== refs.length) errors.push("sectionName must be unique when parentRefs includes 2 or more references to the same parent");
  return errors;
}

export function routeError(object: object): string | undefined {
  return validateRoute(object) ? undefined : ajv.errorsText(validateRoute.errors);
}

export function tlsRouteError(object: object): string | undefined {
  const structural = validateTlsRoute(object) ? [] : [ajv.errorsText(validateTlsRoute.errors)];
  const errors = [...structural, ...tlsRouteCelErrors(object as TlsRouteShape)];
  return errors.length > 0 ? errors.join("; ") : undefined;
}
