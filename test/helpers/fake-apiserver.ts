// A stand-in Kubernetes API server: real HTTP and JSON, so that the sidecar's
// real Kubernetes client (sidecar/kube: requests, watches, informers) talks to
// it through an ordinary KubeConfig.
//
// What it models, for the resources listed in RESOURCES:
// - one global, increasing resourceVersion (like etcd's revision); every write
//   stores a copy with the new version and appends a watch event to the history;
// - list (namespaced and all-namespaces) with `labelSelector` (=, ==, !=, in,
//   notin, exists, !exists) and the collection's `metadata.resourceVersion`;
// - watch (`?watch=true`): chunked JSON lines `{type, object}`; from a
//   `resourceVersion` it replays every later event, then streams; without one
//   (or "0") it starts with an ADDED event per object; `allowWatchBookmarks=true`
//   gets a BOOKMARK after the replay and on `sendBookmarks()`; `timeoutSeconds`
//   ends the stream; a version older than `compact()` left gets an ERROR event
//   with a 410 Status and the stream ends, as the real server does;
// - get (404 NotFound Status), create (201; 409 AlreadyExists; `generateName`;
//   uid, creationTimestamp, generation), replace (PUT; 409 Conflict on a stale
//   `metadata.resourceVersion`), patch (`application/merge-patch+json` as RFC
//   7386; `application/strategic-merge-patch+json` treated as a merge patch,
//   which is exact for maps and for lists replaced whole, the only patches the
//   sidecar sends; `application/json-patch+json` with add, remove, replace and
//   test), delete (404 when missing; 409 when `preconditions.uid` or
//   `preconditions.resourceVersion` differ; `metadata.finalizers` and the
//   `podDeletionGraceMs` option keep an object with a deletionTimestamp first);
// - `metadata.generation` grows when `spec` changes.
// - with `garbageCollector: true`, Kubernetes' garbage collector in background
//   propagation (what Metacontroller asks for and `kubectl delete` does): once
//   none of the owners an object's ownerReferences name (by uid) exists, the
//   object is deleted too, pods gracefully; without it ownerReferences are left
//   to the test.
// - `requests`: every request as RBAC sees it (verb, API group, resource,
//   namespace, name), so a test can hold a role against what a client really asks.
// Not modelled: authentication and authorization (any bearer token passes),
// admission and defaulting, validation, field selectors, status subresources
// (but PUT of a KafkaUser's, KafkaRebalance's or KafkaConnector's `/status`, which replaces only its status),
// server-side apply, the pvc-protection finalizer (a claim in use goes at once),
// and DELETED events for objects that stop matching a watch's label selector.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "../../sidecar/kube/config.js";

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

export const RESOURCES: readonly ResourceType[] = [
  { group: "", version: "v1", plural: "pods", kind: "Pod" },
  { group: "", version: "v1", plural: "persistentvolumeclaims", kind: "PersistentVolumeClaim" },
  { group: "", version: "v1", plural: "secrets", kind: "Secret" },
  { group: "", version: "v1", plural: "events", kind: "Event" },
  { group: "events.k8s.io", version: "v1", plural: "events", kind: "Event" },
  { group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease" },
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkas", kind: "Kafka" },
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkanodepools", kind: "KafkaNodePool" },
  { group: "core.strimzi.io", version: "v1", plural: "strimzipodsets", kind: "StrimziPodSet" },
  // The rest of the Kafka hook's children and related kinds, for the Metacontroller stand-in.
  { group: "", version: "v1", plural: "configmaps", kind: "ConfigMap" },
  { group: "", version: "v1", plural: "services", kind: "Service" },
  { group: "", version: "v1", plural: "serviceaccounts", kind: "ServiceAccount" },
  { group: "", version: "v1", plural: "nodes", kind: "Node" },
  { group: "policy", version: "v1", plural: "poddisruptionbudgets", kind: "PodDisruptionBudget" },
  { group: "networking.k8s.io", version: "v1", plural: "networkpolicies", kind: "NetworkPolicy" },
  { group: "networking.k8s.io", version: "v1", plural: "ingresses", kind: "Ingress" },
  { group: "apps", version: "v1", plural: "deployments", kind: "Deployment" },
  // The Entity Operator's.
  { group: "rbac.authorization.k8s.io", version: "v1", plural: "roles", kind: "Role" },
  { group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", kind: "RoleBinding" },
  { group: "route.openshift.io", version: "v1", plural: "routes", kind: "Route" },
  { group: "gateway.networking.k8s.io", version: "v1", plural: "tlsroutes", kind: "TLSRoute" },
  // The KafkaBridge controller's parent.
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkabridges", kind: "KafkaBridge" },
  // The KafkaConnect controller's parent.
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkaconnects", kind: "KafkaConnect" },
  // The KafkaMirrorMaker2 controller's parent.
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkamirrormaker2s", kind: "KafkaMirrorMaker2" },
  // The User Operator's.
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkausers", kind: "KafkaUser" },
  // The sidecar's KafkaRebalance reconciler's.
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkarebalances", kind: "KafkaRebalance" },
  // The connector reconciler's.
  { group: "kafka.strimzi.io", version: "v1", plural: "kafkaconnectors", kind: "KafkaConnector" },
];

export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

type EventType = "ADDED" | "MODIFIED" | "DELETED";

interface HistoryEntry {
  revision: number;
  resource: ResourceType;
  type: EventType;
  object: StoredObject;
}

/** A write made through HTTP, for tests that assert what the client did and in which order. */
export interface Write {
  verb: "create" | "replace" | "patch" | "delete";
  resource: string;
  namespace: string;
  name: string;
  contentType?: string;
  /** The bearer token the client sent: which client wrote (see kubeConfig). */
  client?: string;
}

/** A request as `hold` sees it. */
export interface HeldRequest {
  method: string;
  resource: string;
  client: string | undefined;
}

/** A request in RBAC's terms: what an authorizer would be asked. */
export interface ApiRequest {
  verb: "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";
  group: string;
  resource: string;
  /** Undefined for a request across all namespaces. */
  namespace?: string;
  name?: string;
  /** Who asked: the token of the client's KubeConfig. */
  client?: string;
  /** The end a watch asked the server for. */
  timeoutSeconds?: number;
}

interface Watcher {
  resource: ResourceType;
  namespace: string | undefined;
  selector: LabelSelector;
  response: ServerResponse;
}

type Requirement = { key: string; op: "=" | "!=" | "in" | "notin" | "exists" | "!exists"; values: string[] };
type LabelSelector = Requirement[];

function parseSelector(text: string | null): LabelSelector {
  if (!text) return [];
  const parts = text.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  return parts.map((raw) => {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(part))) return { key: m[1] ?? "", op: m[2] as "in" | "notin", values: (m[3] ?? "").split(",").map((v) => v.trim()) };
    if ((m = /^([^!=]+)!=(.*)$/.exec(part))) return { key: (m[1] ?? "").trim(), op: "!=", values: [(m[2] ?? "").trim()] };
    if ((m = /^([^!=]+)==?(.*)$/.exec(part))) return { key: (m[1] ?? "").trim(), op: "=", values: [(m[2] ?? "").trim()] };
    if (part.startsWith("!")) return { key: part.slice(1).trim(), op: "!exists", values: [] };
    return { key: part, op: "exists", values: [] };
  });
}

function matches(selector: LabelSelector, object: StoredObject): boolean {
  const labels = object.metadata.labels ?? {};
  return selector.every(({ key, op, values }) => {
    const value = labels[key];
    switch (op) {
      case "=": return value === values[0];
      case "!=": return value !== values[0];
      case "in": return value !== undefined && values.includes(value);
      case "notin": return value === undefined || !values.includes(value);
      case "exists": return value !== undefined;
      case "!exists": return value === undefined;
    }
  });
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

class HttpError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

const pointer = (path: string): string[] => path.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));

/** RFC 6902 JSON patch, the operations a controller uses. */
function jsonPatch(document: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new HttpError(400, "BadRequest", "a JSON patch is a list of operations");
  const result = structuredClone(document);
  for (const operation of operations as Array<{ op: string; path: string; value?: unknown }>) {
    const keys = pointer(operation.path);
    const last = keys.pop();
    let parent: unknown = result;
    for (const key of keys) parent = (parent as Record<string, unknown>)?.[key];
    if (typeof parent !== "object" || parent === null || last === undefined) throw new HttpError(422, "Invalid", `path ${operation.path} does not exist`);
    const container = parent as Record<string, unknown> & unknown[];
    const index = Array.isArray(container) ? (last === "-" ? container.length : Number(last)) : undefined;
    switch (operation.op) {
      case "add":
        if (index !== undefined) container.splice(index, 0, operation.value);
        else container[last] = operation.value;
        break;
      case "replace":
        if (!(last in container)) throw new HttpError(422, "Invalid", `path ${operation.path} does not exist`);
        container[last] = operation.value;
        break;
      case "remove":
        if (!(last in container)) throw new HttpError(422, "Invalid", `path ${operation.path} does not exist`);
        if (index !== undefined) container.splice(index, 1);
        else delete container[last];
        break;
      case "test":
        if (JSON.stringify(container[last]) !== JSON.stringify(operation.value)) throw new HttpError(422, "Invalid", `test of ${operation.path} failed`);
        break;
      default:
        throw new HttpError(400, "BadRequest", `JSON patch operation ${operation.op} is not supported`);
    }
  }
  return result;
}

const apiVersionOf = (r: ResourceType): string => (r.group ? `${r.group}/${r.version}` : r.version);
const storeKey = (r: ResourceType): string => `${apiVersionOf(r)}/${r.plural}`;
const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ""}/${name}`;
const timestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

interface Route {
  resource: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  status: boolean;
}

export interface FakeApiServerOptions {
  /** Deleted pods keep a deletionTimestamp this long before they are gone, like a kubelet's graceful termination. */
  podDeletionGraceMs?: number;
  /** Deletes objects whose owners are all gone, as Kubernetes' garbage collector does. */
  garbageCollector?: boolean;
  /** Deleted pods keep a deletionTimestamp until a kubelet removes them (`remove`), as the real API server's do. */
  podsEndByKubelet?: boolean;
}

function rbacVerb(method: string | undefined, url: URL, name: string | undefined): ApiRequest["verb"] {
  switch (method) {
    case "GET": return name ? "get" : ["true", "1"].includes(url.searchParams.get("watch") ?? "") ? "watch" : "list";
    case "POST": return "create";
    case "PUT": return "update";
    case "PATCH": return "patch";
    case "DELETE": return name ? "delete" : "deletecollection";
    default: throw new HttpError(405, "MethodNotAllowed", `${method ?? "no method"} is not served`);
  }
}

/** What an in-process write that may fail as an HTTP one would got. */
export type WriteOutcome = "done" | "exists" | "gone" | "conflict";

export class FakeApiServer {
  private revision = 0;
  private compactedRevision = 0;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly listeners = new Set<(entry: { type: EventType; resource: ResourceType; object: StoredObject }) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private collecting = false;
  readonly writes: Write[] = [];
  /** Requests that get no answer until released: a network path that hangs. */
  private readonly holds = new Set<{ matches: (request: HeldRequest) => boolean; waiting: Array<() => void> }>();
  readonly requests: ApiRequest[] = [];

  private constructor(private readonly server: Server, readonly url: string, private readonly options: FakeApiServerOptions) {}

  static async start(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
    let instance: FakeApiServer | undefined;
    const server = createServer((request, response) => {
      instance?.handle(request, response).catch((error: unknown) => instance?.fail(response, error));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    instance = new FakeApiServer(server, `http://127.0.0.1:${port}`, options);
    return instance;
  }

  /** A KubeConfig whose only cluster is this server; the token names the client in `writes`. */
  kubeConfig(token = "fake-token"): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "fake", server: this.url, skipTLSVerify: true }],
      users: [{ name: "sidecar", token }],
      contexts: [{ name: "fake", cluster: "fake", user: "sidecar" }],
      currentContext: "fake",
    });
    return kc;
  }

  /**
   * From now on, requests that `matches` get no answer (as if the network to
   * the API server hung for that client) until the returned function is called;
   * then they are served.
   */
  hold(matches: (request: HeldRequest) => boolean): () => void {
    const hold = { matches, waiting: [] as Array<() => void> };
    this.holds.add(hold);
    return () => {
      this.holds.delete(hold);
      for (const resume of hold.waiting) resume();
    };
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.closeWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- in-process access, for tests standing in for other controllers ----

  resource(apiVersion: string, kind: string): ResourceType {
    const found = RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
    if (!found) throw new Error(`no resource ${kind} ${apiVersion}`);
    return found;
  }

  /** Creates or replaces an object, as another controller would. */
  put<T extends { apiVersion?: string; kind?: string; metadata?: object }>(input: T): T {
    const object = input as unknown as StoredObject;
    if (!object.metadata?.name) throw new Error("put needs metadata.name");
    const resource = this.resource(object.apiVersion ?? "", object.kind ?? "");
    const existing = this.bucket(resource).get(objectKey(object.metadata.namespace, object.metadata.name));
    return (existing ? this.replace(resource, object, false) : this.create(resource, object)) as unknown as T;
  }

  get<T = StoredObject>(apiVersion: string, kind: string, namespace: string | undefined, name: string): T | undefined {
    const stored = this.bucket(this.resource(apiVersion, kind)).get(objectKey(namespace, name));
    return stored ? (structuredClone(stored) as T) : undefined;
  }

  list<T = StoredObject>(apiVersion: string, kind: string, namespace?: string): T[] {
    return [...this.bucket(this.resource(apiVersion, kind)).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .map((o) => structuredClone(o) as T);
  }

  /** Deletes an object now, whatever its finalizers. */
  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    const resource = this.resource(apiVersion, kind);
    const stored = this.bucket(resource).get(objectKey(namespace, name));
    if (stored) this.erase(resource, stored);
  }

  /** Every stored object, of every resource, in a stable order. */
  all(): StoredObject[] {
    return [...this.objects.entries()].sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([, bucket]) => [...bucket.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, o]) => structuredClone(o)));
  }

  /** POST: creates the object unless one of that name exists ("exists", as a 409 AlreadyExists would say). */
  createObject(input: StoredObject): WriteOutcome {
    const resource = this.resource(input.apiVersion ?? "", input.kind ?? "");
    if (this.bucket(resource).has(objectKey(input.metadata.namespace, input.metadata.name))) return "exists";
    this.create(resource, input);
    return "done";
  }

  /** PUT with the object's resourceVersion: "conflict" when it changed since, "gone" when it was deleted. */
  updateObject(input: StoredObject): WriteOutcome {
    const resource = this.resource(input.apiVersion ?? "", input.kind ?? "");
    if (!this.bucket(resource).has(objectKey(input.metadata.namespace, input.metadata.name))) return "gone";
    try {
      this.replace(resource, input, true);
      return "done";
    } catch (error) {
      if (error instanceof HttpError && error.code === 409) return "conflict";
      throw error;
    }
  }

  /** DELETE with an optional uid precondition, graceful for pods as over HTTP. */
  deleteObject(apiVersion: string, kind: string, namespace: string | undefined, name: string, uid?: string): WriteOutcome {
    try {
      this.delete(this.resource(apiVersion, kind), namespace, name, uid ? { preconditions: { uid } } : {});
      return "done";
    } catch (error) {
      if (error instanceof HttpError && error.code === 404) return "gone";
      if (error instanceof HttpError && error.code === 409) return "conflict";
      throw error;
    }
  }

  /** Called after every change, whoever made it. */
  onChange(listener: (entry: { type: EventType; resource: ResourceType; object: StoredObject }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Forgets every open watch without ending it: to its client the connection is half-open, silent for good
   * (the server's end of the watch never arrives either).
   */
  abandonWatches(): void {
    this.watchers.clear();
  }

  /** Ends every open watch from the server's side; clients watch again from their last version. */
  closeWatches(): void {
    for (const watcher of this.watchers) watcher.response.end();
    this.watchers.clear();
  }

  /** Forgets the history up to now: a watch from an older version gets 410 Gone. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history.length = 0;
  }

  sendBookmarks(): void {
    for (const watcher of this.watchers) this.bookmark(watcher);
  }

  // ---- storage ----

  private bucket(resource: ResourceType): Map<string, StoredObject> {
    const key = storeKey(resource);
    let bucket = this.objects.get(key);
    if (!bucket) this.objects.set(key, (bucket = new Map()));
    return bucket;
  }

  private record(resource: ResourceType, type: EventType, object: StoredObject): void {
    const entry = { revision: this.revision, resource, type, object: structuredClone(object) };
    this.history.push(entry);
    for (const watcher of this.watchers) {
      if (this.wants(watcher, resource, object)) this.send(watcher, { type, object: entry.object });
    }
    for (const listener of this.listeners) listener({ type, resource, object: structuredClone(object) });
    if (this.options.garbageCollector) this.collectGarbage();
  }

  /**
   * Kubernetes' garbage collector, background propagation: an object with
   * ownerReferences none of whose owners (by uid) exists any more is deleted.
   * Runs after every change, so a dependent created for an owner that is
   * already gone goes too, as the real collector's check of dangling owners does.
   */
  private collectGarbage(): void {
    if (this.collecting) return;
    this.collecting = true;
    try {
      for (;;) {
        const uids = new Set<string>();
        for (const bucket of this.objects.values()) for (const o of bucket.values()) if (o.metadata.uid) uids.add(o.metadata.uid);
        const orphans: Array<[ResourceType, StoredObject]> = [];
        for (const resource of RESOURCES) {
          for (const o of this.bucket(resource).values()) {
            const owners = (o.metadata.ownerReferences ?? []) as Array<{ uid?: string }>;
            if (owners.length > 0 && !o.metadata.deletionTimestamp && owners.every((r) => !r.uid || !uids.has(r.uid))) orphans.push([resource, o]);
          }
        }
        if (orphans.length === 0) return;
        for (const [resource, o] of orphans) this.delete(resource, o.metadata.namespace, o.metadata.name, {});
      }
    } finally {
      this.collecting = false;
    }
  }

  private wants(watcher: Watcher, resource: ResourceType, object: StoredObject): boolean {
    return storeKey(watcher.resource) === storeKey(resource)
      && (watcher.namespace === undefined || watcher.namespace === object.metadata.namespace)
      && matches(watcher.selector, object);
  }

  private create(resource: ResourceType, input: StoredObject): StoredObject {
    const metadata = { ...input.metadata };
    if (!metadata.name && typeof metadata.generateName === "string") metadata.name = `${metadata.generateName}${randomUUID().slice(0, 5)}`;
    if (!metadata.name) throw new HttpError(422, "Invalid", "metadata.name: Required value");
    const key = objectKey(metadata.namespace, metadata.name);
    if (this.bucket(resource).has(key)) {
      throw new HttpError(409, "AlreadyExists", `${resource.plural} "${metadata.name}" already exists`, { name: metadata.name, kind: resource.plural });
    }
    this.revision++;
    const object: StoredObject = {
      ...structuredClone(input),
      apiVersion: apiVersionOf(resource),
      kind: resource.kind,
      metadata: { ...metadata, uid: randomUUID(), resourceVersion: String(this.revision), generation: 1, creationTimestamp: timestamp(new Date()) },
    };
    delete object.metadata.deletionTimestamp;
    this.bucket(resource).set(key, object);
    this.record(resource, "ADDED", object);
    return structuredClone(object);
  }

  private replace(resource: ResourceType, input: StoredObject, checkVersion: boolean): StoredObject {
    const key = objectKey(input.metadata.namespace, input.metadata.name);
    const stored = this.bucket(resource).get(key);
    if (!stored) throw this.notFound(resource, input.metadata.name);
    if (checkVersion && input.metadata.resourceVersion && input.metadata.resourceVersion !== stored.metadata.resourceVersion) {
      throw new HttpError(409, "Conflict", `Operation cannot be fulfilled on ${resource.plural} "${input.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: input.metadata.name, kind: resource.plural });
    }
    this.revision++;
    const specChanged = JSON.stringify(input.spec) !== JSON.stringify(stored.spec);
    const object: StoredObject = {
      ...structuredClone(input),
      apiVersion: apiVersionOf(resource),
      kind: resource.kind,
      metadata: {
        ...structuredClone(input.metadata),
        uid: stored.metadata.uid,
        creationTimestamp: stored.metadata.creationTimestamp,
        resourceVersion: String(this.revision),
        generation: (stored.metadata.generation ?? 1) + (specChanged ? 1 : 0),
        ...(stored.metadata.deletionTimestamp ? { deletionTimestamp: stored.metadata.deletionTimestamp } : {}),
      },
    };
    if (object.metadata.deletionTimestamp && (object.metadata.finalizers ?? []).length === 0 && !this.graceful(resource)) {
      this.bucket(resource).set(key, object);
      this.erase(resource, object);
      return structuredClone(object);
    }
    this.bucket(resource).set(key, object);
    this.record(resource, "MODIFIED", object);
    return structuredClone(object);
  }

  private graceful(resource: ResourceType): boolean {
    return resource.plural === "pods" && resource.group === "" && ((this.options.podDeletionGraceMs ?? 0) > 0 || this.options.podsEndByKubelet === true);
  }

  private erase(resource: ResourceType, stored: StoredObject): void {
    this.revision++;
    const object = { ...stored, metadata: { ...stored.metadata, resourceVersion: String(this.revision) } };
    this.bucket(resource).delete(objectKey(stored.metadata.namespace, stored.metadata.name));
    this.record(resource, "DELETED", object);
  }

  private delete(resource: ResourceType, namespace: string | undefined, name: string, options: { preconditions?: { uid?: string; resourceVersion?: string } }): StoredObject {
    const stored = this.bucket(resource).get(objectKey(namespace, name));
    if (!stored) throw this.notFound(resource, name);
    const preconditions = options.preconditions ?? {};
    if ((preconditions.uid && preconditions.uid !== stored.metadata.uid) || (preconditions.resourceVersion && preconditions.resourceVersion !== stored.metadata.resourceVersion)) {
      throw new HttpError(409, "Conflict", `Precondition failed: UID in precondition: ${preconditions.uid ?? ""}, UID in object meta: ${stored.metadata.uid ?? ""}`, { name, kind: resource.plural });
    }
    const hasFinalizers = (stored.metadata.finalizers ?? []).length > 0;
    if (stored.metadata.deletionTimestamp) return structuredClone(stored);
    if (hasFinalizers || this.graceful(resource)) {
      const terminating = this.replace(resource, { ...stored, metadata: { ...stored.metadata, deletionTimestamp: timestamp(new Date()) } }, false);
      if (!hasFinalizers && !this.options.podsEndByKubelet) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          const current = this.bucket(resource).get(objectKey(namespace, name));
          if (current && current.metadata.uid === stored.metadata.uid) this.erase(resource, current);
        }, this.options.podDeletionGraceMs);
        this.timers.add(timer);
      }
      return terminating;
    }
    this.erase(resource, stored);
    return structuredClone(stored);
  }

  private notFound(resource: ResourceType, name: string): HttpError {
    return new HttpError(404, "NotFound", `${resource.plural} "${name}" not found`, { name, kind: resource.plural });
  }

  // ---- HTTP ----

  private route(path: string): Route | undefined {
    const status = path.endsWith("/status") && path.startsWith("/apis/kafka.strimzi.io/v1/namespaces/") && /\/(kafkausers|kafkarebalances|kafkaconnectors)\//.test(path);
    if (status) path = path.slice(0, -"/status".length);
    const core = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?$/.exec(path);
    const grouped = /^\/apis\/([^/]+)\/([^/]+)\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?$/.exec(path);
    const [group, version, namespace, plural, name] = core
      ? ["", "v1", core[1], core[2], core[3]]
      : grouped ? [grouped[1], grouped[2], grouped[3], grouped[4], grouped[5]] : [];
    const resource = RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
    return resource ? { resource, namespace: namespace && decodeURIComponent(namespace), name: name && decodeURIComponent(name), status } : undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    const route = this.route(url.pathname);
    if (!route) throw new HttpError(404, "NotFound", `the server could not find the requested resource (${request.method} ${url.pathname})`);
    const { resource, namespace, name } = route;
    const client = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const held = [...this.holds].find((h) => h.matches({ method: request.method ?? "", resource: resource.plural, client }));
    if (held) await new Promise<void>((resume) => held.waiting.push(resume));
    // RBAC names a subresource as `<resource>/<subresource>`.
    this.requests.push({ verb: rbacVerb(request.method, url, name), group: resource.group, resource: route.status ? `${resource.plural}/status` : resource.plural, ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}), ...(client ? { client } : {}), ...(url.searchParams.has("timeoutSeconds") ? { timeoutSeconds: Number(url.searchParams.get("timeoutSeconds")) } : {}) });
    const body = await readBody(request);
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
    const write = (verb: Write["verb"], objectName: string): void => {
      this.writes.push({
        verb, resource: resource.plural, namespace: namespace ?? "", name: objectName, ...(verb === "patch" && contentType ? { contentType } : {}), ...(client ? { client } : {}),
      });
    };
    switch (request.method) {
      case "GET": {
        if (name) {
          const stored = this.bucket(resource).get(objectKey(namespace, name));
          if (!stored) throw this.notFound(resource, name);
          return reply(response, 200, stored);
        }
        if (url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1") return this.watch(route, url, response);
        const selector = parseSelector(url.searchParams.get("labelSelector"));
        const items = [...this.bucket(resource).values()]
          .filter((o) => (namespace === undefined || o.metadata.namespace === namespace) && matches(selector, o))
          .sort((a, b) => objectKey(a.metadata.namespace, a.metadata.name).localeCompare(objectKey(b.metadata.namespace, b.metadata.name)));
        return reply(response, 200, { apiVersion: apiVersionOf(resource), kind: `${resource.kind}List`, metadata: { resourceVersion: String(this.revision) }, items });
      }
      case "POST": {
        const input = parseJson(body) as StoredObject;
        if (typeof input?.metadata !== "object") throw new HttpError(400, "BadRequest", "the object has no metadata");
        if (input.metadata.namespace && input.metadata.namespace !== namespace) throw new HttpError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
        const created = this.create(resource, { ...input, metadata: { ...input.metadata, ...(namespace ? { namespace } : {}) } });
        write("create", created.metadata.name);
        return reply(response, 201, created);
      }
      case "PUT": {
        if (!name) throw new HttpError(405, "MethodNotAllowed", "PUT needs a name");
        const input = parseJson(body) as StoredObject;
        const stored = route.status ? this.bucket(resource).get(objectKey(namespace, name)) : undefined;
        if (route.status && !stored) throw this.notFound(resource, name);
        // The status subresource changes the status alone, whatever else the body says.
        const next = stored ? { ...stored, status: input["status"], metadata: { ...stored.metadata, resourceVersion: input.metadata.resourceVersion } } : input;
        const replaced = this.replace(resource, { ...next, metadata: { ...next.metadata, name, ...(namespace ? { namespace } : {}) } }, true);
        write("replace", name);
        return reply(response, 200, replaced);
      }
      case "PATCH": {
        if (!name) throw new HttpError(405, "MethodNotAllowed", "PATCH needs a name");
        const stored = this.bucket(resource).get(objectKey(namespace, name));
        if (!stored) throw this.notFound(resource, name);
        const patch = parseJson(body);
        let patched: unknown;
        if (contentType === "application/json-patch+json") patched = jsonPatch(stored, patch);
        else if (contentType === "application/merge-patch+json" || contentType === "application/strategic-merge-patch+json") patched = mergePatch(stored, patch);
        else throw new HttpError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType ?? "none"})`);
        const result = patched as StoredObject;
        const replaced = this.replace(resource, { ...result, metadata: { ...result.metadata, name, ...(namespace ? { namespace } : {}) } }, true);
        write("patch", name);
        return reply(response, 200, replaced);
      }
      case "DELETE": {
        if (!name) throw new HttpError(405, "MethodNotAllowed", "deleting a collection is not supported");
        const options = (body.length > 0 ? parseJson(body) : {}) as { preconditions?: { uid?: string; resourceVersion?: string } };
        const deleted = this.delete(resource, namespace, name, options);
        write("delete", name);
        return reply(response, 200, deleted);
      }
      default:
        throw new HttpError(405, "MethodNotAllowed", `${request.method} is not supported`);
    }
  }

  private watch(route: Route, url: URL, response: ServerResponse): void {
    const watcher: Watcher = { resource: route.resource, namespace: route.namespace, selector: parseSelector(url.searchParams.get("labelSelector")), response };
    response.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
    // The client's watch resolves on the headers; a quiet watch must still send them.
    response.flushHeaders();
    const from = url.searchParams.get("resourceVersion");
    if (from && from !== "0" && Number(from) < this.compactedRevision) {
      this.send(watcher, { type: "ERROR", object: status(410, "Expired", `too old resource version: ${from} (${this.compactedRevision})`) });
      response.end();
      return;
    }
    if (!from || from === "0") {
      for (const object of this.bucket(route.resource).values()) if (this.wants(watcher, route.resource, object)) this.send(watcher, { type: "ADDED", object });
    } else {
      for (const entry of this.history) {
        if (entry.revision > Number(from) && this.wants(watcher, entry.resource, entry.object)) this.send(watcher, { type: entry.type, object: entry.object });
      }
    }
    const bookmarks = url.searchParams.get("allowWatchBookmarks") === "true";
    if (bookmarks) this.bookmark(watcher);
    this.watchers.add(watcher);
    const timeout = Number(url.searchParams.get("timeoutSeconds") ?? 0);
    const timer = timeout > 0 ? setTimeout(() => { this.watchers.delete(watcher); response.end(); }, timeout * 1000) : undefined;
    if (timer) this.timers.add(timer);
    response.on("close", () => {
      this.watchers.delete(watcher);
      if (timer) { clearTimeout(timer); this.timers.delete(timer); }
    });
  }

  private bookmark(watcher: Watcher): void {
    const resource = watcher.resource;
    this.send(watcher, { type: "BOOKMARK", object: { apiVersion: apiVersionOf(resource), kind: resource.kind, metadata: { resourceVersion: String(this.revision) } } });
  }

  private send(watcher: Watcher, event: { type: string; object: unknown }): void {
    if (!watcher.response.writableEnded) watcher.response.write(`${JSON.stringify(event)}\n`);
  }

  private fail(response: ServerResponse, error: unknown): void {
    if (response.headersSent) {
      response.end();
      return;
    }
    if (error instanceof HttpError) reply(response, error.code, status(error.code, error.reason, error.message, error.details));
    else reply(response, 500, status(500, "InternalError", String(error)));
  }
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): object {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

function reply(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "BadRequest", "the request body is not JSON");
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
