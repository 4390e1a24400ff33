// The sidecar's half of the scale-down check (lib/model/broker-removal.ts): for
// each PodSet on which the Kafka hook holds brokers its pool no longer wants,
// ask Kafka whether they still host partition replicas, and answer on the
// PodSet. Only a broker Kafka confirms empty is then removed by the hook.
import type { Logger } from "pino";
import { removalAnswer, requestedRemovals, type RemovalVerdict } from "../../lib/model/broker-removal.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import { EVENT_ACTION, EVENT_REASON, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import { isPaused, type Reconciler } from "./reconciler.js";

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
    if (!kafka || isPaused(kafka)) return;
    for (const podSet of cluster.podSets) {
      const requested = requestedRemovals(podSet);
      const verdict = requested.length > 0 ? await this.ask(cluster, requested) : undefined;
      const answer = removalAnswer(podSet, requested, verdict);
      if (answer === undefined) continue;
      await this.options.actions.annotatePodSet(cluster.namespace, podSet.metadata.name, answer);
      const log = this.options.logger.child({ cluster: clusterKeyString(cluster), podSet: podSet.metadata.name, brokers: requested });
      if (verdict?.removable === false) {
        log.warn({ reason: verdict.reason }, "brokers to remove still host partition replicas");
        await this.options.events.record({
          type: "Warning", action: EVENT_ACTION.removeBrokers, reason: EVENT_REASON.brokerRemovalRefused, regarding: kafka, related: podSet,
          note: `brokers ${requested.join(", ")} of ${podSet.metadata.name} are kept: ${verdict.reason}`,
        });
      } else if (verdict?.removable) {
        log.info("Kafka confirms the brokers to remove host no partition replicas");
      }
    }
  }

  private async ask(cluster: ClusterSnapshot, brokers: readonly number[]): Promise<RemovalVerdict> {
    try {
      const verdict = await (await this.options.availability.forCluster(cluster)).canRemoveBrokers(brokers);
      return verdict.ok ? { removable: true } : { removable: false, reason: verdict.reason };
    } catch (error) {
      return { removable: false, reason: `cannot ask Kafka: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
