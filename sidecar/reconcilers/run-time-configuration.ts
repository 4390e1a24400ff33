// Applies the options of `spec.kafka.config` Kafka takes at run time to the
// running brokers (lib/config/run-time-options.ts), as Strimzi's KafkaRoller does
// with IncrementalAlterConfigs instead of a restart: each ready broker is asked
// for its options (DescribeConfigs on its own resource), and what differs is
// altered, per-broker options on the broker's resource and cluster-wide ones
// once on the cluster's default resource (lib/roller/run-time-update.ts). The
// default user quotas of `spec.kafka.quotas` (type `kafka`) are set the same
// way, with AlterClientQuotas on Kafka's default user, as Strimzi's
// DefaultKafkaQuotasManager does; quotas no longer asked for are removed.
//
// Once every broker is ready and holds the options, the PodSets record it
// (`kafka-hooks.io/run-time-configuration-applied`), which ends the Kafka's
// RunTimeConfigurationUpdate condition and spares Kafka the questions until the
// options change again. If Kafka refuses an alteration, the brokers concerned
// are marked for the roller (CONFIG_CHANGE_REQUIRES_RESTART) to read the options
// from their files, as Strimzi's roller falls back to a restart; once per
// configuration (`kafka-hooks.io/run-time-configuration-refused`), so a value
// Kafka keeps refusing does not restart brokers forever.
import type { Logger } from "pino";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { runTimeScope } from "../../lib/config/run-time-options.js";
import { ANNOTATION, isReconciliationPaused, LABEL } from "../../lib/labels.js";
import { quotaChanges, type QuotaChanges } from "../../lib/model/client-quotas.js";
import { answerApplied } from "../../lib/podset/podsets-revision.js";
import { nodeIdOf, podState } from "../../lib/roller/cluster-nodes.js";
import {
  desiredRunTimeOptions, runTimeConfigurationHash, runTimeConfigurationRecord, runTimeUpdate, type ConfigOperation,
} from "../../lib/roller/run-time-update.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import { EVENT_ACTION, EVENT_REASON, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import type { Reconciler } from "./reconciler.js";

export interface RunTimeConfigurationOptions {
  actions: Pick<KubeActions, "annotatePod" | "annotatePodSet">;
  availability: ClusterAvailability;
  events: EventRecorder;
  logger: Logger;
}

const describe = (operations: readonly ConfigOperation[]): string =>
  operations.map((o) => (o.op === "SET" ? `${o.name}=${o.value ?? ""}` : `${o.name} reset`)).join(", ");

const describeQuotas = (change: QuotaChanges): string =>
  Object.entries(change).map(([key, value]) => (value === null ? `${key} removed` : `${key}=${value}`)).join(", ");

/** The cluster-wide alterations several brokers asked for, each option once. */
function merged(lists: ReadonlyArray<readonly ConfigOperation[]>): ConfigOperation[] {
  const byName = new Map<string, ConfigOperation>();
  for (const list of lists) for (const o of list) byName.set(o.name, o);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export class RunTimeConfiguration implements Reconciler {
  readonly name = "run-time-configuration";
  // Each broker is asked by itself: one that does not answer must not hold back the roll that would restart it.
  readonly lane = "run-time-configuration";

  constructor(private readonly options: RunTimeConfigurationOptions) {}

  async reconcile(cluster: ClusterSnapshot): Promise<void> {
    const kafka = cluster.kafka;
    if (!kafka || isReconciliationPaused(kafka)) return;
    const podSets = cluster.podSets.filter((p) => !p.metadata.deletionTimestamp);
    const [first] = podSets;
    // Only a whole answer: its PodSets agree on the options, and the nodes' files hold them.
    if (!first || !answerApplied(kafka, podSets)) return;
    const record = runTimeConfigurationRecord(first);
    if (podSets.some((p) => runTimeConfigurationRecord(p) !== record)) return;
    const recorded = (p: StrimziPodSet): string | undefined => p.metadata.annotations?.[ANNOTATION.runTimeConfigurationApplied];
    if (podSets.every((p) => recorded(p) === record)) return;

    const desired = desiredRunTimeOptions(first);
    const version = first.metadata.annotations?.[ANNOTATION.kafkaVersion] ?? "";
    const scopeOf = (key: string) => runTimeScope(version, key);
    const log = this.options.logger.child({ cluster: clusterKeyString(cluster) });
    const brokers = podSets.flatMap((set) => set.spec.pods
      .filter((entry) => ({ ...set.spec.podTemplate.metadata.labels, ...entry.metadata.labels })[LABEL.brokerRole] === "true")
      .map((entry) => entry.metadata.name));
    const pods = new Map(cluster.pods.map((p) => [p.metadata?.name ?? "", p]));
    const ready = brokers.flatMap((name) => {
      const nodeId = nodeIdOf(name);
      return podState(pods.get(name)) === "ready" && nodeId !== undefined ? [{ pod: name, nodeId }] : [];
    });
    const client = await this.options.availability.forCluster(cluster);

    const refusedPods: string[] = [];
    const refusals: string[] = [];
    const applied: string[] = [];
    const clusterWide: ConfigOperation[][] = [];
    for (const { pod, nodeId } of ready) {
      const update = runTimeUpdate(desired, await client.brokerConfigs(nodeId), scopeOf);
      clusterWide.push(update.cluster);
      if (update.broker.length === 0) continue;
      const outcome = await client.alterBrokerConfigs(nodeId, update.broker);
      if (outcome.refused !== undefined) {
        refusedPods.push(pod);
        refusals.push(`${pod}: ${outcome.refused}`);
      } else {
        applied.push(`${pod}: ${describe(update.broker)}`);
      }
    }
    const clusterOperations = merged(clusterWide);
    if (clusterOperations.length > 0) {
      const outcome = await client.alterBrokerConfigs("cluster", clusterOperations);
      if (outcome.refused !== undefined) {
        refusedPods.push(...ready.map(({ pod }) => pod).filter((pod) => !refusedPods.includes(pod)));
        refusals.push(`cluster-wide: ${outcome.refused}`);
      } else {
        applied.push(`cluster-wide: ${describe(clusterOperations)}`);
      }
    }
    // Kafka refusing a quota is no reason to restart: the hook refuses the values Kafka would, so a refusal fails the pass and is retried.
    const quotas = quotaChanges(desired["default-user-quotas"] ?? {}, await client.defaultUserQuotas());
    if (Object.keys(quotas).length > 0) {
      await client.alterDefaultUserQuotas(quotas);
      applied.push(`default user quotas: ${describeQuotas(quotas)}`);
    }

    if (applied.length > 0) {
      log.info({ applied }, "applied run-time configuration");
      await this.options.events.record({
        type: "Normal", action: EVENT_ACTION.applyRunTimeConfiguration, reason: EVENT_REASON.runTimeConfigurationApplied, regarding: kafka,
        note: `applied without restarting: ${applied.join("; ")}`,
      });
    }
    if (refusals.length > 0) {
      await this.refused(cluster, podSets, refusedPods, refusals, runTimeConfigurationHash(first) ?? "");
      return;
    }
    // Recorded only after a pass that found every broker ready and holding the options: what was altered now is checked next time.
    if (applied.length === 0 && ready.length === brokers.length) {
      for (const set of podSets.filter((p) => recorded(p) !== record)) {
        await this.options.actions.annotatePodSet(cluster.namespace, set.metadata.name, { [ANNOTATION.runTimeConfigurationApplied]: record ?? null });
      }
    }
  }

  /** Kafka refused: the brokers concerned restart to read the options from their files, once per configuration. */
  private async refused(cluster: ClusterSnapshot, podSets: readonly StrimziPodSet[], pods: readonly string[], refusals: readonly string[], hash: string): Promise<void> {
    const kafka = cluster.kafka;
    if (!kafka) return;
    const log = this.options.logger.child({ cluster: clusterKeyString(cluster) });
    if (podSets.every((p) => p.metadata.annotations?.[ANNOTATION.runTimeConfigurationRefused] === hash)) {
      log.warn({ refusals }, "Kafka still refuses the run-time configuration; the brokers were restarted for it once already");
      return;
    }
    log.warn({ refusals, pods }, "Kafka refuses the run-time configuration; the brokers restart to read it from their files");
    for (const pod of pods) await this.options.actions.annotatePod(cluster.namespace, pod, { [ANNOTATION.restartForConfiguration]: hash });
    for (const set of podSets) await this.options.actions.annotatePodSet(cluster.namespace, set.metadata.name, { [ANNOTATION.runTimeConfigurationRefused]: hash });
    await this.options.events.record({
      type: "Warning", action: EVENT_ACTION.applyRunTimeConfiguration, reason: EVENT_REASON.runTimeConfigurationRefused, regarding: kafka,
      note: `Kafka refused to apply the configuration at run time, so ${pods.join(", ")} restart: ${refusals.join("; ")}`,
    });
  }
}
