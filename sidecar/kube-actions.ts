// Every change the sidecar makes to Kubernetes objects, and the Secrets it reads.
// Patches are JSON merge patches: they say exactly which fields change, and a
// field set to null is removed. Every write first asks whether this replica is
// still sure it leads (`fence`), so a replica that lost its Lease mid-reconcile
// writes nothing more, whatever the reconciler was doing.
import type { AsSent, ConfigMap, KubeEvent, PersistentVolumeClaim, Secret } from "../lib/api/kubernetes.js";
import { statusCode } from "./kube/api-error.js";
import type { KubeConfig } from "./kube/config.js";
import { KubeHttp, MERGE_PATCH } from "./kube/http.js";
import { resourcePath, type ResourceType } from "./kube/paths.js";

const PODS = { group: "", version: "v1", plural: "pods" } as const;
const CLAIMS = { group: "", version: "v1", plural: "persistentvolumeclaims" } as const;
const SECRETS = { group: "", version: "v1", plural: "secrets" } as const;
const CONFIG_MAPS = { group: "", version: "v1", plural: "configmaps" } as const;
const EVENTS = { group: "events.k8s.io", version: "v1", plural: "events" } as const;
const PODSETS = { group: "core.strimzi.io", version: "v1", plural: "strimzipodsets" } as const;
const REBALANCES = { group: "kafka.strimzi.io", version: "v1", plural: "kafkarebalances" } as const;

/** Requests at once over the sidecar's connections: its lanes write a few objects at a time. */
const MAX_SOCKETS = 16;

/** Runs a call, turning the listed HTTP status codes into a result instead of an error. */
export async function tolerate<T>(call: Promise<T>, codes: readonly number[]): Promise<T | number> {
  try {
    return await call;
  } catch (error) {
    const code = statusCode(error);
    if (code !== undefined && codes.includes(code)) return code;
    throw error;
  }
}

export type DeleteResult = "deleted" | "gone" | "replaced";

/** Reads and writes of objects by type, namespace and name; a status other than success is thrown as a KubeApiError. */
export class KubeObjects {
  constructor(private readonly http: KubeHttp) {}

  read<T>(type: ResourceType, namespace: string, name: string): Promise<T> {
    return this.http.json<T>("GET", resourcePath(type, namespace, name));
  }

  create<T extends { metadata?: { namespace?: string } }>(type: ResourceType, object: T): Promise<T> {
    return this.http.json<T>("POST", resourcePath(type, object.metadata?.namespace ?? ""), object);
  }

  /** PUT of the whole object (or of its `/status` subresource); the resourceVersion it carries makes it conditional. */
  replace<T>(type: ResourceType, namespace: string, name: string, object: T, subresource = ""): Promise<T> {
    return this.http.json<T>("PUT", `${resourcePath(type, namespace, name)}${subresource}`, object);
  }

  mergePatch<T>(type: ResourceType, namespace: string, name: string, patch: object, subresource = ""): Promise<T> {
    return this.http.json<T>("PATCH", `${resourcePath(type, namespace, name)}${subresource}`, patch, MERGE_PATCH);
  }

  delete(type: ResourceType, namespace: string, name: string, options?: object): Promise<unknown> {
    return this.http.json("DELETE", resourcePath(type, namespace, name), options);
  }
}

export class KubeActions {
  private readonly http: KubeHttp;
  private readonly objects: KubeObjects;

  /** `fence` throws when this replica may not write (it no longer leads). */
  constructor(kubeConfig: KubeConfig, private readonly fence: () => void) {
    this.http = new KubeHttp(kubeConfig, MAX_SOCKETS);
    this.objects = new KubeObjects(this.http);
  }

  /** Deletes a pod; with a uid, only that pod, never one created again under its name. */
  async deletePod(namespace: string, name: string, uid?: string): Promise<DeleteResult> {
    this.fence();
    const result = await tolerate(this.objects.delete(PODS, namespace, name, uid ? { preconditions: { uid } } : undefined), [404, 409]);
    return result === 404 ? "gone" : result === 409 ? "replaced" : "deleted";
  }

  async annotatePod(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.objects.mergePatch(PODS, namespace, name, { metadata: { annotations } });
  }

  async annotatePodSet(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.objects.mergePatch(PODSETS, namespace, name, { metadata: { annotations } });
  }

  /** Creates a claim; one that exists already (another pass got there first) is left alone. */
  async createClaim(claim: PersistentVolumeClaim): Promise<"created" | "exists"> {
    this.fence();
    return this.createUnlessExists(CLAIMS, claim);
  }

  async patchClaim(namespace: string, name: string, patch: object): Promise<void> {
    this.fence();
    await this.objects.mergePatch(CLAIMS, namespace, name, patch);
  }

  async deleteClaim(namespace: string, name: string): Promise<DeleteResult> {
    this.fence();
    return this.deleteUnlessGone(CLAIMS, namespace, name);
  }

  /** A Secret's data, decoded; undefined when the Secret does not exist. */
  async readSecret(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    const secret = await this.readSecretObject(namespace, name);
    if (!secret) return undefined;
    return Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]));
  }

  /** A Secret as the API server returns it (data base64); undefined when it does not exist. */
  async readSecretObject(namespace: string, name: string): Promise<Secret | undefined> {
    const result = await tolerate(this.objects.read<Secret>(SECRETS, namespace, name), [404]);
    return typeof result === "number" ? undefined : result;
  }

  /**
   * Creates a Secret when none was read (`observed` undefined), or replaces the
   * one read, on condition that it is still the version read: a change made
   * since (by anyone) is never overwritten unseen. Either way the server's
   * 409 (AlreadyExists, Conflict) fails the write, and the reconcile that read
   * it runs again on fresh reads. Labels and annotations that others set on the
   * Secret are kept.
   */
  async writeSecret(secret: Secret, observed: Secret | undefined): Promise<void> {
    this.fence();
    const namespace = secret.metadata?.namespace ?? "";
    if (!observed) {
      await this.objects.create(SECRETS, { ...secret, metadata: { ...secret.metadata, namespace } });
      return;
    }
    const metadata = {
      ...observed.metadata,
      labels: { ...observed.metadata?.labels, ...secret.metadata?.labels },
      annotations: { ...observed.metadata?.annotations, ...secret.metadata?.annotations },
    };
    await this.objects.replace(SECRETS, namespace, secret.metadata?.name ?? "", { ...secret, metadata });
  }

  /**
   * Replaces a KafkaRebalance's status whole (its subresource: nothing else
   * changes), on condition that the resource is still the version read: a
   * status decided on annotations or a spec that changed since answers 409.
   * Returns the new resourceVersion.
   */
  async replaceRebalanceStatus(rebalance: { metadata: { namespace: string; name: string; resourceVersion?: string } }, status: object): Promise<string | undefined> {
    this.fence();
    const { namespace, name } = rebalance.metadata;
    const body = { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance", ...rebalance, status };
    const replaced = await this.objects.replace<{ metadata?: { resourceVersion?: string } }>(REBALANCES, namespace, name, body, "/status");
    return replaced.metadata?.resourceVersion;
  }

  /** Removes `strimzi.io/rebalance` (or other annotations, set to null), if the resource is still at `resourceVersion`. */
  async annotateRebalance(namespace: string, name: string, resourceVersion: string | undefined, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    const metadata = { annotations, ...(resourceVersion ? { resourceVersion } : {}) };
    await this.objects.mergePatch(REBALANCES, namespace, name, { metadata });
  }

  /** Creates a KafkaRebalance; one that exists already (created before a restart the record did not see) is left as it is. */
  async createRebalance(rebalance: object & { metadata: { namespace: string } }): Promise<"created" | "exists"> {
    this.fence();
    return this.createUnlessExists(REBALANCES, rebalance);
  }

  /** A merge patch of a KafkaRebalance (its spec, annotations or finalizers). */
  async patchRebalance(namespace: string, name: string, patch: object): Promise<void> {
    this.fence();
    await this.objects.mergePatch(REBALANCES, namespace, name, patch);
  }

  async deleteRebalance(namespace: string, name: string): Promise<DeleteResult> {
    this.fence();
    return this.deleteUnlessGone(REBALANCES, namespace, name);
  }

  /** Creates a ConfigMap; one that exists already is left for the caller to patch. */
  async createConfigMap(configMap: AsSent<ConfigMap>): Promise<"created" | "exists"> {
    this.fence();
    return this.createUnlessExists(CONFIG_MAPS, configMap);
  }

  /** A merge patch of a ConfigMap's data: keys set to null go. */
  async patchConfigMapData(namespace: string, name: string, data: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.objects.mergePatch(CONFIG_MAPS, namespace, name, { data });
  }

  async createEvent(event: KubeEvent): Promise<void> {
    this.fence();
    await this.objects.create(EVENTS, event);
  }

  /** Ends the idle connections. */
  close(): void {
    this.http.close();
  }

  /** A create that finds the object there already (another pass, or one before a restart, made it) leaves it alone. */
  private async createUnlessExists(resource: ResourceType, object: object): Promise<"created" | "exists"> {
    return (await tolerate(this.objects.create(resource, object), [409])) === 409 ? "exists" : "created";
  }

  private async deleteUnlessGone(resource: ResourceType, namespace: string, name: string): Promise<"deleted" | "gone"> {
    return (await tolerate(this.objects.delete(resource, namespace, name), [404])) === 404 ? "gone" : "deleted";
  }
}
