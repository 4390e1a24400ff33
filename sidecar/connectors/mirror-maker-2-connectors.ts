// The connectors of every KafkaMirrorMaker2 (Strimzi's
// KafkaMirrorMaker2AssemblyOperator.reconcileConnectors), reconciled through
// the REST API of its workers, `<name>-mirrormaker2-api:8083`, by the same
// connector pass as KafkaConnectors, only on the leader. The connectors are
// lib/operands/mirror-maker-2/connectors.ts's, in a KafkaConnector's shape.
// Each connector is a key of its own, so one whose calls hang holds one slot
// for its own timeout and never delays the others; its outcome is kept, and the
// KafkaMirrorMaker2's own key records the outcomes of all its connectors on
// its workers' StrimziPodSet, where the hook reads them into the status (it
// alone writes the status), and deletes the connectors MirrorMaker 2 named
// that no mirror declares any longer.
import type { KafkaConnector } from "../../lib/api/kafka-connector.js";
import type { KafkaMirrorMaker2 } from "../../lib/api/kafka-mirror-maker-2.js";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import { validateKafkaMirrorMaker2 } from "../../lib/api/validate.js";
import type { ConnectorOutcome } from "../../lib/connectors/status.js";
import { connectorsToDelete } from "../../lib/connectors/plan.js";
import { isReconciliationPaused, LABEL } from "../../lib/labels.js";
import { mirrorMaker2ConnectorOperations } from "../../lib/operands/mirror-maker-2/connector-annotations.js";
import { connectorStatesRecord, MIRROR_MAKER_2_CONNECTORS_ANNOTATION } from "../../lib/operands/mirror-maker-2/connector-states.js";
import { isMirrorConnectorName, mirrorMaker2Connectors } from "../../lib/operands/mirror-maker-2/connectors.js";
import { mirrorMaker2Name } from "../../lib/operands/mirror-maker-2/names.js";
import { clusterOf, type ClusterKey } from "../cluster-cache.js";
import type { TermQueue } from "../term-queue.js";
import type { KindName } from "../watched-kinds.js";
import type { ConnectApi } from "./connect-api.js";
import type { ConnectorKube } from "./connector-kube.js";
import { connectorPass } from "./connector-pass.js";
import { connectorQueue, type ConnectorQueueOptions } from "./connectors-controller.js";

export interface MirrorMaker2ConnectorsOptions extends ConnectorQueueOptions {
  kube: Pick<ConnectorKube, "annotateMirrorMaker2" | "readConfigMap" | "writeConfigMap">;
  /** The REST API of a KafkaMirrorMaker2's workers: `<name>-mirrormaker2-api.<namespace>.svc:8083` in a cluster. */
  apiFor: (mm2: ClusterKey) => ConnectApi;
}

/** `mm2/<namespace>/<name>`, or `connector/<namespace>/<name>/<connector>` (a connector's name holds no `/`: aliases are Kafka client ids). */
type Key = { of: "mm2"; mm2: ClusterKey } | { of: "connector"; mm2: ClusterKey; connector: string };
const keyString = (key: Key): string => key.of === "mm2" ? `mm2/${key.mm2.namespace}/${key.mm2.name}` : `connector/${key.mm2.namespace}/${key.mm2.name}/${key.connector}`;
function parseKey(text: string): Key {
  const [of, namespace = "", name = "", ...connector] = text.split("/");
  return of === "mm2" ? { of, mm2: { namespace, name } } : { of: "connector", mm2: { namespace, name }, connector: connector.join("/") };
}
const mm2Id = (mm2: ClusterKey): string => `${mm2.namespace}/${mm2.name}`;

type Mm2 = Pick<KafkaMirrorMaker2, "metadata" | "spec" | "status">;

export class MirrorMaker2Connectors {
  private readonly queue: TermQueue;
  /** Each KafkaMirrorMaker2's connectors' last outcomes, by connector name; a new leader passes them all again. */
  private readonly outcomes = new Map<string, Map<string, ConnectorOutcome>>();

  constructor(private readonly options: MirrorMaker2ConnectorsOptions) {
    this.queue = connectorQueue(options, (key) => this.work(parseKey(key)), "MirrorMaker 2 connector", () => {
      for (const mm2 of options.cache.objects("kafkaMirrorMaker2s")) {
        const key = clusterOf("kafkaMirrorMaker2s", mm2);
        if (key) this.enqueue(key, mm2);
      }
    });
  }

  /** A KafkaMirrorMaker2 is queued with each connector it declares; its workers' PodSet (the record's home) as itself. */
  changed(kind: KindName, object: KubernetesObject): void {
    const key = clusterOf(kind, object);
    if (!key) return;
    if (kind === "kafkaMirrorMaker2s") this.enqueue(key, object);
    else if (kind === "connectPodSets" && object.metadata?.labels?.[LABEL.kind] === "KafkaMirrorMaker2") this.queue.add(keyString({ of: "mm2", mm2: key }));
  }

  start(signal: AbortSignal): void {
    this.queue.start(signal);
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    this.outcomes.clear();
  }

  private enqueue(key: ClusterKey, object: KubernetesObject): void {
    const validated = validateKafkaMirrorMaker2(object);
    if (validated.ok) {
      for (const connector of mirrorMaker2Connectors(validated.value)) this.queue.add(keyString({ of: "connector", mm2: key, connector: connector.metadata.name }));
    }
    this.queue.add(keyString({ of: "mm2", mm2: key }));
  }

  /** The KafkaMirrorMaker2 whose connectors are to be reconciled: valid, not paused, with workers. */
  private active(key: ClusterKey): Mm2 | undefined {
    const object = this.options.cache.objects("kafkaMirrorMaker2s", key.namespace).find((o) => o.metadata?.name === key.name);
    if (!object) {
      this.outcomes.delete(mm2Id(key));
      return undefined;
    }
    const validated = validateKafkaMirrorMaker2(object);
    // Invalid: the hook says why; paused: nothing is asked of Connect; no workers: no REST API to ask (Strimzi's hasZeroReplicas).
    if (!validated.ok || isReconciliationPaused(validated.value) || validated.value.spec.replicas === 0) return undefined;
    return validated.value;
  }

  private async work(key: Key): Promise<void> {
    // A stopped informer could hide a KafkaMirrorMaker2's newest spec: connectors would be deleted.
    const context = { health: () => this.options.cache.health(), onReconciled: this.options.onReconciled };
    if (key.of === "mm2") await this.queue.reconcile("kafka-mirror-maker-2-connectors", context, () => this.reconcileMirrorMaker2(key.mm2));
    else await this.queue.reconcile("kafka-mirror-maker-2-connector", context, () => this.reconcileConnector(key.mm2, key.connector));
  }

  private async reconcileConnector(key: ClusterKey, name: string): Promise<void> {
    const mm2 = this.active(key);
    const connector = mm2 && mirrorMaker2Connectors(mm2).find((c) => c.metadata.name === name);
    if (!mm2 || !connector) {
      this.outcomes.get(mm2Id(key))?.delete(name);
      return;
    }
    // The last pass's auto-restart record, or after a change of leader the one the hook copied into the status
    // (which lags the record by a sync: a failed connector would be restarted twice).
    const autoRestart = this.outcomes.get(mm2Id(key))?.get(name)?.autoRestart ?? mm2.status?.autoRestartStatuses?.find((a) => a.connectorName === name);
    const withStatus: KafkaConnector = autoRestart ? { ...connector, status: { autoRestart } } : connector;
    const outcome = await connectorPass(withStatus, {
      api: this.options.apiFor(key),
      kube: this.options.kube,
      annotate: (annotations) => this.options.kube.annotateMirrorMaker2(key.namespace, key.name, annotations),
      requested: mirrorMaker2ConnectorOperations(mm2, name),
      now: this.options.clock,
    });
    if (outcome.failure) this.options.logger.warn({ mirrorMaker2: mm2Id(key), connector: name, reason: outcome.failure.message }, "MirrorMaker 2 connector not ready");
    // Read after the pass: the connectors of one KafkaMirrorMaker2 pass at once.
    const outcomes = this.outcomes.get(mm2Id(key)) ?? new Map<string, ConnectorOutcome>();
    outcomes.set(name, outcome);
    this.outcomes.set(mm2Id(key), outcomes);
    this.queue.add(keyString({ of: "mm2", mm2: key }));
  }

  private async reconcileMirrorMaker2(key: ClusterKey): Promise<void> {
    const mm2 = this.active(key);
    if (!mm2) return;
    const declared = mirrorMaker2Connectors(mm2);
    const podSetName = mirrorMaker2Name(key.name);
    const podSet = this.options.cache.objects("connectPodSets", key.namespace).find((s) => s.metadata?.name === podSetName);
    const outcomes = this.outcomes.get(mm2Id(key));
    if (podSet && outcomes) {
      const passes = declared.flatMap((connector) => {
        const outcome = outcomes.get(connector.metadata.name);
        return outcome ? [{ connector, outcome }] : [];
      });
      const record = JSON.stringify(connectorStatesRecord(passes, this.options.clock()));
      if (podSet.metadata?.annotations?.[MIRROR_MAKER_2_CONNECTORS_ANNOTATION] !== record) {
        await this.options.podSets.annotatePodSet(key.namespace, podSetName, { [MIRROR_MAKER_2_CONNECTORS_ANNOTATION]: record });
      }
    }
    const api = this.options.apiFor(key);
    const names = declared.map((c) => c.metadata.name);
    for (const name of connectorsToDelete((await api.list()).filter(isMirrorConnectorName), names)) {
      await api.delete(name);
      this.options.logger.info({ mirrorMaker2: mm2Id(key), connector: name }, "deleted a MirrorMaker 2 connector no mirror declares");
    }
  }
}
