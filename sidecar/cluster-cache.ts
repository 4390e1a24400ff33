// Informers for every watched kind in every watched namespace, and the view of
// one Kafka cluster that the reconcilers read. An informer that fails (its list
// or watch errors) stops; it is started again with backoff, and the health
// endpoint reports it as failing until it runs again.
import type { Logger } from "pino";
import type { KubeObject, KubernetesObject, PersistentVolumeClaim, Pod } from "../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { LABEL } from "../lib/labels.js";
import type { KubeConfig } from "./kube/config.js";
import { KubeHttp } from "./kube/http.js";
import { Informer } from "./kube/informer.js";
import { slim } from "./slim-objects.js";
import { collectionPath, WATCHED_KINDS, type KindName } from "./watched-kinds.js";

/** A Kafka cluster: the Kafka's namespace and name. */
export interface ClusterKey {
  namespace: string;
  name: string;
}

export const clusterKeyString = (key: ClusterKey): string => `${key.namespace}/${key.name}`;

export function parseClusterKey(text: string): ClusterKey {
  const slash = text.indexOf("/");
  return { namespace: text.slice(0, slash), name: text.slice(slash + 1) };
}

/** One Kafka cluster as the caches hold it now. */
export interface ClusterSnapshot extends ClusterKey {
  kafka: KubeObject | undefined;
  pools: KubeObject[];
  podSets: StrimziPodSet[];
  pods: Pod[];
  claims: PersistentVolumeClaim[];
}

export const BASE_RESTART_DELAY_MS = 1000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** Lists at once: every informer lists when it starts; their watches have connections of their own. */
const LIST_CONNECTIONS = 4;

interface WatchedInformer {
  kind: KindName;
  namespace: string | undefined;
  informer: Informer;
  state: "starting" | "running" | "failed";
  failures: number;
  restart?: NodeJS.Timeout;
}

export interface ClusterCacheOptions {
  kubeConfig: KubeConfig;
  /** Namespaces to watch; undefined watches all. */
  namespaces: readonly string[] | undefined;
  logger: Logger;
  /** Called with the Kafka cluster an added, changed or deleted object belongs to (kinds reconciled on their own aside). */
  onChange: (key: ClusterKey) => void;
  /** Called with every added, changed or deleted object, and its kind. */
  onObjectChange?: (kind: KindName, object: KubernetesObject) => void;
  restartDelayMs?: number;
  /** The informers' shortest watch timeout (informer.ts); client-go's 5 minutes when undefined. */
  minWatchTimeoutSeconds?: number;
}

/** The cluster an object belongs to: a Kafka, a KafkaConnect or a KafkaMirrorMaker2 is its own; anything else names it in `strimzi.io/cluster`. */
export function clusterOf(kind: KindName, object: KubernetesObject): ClusterKey | undefined {
  const namespace = object.metadata?.namespace;
  const name = kind === "kafkas" || kind === "kafkaConnects" || kind === "kafkaMirrorMaker2s" ? object.metadata?.name : object.metadata?.labels?.[LABEL.cluster];
  return namespace && name ? { namespace, name } : undefined;
}

export class ClusterCache {
  private readonly informers: WatchedInformer[] = [];
  private readonly http: KubeHttp;
  private stopped = false;

  constructor(private readonly options: ClusterCacheOptions) {
    this.http = new KubeHttp(options.kubeConfig, LIST_CONNECTIONS);
    const namespaces = options.namespaces ?? [undefined];
    for (const kind of Object.keys(WATCHED_KINDS) as KindName[]) {
      for (const namespace of namespaces) {
        const { labelSelector } = WATCHED_KINDS[kind];
        const informer = new Informer(this.http, {
          path: collectionPath(kind, namespace), transform: slim, ...(labelSelector ? { labelSelector } : {}),
          ...(options.minWatchTimeoutSeconds !== undefined ? { minWatchTimeoutSeconds: options.minWatchTimeoutSeconds } : {}),
        });
        const watched: WatchedInformer = { kind, namespace, informer, state: "starting", failures: 0 };
        const changed = (object: KubernetesObject): void => {
          options.onObjectChange?.(kind, object);
          if (WATCHED_KINDS[kind].notOfAKafka) return;
          const key = clusterOf(kind, object);
          if (key) options.onChange(key);
        };
        informer.on("add", changed);
        informer.on("update", changed);
        informer.on("delete", changed);
        informer.on("error", (error: unknown) => this.failed(watched, error));
        this.informers.push(watched);
      }
    }
  }

  /** Starts every informer; resolves once each has listed (or failed and been scheduled to start again). */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((watched) => this.run(watched)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const watched of this.informers) {
      if (watched.restart) clearTimeout(watched.restart);
      await watched.informer.stop();
    }
    this.http.close();
  }

  health(): { ok: boolean; failing: string[] } {
    const failing = this.informers.filter((w) => w.state !== "running").map((w) => `${w.kind}${w.namespace ? ` in ${w.namespace}` : ""}`);
    return { ok: failing.length === 0, failing };
  }

  /** Every cluster with a Kafka or a StrimziPodSet in the caches. */
  clusters(): ClusterKey[] {
    const keys = new Map<string, ClusterKey>();
    for (const kind of ["kafkas", "podSets"] as const) {
      for (const object of this.objects(kind)) {
        const key = clusterOf(kind, object);
        if (key) keys.set(clusterKeyString(key), key);
      }
    }
    return [...keys.values()];
  }

  snapshot(key: ClusterKey): ClusterSnapshot {
    const inCluster = (kind: KindName): KubernetesObject[] =>
      this.objects(kind, key.namespace).filter((o) => o.metadata?.labels?.[LABEL.cluster] === key.name);
    const kafka = this.objects("kafkas", key.namespace).find((k) => k.metadata?.name === key.name);
    return {
      ...key,
      kafka: kafka as KubeObject | undefined,
      pools: inCluster("kafkaNodePools") as KubeObject[],
      podSets: inCluster("podSets").filter(isExpandablePodSet),
      pods: inCluster("pods") as Pod[],
      claims: inCluster("claims") as PersistentVolumeClaim[],
    };
  }

  /** The object of that kind, namespace and name in the cache. */
  find(kind: KindName, namespace: string, name: string): KubernetesObject | undefined {
    for (const w of this.informers) {
      if (w.kind !== kind || (w.namespace !== undefined && w.namespace !== namespace)) continue;
      const found = w.informer.get(name, namespace);
      if (found) return found;
    }
    return undefined;
  }

  /** Objects cached per kind. */
  sizes(): Record<KindName, number> {
    const sizes = Object.fromEntries(Object.keys(WATCHED_KINDS).map((kind) => [kind, 0])) as Record<KindName, number>;
    for (const w of this.informers) sizes[w.kind] += w.informer.size;
    return sizes;
  }

  objects(kind: KindName, namespace?: string): KubernetesObject[] {
    return this.informers
      .filter((w) => w.kind === kind && (namespace === undefined || w.namespace === undefined || w.namespace === namespace))
      .flatMap((w) => [...w.informer.list(namespace)]);
  }

  private async run(watched: WatchedInformer): Promise<void> {
    watched.state = "starting";
    await watched.informer.start();
    // An error during start has already marked it failed and scheduled the next attempt.
    if (watched.state === "starting") {
      watched.state = "running";
      watched.failures = 0;
    }
  }

  private failed(watched: WatchedInformer, error: unknown): void {
    watched.state = "failed";
    watched.failures++;
    if (this.stopped || watched.restart) return;
    const base = this.options.restartDelayMs ?? BASE_RESTART_DELAY_MS;
    const delay = Math.min(base * 2 ** (watched.failures - 1), MAX_RESTART_DELAY_MS);
    this.options.logger.warn({ err: error, kind: watched.kind, namespace: watched.namespace, retryInMs: delay }, "informer stopped; starting it again");
    watched.restart = setTimeout(() => {
      watched.restart = undefined;
      if (!this.stopped) void this.run(watched);
    }, delay);
  }
}

/** A PodSet whose compact form the roller can expand; the PodSet hook reports the others. */
function isExpandablePodSet(object: KubernetesObject): object is KubernetesObject & StrimziPodSet {
  const spec = (object as Partial<StrimziPodSet>).spec;
  return Array.isArray(spec?.podTemplate?.spec?.containers)
    && Array.isArray(spec?.pods)
    && spec.pods.every((p) => typeof p?.metadata?.name === "string" && typeof p.spec?.hostname === "string" && Array.isArray(p.spec.volumes));
}
