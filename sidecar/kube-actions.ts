// Every change the sidecar makes to Kubernetes objects, and the Secrets it reads.
// Patches are JSON merge patches: they say exactly which fields change, and a
// field set to null is removed. Every write first asks whether this replica is
// still sure it leads (`fence`), so a replica that lost its Lease mid-reconcile
// writes nothing more, whatever the reconciler was doing.
import {
  ApiException, CoreV1Api, CustomObjectsApi, EventsV1Api, PatchStrategy, setHeaderOptions,
  type EventsV1Event, type KubeConfig, type V1ConfigMap, type V1PersistentVolumeClaim, type V1Secret,
} from "@kubernetes/client-node";
import type { PersistentVolumeClaim, Secret } from "../lib/api/kubernetes.js";

export const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

const PODSETS = { group: "core.strimzi.io", version: "v1", plural: "strimzipodsets" } as const;
const REBALANCES = { group: "kafka.strimzi.io", version: "v1", plural: "kafkarebalances" } as const;

export const statusCode = (error: unknown): number | undefined => (error instanceof ApiException ? (error.code as number) : undefined);

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

export class KubeActions {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly events: EventsV1Api;

  /** `fence` throws when this replica may not write (it no longer leads). */
  constructor(kubeConfig: KubeConfig, private readonly fence: () => void) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.events = kubeConfig.makeApiClient(EventsV1Api);
  }

  /** Deletes a pod; with a uid, only that pod, never one created again under its name. */
  async deletePod(namespace: string, name: string, uid?: string): Promise<DeleteResult> {
    this.fence();
    const result = await tolerate(this.core.deleteNamespacedPod({ name, namespace, ...(uid ? { body: { preconditions: { uid } } } : {}) }), [404, 409]);
    return result === 404 ? "gone" : result === 409 ? "replaced" : "deleted";
  }

  async annotatePod(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.core.patchNamespacedPod({ name, namespace, body: { metadata: { annotations } } }, MERGE_PATCH);
  }

  async annotatePodSet(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.custom.patchNamespacedCustomObject({ ...PODSETS, namespace, name, body: { metadata: { annotations } } }, MERGE_PATCH);
  }

  /** Creates a claim; one that exists already (another pass got there first) is left alone. */
  async createClaim(claim: PersistentVolumeClaim): Promise<"created" | "exists"> {
    this.fence();
    const namespace = claim.metadata?.namespace ?? "";
    const result = await tolerate(this.core.createNamespacedPersistentVolumeClaim({ namespace, body: claim as V1PersistentVolumeClaim }), [409]);
    return result === 409 ? "exists" : "created";
  }

  async patchClaim(namespace: string, name: string, patch: object): Promise<void> {
    this.fence();
    await this.core.patchNamespacedPersistentVolumeClaim({ name, namespace, body: patch }, MERGE_PATCH);
  }

  async deleteClaim(namespace: string, name: string): Promise<DeleteResult> {
    this.fence();
    const result = await tolerate(this.core.deleteNamespacedPersistentVolumeClaim({ name, namespace }), [404]);
    return result === 404 ? "gone" : "deleted";
  }

  /** A Secret's data, decoded; undefined when the Secret does not exist. */
  async readSecret(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    const result = await tolerate(this.core.readNamespacedSecret({ name, namespace }), [404]);
    if (typeof result === "number") return undefined;
    return Object.fromEntries(Object.entries(result.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]));
  }

  /** A Secret as the API server returns it (data base64); undefined when it does not exist. */
  async readSecretObject(namespace: string, name: string): Promise<Secret | undefined> {
    const result = await tolerate(this.core.readNamespacedSecret({ name, namespace }), [404]);
    return typeof result === "number" ? undefined : (result as Secret);
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
      await this.core.createNamespacedSecret({ namespace, body: secret as V1Secret });
      return;
    }
    const metadata = {
      ...observed.metadata,
      labels: { ...observed.metadata?.labels, ...secret.metadata?.labels },
      annotations: { ...observed.metadata?.annotations, ...secret.metadata?.annotations },
    };
    await this.core.replaceNamespacedSecret({ name: secret.metadata?.name ?? "", namespace, body: { ...secret, metadata } as V1Secret });
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
    const replaced = await this.custom.replaceNamespacedCustomObjectStatus({ ...REBALANCES, namespace, name, body }) as { metadata?: { resourceVersion?: string } };
    return replaced.metadata?.resourceVersion;
  }

  /** Removes `strimzi.io/rebalance` (or other annotations, set to null), if the resource is still at `resourceVersion`. */
  async annotateRebalance(namespace: string, name: string, resourceVersion: string | undefined, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    const metadata = { annotations, ...(resourceVersion ? { resourceVersion } : {}) };
    await this.custom.patchNamespacedCustomObject({ ...REBALANCES, namespace, name, body: { metadata } }, MERGE_PATCH);
  }

  /** Creates a ConfigMap; one that exists already is left for the caller to patch. */
  async createConfigMap(configMap: V1ConfigMap): Promise<"created" | "exists"> {
    this.fence();
    const result = await tolerate(this.core.createNamespacedConfigMap({ namespace: configMap.metadata?.namespace ?? "", body: configMap }), [409]);
    return result === 409 ? "exists" : "created";
  }

  /** A merge patch of a ConfigMap's data: keys set to null go. */
  async patchConfigMapData(namespace: string, name: string, data: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.core.patchNamespacedConfigMap({ name, namespace, body: { data } }, MERGE_PATCH);
  }

  async createEvent(event: EventsV1Event): Promise<void> {
    this.fence();
    await this.events.createNamespacedEvent({ namespace: event.metadata?.namespace ?? "", body: event });
  }
}
