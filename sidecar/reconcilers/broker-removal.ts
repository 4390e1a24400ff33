// The sidecar's half of the scale-down check (lib/model/broker-removal.ts): for
// each PodSet on which the Kafka hook holds brokers its pool no longer wants,
// ask Kafka whether they still host partition replicas, and answer on the
// PodSet. Only a broker Kafka confirms empty is then removed by the hook.
import type { Logger } from "pino";
import { isReconciliationPaused } from "../../lib/labels.js";
import { removalAnswer, requestedRemovals, type RemovalVerdict } from "../../lib/model/broker-removal.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import { EVENT_ACTION, EVENT_REASON, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import type { Reconciler } from "./reconciler.js";

export interface BrokerRemovalOptions {
  actions: Pick<KubeActions, "annotatePodSet">;
  availability: ClusterAvailability;
  events: EventRecorder;
  logger: Logger;
}

export class BrokerRemovalCheck implements Reconciler {
  readonly name = "broker-removal";

  constructor(private readonly options: BrokerRemovalOptions) {}

  async reconcile(cluster: ClusterSnapshot): Promise<void> {
    const kafka = cluster.kafka;
    if (!kafka || isReconciliationPaused(kafka)) return;
    for (const podSet of cluster.podSets) {
      const verdicts = new Map<number, RemovalVerdict>();
      // One broker at a time, so that an empty broker goes even while another still hosts replicas.
      for (const id of requestedRemovals(podSet)) verdicts.set(id, await this.ask(cluster, id));
      const answer = removalAnswer(podSet, verdicts);
      if (answer === undefined) continue;
      await this.options.actions.annotatePodSet(cluster.namespace, podSet.metadata.name, answer);
      const log = this.options.logger.child({ cluster: clusterKeyString(cluster), podSet: podSet.metadata.name });
      for (const [id, verdict] of verdicts) {
        if (verdict.removable) {
          log.info({ broker: id }, "Kafka confirms a broker to remove hosts no partition replicas");
          continue;
        }
        log.warn({ broker: id, reason: verdict.reason }, "a broker to remove still hosts partition replicas");
        await this.options.events.record({
          type: "Warning", action: EVENT_ACTION.removeBrokers, reason: EVENT_REASON.brokerRemovalRefused, regarding: kafka, related: podSet,
          note: `broker ${id} of ${podSet.metadata.name} is kept: ${verdict.reason}`,
        });
      }
    }
  }

  private async ask(cluster: ClusterSnapshot, broker: number): Promise<RemovalVerdict> {
    try {
      const verdict = await (await this.options.availability.forCluster(cluster)).canRemoveBrokers([broker]);
      return verdict.ok ? { removable: true } : { removable: false, reason: verdict.reason };
    } catch (error) {
      return { removable: false, reason: `cannot ask Kafka about broker ${broker}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
