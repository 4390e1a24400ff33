// The KafkaConnectors of every Kafka Connect cluster whose KafkaConnect has
// `strimzi.io/use-connector-resources: "true"`, reconciled through Connect's
// REST API (Strimzi's KafkaConnectAssemblyOperator.reconcileConnectors), only on
// the leader. Each connector is a key of its own in the work queue, so a
// connector whose calls hang or fail holds one slot for its own timeout and
// never delays the others (Strimzi reconciles a cluster's connectors together
// and one slow connector holds them all: strimzi#12004). Each Connect cluster
// has a key too: connectors Connect runs that no KafkaConnector names are
// deleted, and its plugins are recorded on its StrimziPodSet for the KafkaConnect
// hook to report in status.connectorPlugins.
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import type { Logger } from "pino";
import type { KafkaConnector, KafkaConnectorStatus } from "../../lib/api/kafka-connector.js";
import { validateKafkaConnector } from "../../lib/api/validate.js";
import { isConnectorReconciliationPaused, usesConnectorResources, CONNECTOR_ANNOTATION } from "../../lib/connectors/annotations.js";
import { connectorsToDelete, forbiddenOptionsWarning, type ConnectorFailure } from "../../lib/connectors/plan.js";
import { connectorStatus, failedConnectorStatus, pausedConnectorStatus } from "../../lib/connectors/status.js";
import { LABEL } from "../../lib/labels.js";
import { statusPatch } from "../../lib/topics/status.js";
import { clusterOf, type ClusterCache, type ClusterKey } from "../cluster-cache.js";
import type { KubeActions } from "../kube-actions.js";
import type { ReconcileResult } from "../metrics.js";
import { TermQueue } from "../term-queue.js";
import { REAL_TIMERS, type Timers } from "../timers.js";
import type { KindName } from "../watched-kinds.js";
import type { ConnectApi } from "./connect-api.js";
import type { ConnectorKube } from "./connector-kube.js";
import { connectorPass } from "./connector-pass.js";

/** On the KafkaConnect's StrimziPodSet `<name>-connect`: the JSON array of `{class, type, version}` Connect's GET /connector-plugins lists. */
export const CONNECTOR_PLUGINS_ANNOTATION = "kafka-hooks.io/connector-plugins";
/** Connectors reconciled at once; one hanging holds only its own slot. */
export const DEFAULT_CONNECTOR_CONCURRENCY = 16;
export const DEFAULT_CONNECTOR_RESYNC_MS = 30_000;

/** What the connector reconcilers, KafkaConnectors' and MirrorMaker 2's, are given alike. */
export interface ConnectorQueueOptions {
  cache: Pick<ClusterCache, "objects" | "health">;
  podSets: Pick<KubeActions, "annotatePodSet">;
  clock: () => Date;
  logger: Logger;
  timers?: Timers;
  concurrency?: number;
  resyncIntervalMs?: number;
  retryBaseMs?: number;
  onReconciled?: (reconciler: string, result: ReconcileResult, seconds: number) => void;
}

/** The work queue of connector passes, with the settings both reconcilers of connectors take; `what` names them in the log. */
export function connectorQueue(options: ConnectorQueueOptions, worker: (key: string) => Promise<void>, what: string, everything: () => void): TermQueue {
  return new TermQueue({
    worker,
    concurrency: options.concurrency ?? DEFAULT_CONNECTOR_CONCURRENCY,
    timers: options.timers ?? REAL_TIMERS,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    onError: (key, error) => options.logger.error({ err: error, key }, `${what} reconcile failed; retrying`),
  }, options.resyncIntervalMs ?? DEFAULT_CONNECTOR_RESYNC_MS, everything);
}

export interface ConnectorsControllerOptions extends ConnectorQueueOptions {
  kube: Pick<ConnectorKube, "patchStatus" | "annotate" | "readConfigMap" | "writeConfigMap">;
  /** The REST API of a Connect cluster: `<name>-connect-api.<namespace>.svc:8083` in a cluster. */
  apiFor: (connect: ClusterKey) => ConnectApi;
}

type Key = { of: "connect" | "connector"; namespace: string; name: string };
const keyString = (key: Key): string => `${key.of}/${key.namespace}/${key.name}`;
function parseKey(text: string): Key {
  const [of, namespace = "", name = ""] = text.split("/");
  return { of: of === "connect" ? "connect" : "connector", namespace, name };
}

const scaledToZero = (connect: KubernetesObject): boolean => (connect as { spec?: { replicas?: number } }).spec?.replicas === 0;

/** Strimzi's messages for a connector whose Connect cluster cannot take it (NoSuchResourceException, RuntimeException). */
function clusterFailure(connector: KubernetesObject, connect: KubernetesObject | undefined): ConnectorFailure | undefined {
  const namespace = connector.metadata?.namespace ?? "";
  const cluster = connector.metadata?.labels?.[LABEL.cluster] ?? "";
  if (!connect) {
    return { reason: "NoSuchResourceException", message: `KafkaConnect resource '${cluster}' identified by label '${LABEL.cluster}' does not exist in namespace ${namespace}.` };
  }
  if (!usesConnectorResources(connect)) {
    return { reason: "NoSuchResourceException", message: `KafkaConnect ${cluster} is not configured with annotation ${CONNECTOR_ANNOTATION.useConnectorResources}` };
  }
  if (scaledToZero(connect)) {
    return { reason: "RuntimeException", message: `Kafka Connect cluster '${cluster}' in namespace ${namespace} has 0 replicas.` };
  }
  return undefined;
}

export class ConnectorsController {
  private readonly queue: TermQueue;

  constructor(private readonly options: ConnectorsControllerOptions) {
    this.queue = connectorQueue(options, (key) => this.work(parseKey(key)), "connector", () => {
      for (const connect of options.cache.objects("kafkaConnects")) {
        this.enqueueCluster({ namespace: connect.metadata?.namespace ?? "", name: connect.metadata?.name ?? "" });
      }
      for (const connector of options.cache.objects("kafkaConnectors")) {
        this.queue.add(keyString({ of: "connector", namespace: connector.metadata?.namespace ?? "", name: connector.metadata?.name ?? "" }));
      }
    });
  }

  /**
   * An object of a watched kind changed: a KafkaConnector is queued alone (and its cluster, whose set of
   * connectors may have changed), a KafkaConnect with all its connectors, a Connect PodSet (its pods' progress:
   * the plugins may be listable now) as the cluster alone.
   */
  changed(kind: KindName, object: KubernetesObject): void {
    const cluster = clusterOf(kind, object);
    if (!cluster) return;
    if (kind === "kafkaConnectors") {
      this.queue.add(keyString({ of: "connector", namespace: cluster.namespace, name: object.metadata?.name ?? "" }));
      this.queue.add(keyString({ of: "connect", ...cluster }));
    } else if (kind === "kafkaConnects") {
      this.enqueueCluster(cluster);
    } else if (kind === "connectPodSets" && object.metadata?.labels?.[LABEL.kind] === "KafkaConnect") {
      this.queue.add(keyString({ of: "connect", ...cluster }));
    }
  }

  start(signal: AbortSignal): void {
    this.queue.start(signal);
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  private enqueueCluster(cluster: ClusterKey): void {
    this.queue.add(keyString({ of: "connect", ...cluster }));
    for (const connector of this.connectorsOf(cluster)) {
      this.queue.add(keyString({ of: "connector", namespace: cluster.namespace, name: connector.metadata?.name ?? "" }));
    }
  }

  private connectorsOf(cluster: ClusterKey): KubernetesObject[] {
    return this.options.cache.objects("kafkaConnectors", cluster.namespace).filter((c) => c.metadata?.labels?.[LABEL.cluster] === cluster.name);
  }

  private find(kind: KindName, namespace: string, name: string): KubernetesObject | undefined {
    return this.options.cache.objects(kind, namespace).find((o) => o.metadata?.name === name);
  }

  private async work(key: Key): Promise<void> {
    // A stopped informer could hide a KafkaConnect or a KafkaConnector: connectors would be deleted or told their cluster is gone.
    const context = { health: () => this.options.cache.health(), onReconciled: this.options.onReconciled };
    if (key.of === "connect") await this.queue.reconcile("kafka-connect-connectors", context, () => this.reconcileCluster(key));
    else await this.queue.reconcile("kafka-connector", context, () => this.reconcileConnector(key));
  }

  private async reconcileConnector(key: Key): Promise<void> {
    const object = this.find("kafkaConnectors", key.namespace, key.name);
    if (!object) return;
    const connector = object as unknown as KafkaConnector;
    const now = this.options.clock();
    const cluster = connector.metadata.labels?.[LABEL.cluster] ?? "";
    const connect = this.find("kafkaConnects", key.namespace, cluster);
    let status: KafkaConnectorStatus;
    const validated = validateKafkaConnector(object);
    if (isConnectorReconciliationPaused(connector)) {
      status = pausedConnectorStatus(connector, [], now);
    } else if (!validated.ok) {
      const message = validated.problems.map((p) => `${p.path}: ${p.message}`).join("; ");
      status = failedConnectorStatus(connector, { reason: "InvalidResourceException", message }, [], now);
    } else {
      const failure = clusterFailure(object, connect);
      const forbidden = forbiddenOptionsWarning(validated.value);
      if (failure) {
        status = failedConnectorStatus(connector, failure, forbidden ? [forbidden] : [], now);
      } else {
        const api = this.options.apiFor({ namespace: key.namespace, name: cluster });
        const outcome = await connectorPass(validated.value, {
          api,
          kube: this.options.kube,
          annotate: (annotations) => this.options.kube.annotate(key.namespace, key.name, annotations),
          now: this.options.clock,
        });
        if (outcome.failure) this.options.logger.warn({ connector: `${key.namespace}/${key.name}`, reason: outcome.failure.message }, "connector not ready");
        status = connectorStatus(connector, outcome, this.options.clock());
      }
    }
    const patch = statusPatch(connector.status, status);
    if (patch) await this.options.kube.patchStatus(key.namespace, key.name, patch);
  }

  private async reconcileCluster(key: Key): Promise<void> {
    const connect = this.find("kafkaConnects", key.namespace, key.name);
    if (!connect || !usesConnectorResources(connect) || scaledToZero(connect)) return;
    const api = this.options.apiFor(key);
    const declared = this.connectorsOf(key).map((c) => c.metadata?.name ?? "");
    for (const name of connectorsToDelete(await api.list(), declared)) {
      await api.delete(name);
      this.options.logger.info({ connect: `${key.namespace}/${key.name}`, connector: name }, "deleted a connector no KafkaConnector declares");
    }
    const podSetName = `${key.name}-connect`;
    const podSet = this.find("connectPodSets", key.namespace, podSetName);
    if (!podSet) return;
    const plugins = JSON.stringify((await api.plugins()).map((p) => ({ class: p.class, type: p.type, version: p.version })));
    if (podSet.metadata?.annotations?.[CONNECTOR_PLUGINS_ANNOTATION] !== plugins) {
      await this.options.podSets.annotatePodSet(key.namespace, podSetName, { [CONNECTOR_PLUGINS_ANNOTATION]: plugins });
    }
  }
}
