// Metacontroller's hook protocol, `version: v2` (Metacontroller 4.17).
// Children and related objects are grouped by "<Kind>.<apiVersion>" and keyed "<namespace>/<name>".
import type { KubeObject } from "./api/kubernetes.js";

export type ObjectsByKey = Record<string, KubeObject>;
export type ObjectsByType = Record<string, ObjectsByKey>;

export interface SyncRequest<Parent extends KubeObject = KubeObject> {
  controller: KubeObject;
  parent: Parent;
  children: ObjectsByType;
  related: ObjectsByType;
  finalizing?: boolean;
}

export interface SyncResponse<Status = Record<string, unknown>, Children = readonly KubeObject[]> {
  status: Status;
  /** Objects, or for a hook that remembers them, possibly their JSON alone (lib/sync/encoded-children.ts). */
  children: Children;
  resyncAfterSeconds?: number;
}

export interface CustomizeRequest<Parent extends KubeObject = KubeObject> {
  controller: KubeObject;
  parent: Parent;
}

export interface RelatedResourceRule {
  apiVersion: string;
  resource: string;
  /**
   * Always set for namespaced kinds: in v2 a rule without one searches every
   * namespace. Left out for cluster-scoped kinds (Nodes), which no namespace holds.
   */
  namespace?: string;
  labelSelector?: { matchLabels?: Record<string, string> };
  names?: string[];
}

export interface CustomizeResponse {
  relatedResources: RelatedResourceRule[];
}

/** The key Metacontroller uses for a group of children or related objects, e.g. `Secret.v1`. */
export function typeKey(kind: string, apiVersion: string): string {
  return `${kind}.${apiVersion}`;
}

/** The objects of one type, in a stable order (by key). */
export function objectsOfType<T extends KubeObject>(groups: ObjectsByType, kind: string, apiVersion: string): T[] {
  const group = groups[typeKey(kind, apiVersion)] ?? {};
  return Object.keys(group).sort().map((key) => group[key] as T);
}
