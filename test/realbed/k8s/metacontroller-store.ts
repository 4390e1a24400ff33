// The Metacontroller stand-in's store on a real API server: list and watch
// through the sidecar's informers (sidecar/kube, one per kind, all namespaces), and
// every write over HTTP as Metacontroller makes it: POST, PUT with the observed
// resourceVersion, PUT to the status subresource, DELETE with a uid
// precondition in the background. Informers hold the objects as the server
// sent them (raw JSON), so the three-way merge sees what is really stored.
import type { KubeObject, KubernetesObject } from "../../../lib/api/kubernetes.js";
import { KubeConfig } from "../../../sidecar/kube/config.js";
import { KubeHttp } from "../../../sidecar/kube/http.js";
import { Informer } from "../../../sidecar/kube/informer.js";
import type { WriteOutcome } from "../../helpers/fake-apiserver.js";
import type { MetacontrollerStore } from "../../helpers/metacontroller-standin.js";
import type { RealCluster } from "./cluster.js";
import type { Json, JsonMap } from "./rest.js";

const RESTART_DELAY_MS = 200;

export type Cache = Informer<KubernetesObject>;

export interface RealStore extends MetacontrollerStore {
  /** Its informers, for others in the test that read the same caches (the process kubelet). */
  readonly informers: RawInformers;
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

/**
 * Informers of a real API server, one per kind over all namespaces, started on
 * first use: each holds the objects as the server sent them (raw JSON, each
 * with its apiVersion and kind, as client-go's dynamic informers hold them). A
 * failed list or watch stops an informer; these start over, as client-go's do.
 */
export class RawInformers {
  private readonly started = new Map<string, Promise<Cache>>();
  /** Restarts waiting to happen: a stopped store must not start an informer again against a server that is gone. */
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** The last error of each kind's informer, for a failure message. */
  readonly errors = new Map<string, string>();
  private readonly http: KubeHttp;

  constructor(private readonly cluster: RealCluster) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfig);
    this.http = new KubeHttp(kubeConfig, 8);
  }

  of(apiVersion: string, kind: string): Promise<Cache> {
    const key = `${apiVersion}|${kind}`;
    let started = this.started.get(key);
    if (!started) {
      started = (async () => {
        // A list's items of built-in kinds come without their apiVersion and kind.
        const cache = new Informer(this.http, { path: await this.cluster.api.path(apiVersion, kind), transform: (o) => (o.kind ? o : { apiVersion, kind, ...o }) });
        cache.on("error", (error: unknown) => {
          this.errors.set(kind, error instanceof Error ? error.message : String(error));
          if (this.stopped) return;
          const restart = setTimeout(() => {
            this.restarts.delete(restart);
            if (!this.stopped) void cache.start().catch(() => undefined);
          }, RESTART_DELAY_MS);
          this.restarts.add(restart);
        });
        await cache.start();
        return cache;
      })();
      this.started.set(key, started);
    }
    return started;
  }

  /** Every informer started so far, by apiVersion and kind. */
  all(): Array<{ apiVersion: string; kind: string; cache: Promise<Cache> }> {
    return [...this.started].map(([key, cache]) => {
      const [apiVersion = "", kind = ""] = key.split("|");
      return { apiVersion, kind, cache };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const restart of this.restarts) clearTimeout(restart);
    this.restarts.clear();
    for (const started of this.started.values()) await (await started).stop();
    this.http.close();
  }
}

export function realStore(cluster: RealCluster): RealStore {
  const informers = new RawInformers(cluster);
  const informer = (apiVersion: string, kind: string): Promise<Cache> => informers.of(apiVersion, kind);
  const errors = informers.errors;
  const api = cluster.api;

  const objectPath = async (o: KubeObject): Promise<string> => api.path(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);

  return {
    informers,
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
      for (const { apiVersion, kind, cache } of informers.all()) {
        if (versions(await api.list(apiVersion, kind) as never) !== versions((await cache).list())) {
          behind.push(errors.has(kind) ? `${kind} (${errors.get(kind)})` : kind);
        }
      }
      return behind;
    },
    informerErrors: () => Object.fromEntries(errors),
    stop: () => informers.stop(),
  };
}
