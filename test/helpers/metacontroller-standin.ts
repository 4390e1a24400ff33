// A Metacontroller stand-in for tests (not product code). It reads our
// CompositeControllers from metacontroller/*.yaml and calls the real hooks over
// real HTTP the way Metacontroller 4.17 does, acting on the objects of the
// stand-in API server (test/helpers/fake-apiserver.ts), the same store the
// sidecar's real client watches. Each rule it follows is the Metacontroller
// behaviour named beside it (pkg/controller/composite/controller.go and
// pkg/controller/common/manage_children.go in Metacontroller 4.17; docs/TESTING.md).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import yaml from "js-yaml";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { typeKey, type ObjectsByType } from "../../lib/metacontroller.js";
import type { FakeApiServer, StoredObject, WriteOutcome } from "./fake-apiserver.js";
import { repoRoot } from "./paths.js";

interface ResourceRule { apiVersion: string; resource: string; updateStrategy?: { method: string } }
interface Hook { webhook: { path: string } }
export interface CompositeController {
  metadata: { name: string };
  spec: { parentResource: ResourceRule; childResources?: ResourceRule[]; hooks: { customize?: Hook; sync: Hook } };
}
interface RelatedRule { apiVersion: string; resource: string; namespace?: string; labelSelector?: { matchLabels?: Record<string, string> }; names?: string[] }

const KINDS: Record<string, string> = {
  kafkas: "Kafka", kafkanodepools: "KafkaNodePool", strimzipodsets: "StrimziPodSet", pods: "Pod", configmaps: "ConfigMap",
  secrets: "Secret", services: "Service", serviceaccounts: "ServiceAccount", poddisruptionbudgets: "PodDisruptionBudget",
  networkpolicies: "NetworkPolicy", ingresses: "Ingress", routes: "Route", tlsroutes: "TLSRoute", nodes: "Node",
  persistentvolumeclaims: "PersistentVolumeClaim", kafkabridges: "KafkaBridge", kafkaconnects: "KafkaConnect", kafkamirrormaker2s: "KafkaMirrorMaker2", deployments: "Deployment", roles: "Role", rolebindings: "RoleBinding",
};
const kindOf = (resource: string): string => {
  const kind = KINDS[resource];
  if (!kind) throw new Error(`the stand-in does not know the resource ${resource}`);
  return kind;
};

const childKey = (o: { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } }): string =>
  `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;

type Json = unknown;
const isMap = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
// Metacontroller compares objects as Go maps: key order is not part of a value
// (a real API server returns custom resources with their keys sorted).
const same = (a: Json, b: Json): boolean => isDeepStrictEqual(a, b);
const asKube = (o: StoredObject): KubeObject => o as unknown as KubeObject;
const asStored = (o: KubeObject): StoredObject => o as unknown as StoredObject;

/**
 * Metacontroller's apply (pkg/dynamic/apply/apply.go, Merge): a three-way merge
 * of the last applied object (its annotation), the desired one and the observed
 * one. Fields the hook sets win; fields it set before and no longer sets are
 * removed; fields others set are kept. A list whose items are all objects
 * sharing a conventional key (`knownMergeKeys`) is merged item by item by that
 * key, so items others added (a container a webhook injects) stay; any other
 * list is replaced whole.
 */
export function threeWayMerge(observed: Json, lastApplied: Json, desired: Json): Json {
  const kind = isMap(observed) ? isMap : Array.isArray(observed) ? Array.isArray : undefined;
  if (!kind) return structuredClone(desired);
  // merge() fails the sync on a last applied or desired value of another shape than the observed one (null aside).
  if ([lastApplied, desired].some((v) => v !== null && v !== undefined && !kind(v))) throw new Error("can't merge desired changes: a value of another shape");
  return isMap(observed)
    ? mergeObject(structuredClone(observed), isMap(lastApplied) ? lastApplied : {}, isMap(desired) ? desired : {})
    : mergeList(observed as Json[], Array.isArray(lastApplied) ? lastApplied : [], Array.isArray(desired) ? desired : []);
}

function mergeObject(destination: Record<string, Json>, lastApplied: Record<string, Json>, desired: Record<string, Json>): Record<string, Json> {
  for (const key of Object.keys(lastApplied)) if (!(key in desired)) delete destination[key];
  for (const [key, value] of Object.entries(desired)) destination[key] = threeWayMerge(destination[key], lastApplied[key], value);
  return destination;
}

/** apply.go's knownMergeKeys, first match wins. */
const MERGE_KEYS = ["containerPort", "port", "mountPath", "name", "uid", "ip", "path"];

/** detectListMapKey: a known key every item of the three lists has, all items being objects. */
function listMapKey(...lists: Json[][]): string | undefined {
  let common: Set<string> | undefined;
  for (const item of lists.flat()) {
    if (!isMap(item)) return undefined;
    common = common ? new Set([...common].filter((k) => k in item)) : new Set(Object.keys(item));
  }
  return common && MERGE_KEYS.find((k) => common.has(k));
}

/** mergeListMap: the lists as maps by key, merged, back into a list: the observed order first, then new items in desired order. */
function mergeList(observed: Json[], lastApplied: Json[], desired: Json[]): Json {
  const key = listMapKey(observed, lastApplied, desired);
  if (key === undefined) return structuredClone(desired);
  // Go prints a non-string key with %v: numbers as JavaScript writes them, for the ports this meets.
  const keyOf = (item: Json): string => String((item as Record<string, Json>)[key]);
  const byKey = (list: Json[]): Record<string, Json> => Object.fromEntries(list.map((item) => [keyOf(item), item]));
  const merged = mergeObject(structuredClone(byKey(observed)), byKey(lastApplied), byKey(desired));
  const order = [...new Set([...observed, ...desired].map(keyOf))];
  return order.filter((k) => k in merged).map((k) => merged[k] ?? null);
}

/** AtomicStatusUpdate retries a status write that lost to a concurrent change: retry.DefaultBackoff, 4 steps. */
const STATUS_ATTEMPTS = 4;

/** ObjectMeta's read-only system fields and status: ApplyUpdate reverts them to the observed values. */
const SYSTEM_FIELDS = ["selfLink", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields"] as const;

export function applyUpdate(observed: KubeObject, desired: KubeObject): KubeObject {
  const lastApplied = JSON.parse(observed.metadata.annotations?.[ANNOTATION.lastAppliedByMetacontroller] ?? "{}") as Json;
  const update = structuredClone(desired);
  update.metadata.annotations = { ...update.metadata.annotations, [ANNOTATION.lastAppliedByMetacontroller]: JSON.stringify(desired) };
  const merged = threeWayMerge(observed, lastApplied, update) as KubeObject;
  const metadata = merged.metadata as unknown as Record<string, unknown>;
  const original = observed.metadata as unknown as Record<string, unknown>;
  for (const field of SYSTEM_FIELDS) {
    if (field in original) metadata[field] = original[field];
    else delete metadata[field];
  }
  if ("status" in observed) merged["status"] = observed["status"];
  else delete merged["status"];
  return merged;
}

/** A child the hook answered, as Metacontroller manages it: in the parent's namespace, with generateSelector's label. */
export function desiredChild(parent: KubeObject, child: KubeObject): KubeObject {
  const copy = structuredClone(child);
  copy.metadata.namespace ??= parent.metadata.namespace;
  // generateSelector: the controller-uid label goes on every desired child that has none (before it is recorded as last applied).
  copy.metadata.labels = { "controller-uid": parent.metadata.uid ?? "", ...copy.metadata.labels };
  return copy;
}

/** What Metacontroller creates for a desired child: recorded as last applied, then given the controller ownerReference. */
export function createdChild(parent: KubeObject, child: KubeObject): KubeObject {
  return {
    ...child,
    metadata: {
      ...child.metadata,
      annotations: { ...child.metadata.annotations, [ANNOTATION.lastAppliedByMetacontroller]: JSON.stringify(child) },
      ownerReferences: [...(child.metadata.ownerReferences ?? []), { apiVersion: parent.apiVersion, kind: parent.kind, name: parent.metadata.name, uid: parent.metadata.uid ?? "", controller: true, blockOwnerDeletion: true }],
    },
  };
}

/**
 * What Metacontroller reads (its informer caches) and writes: the stand-in API
 * server in process (inProcessStore), or a real API server over HTTP
 * (test/realbed/k8s/metacontroller-store.ts).
 */
export interface MetacontrollerStore {
  /** Objects of one kind as the informers hold them; every namespace without `namespace`. */
  list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]>;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** POST; "exists" for AlreadyExists. */
  create(object: KubeObject): Promise<WriteOutcome>;
  /** PUT carrying the object's resourceVersion; "conflict" when it changed since, "gone" when it was deleted. */
  update(object: KubeObject): Promise<WriteOutcome>;
  /** The parent's status, written through its status subresource. */
  updateStatus(object: KubeObject): Promise<WriteOutcome>;
  /** DELETE with the object's uid as precondition, in the background. */
  delete(object: KubeObject): Promise<WriteOutcome>;
}

/** The stand-in API server as Metacontroller's store: its objects are the informer caches. */
export function inProcessStore(server: FakeApiServer): MetacontrollerStore {
  return {
    list: async (apiVersion, kind, namespace) => server.list<StoredObject>(apiVersion, kind, namespace).map(asKube),
    get: async (apiVersion, kind, namespace, name) => {
      const found = server.get<StoredObject>(apiVersion, kind, namespace, name);
      return found ? asKube(found) : undefined;
    },
    create: async (object) => server.createObject(asStored(object)),
    update: async (object) => server.updateObject(asStored(object)),
    updateStatus: async (object) => {
      server.put(object);
      return "done";
    },
    delete: async (o) => server.deleteObject(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name, o.metadata.uid),
  };
}

export interface StandInOptions {
  /** Base URL of the hooks server. */
  hooks: string;
  /** The objects Metacontroller watches and writes: the API server the sidecar talks to. */
  store: MetacontrollerStore;
  /** A mutating webhook: runs on every create and update Metacontroller makes. */
  mutate?: (object: KubeObject) => void;
}

export interface SyncRecord {
  controller: string;
  parent: string;
  status: number;
  /** What the answer asked for: Metacontroller syncs the parent again after that long, if nothing else does first. */
  resyncAfterSeconds?: number;
}

export class MetacontrollerStandIn {
  readonly calls: SyncRecord[] = [];
  /** Metacontroller's writes to children (create, update, delete), by `verb Kind/name`: the flapping detector. */
  readonly writes: string[] = [];
  readonly controllers: CompositeController[];
  private readonly store: MetacontrollerStore;

  constructor(private readonly options: StandInOptions) {
    this.store = options.store;
    const dir = join(repoRoot, "metacontroller");
    this.controllers = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").sort()
      .map((f) => yaml.load(readFileSync(join(dir, f), "utf8")) as CompositeController);
  }

  /** Objects of one kind, in every namespace, by name: Metacontroller's informer caches. */
  private async ofKind(kind: string, apiVersion: string, namespace?: string): Promise<KubeObject[]> {
    return (await this.store.list(apiVersion, kind, namespace)).sort((a, b) => childKey(a).localeCompare(childKey(b)));
  }

  /** claimChildren with a generated selector: the parent's children carry its controller ownerReference. */
  private async owned(parent: KubeObject, rule: ResourceRule): Promise<KubeObject[]> {
    return (await this.ofKind(kindOf(rule.resource), rule.apiVersion, parent.metadata.namespace ?? "")).filter((o) => o.metadata.ownerReferences?.some((r) => r.controller && r.uid === parent.metadata.uid));
  }

  private async post(path: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${this.options.hooks}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, json: response.status === 200 ? JSON.parse(text) as Record<string, unknown> : {} };
  }

  /** Customize hook: related objects by the returned rules; in v2 a rule without `namespace` searches all namespaces. */
  private async related(rules: RelatedRule[]): Promise<ObjectsByType> {
    const groups: ObjectsByType = {};
    for (const rule of rules) {
      const kind = kindOf(rule.resource);
      const group: Record<string, KubeObject> = (groups[typeKey(kind, rule.apiVersion)] ??= {});
      for (const o of await this.ofKind(kind, rule.apiVersion, rule.namespace)) {
        if (rule.names && !rule.names.includes(o.metadata.name)) continue;
        const labels = o.metadata.labels ?? {};
        if (rule.labelSelector?.matchLabels && !Object.entries(rule.labelSelector.matchLabels).every(([k, v]) => labels[k] === v)) continue;
        group[`${o.metadata.namespace ?? ""}/${o.metadata.name}`] = o;
      }
    }
    return groups;
  }

  /** One sync of one parent, exactly as Metacontroller runs it (parentController.syncParentObject). */
  async sync(controller: CompositeController, parent: KubeObject): Promise<number> {
    const controllerObject = { apiVersion: "metacontroller.k8s.io/v1alpha1", kind: "CompositeController", metadata: controller.metadata, spec: controller.spec };
    // Children are what the informers hold when the sync starts; changes made while the hook runs are seen next time.
    const observed = new Map<string, KubeObject>();
    const children: ObjectsByType = {};
    for (const rule of controller.spec.childResources ?? []) {
      // Every declared type is present, empty or not, keyed "<namespace>/<name>".
      const group: Record<string, KubeObject> = (children[typeKey(kindOf(rule.resource), rule.apiVersion)] = {});
      for (const o of await this.owned(parent, rule)) {
        observed.set(childKey(o), o);
        group[`${o.metadata.namespace}/${o.metadata.name}`] = o;
      }
    }
    let related: ObjectsByType = {};
    if (controller.spec.hooks.customize) {
      const customize = await this.post(controller.spec.hooks.customize.webhook.path, { controller: controllerObject, parent });
      if (customize.status !== 200) return this.record(controller, parent, customize.status);
      related = await this.related((customize.json["relatedResources"] ?? []) as RelatedRule[]);
    }
    const answer = await this.post(controller.spec.hooks.sync.webhook.path, { controller: controllerObject, parent, children, related, finalizing: false });
    const resync = answer.json["resyncAfterSeconds"];
    this.record(controller, parent, answer.status, typeof resync === "number" ? resync : undefined);
    // Anything but 200 is an error: children and status stay untouched, the sync is retried.
    if (answer.status !== 200) return answer.status;
    // Children are managed only while the parent is not being deleted (no finalize hook here).
    if (!parent.metadata.deletionTimestamp) await this.manageChildren(controller, parent, observed, (answer.json["children"] ?? []) as KubeObject[]);
    await this.updateParentStatus(parent, answer.json["status"]);
    return answer.status;
  }

  private record(controller: CompositeController, parent: KubeObject, status: number, resyncAfterSeconds?: number): number {
    this.calls.push({ controller: controller.metadata.name, parent: `${parent.kind}/${parent.metadata.name}`, status, ...(resyncAfterSeconds !== undefined ? { resyncAfterSeconds } : {}) });
    return status;
  }

  /**
   * updateParentStatus: observedGeneration is injected, then the whole status
   * replaces the parent's (AtomicStatusUpdate: only the parent with that uid,
   * retried on conflicts, and not written when it is unchanged).
   */
  private async updateParentStatus(parent: KubeObject, status: unknown): Promise<void> {
    const desired = { ...(isMap(status) ? status : {}), observedGeneration: parent.metadata.generation };
    for (let attempt = 0; attempt < STATUS_ATTEMPTS; attempt++) {
      const fresh = await this.store.get(parent.apiVersion, parent.kind, parent.metadata.namespace, parent.metadata.name);
      if (!fresh || fresh.metadata.uid !== parent.metadata.uid || same(fresh["status"], desired)) return;
      if (await this.store.updateStatus({ ...fresh, status: desired }) !== "conflict") return;
    }
  }

  private async manageChildren(controller: CompositeController, parent: KubeObject, observed: ReadonlyMap<string, KubeObject>, answered: KubeObject[]): Promise<void> {
    const rules = controller.spec.childResources ?? [];
    const desired = new Map(answered.map((child) => {
      const copy = desiredChild(parent, child);
      return [childKey(copy), copy];
    }));
    // deleteChildren: every observed child the answer does not list goes, unless already being deleted;
    // with a uid precondition and background propagation; NotFound is swallowed.
    for (const [key, child] of observed) {
      if (desired.has(key) || child.metadata.deletionTimestamp) continue;
      const outcome = await this.store.delete(child);
      if (outcome === "done") this.writes.push(`delete ${child.kind}/${child.metadata.name}`);
    }
    for (const [key, child] of desired) {
      const rule = rules.find((r) => kindOf(r.resource) === child.kind && r.apiVersion === child.apiVersion);
      if (!rule) throw new Error(`${controller.metadata.name} answered a ${child.kind}, which it does not declare`);
      const seen = observed.get(key);
      if (!seen) {
        // AlreadyExists (someone was quicker) is swallowed.
        const created = createdChild(parent, child);
        this.options.mutate?.(created);
        if (await this.store.create(created) === "done") this.writes.push(`create ${child.kind}/${child.metadata.name}`);
        continue;
      }
      const updated = applyUpdate(seen, child);
      // No change after the merge: nothing is written.
      if (same(updated, seen)) continue;
      // Pending deletion: left alone.
      if (seen.metadata.deletionTimestamp) continue;
      // Recreate: deleted now (uid precondition, NotFound swallowed), created again on the next sync.
      if (rule.updateStrategy?.method === "Recreate") {
        if (await this.store.delete(seen) === "done") this.writes.push(`delete ${child.kind}/${child.metadata.name}`);
        continue;
      }
      // OnDelete: never updated; it changes only when someone else deletes it.
      if (rule.updateStrategy?.method !== "InPlace") continue;
      this.options.mutate?.(updated);
      // InPlace: an update carrying the observed resourceVersion; a conflict (changed since the
      // sync began) or NotFound is swallowed, and the next sync tries again.
      if (await this.store.update(updated) === "done") this.writes.push(`update ${child.kind}/${child.metadata.name}`);
    }
  }

  /** Syncs every parent of every controller once, in the order of the controllers' files; returns the HTTP codes. */
  async syncAll(): Promise<number[]> {
    const codes: number[] = [];
    for (const controller of this.controllers) {
      const { apiVersion, resource } = controller.spec.parentResource;
      for (const parent of await this.ofKind(kindOf(resource), apiVersion)) {
        // The parent as the informer holds it now: a parent deleted meanwhile is not synced.
        const current = await this.store.get(apiVersion, parent.kind, parent.metadata.namespace, parent.metadata.name);
        if (!current || current.metadata.uid !== parent.metadata.uid) continue;
        codes.push(await this.sync(controller, current));
      }
    }
    return codes;
  }
}
