// MirrorMaker 2's connector reconciler's world without an API server: a cache
// holding the KafkaMirrorMaker2 and its workers' PodSet, patched as the API
// server would, the hook's copy of the connectors' record into the status
// (the auto-restart records it reads back), and a Connect REST API at an address
// (test/helpers/fake-connect.ts, or a real worker).
import { pino } from "pino";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { mirrorMaker2ConnectorStates, type MirrorMaker2ConnectorStates } from "../../lib/operands/mirror-maker-2/connector-states.js";
import { ConnectApi } from "../../sidecar/connectors/connect-api.js";
import { MirrorMaker2Connectors } from "../../sidecar/connectors/mirror-maker-2-connectors.js";
import type { Timers } from "../../sidecar/timers.js";
import type { KindName } from "../../sidecar/watched-kinds.js";
import { mergePatch } from "./fake-apiserver.js";
import { FakeTimers } from "./fake-timers.js";

export const NOW = new Date("2026-12-07T03:00:00.000Z");

export interface MirrorMaker2WorldOptions {
  requestTimeoutMs: number;
  /** The REST calls' timers; the world's FakeTimers when undefined. */
  requestTimers?: Timers;
  concurrency?: number;
}

/** The workers' PodSet of the KafkaMirrorMaker2 `name`, where the connectors' record goes. */
export const workersPodSet = (name: string, namespace: string): KubernetesObject => ({
  apiVersion: "core.strimzi.io/v1",
  kind: "StrimziPodSet",
  metadata: { name: `${name}-mirrormaker2`, namespace, labels: { "strimzi.io/cluster": name, "strimzi.io/kind": "KafkaMirrorMaker2" } },
} as KubernetesObject);

export class MirrorMaker2World {
  readonly objects: Record<"kafkaMirrorMaker2s" | "connectPodSets", KubernetesObject[]> = { kafkaMirrorMaker2s: [], connectPodSets: [] };
  readonly timers = new FakeTimers();
  readonly controller: MirrorMaker2Connectors;
  private readonly abort = new AbortController();

  constructor(address: { host: string; port: number }, options: MirrorMaker2WorldOptions) {
    this.controller = new MirrorMaker2Connectors({
      cache: {
        objects: (kind: KindName, namespace?: string) => ((this.objects as Record<string, KubernetesObject[]>)[kind] ?? []).filter((o) => namespace === undefined || o.metadata?.namespace === namespace),
        health: () => ({ ok: true, failing: [] }),
      },
      kube: {
        annotateMirrorMaker2: async (_namespace, _name, annotations) => this.patch("kafkaMirrorMaker2s", (o) => ({ ...o, metadata: { ...o.metadata, annotations: mergePatch(o.metadata?.annotations, annotations) as Record<string, string> } })),
        readConfigMap: async () => undefined,
        writeConfigMap: async () => undefined,
      },
      podSets: {
        annotatePodSet: async (_namespace, _name, annotations) => {
          this.patch("connectPodSets", (o) => ({ ...o, metadata: { ...o.metadata, annotations: mergePatch(o.metadata?.annotations, annotations) as Record<string, string> } }));
          // What the hook's next sync writes: the record's auto-restart statuses are read back from the status.
          const states = this.states();
          if (states) this.patch("kafkaMirrorMaker2s", (o) => ({ ...o, status: { autoRestartStatuses: states.autoRestartStatuses } }));
        },
      },
      apiFor: () => new ConnectApi({ ...address, timeoutMs: options.requestTimeoutMs, timers: options.requestTimers ?? this.timers }),
      clock: () => NOW,
      logger: pino({ level: "silent" }),
      timers: this.timers,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
  }

  put(kind: "kafkaMirrorMaker2s" | "connectPodSets", object: KubernetesObject): void {
    const list = this.objects[kind];
    const index = list.findIndex((o) => o.metadata?.name === object.metadata?.name);
    if (index >= 0) list[index] = object;
    else list.push(object);
    this.controller.changed(kind, object);
  }

  mm2(): KubernetesObject | undefined {
    return this.objects.kafkaMirrorMaker2s[0];
  }

  states(): MirrorMaker2ConnectorStates | undefined {
    return mirrorMaker2ConnectorStates(this.objects.connectPodSets[0] as StrimziPodSet | undefined).states;
  }

  run(): void {
    this.controller.start(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.controller.stop();
  }

  private patch(kind: "kafkaMirrorMaker2s" | "connectPodSets", change: (o: KubernetesObject) => KubernetesObject): void {
    const current = this.objects[kind][0];
    if (!current) throw new Error(`no ${kind}`);
    this.put(kind, change(structuredClone(current)));
  }
}

