// A list+watch informer with client-go's reflector semantics
// (k8s.io/client-go/tools/cache/reflector.go): list page by page and replace
// the store (objects gone since are deleted events), then watch from the
// list's resourceVersion with bookmarks (allowWatchBookmarks: the server moves
// our version on while nothing we watch changes, so a restarted watch is rarely
// too old); each watch asks the server to end it within 5 to 10 minutes, and
// one still open well after that (a half-open connection) is dropped; a watch
// that ends is started again from the last version seen; one answered 410
// Gone (expired, as an ERROR event or as the answer) lists again from scratch. Any other failure stops the informer with an
// `error` event, and its owner starts it again when it sees fit, from where it
// was. The store is keyed by namespace and name and holds objects as
// `transform` returns them (the caches keep slimmed objects).
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import { REAL_TIMERS, type Timers } from "../timers.js";
import { KubeApiError, statusCode } from "./api-error.js";
import type { KubeHttp, WatchEvent } from "./http.js";

/** Objects per page of a list: a page's JSON is all that is held besides the store. */
const LIST_PAGE_SIZE = 500;
/** A watch the server ended sooner than this after it began is started again only after this long (client-go's reflector backs off too). */
const SHORT_WATCH_MS = 1000;
/**
 * Each watch asks the server to end it after 5 to 10 minutes by default, as client-go's reflector does
 * (minWatchTimeout × (1 + rand)): the spread keeps many informers from restarting together.
 */
const MIN_WATCH_TIMEOUT_SECONDS = 300;
/**
 * A watch still open this long after the server should have ended it is on a half-open connection (a peer or a
 * middlebox gone without a FIN): nothing would ever arrive on it, so it is dropped and started again.
 */
const HALF_OPEN_WATCH_GRACE_MS = 30_000;

export interface InformerOptions<T extends KubernetesObject> {
  /** The collection path: `/api/v1/namespaces/x/pods`, `/apis/g/v/plural`. */
  path: string;
  labelSelector?: string;
  /** What the store keeps of each object listed or watched. */
  transform?: (object: KubernetesObject) => T;
  timers?: Timers;
  /** A number in [0, 1) that spreads the watches' timeouts: Math.random unless a test injects its own. */
  random?: () => number;
  /** The shortest `timeoutSeconds` a watch asks for (client-go's minWatchTimeout); each asks for up to twice that. */
  minWatchTimeoutSeconds?: number;
}

interface ListPage {
  items: KubernetesObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

type Handlers<T> = { add: Array<(o: T) => void>; update: Array<(o: T) => void>; delete: Array<(o: T) => void>; error: Array<(e: unknown) => void> };

const keyOf = (object: KubernetesObject): [string, string] => [object.metadata?.namespace ?? "", object.metadata?.name ?? ""];

export class Informer<T extends KubernetesObject = KubernetesObject> {
  private objects = new Map<string, Map<string, T>>();
  private resourceVersion = "";
  private running: AbortController | undefined;
  private readonly handlers: Handlers<T> = { add: [], update: [], delete: [], error: [] };

  constructor(private readonly http: KubeHttp, private readonly options: InformerOptions<T>) {}

  on<E extends keyof Handlers<T>>(event: E, handler: Handlers<T>[E][number]): void {
    (this.handlers[event] as Array<typeof handler>).push(handler);
  }

  /**
   * Lists (unless a version is known) and starts watching; resolves once the server accepted the watch, or
   * once that failed (an `error` event), so a caller that sees it resolve without an error knows it runs.
   */
  start(): Promise<void> {
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    return new Promise<void>((resolve) => {
      running.signal.addEventListener("abort", () => resolve(), { once: true });
      void this.watchUntilStopped(running, resolve);
    });
  }

  async stop(): Promise<void> {
    this.running?.abort();
    this.running = undefined;
  }

  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(namespace ?? "")?.get(name);
  }

  /** The objects of one namespace, or all. */
  list(namespace?: string): T[] {
    if (namespace) return [...(this.objects.get(namespace)?.values() ?? [])];
    return [...this.objects.values()].flatMap((objects) => [...objects.values()]);
  }

  /** How many objects it holds. */
  get size(): number {
    let size = 0;
    for (const objects of this.objects.values()) size += objects.size;
    return size;
  }

  /** The last resourceVersion listed or watched. */
  latestResourceVersion(): string {
    return this.resourceVersion;
  }

  private async watchUntilStopped(running: AbortController, opened: () => void): Promise<void> {
    const timers = this.options.timers ?? REAL_TIMERS;
    while (!running.signal.aborted) {
      const began = timers.now();
      try {
        if (this.resourceVersion === "") await this.relist(running.signal);
        if (running.signal.aborted) return;
        await this.watch(running.signal, opened, timers);
      } catch (error) {
        if (running.signal.aborted) return;
        if (statusCode(error) !== 410) return this.fail(running, error);
        // Expired: what happened since our version is gone; only a fresh list tells.
        this.resourceVersion = "";
        continue;
      }
      if (timers.now() - began < SHORT_WATCH_MS) await new Promise<void>((resolve) => timers.after(SHORT_WATCH_MS, resolve));
    }
  }

  /** One watch, ended by the server after its timeout, by `stopped`, or by us once the server is overdue. */
  private async watch(stopped: AbortSignal, opened: () => void, timers: Timers): Promise<void> {
    const timeoutSeconds = Math.floor((this.options.minWatchTimeoutSeconds ?? MIN_WATCH_TIMEOUT_SECONDS) * (1 + (this.options.random ?? Math.random)()));
    const watching = new AbortController();
    const drop = (): void => watching.abort();
    stopped.addEventListener("abort", drop, { once: true });
    const cancelOverdue = timers.after(timeoutSeconds * 1000 + HALF_OPEN_WATCH_GRACE_MS, drop);
    try {
      const query = this.query({ watch: "true", allowWatchBookmarks: "true", timeoutSeconds: String(timeoutSeconds), resourceVersion: this.resourceVersion });
      await this.http.watch(`${this.options.path}?${query}`, (event) => this.apply(event), watching.signal, opened);
    } finally {
      cancelOverdue();
      stopped.removeEventListener("abort", drop);
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const listed = new Map<string, Map<string, T>>();
    let next: string | undefined;
    let resourceVersion = "";
    do {
      const page = await this.http.json<ListPage>("GET", `${this.options.path}?${this.query({ limit: String(LIST_PAGE_SIZE), continue: next })}`);
      if (signal.aborted) return;
      for (const item of page.items) {
        const object = this.transform(item);
        const [namespace, name] = keyOf(object);
        const inNamespace = listed.get(namespace) ?? new Map<string, T>();
        inNamespace.set(name, object);
        listed.set(namespace, inNamespace);
      }
      resourceVersion = page.metadata?.resourceVersion ?? "";
      next = page.metadata?.continue || undefined;
    } while (next);
    const before = this.objects;
    this.objects = listed;
    for (const [namespace, objects] of before) {
      for (const [name, object] of objects) if (!listed.get(namespace)?.has(name)) this.emit("delete", object);
    }
    for (const [namespace, objects] of listed) {
      for (const [name, object] of objects) {
        const old = before.get(namespace)?.get(name);
        if (!old) this.emit("add", object);
        else if (!sameVersion(old, object)) this.emit("update", object);
      }
    }
    this.resourceVersion = resourceVersion;
  }

  private apply(event: WatchEvent): void {
    if (event.type === "ERROR") {
      const status = event.object as { code?: number; reason?: string; message?: string };
      throw new KubeApiError(status.code ?? 0, status.reason, `watch ${this.options.path}: ${status.code} ${status.reason ?? ""}: ${status.message ?? ""}`);
    }
    if (event.type !== "BOOKMARK") {
      const object = this.transform(event.object as KubernetesObject);
      const [namespace, name] = keyOf(object);
      const inNamespace = this.objects.get(namespace) ?? new Map<string, T>();
      if (event.type === "DELETED") {
        if (inNamespace.delete(name)) this.emit("delete", object);
        if (inNamespace.size === 0) this.objects.delete(namespace);
      } else {
        const old = inNamespace.get(name);
        inNamespace.set(name, object);
        this.objects.set(namespace, inNamespace);
        if (!old) this.emit("add", object);
        else if (!sameVersion(old, object)) this.emit("update", object);
      }
    }
    this.resourceVersion = event.object.metadata?.resourceVersion ?? this.resourceVersion;
  }

  private query(parameters: Record<string, string | undefined>): string {
    const all = { ...parameters, ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}) };
    return new URLSearchParams(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")).toString();
  }

  private transform(object: KubernetesObject): T {
    return this.options.transform ? this.options.transform(object) : (object as T);
  }

  private emit(event: "add" | "update" | "delete", object: T): void {
    for (const handler of this.handlers[event]) handler(object);
  }

  private fail(running: AbortController, error: unknown): void {
    running.abort();
    if (this.running === running) this.running = undefined;
    for (const handler of this.handlers.error) handler(error);
  }
}

const sameVersion = (a: KubernetesObject, b: KubernetesObject): boolean =>
  a.metadata?.resourceVersion !== undefined && a.metadata.resourceVersion === b.metadata?.resourceVersion;
