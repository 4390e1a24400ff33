// What to do with a cluster's PersistentVolumeClaims: create the missing ones,
// grow the ones whose size grew, never shrink (Kubernetes cannot, and a smaller
// request is almost always a mistake that would lose data elsewhere), keep the
// ownerReference in step with `deleteClaim`, and for claims no pod of the cluster
// is meant to mount any more: delete them only with `deleteClaim: true`.
import type { OwnerReference, PersistentVolumeClaim, Pod } from "../api/kubernetes.js";
import { ANNOTATION, LABEL } from "../labels.js";
import { compareQuantities } from "./quantity.js";
import { DELETE_CLAIM_ANNOTATION } from "./desired-claims.js";

export interface ClaimPlanInput {
  /** The claims of every pool whose desired claims are known. */
  desired: readonly PersistentVolumeClaim[];
  /** The cluster's claims as observed (label `strimzi.io/cluster`). */
  observed: readonly PersistentVolumeClaim[];
  /** Pods of the namespace: a claim a pod mounts is never deleted. */
  pods: readonly Pod[];
  /** Pools that exist but whose desired claims are not known (invalid, or no PodSet yet): their claims are left alone. */
  unsettledPools: ReadonlySet<string>;
}

export type ClaimChange =
  | { kind: "grow"; from: string; to: string }
  | { kind: "deleteClaim"; to: boolean }
  | { kind: "volumeAttributesClass"; to: string }
  | { kind: "clusterId"; to: string };

/** A merge patch for one claim, with what it changes. */
export interface ClaimPatch {
  name: string;
  changes: ClaimChange[];
  patch: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
}

export interface ClaimPlan {
  create: PersistentVolumeClaim[];
  patch: ClaimPatch[];
  /** Changes that are not applied, each with why. */
  refused: Array<{ name: string; message: string }>;
  /** Claims of removed nodes or volumes with `deleteClaim: true`. */
  remove: string[];
  /** Claims of removed nodes or volumes kept because of `deleteClaim: false`. */
  retain: string[];
}

const nameOf = (claim: PersistentVolumeClaim): string => claim.metadata?.name ?? "";
const requested = (claim: PersistentVolumeClaim): string | undefined => claim.spec?.resources?.requests?.storage as string | undefined;

function mountedClaims(pods: readonly Pod[]): Set<string> {
  return new Set(pods.flatMap((pod) => (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []))));
}

/** The observed owner references with the Kafka's added or removed. */
function ownersFor(observed: PersistentVolumeClaim, desired: PersistentVolumeClaim): OwnerReference[] | undefined {
  const kafkaOwner = desired.metadata?.ownerReferences?.[0];
  const current = observed.metadata?.ownerReferences ?? [];
  const isKafka = (o: OwnerReference): boolean => o.kind === "Kafka" && o.apiVersion.startsWith("kafka.strimzi.io/");
  const others = current.filter((o) => !isKafka(o));
  const wanted = kafkaOwner ? [...others, kafkaOwner] : others;
  const same = wanted.length === current.length && wanted.every((o) => current.some((c) => c.uid === o.uid && c.kind === o.kind));
  return same ? undefined : wanted;
}

function patchFor(observed: PersistentVolumeClaim, desired: PersistentVolumeClaim, refused: ClaimPlan["refused"]): ClaimPatch | undefined {
  const name = nameOf(observed);
  const changes: ClaimChange[] = [];
  const patch: ClaimPatch["patch"] = {};
  const [from, to] = [requested(observed), requested(desired)];
  if (from && to) {
    const order = compareQuantities(to, from);
    if (order === undefined) refused.push({ name, message: `cannot compare the requested size ${to} with the current ${from}` });
    else if (order > 0) {
      changes.push({ kind: "grow", from, to });
      patch.spec = { resources: { requests: { storage: to } } };
    } else if (order < 0) {
      refused.push({ name, message: `the claim stays at ${from}: a PersistentVolumeClaim is never shrunk (requested ${to})` });
    }
  }
  const wantedClass = desired.spec?.storageClassName;
  if (wantedClass !== undefined && observed.spec?.storageClassName !== undefined && wantedClass !== observed.spec.storageClassName) {
    refused.push({ name, message: `the storage class stays ${observed.spec.storageClassName}: the class of an existing claim cannot change (requested ${wantedClass})` });
  }
  const wantedAttributes = desired.spec?.volumeAttributesClassName;
  if (wantedAttributes !== undefined && wantedAttributes !== observed.spec?.volumeAttributesClassName) {
    changes.push({ kind: "volumeAttributesClass", to: wantedAttributes });
    patch.spec = { ...patch.spec, volumeAttributesClassName: wantedAttributes };
  }
  const deleteClaim = desired.metadata?.annotations?.[DELETE_CLAIM_ANNOTATION];
  const owners = ownersFor(observed, desired);
  if (deleteClaim !== observed.metadata?.annotations?.[DELETE_CLAIM_ANNOTATION] || owners) {
    changes.push({ kind: "deleteClaim", to: deleteClaim === "true" });
    patch.metadata = {
      annotations: { [DELETE_CLAIM_ANNOTATION]: deleteClaim },
      // A merge patch replaces a list whole; null removes it.
      ...(owners ? { ownerReferences: owners.length > 0 ? owners : null } : {}),
    };
  }
  const clusterId = desired.metadata?.annotations?.[ANNOTATION.clusterId];
  const recorded = observed.metadata?.annotations?.[ANNOTATION.clusterId];
  if (clusterId !== undefined && recorded === undefined) {
    changes.push({ kind: "clusterId", to: clusterId });
    const metadata = patch.metadata ?? {};
    patch.metadata = { ...metadata, annotations: { ...(metadata["annotations"] as Record<string, string> | undefined), [ANNOTATION.clusterId]: clusterId } };
  } else if (clusterId !== undefined && recorded !== clusterId) {
    // The volume holds data formatted for another cluster: the record stays true to the data.
    refused.push({ name, message: `the claim records cluster id ${recorded}, not this cluster's ${clusterId}: its data belongs to another cluster` });
  }
  return changes.length > 0 ? { name, changes, patch } : undefined;
}

export function planClaims(input: ClaimPlanInput): ClaimPlan {
  const plan: ClaimPlan = { create: [], patch: [], refused: [], remove: [], retain: [] };
  const observed = new Map(input.observed.map((c) => [nameOf(c), c]));
  const desiredNames = new Set(input.desired.map(nameOf));
  for (const desired of input.desired) {
    const seen = observed.get(nameOf(desired));
    if (!seen) plan.create.push(desired);
    else if (!seen.metadata?.deletionTimestamp) {
      const patch = patchFor(seen, desired, plan.refused);
      if (patch) plan.patch.push(patch);
    }
  }
  const mounted = mountedClaims(input.pods);
  for (const claim of input.observed) {
    const name = nameOf(claim);
    const pool = claim.metadata?.labels?.[LABEL.poolName];
    if (desiredNames.has(name) || claim.metadata?.deletionTimestamp || mounted.has(name)) continue;
    if (pool === undefined || input.unsettledPools.has(pool)) continue;
    if (claim.metadata?.annotations?.[DELETE_CLAIM_ANNOTATION] === "true") plan.remove.push(name);
    else plan.retain.push(name);
  }
  return plan;
}
