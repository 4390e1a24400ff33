// Validates Kubernetes objects against the upstream OpenAPI schema of their kind,
// through kubernetes-models (generated from that schema).
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Pod } from "kubernetes-models/v1/Pod";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { routeError, tlsRouteError } from "./external-route-schemas.js";

type Validator = (object: KubernetesObject) => void;

const throwIf = (error: string | undefined): void => {
  if (error !== undefined) throw new Error(error);
};

/** Any object with a kind, typed by kubernetes-models or not. */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
}

const validators: Record<string, Validator> = {
  "v1/Namespace": (o) => new Namespace(o as ConstructorParameters<typeof Namespace>[0]).validate(),
  "v1/ConfigMap": (o) => new ConfigMap(o as ConstructorParameters<typeof ConfigMap>[0]).validate(),
  "v1/Pod": (o) => new Pod(o as ConstructorParameters<typeof Pod>[0]).validate(),
  "v1/Secret": (o) => new Secret(o as ConstructorParameters<typeof Secret>[0]).validate(),
  "v1/Service": (o) => new Service(o as ConstructorParameters<typeof Service>[0]).validate(),
  "v1/ServiceAccount": (o) => new ServiceAccount(o as ConstructorParameters<typeof ServiceAccount>[0]).validate(),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o as ConstructorParameters<typeof PodDisruptionBudget>[0]).validate(),
  "networking.k8s.io/v1/NetworkPolicy": (o) => new NetworkPolicy(o as ConstructorParameters<typeof NetworkPolicy>[0]).validate(),
  "networking.k8s.io/v1/Ingress": (o) => new Ingress(o as ConstructorParameters<typeof Ingress>[0]).validate(),
  // Not in kubernetes-models: checked against the kinds' published schemas (external-route-schemas.ts).
  "route.openshift.io/v1/Route": (o) => throwIf(routeError(o)),
  "gateway.networking.k8s.io/v1/TLSRoute": (o) => throwIf(tlsRouteError(o)),
  "apps/v1/Deployment": (o) => new Deployment(o as ConstructorParameters<typeof Deployment>[0]).validate(),
  "apps/v1/StatefulSet": (o) => new StatefulSet(o as ConstructorParameters<typeof StatefulSet>[0]).validate(),
  "rbac.authorization.k8s.io/v1/ClusterRole": (o) => new ClusterRole(o as ConstructorParameters<typeof ClusterRole>[0]).validate(),
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (o) => new ClusterRoleBinding(o as ConstructorParameters<typeof ClusterRoleBinding>[0]).validate(),
  "rbac.authorization.k8s.io/v1/Role": (o) => new Role(o as ConstructorParameters<typeof Role>[0]).validate(),
  "rbac.authorization.k8s.io/v1/RoleBinding": (o) => new RoleBinding(o as ConstructorParameters<typeof RoleBinding>[0]).validate(),
  "apiextensions.k8s.io/v1/CustomResourceDefinition": (o) =>
    new CustomResourceDefinition(o as ConstructorParameters<typeof CustomResourceDefinition>[0]).validate(),
};

/** The schema error for `object`, or undefined when it is valid. Throws for a kind it has no schema for. */
export function openApiError(object: KubernetesObject): string | undefined {
  const validate = validators[`${object.apiVersion}/${object.kind}`];
  if (!validate) throw new Error(`no OpenAPI schema for ${object.apiVersion}/${object.kind}`);
  try {
    validate(object);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
