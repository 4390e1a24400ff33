// The Metacontroller stand-in's store on a real API server: list and watch
// through @kubernetes/client-node informers (one per kind, all namespaces), and
// every write over HTTP as Metacontroller makes it: POST, PUT with the observed
// resourceVersion, PUT to the status subresource, DELETE with a uid
// precondition in the background. Informers hold the objects as the server
// sent them (raw JSON), so the three-way merge sees what is really stored.
import { KubeConfig, makeInformer, type Informer, type KubernetesListObject, type KubernetesObject, type ObjectCache } from "@kubernetes/client-node";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import type { WriteOutcome } from "../../helpers/fake-apiserver.js";
import type { MetacontrollerStore } from "../../helpers/metacontroller-standin.js";
import type { RealCluster } from "./cluster.js";
import type { Json, JsonMap } from "./rest.js";

const RESTART_DELAY_MS = 200;

type Cache = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

export interface RealStore extends MetacontrollerStore {
  /** The kinds whose informer does not hold what the server holds now (the same objects at the same resourceVersions). */
  lagging(): Promise<string[]>;
  /** Each kind's last informer error (the informer started over after it). */
  informerErrors(): Record<string, string>;
  stop(): Promise<void>;
}

const outcome = (status: number, ok: number[]): WriteOutcome => {
  if (ok.includes(status)) return "done";
  if (status === 404) return "gone";
  if (status === 409) return "conflict";
  throw new Error(`unexpected ${status} from the API server`);
};

export function realStore(cluster: RealCluster): RealStore {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfig);
  const informers = new Map<string, Promise<Cache>>();
  /** The last error of each kind's informer, for a failure message. */
  const errors = new Map<string, string>();
  const api = cluster.api;

  const informer = (apiVersion: string, kind: string): Promise<Cache> => {
    const key = `${apiVersion}|${kind}`;
    let started = informers.get(key);
    if (!started) {
      started = (async () => {
        const path = await api.path(apiVersion, kind);
        // As client-go's dynamic informers hold them: each item with its apiVersion and kind.
        const list = async (): Promise<KubernetesListObject<KubernetesObject>> =>
          await api.listCollection(apiVersion, kind) as unknown as KubernetesListObject<KubernetesObject>;
        const cache = makeInformer(kubeConfig, path, list);
        // A failed list or watch stops a client-node informer; Metacontroller's informers start over.
        cache.on("error", (error: unknown) => {
          errors.set(kind, error instanceof Error ? error.message : String(error));
          setTimeout(() => void cache.start().catch(() => undefined), RESTART_DELAY_MS);
        });
        await cache.start();
        return cache;
      })();
      informers.set(key, started);
    }
    return started;
  };

  const objectPath = async (o: KubeObject): Promise<string> => api.path(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);

  return {
    async list(apiVersion, kind, namespace) {
      const cache = await informer(apiVersion, kind);
      return cache.list(namespace).map((o) => structuredClone(o) as unknown as KubeObject);
    },
    async get(apiVersion, kind, namespace, name) {
      const found = await api.find({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
      return found as unknown as KubeObject | undefined;
    },
    async create(object) {
      const reply = await api.request("POST", await api.path(object.apiVersion, object.kind, object.metadata.namespace), object as unknown as Json);
      return reply.status === 409 ? "exists" : outcome(reply.status, [201]);
    },
    async update(object) {
      return outcome((await api.request("PUT", await objectPath(object), object as unknown as Json)).status, [200]);
    },
    async updateStatus(object) {
      return outcome((await api.request("PUT", `${await objectPath(object)}/status`, object as unknown as Json)).status, [200]);
    },
    async delete(object) {
      const options: JsonMap = { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background", preconditions: { uid: object.metadata.uid ?? null } };
      return outcome((await api.request("DELETE", await objectPath(object), options)).status, [200, 202]);
    },
    async lagging() {
      const behind: string[] = [];
      const versions = (objects: ReadonlyArray<{ metadata?: { uid?: string; resourceVersion?: string } }>): string =>
        objects.map((o) => `${o.metadata?.uid}@${o.metadata?.resourceVersion}`).sort().join(",");
      for (const [key, started] of informers) {
        const [apiVersion = "", kind = ""] = key.split("|");
        if (versions(await api.list(apiVersion, kind) as never) !== versions((await started).list())) {
          behind.push(errors.has(kind) ? `${kind} (${errors.get(kind)})` : kind);
        }
      }
      return behind;
    },
    informerErrors: () => Object.fromEntries(errors),
    async stop() {
      for (const started of informers.values()) await (await started).stop();
    },
  };
}
