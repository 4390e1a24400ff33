// The volumes reconciler: the PersistentVolumeClaims of a cluster's pods, which
// Metacontroller cannot own (a claim with `deleteClaim: false` outlives its
// Kafka). Creates missing claims, grows them, refuses to shrink them, keeps their
// ownerReference in step with `deleteClaim`, deletes the claims of removed nodes
// only with `deleteClaim: true`, and honours `strimzi.io/delete-pod-and-pvc`.
import type { Logger } from "pino";
import type { ResourceTemplate } from "../../lib/api/common.js";
import type { KubeObject, PersistentVolumeClaim } from "../../lib/api/kubernetes.js";
import { validateKafkaNodePool } from "../../lib/api/validate.js";
import { ANNOTATION, isReconciliationPaused } from "../../lib/labels.js";
import { podSetName } from "../../lib/names.js";
import { planClaims } from "../../lib/volumes/claim-plan.js";
import { desiredClaims } from "../../lib/volumes/desired-claims.js";
import { nextPodAndClaims, type PodAndClaims } from "../../lib/volumes/delete-pod-and-claims.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import type { DeletedPods } from "../deleted-pods.js";
import { claimReference, EVENT_ACTION, EVENT_REASON, podReference, type EventRecorder } from "../events.js";
import type { KubeActions } from "../kube-actions.js";
import type { Reconciler } from "./reconciler.js";

export interface VolumesOptions {
  actions: Pick<KubeActions, "createClaim" | "patchClaim" | "deleteClaim" | "deletePod">;
  deletedPods: DeletedPods;
  clock: () => Date;
  events: EventRecorder;
  logger: Logger;
}

function kafkaClaimTemplate(kafka: KubeObject): ResourceTemplate | undefined {
  const spec = kafka.spec as { kafka?: { template?: { persistentVolumeClaim?: ResourceTemplate } } } | undefined;
  return spec?.kafka?.template?.persistentVolumeClaim;
}

/** The claims every pool's pods need now, and the pools whose needs are not known yet. */
function desiredOf(cluster: ClusterSnapshot, kafka: KubeObject, uid: string): { desired: PersistentVolumeClaim[]; unsettled: Set<string> } {
  const desired: PersistentVolumeClaim[] = [];
  const unsettled = new Set<string>();
  const ref = { name: cluster.name, namespace: cluster.namespace, uid };
  for (const object of cluster.pools) {
    const validated = validateKafkaNodePool(object);
    const podSet = cluster.podSets.find((s) => s.metadata.name === podSetName(cluster.name, object.metadata.name));
    if (!validated.ok || !podSet) {
      unsettled.add(object.metadata.name);
      continue;
    }
    const pool = validated.value;
    desired.push(...desiredClaims({
      kafka: ref,
      kafkaTemplate: kafkaClaimTemplate(kafka),
      pool: { name: pool.metadata.name, storage: pool.spec.storage, template: pool.spec.template?.persistentVolumeClaim },
      pods: podSet.spec.pods.map((p) => p.metadata.name),
      clusterId: podSet.metadata.annotations?.[ANNOTATION.clusterId],
    }));
  }
  return { desired, unsettled };
}

export class Volumes implements Reconciler {
  readonly name = "volumes";
  /** Events about refusals and retained claims, recorded once per sidecar run rather than on every pass. */
  private readonly reported = new Set<string>();

  constructor(private readonly options: VolumesOptions) {}

  async reconcile(observed: ClusterSnapshot): Promise<void> {
    const cluster = this.options.deletedPods.overlay(observed, this.options.clock());
    const kafka = cluster.kafka;
    const uid = kafka?.metadata.uid;
    if (!kafka || !uid || isReconciliationPaused(kafka)) return;
    const { actions, events } = this.options;
    const deleted = nextPodAndClaims(cluster.pods, cluster.claims);
    if (deleted) await this.deletePodAndClaims(cluster, kafka, deleted);

    const { desired, unsettled } = desiredOf(cluster, kafka, uid);
    const plan = planClaims({ desired, observed: cluster.claims, pods: cluster.pods, unsettledPools: unsettled });
    const log = this.options.logger.child({ cluster: clusterKeyString(cluster) });
    for (const claim of plan.create) {
      if (await actions.createClaim(claim) === "created") log.info({ claim: claim.metadata?.name }, "created a PersistentVolumeClaim");
    }
    for (const change of plan.patch) {
      await actions.patchClaim(cluster.namespace, change.name, change.patch);
      for (const c of change.changes) {
        log.info({ claim: change.name, change: c }, "changed a PersistentVolumeClaim");
        if (c.kind !== "grow") continue;
        const claim = this.claim(cluster, change.name);
        const note = `${change.name} grows from ${c.from} to ${c.to}`;
        await events.record({ type: "Normal", action: EVENT_ACTION.resizeClaim, reason: EVENT_REASON.claimResized, regarding: claim, note });
        await events.record({ type: "Normal", action: EVENT_ACTION.resizeClaim, reason: EVENT_REASON.claimResized, regarding: kafka, related: claim, note });
      }
    }
    for (const refusal of plan.refused) {
      if (!this.once(`refused ${cluster.namespace}/${refusal.name} ${refusal.message}`)) continue;
      log.warn(refusal, "refused to change a PersistentVolumeClaim");
      const claim = this.claim(cluster, refusal.name);
      const common = { type: "Warning" as const, action: EVENT_ACTION.refuseClaimChange, reason: EVENT_REASON.claimChangeRefused, note: `${refusal.name}: ${refusal.message}` };
      await events.record({ ...common, regarding: claim });
      await events.record({ ...common, regarding: kafka, related: claim });
    }
    for (const name of plan.remove) {
      if (await actions.deleteClaim(cluster.namespace, name) !== "deleted") continue;
      log.info({ claim: name }, "deleted the PersistentVolumeClaim of a removed node");
      await events.record({ type: "Normal", action: EVENT_ACTION.deleteClaim, reason: EVENT_REASON.claimDeleted, regarding: kafka, related: this.claim(cluster, name), note: `${name} is deleted: its node was removed and its volume has deleteClaim: true` });
    }
    for (const name of plan.retain) {
      if (!this.once(`retained ${cluster.namespace}/${name}`)) continue;
      log.info({ claim: name }, "kept the PersistentVolumeClaim of a removed node");
      await events.record({ type: "Normal", action: EVENT_ACTION.retainClaim, reason: EVENT_REASON.claimRetained, regarding: kafka, related: this.claim(cluster, name), note: `${name} is kept: its node was removed and its volume has deleteClaim: false` });
    }
  }

  /** The claims first, then the pod: the pod comes back through its PodSet, and its claims through the next pass. */
  private async deletePodAndClaims(cluster: ClusterSnapshot, kafka: KubeObject, target: PodAndClaims): Promise<void> {
    for (const claim of target.claims) await this.options.actions.deleteClaim(cluster.namespace, claim);
    if (await this.options.actions.deletePod(cluster.namespace, target.pod, target.uid) !== "deleted") return;
    if (target.uid) this.options.deletedPods.add(cluster, target.uid);
    this.options.logger.info({ cluster: clusterKeyString(cluster), pod: target.pod, claims: target.claims }, "deleted a pod and its PersistentVolumeClaims");
    const note = `${target.pod} starts again on new volumes: ${target.claims.join(", ") || "no claims"} deleted (strimzi.io/delete-pod-and-pvc)`;
    await this.options.events.record({ type: "Normal", action: EVENT_ACTION.deletePodAndClaims, reason: EVENT_REASON.podAndClaimsDeleted, regarding: kafka, related: podReference(cluster.namespace, target.pod, target.uid), note });
  }

  private claim(cluster: ClusterSnapshot, name: string): KubeObject {
    return claimReference(cluster.namespace, name, cluster.claims.find((c) => c.metadata?.name === name)?.metadata?.uid);
  }

  private once(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }
}
