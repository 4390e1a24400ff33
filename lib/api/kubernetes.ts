// Plain JSON shapes of the Kubernetes objects the hooks read and write.
// Types come from kubernetes-models (generated from the upstream OpenAPI);
// only types are imported, so nothing of it is loaded at run time.
export type { IObjectMeta as ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
export type { IOwnerReference as OwnerReference } from "@kubernetes-models/apimachinery/apis/meta/v1/OwnerReference";
export type { ILabelSelector as LabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
export type { IPod as Pod } from "kubernetes-models/v1/Pod";
export type { IPodSpec as PodSpec } from "kubernetes-models/v1/PodSpec";
export type { IContainer as Container } from "kubernetes-models/v1/Container";
export type { IVolume as Volume } from "kubernetes-models/v1/Volume";
export type { IVolumeMount as VolumeMount } from "kubernetes-models/v1/VolumeMount";
export type { IEnvVar as EnvVar } from "kubernetes-models/v1/EnvVar";
export type { IResourceRequirements as ResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
export type { IAffinity as Affinity } from "kubernetes-models/v1/Affinity";
export type { IToleration as Toleration } from "kubernetes-models/v1/Toleration";
export type { ITopologySpreadConstraint as TopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
export type { IPodSecurityContext as PodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
export type { ISecurityContext as SecurityContext } from "kubernetes-models/v1/SecurityContext";
export type { ILocalObjectReference as LocalObjectReference } from "kubernetes-models/v1/LocalObjectReference";
export type { IHostAlias as HostAlias } from "kubernetes-models/v1/HostAlias";
export type { IPodDNSConfig as PodDNSConfig } from "kubernetes-models/v1/PodDNSConfig";
export type { IConfigMap as ConfigMap } from "kubernetes-models/v1/ConfigMap";
export type { ISecret as Secret } from "kubernetes-models/v1/Secret";
export type { IService as Service } from "kubernetes-models/v1/Service";
export type { IServiceAccount as ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
export type { IPersistentVolumeClaim as PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
export type { IDeployment as Deployment } from "kubernetes-models/apps/v1/Deployment";
export type { IPodDisruptionBudget as PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
export type { INetworkPolicy as NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
export type { INetworkPolicyPeer as NetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
export type { IRole as Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
export type { IRoleBinding as RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
export type { IEvent as KubeEvent } from "kubernetes-models/events.k8s.io/v1/Event";
export type { IPolicyRule as PolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";

import type { IObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
import type { ILease } from "kubernetes-models/coordination.k8s.io/v1/Lease";

/** An object as a client sends it: the path says its kind, so apiVersion and kind may be left out. */
export type AsSent<T> = Omit<T, "apiVersion" | "kind"> & { apiVersion?: string; kind?: string };

export type Lease = AsSent<ILease>;

/** Any object the API server stores: what Metacontroller hands us as a child or related object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: IObjectMeta & { name: string };
  [field: string]: unknown;
}

/** An object as a list or a watch returns it (a list's items carry no apiVersion or kind). */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: IObjectMeta;
}

/** A condition in the Strimzi status shape. */
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}
