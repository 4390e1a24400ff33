// Kinds that expose listeners outside Kubernetes and are not part of Kubernetes
// itself: OpenShift's Route and the Gateway API's TLSRoute. Only the fields the
// hooks write are typed; each kind's published schema is the reference.
import type { ObjectMeta } from "./kubernetes.js";

export const ROUTE_API_VERSION = "route.openshift.io/v1";
/** TLSRoute went to the Gateway API's standard channel as v1 in 1.5; Strimzi builds on that version too. */
export const TLS_ROUTE_API_VERSION = "gateway.networking.k8s.io/v1";

export interface Route {
  apiVersion: typeof ROUTE_API_VERSION;
  kind: "Route";
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: {
    host?: string;
    to: { kind: "Service"; name: string; weight: number };
    port: { targetPort: number };
    tls: { termination: "passthrough" };
    wildcardPolicy: "None";
  };
}

export interface ParentReference {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  port?: number;
  sectionName?: string;
}

export interface TLSRoute {
  apiVersion: typeof TLS_ROUTE_API_VERSION;
  kind: "TLSRoute";
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: {
    parentRefs: ParentReference[];
    hostnames: string[];
    rules: Array<{ backendRefs: Array<{ group: string; kind: "Service"; name: string; port: number; weight: number }> }>;
  };
}
