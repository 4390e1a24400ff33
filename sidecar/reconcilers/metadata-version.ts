// The finalized `metadata.version` of each cluster, as Strimzi's KRaftMetadataManager
// keeps it: read from Kafka on every pass, raised (or safely lowered) once every node
// runs the spec's Kafka version and is ready (lib/model/version-change.ts decides),
// and recorded on every StrimziPodSet of the cluster with any failure, for the Kafka
// hook to report in the status (Metacontroller writes the whole status from the hook).
import type { Logger } from "pino";
import type { Kafka } from "../../lib/api/kafka.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION, isReconciliationPaused } from "../../lib/labels.js";
import { DEFAULT_KAFKA_VERSION, metadataVersionOfLevel } from "../../lib/model/kafka-versions.js";
import { metadataVersionStep } from "../../lib/model/version-change.js";
import { podState } from "../../lib/roller/cluster-nodes.js";
import type { ClusterAvailability } from "../cluster-availability.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import { describeFailure } from "../kafka/client.js";
import type { KubeActions } from "../kube-actions.js";
import type { Reconciler } from "./reconciler.js";

export interface MetadataVersionOptions {
  actions: Pick<KubeActions, "annotatePodSet">;
  availability: ClusterAvailability;
  logger: Logger;
}

/** The node versions and readiness metadataVersionStep reads: every pod the PodSets describe, as observed. */
function nodesOf(cluster: ClusterSnapshot): Array<{ version: string | undefined; ready: boolean }> {
  const pods = new Map(cluster.pods.map((p) => [p.metadata?.name ?? "", p]));
  return cluster.podSets.flatMap((ps) => ps.spec.pods.map((entry) => {
    const pod = pods.get(entry.metadata.name);
    return { version: pod?.metadata?.annotations?.[ANNOTATION.kafkaVersion], ready: podState(pod) === "ready" };
  }));
}

export class MetadataVersion implements Reconciler {
  readonly name = "metadata-version";

  constructor(private readonly options: MetadataVersionOptions) {}

  async reconcile(cluster: ClusterSnapshot): Promise<void> {
    if (!cluster.kafka || isReconciliationPaused(cluster.kafka) || cluster.podSets.length === 0) return;
    // Unvalidated: two optional strings are read from it.
    const spec = (cluster.kafka as Kafka).spec?.kafka;
    const log = this.options.logger.child({ cluster: clusterKeyString(cluster) });
    // A cluster still starting (no Secrets to connect with, no broker up) cannot answer: nothing is recorded until it can.
    let client: Awaited<ReturnType<ClusterAvailability["forCluster"]>>;
    let finalized: number;
    try {
      client = await this.options.availability.forCluster(cluster);
      finalized = await client.finalizedMetadataLevel();
    } catch (error) {
      log.debug({ reason: describeFailure(error) }, "cannot read the finalized metadata version");
      return;
    }
    const step = metadataVersionStep({ version: spec?.version ?? DEFAULT_KAFKA_VERSION, desiredMetadataVersion: spec?.metadataVersion, nodes: nodesOf(cluster), finalizedLevel: finalized });
    let failed: string | undefined;
    if (step.action === "update") {
      try {
        await client.updateMetadataLevel(step.level, step.downgrade);
        log.info({ from: metadataVersionOfLevel(finalized), to: step.version }, "updated the metadata version");
        finalized = step.level;
      } catch (error) {
        failed = `Failed to update metadata version to ${step.version}: ${describeFailure(error)}`;
      }
    } else if (step.action === "refuse") {
      failed = step.message;
    }
    if (failed !== undefined) log.warn({ reason: failed }, "the metadata version stays as it is");
    await this.record(cluster, { [ANNOTATION.finalizedMetadataVersion]: metadataVersionOfLevel(finalized) ?? null, [ANNOTATION.metadataUpdateFailed]: failed ?? null });
  }

  /** Writes the record on each PodSet that does not carry it yet (null removes an annotation). */
  private async record(cluster: ClusterSnapshot, annotations: Record<string, string | null>): Promise<void> {
    const differs = (ps: StrimziPodSet) => Object.entries(annotations).some(([key, value]) => (ps.metadata.annotations?.[key] ?? null) !== value);
    for (const podSet of cluster.podSets.filter(differs)) {
      await this.options.actions.annotatePodSet(cluster.namespace, podSet.metadata.name, annotations);
    }
  }
}
