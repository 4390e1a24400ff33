// The process kubelet's view of a real API server (the other source beside
// standInKubeletApi in ../real-world.ts): reads from informers of pods,
// Services, claims, ConfigMaps and Secrets; pod status written through the
// status subresource as the kubelet does (a merge patch of the whole status,
// only when it changed); a pod whose containers stopped removed with grace 0
// and its uid as precondition, the kubelet's last word on a graceful deletion.
import type { ConfigMap, PersistentVolumeClaim, Pod, Secret, Service } from "../../../lib/api/kubernetes.js";
import type { KubeletApi } from "../process-kubelet.js";
import type { RealCluster } from "./cluster.js";
import type { Cache, RawInformers } from "./metacontroller-store.js";
import type { Json } from "./rest.js";

export interface RealKubeletApi extends KubeletApi {
  /** Writes the server refused, by `status|delete pod: code message`, for a failure message. */
  readonly refused: string[];
}

export async function realServerKubeletApi(cluster: RealCluster, informers: RawInformers): Promise<RealKubeletApi> {
  const [pods, services, claims, configMaps, secrets] = await Promise.all(
    [["v1", "Pod"], ["v1", "Service"], ["v1", "PersistentVolumeClaim"], ["v1", "ConfigMap"], ["v1", "Secret"]].map(([v, k]) => informers.of(v ?? "", k ?? "")),
  ) as [Cache, Cache, Cache, Cache, Cache];
  const api = cluster.api;
  /** The status last written for each pod uid: written again only when it changes (or the write failed). */
  const written = new Map<string, string>();
  const removing = new Set<string>();
  const refused: string[] = [];
  const podPath = (pod: Pod): Promise<string> => api.path("v1", "Pod", pod.metadata?.namespace, pod.metadata?.name);
  const refusal = (what: string, pod: Pod, status: number, body: Record<string, unknown>): void => {
    refused.push(`${what} ${pod.metadata?.namespace}/${pod.metadata?.name}: ${status} ${String(body["message"] ?? "")}`);
  };
  return {
    refused,
    pods: () => pods.list() as Pod[],
    services: () => services.list() as Service[],
    claims: () => claims.list() as PersistentVolumeClaim[],
    configMap: (namespace, name) => configMaps.get(name, namespace) as ConfigMap | undefined,
    secret: (namespace, name) => secrets.get(name, namespace) as Secret | undefined,
    claim: (namespace, name) => claims.get(name, namespace) as PersistentVolumeClaim | undefined,
    writePodStatus(pod, status) {
      const uid = pod.metadata?.uid ?? "";
      const text = JSON.stringify(status);
      if (written.get(uid) === text) return;
      written.set(uid, text);
      void (async () => {
        // The uid as precondition: never the status of another pod created since under the name.
        const reply = await api.request("PATCH", `${await podPath(pod)}/status`, { metadata: { uid }, status } as unknown as Json, "application/merge-patch+json");
        if (reply.status !== 200) {
          written.delete(uid);
          if (reply.status !== 404 && reply.status !== 409) refusal("status", pod, reply.status, reply.body);
        }
      })().catch((error: unknown) => {
        written.delete(uid);
        refused.push(`status ${pod.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
    podTerminated(pod) {
      const uid = pod.metadata?.uid ?? "";
      if (removing.has(uid)) return;
      removing.add(uid);
      void (async () => {
        const reply = await api.request("DELETE", await podPath(pod), { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0, preconditions: { uid } });
        if (reply.status !== 200 && reply.status !== 404) {
          removing.delete(uid);
          refusal("delete", pod, reply.status, reply.body);
        }
      })().catch(() => removing.delete(uid));
    },
  };
}
