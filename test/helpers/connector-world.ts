// The connector reconciler's world without an API server: a cache holding
// KafkaConnects, KafkaConnectors and PodSets, a Kubernetes stand-in that applies
// the reconciler's status and annotation patches and ConfigMap writes to it, and
// a fake Connect (test/helpers/fake-connect.ts). Time is FakeTimers'.
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import { pino } from "pino";
import type { KafkaConnector } from "../../lib/api/kafka-connector.js";
import type { ClusterKey } from "../../sidecar/cluster-cache.js";
import { ConnectApi } from "../../sidecar/connectors/connect-api.js";
import type { ConfigMap } from "../../sidecar/connectors/connector-kube.js";
import { ConnectorsController } from "../../sidecar/connectors/connectors-controller.js";
import type { Timers } from "../../sidecar/timers.js";
import type { KindName } from "../../sidecar/watched-kinds.js";
import { mergePatch } from "./fake-apiserver.js";
import { FakeConnect } from "./fake-connect.js";
import { FakeTimers } from "./fake-timers.js";

export const NS = "connect-ns";
export const CONNECT = "my-connect";
export const NOW = new Date("2026-12-06T20:00:00.000Z");
export const REQUEST_TIMEOUT_MS = 2000;

type Json = Record<string, unknown>;

export interface WorldOptions {
  concurrency?: number;
  requestTimeoutMs?: number;
  /** The REST calls' timers; the world's FakeTimers when undefined. */
  requestTimers?: Timers;
}

export function kafkaConnect(annotations: Record<string, string> = { "strimzi.io/use-connector-resources": "true" }, replicas = 1): KubernetesObject {
  return { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnect", metadata: { name: CONNECT, namespace: NS, annotations }, spec: { replicas, bootstrapServers: "my-cluster-kafka-bootstrap:9092" } } as KubernetesObject;
}

export function kafkaConnector(name: string, spec: Json, annotations: Record<string, string> = {}, cluster = CONNECT): KubernetesObject {
  return {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaConnector",
    metadata: { name, namespace: NS, uid: `uid-${name}`, generation: 1, labels: { "strimzi.io/cluster": cluster }, annotations },
    spec,
  } as KubernetesObject;
}

export class ConnectorWorld {
  readonly objects: Record<"kafkaConnects" | "kafkaConnectors" | "connectPodSets", KubernetesObject[]> = { kafkaConnects: [], kafkaConnectors: [], connectPodSets: [] };
  readonly configMaps = new Map<string, ConfigMap>();
  readonly podSetAnnotations: Array<Record<string, string | null>> = [];
  readonly timers = new FakeTimers();
  controller: ConnectorsController;
  private readonly abort = new AbortController();
  now = NOW;

  private constructor(address: { host: string; port: number }, private readonly fake: FakeConnect | undefined, options: WorldOptions) {
    const world = this;
    this.controller = new ConnectorsController({
      cache: {
        objects: (kind: KindName, namespace?: string) => ((world.objects as Record<string, KubernetesObject[]>)[kind] ?? []).filter((o) => namespace === undefined || o.metadata?.namespace === namespace),
        health: () => ({ ok: true, failing: [] }),
      },
      kube: {
        patchStatus: async (_namespace, name, status) => world.patch(name, (o) => ({ ...o, status: mergePatch((o as Json).status, status) })),
        annotate: async (_namespace, name, annotations) => world.patch(name, (o) => ({ ...o, metadata: { ...o.metadata, annotations: mergePatch(o.metadata?.annotations, annotations) as Record<string, string> } })),
        readConfigMap: async (_namespace, name) => structuredClone(world.configMaps.get(name)),
        writeConfigMap: async (configMap) => {
          world.configMaps.set(configMap.metadata?.name ?? "", structuredClone(configMap));
        },
      },
      podSets: { annotatePodSet: async (_namespace, _name, annotations) => { world.podSetAnnotations.push(annotations); } },
      apiFor: (_connect: ClusterKey) => new ConnectApi({ ...address, timeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, timers: options.requestTimers ?? world.timers }),
      clock: () => world.now,
      logger: pino({ level: "silent" }),
      timers: this.timers,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
  }

  /** Against a fake Connect, with request timeouts on the world's FakeTimers. */
  static async start(options: WorldOptions = {}): Promise<ConnectorWorld> {
    const fake = await FakeConnect.start();
    return new ConnectorWorld(fake.address(), fake, options);
  }

  /** Against a real Connect worker's REST API. */
  static against(address: { host: string; port: number }, options: WorldOptions = {}): ConnectorWorld {
    return new ConnectorWorld(address, undefined, options);
  }

  get connect(): FakeConnect {
    if (!this.fake) throw new Error("this world runs against a real Connect");
    return this.fake;
  }

  run(): void {
    this.controller.start(this.abort.signal);
  }

  /** A change the informers would report. */
  put(kind: "kafkaConnects" | "kafkaConnectors" | "connectPodSets", object: KubernetesObject): void {
    const list = this.objects[kind];
    const index = list.findIndex((o) => o.metadata?.name === object.metadata?.name);
    if (index >= 0) list[index] = object;
    else list.push(object);
    this.controller.changed(kind, object);
  }

  remove(name: string): void {
    const connector = this.objects.kafkaConnectors.find((o) => o.metadata?.name === name);
    this.objects.kafkaConnectors = this.objects.kafkaConnectors.filter((o) => o.metadata?.name !== name);
    if (connector) this.controller.changed("kafkaConnectors", connector);
  }

  connector(name: string): KafkaConnector | undefined {
    return this.objects.kafkaConnectors.find((o) => o.metadata?.name === name) as KafkaConnector | undefined;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all([this.controller.stop(), this.fake?.stop()]);
  }

  /** Applies a patch as the API server would, and reports the change as the informer would. */
  private patch(name: string, change: (o: KubernetesObject) => KubernetesObject): void {
    const current = this.objects.kafkaConnectors.find((o) => o.metadata?.name === name);
    if (!current) throw new Error(`no KafkaConnector ${name}`);
    this.put("kafkaConnectors", change(structuredClone(current)));
  }
}
