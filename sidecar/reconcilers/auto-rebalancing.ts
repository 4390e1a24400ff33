// Auto-rebalancing on scale (`spec.cruiseControl.autoRebalance`), Strimzi's
// KafkaAutoRebalancingReconciler: on each pass the brokers added (registered and
// unfenced since the record) and the brokers the scale-down check holds go to the
// pure step (lib/rebalance/auto-rebalance.ts), whose actions on the
// `<cluster>-auto-rebalancing-<mode>` KafkaRebalances are done here; the
// KafkaRebalance controller (sidecar/rebalance) runs them against Cruise Control.
// The brokers of a remove-brokers rebalance are cordoned first (KIP-1066). The
// record (lib/rebalance/auto-rebalance-record.ts) is written on every PodSet last,
// after the actions: a pass cut short is done again from the old record, and an
// action done twice changes nothing (a rebalance that exists is kept). Turned
// off, it uncordons what it cordoned and removes the record.
import type { Logger } from "pino";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KafkaRebalance } from "../../lib/api/kafka-rebalance.js";
import { REBALANCE_ANNOTATION } from "../../lib/api/kafka-rebalance.js";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION, isReconciliationPaused, LABEL } from "../../lib/labels.js";
import { AUTO_REBALANCING_FINALIZER, autoRebalanceStep, type AutoRebalanceAction } from "../../lib/rebalance/auto-rebalance.js";
import {
  addedBrokers, autoRebalanceAnnotation, CORDONED_LOG_DIRS, CORDONING_LEVEL, cordoning, leavingBrokers, nextRecord, recordedAutoRebalance, removingBrokers,
  scaleDownBlocked,
} from "../../lib/rebalance/auto-rebalance-record.js";
import { nodeIdOf } from "../../lib/roller/cluster-nodes.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import { clusterKeyString, type ClusterKey, type ClusterSnapshot } from "../cluster-cache.js";
import { describeFailure } from "../kafka/client.js";
import type { KafkaAvailability } from "../kafka-availability.js";
import type { KubeActions } from "../kube-actions.js";
import type { Reconciler } from "./reconciler.js";

export interface AutoRebalancingOptions {
  actions: Pick<KubeActions, "annotatePodSet" | "createRebalance" | "patchRebalance" | "deleteRebalance">;
  availability: ClusterAvailability;
  /** The KafkaRebalances of a namespace, from the cache: the templates and the rebalances followed. */
  rebalances: (namespace: string) => KafkaRebalance[];
  /** Whether the hooks act on `spec.cruiseControl` (lib/operands/cruise-control/gate.ts): with it off there is no Cruise Control to rebalance with. */
  cruiseControlGateOn: boolean;
  clock: () => Date;
  logger: Logger;
}

/** The cluster of a KafkaRebalance auto-rebalancing follows, whose changes the cluster's pass must see. */
export function autoRebalancingCluster(object: KubernetesObject): ClusterKey | undefined {
  const namespace = object.metadata?.namespace;
  const cluster = object.metadata?.labels?.[LABEL.cluster];
  const followed = object.metadata?.finalizers?.includes(AUTO_REBALANCING_FINALIZER) === true;
  return followed && namespace && cluster ? { namespace, name: cluster } : undefined;
}

/** The node ids of the PodSets' brokers. */
function brokerIds(podSets: readonly StrimziPodSet[]): number[] {
  return podSets.flatMap((set) => set.spec.pods
    .filter((entry) => ({ ...set.spec.podTemplate.metadata.labels, ...entry.metadata.labels })[LABEL.brokerRole] === "true")
    .flatMap((entry) => nodeIdOf(entry.metadata.name) ?? []));
}

export class AutoRebalancing implements Reconciler {
  readonly name = "auto-rebalancing";
  // It waits on Kafka, which the roller's passes must not wait for.
  readonly lane = "auto-rebalancing";

  constructor(private readonly options: AutoRebalancingOptions) {}

  async reconcile(cluster: ClusterSnapshot): Promise<void> {
    // Unvalidated: one optional section is read from it; the pure step reads it as Strimzi's schema has it.
    const kafka = cluster.kafka as Kafka | undefined;
    const podSets = cluster.podSets.filter((p) => !p.metadata.deletionTimestamp);
    if (!kafka || isReconciliationPaused(kafka) || podSets.length === 0) return;
    const configurations = this.options.cruiseControlGateOn ? kafka.spec?.cruiseControl?.autoRebalance : undefined;
    const record = recordedAutoRebalance(podSets);
    if (configurations === undefined && record === undefined) return;
    const log = this.options.logger.child({ cluster: clusterKeyString(cluster) });
    const brokers = brokerIds(podSets);
    let client: KafkaAvailability;
    let unfenced: Set<number>;
    // A cluster still starting (no Secrets to connect with, no broker up) cannot answer: nothing is done until it can.
    try {
      client = await this.options.availability.forCluster(cluster);
      // Only brokers of the PodSets: one whose pod is going may still be registered a while.
      unfenced = new Set([...await client.unfencedBrokers()].filter((id) => brokers.includes(id)));
    } catch (error) {
      log.debug({ reason: describeFailure(error) }, "cannot ask Kafka which brokers are unfenced");
      return;
    }
    const leaving = leavingBrokers(podSets);

    if (configurations === undefined && record !== undefined) {
      // Turned off: Strimzi drops status.autoRebalance, and so does the hook. What was cordoned is uncordoned (those
      // leaving stay so until gone), then the record goes, so that turning it on again starts afresh, as in Strimzi.
      const cordoned = await this.cordon(client, { removing: [], cordoned: record.cordoned, leaving, unfenced }, log);
      await this.write(cluster, podSets, cordoned.length === 0 ? null : autoRebalanceAnnotation(nextRecord(record, { ...record, cordoned })));
      return;
    }
    if (configurations === undefined) return;

    const scaling = addedBrokers(record?.brokers, brokers, unfenced);
    const rebalances = new Map(this.options.rebalances(cluster.namespace).map((r) => [r.metadata.name, r]));
    const step = autoRebalanceStep({
      cluster: cluster.name, namespace: cluster.namespace, rebalances,
      configurations: configurations.map(({ mode, template }) => ({ mode, ...(template?.name !== undefined ? { template: { name: template.name } } : {}) })),
      status: record?.status, blocked: scaleDownBlocked(podSets), added: scaling.added, now: this.options.clock(),
    });
    // Strimzi fails the reconciliation here and keeps the status: the pass is tried again with backoff.
    if (!step.ok) throw new Error(`auto-rebalancing: ${step.error}`);

    const cordoned = await this.cordon(client, { removing: removingBrokers(step.status), cordoned: record?.cordoned ?? [], leaving, unfenced }, log);
    for (const action of step.actions) await this.act(kafka, action, log);
    const next = nextRecord(record, { status: step.status, brokers: scaling.accounted, cordoned });
    if (record?.status.state !== next.status.state) log.info({ from: record?.status.state, to: next.status.state, modes: next.status.modes }, "auto-rebalancing changed state");
    await this.write(cluster, podSets, autoRebalanceAnnotation(next));
  }

  /** The record on each PodSet that does not carry it yet (null removes it). */
  private async write(cluster: ClusterSnapshot, podSets: readonly StrimziPodSet[], annotation: string | null): Promise<void> {
    for (const podSet of podSets.filter((p) => (p.metadata.annotations?.[ANNOTATION.autoRebalance] ?? null) !== annotation)) {
      await this.options.actions.annotatePodSet(cluster.namespace, podSet.metadata.name, { [ANNOTATION.autoRebalance]: annotation });
    }
  }

  /** Cordons and uncordons (lib/rebalance/auto-rebalance-record.ts), where Kafka's metadata version has cordoning; the brokers cordoned after. */
  private async cordon(client: KafkaAvailability, input: Parameters<typeof cordoning>[0], log: Logger): Promise<number[]> {
    const changes = cordoning(input);
    if (changes.cordon.length === 0 && changes.uncordon.length === 0) return [...input.cordoned];
    const after = new Set(input.cordoned);
    if (changes.cordon.length > 0 && (await client.finalizedMetadataLevel()) < CORDONING_LEVEL) {
      log.debug({ brokers: changes.cordon }, "not cordoning: Kafka's metadata.version is below 4.3-IV0");
      changes.cordon = [];
    }
    for (const [ids, cordon] of [[changes.cordon, true], [changes.uncordon, false]] as const) {
      for (const id of ids) {
        const outcome = await client.alterBrokerConfigs(id, [cordon ? { name: CORDONED_LOG_DIRS, op: "SET", value: "*" } : { name: CORDONED_LOG_DIRS, op: "DELETE" }])
          .catch((error: unknown) => ({ refused: describeFailure(error) }));
        // A broker not cordoned is still emptied by the rebalance: the failure is logged, and the next pass tries again.
        if (outcome.refused !== undefined) {
          log.warn({ broker: id, reason: outcome.refused }, cordon ? "cannot cordon a broker to remove" : "cannot uncordon a broker");
          continue;
        }
        log.info({ broker: id }, cordon ? "cordoned a broker to remove" : "uncordoned a broker");
        if (cordon) after.add(id);
        else after.delete(id);
      }
    }
    return [...after].sort((a, b) => a - b);
  }

  private async act(kafka: Kafka, action: AutoRebalanceAction, log: Logger): Promise<void> {
    const namespace = kafka.metadata.namespace ?? "";
    switch (action.action) {
      case "create": {
        const uid = kafka.metadata.uid;
        const owner = uid ? { ownerReferences: [{ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: kafka.metadata.name, uid, controller: false, blockOwnerDeletion: false }] } : {};
        const created = await this.options.actions.createRebalance({ ...action.rebalance, metadata: { ...action.rebalance.metadata, ...owner } });
        log.info({ rebalance: action.rebalance.metadata.name, brokers: action.rebalance.spec.brokers, created }, "auto-rebalancing created a KafkaRebalance");
        return;
      }
      case "refresh":
        await this.options.actions.patchRebalance(namespace, action.name, { metadata: { annotations: { [REBALANCE_ANNOTATION]: "refresh" } }, spec: { brokers: action.brokers } });
        return;
      case "stop":
        await this.options.actions.patchRebalance(namespace, action.name, { metadata: { annotations: { [REBALANCE_ANNOTATION]: "stop" } } });
        return;
      case "delete": {
        const finalizers = this.options.rebalances(namespace).find((r) => r.metadata.name === action.name)?.metadata.finalizers ?? [];
        if (finalizers.includes(AUTO_REBALANCING_FINALIZER)) {
          await this.options.actions.patchRebalance(namespace, action.name, { metadata: { finalizers: finalizers.filter((f) => f !== AUTO_REBALANCING_FINALIZER) } });
        }
        await this.options.actions.deleteRebalance(namespace, action.name);
        log.info({ rebalance: action.name }, "auto-rebalancing deleted its KafkaRebalance");
        return;
      }
    }
  }
}
