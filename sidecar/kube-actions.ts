// Every change the sidecar makes to Kubernetes objects, and the Secrets it reads.
// Patches are JSON merge patches: they say exactly which fields change, and a
// field set to null is removed. Every write first asks whether this replica is
// still sure it leads (`fence`), so a replica that lost its Lease mid-reconcile
// writes nothing more, whatever the reconciler was doing.
import {
  ApiException, CoreV1Api, CustomObjectsApi, EventsV1Api, PatchStrategy, setHeaderOptions,
  type EventsV1Event, type KubeConfig, type V1PersistentVolumeClaim, type V1Secret,
} from "@kubernetes/client-node";
import type { PersistentVolumeClaim, Secret } from "../lib/api/kubernetes.js";

const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

const PODSETS = { group: "core.strimzi.io", version: "v1", plural: "strimzipodsets" } as const;

export const statusCode = (error: unknown): number | undefined => (error instanceof ApiException ? (error.code as number) : undefined);

/** Runs a call, turning the listed HTTP status codes into a result instead of an error. */
async function tolerate<T>(call: Promise<T>, codes: readonly number[]): Promise<T | number> {
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

  /** Creates a Secret, or replaces the one of its name (which only the sidecar writes). */
  async writeSecret(secret: Secret): Promise<void> {
    this.fence();
    const namespace = secret.metadata?.namespace ?? "";
    const created = await tolerate(this.core.createNamespacedSecret({ namespace, body: secret as V1Secret }), [409]);
    if (created === 409) await this.core.replaceNamespacedSecret({ name: secret.metadata?.name ?? "", namespace, body: secret as V1Secret });
  }

  async createEvent(event: EventsV1Event): Promise<void> {
    this.fence();
    await this.events.createNamespacedEvent({ namespace: event.metadata?.namespace ?? "", body: event });
  }
}
