// The Strimzi `kafka.strimzi.io/v1` KafkaRebalance as the sidecar reads it; the
// spec's types come from its schema (lib/api/schemas/kafka-rebalance.ts). The
// checks here are those Strimzi makes in the operator
// (KafkaRebalanceAssemblyOperator.convertRebalanceSpecToRebalanceOptions), with
// its messages, which name the field.
import type { Static } from "typebox";
import type { Condition } from "./kubernetes.js";
import type { kafkaRebalanceSchema } from "./schemas/kafka-rebalance.js";
import type { WithStatus } from "./schemas/resource.js";

export type KafkaRebalance = WithStatus<Static<typeof kafkaRebalanceSchema>, KafkaRebalanceStatus>;
export type KafkaRebalanceSpec = KafkaRebalance["spec"];
export type RebalanceMode = NonNullable<KafkaRebalanceSpec["mode"]>;

/** Cruise Control's summary of a proposal, plus `afterBeforeLoadConfigMap`: free-form, as Strimzi keeps it. */
export type OptimizationResult = Record<string, unknown>;

/** Strimzi's KafkaRebalanceStatus; `approvedProposal` is ours (see GITOPS_APPROVAL_ANNOTATION). */
export interface KafkaRebalanceStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  sessionId?: string;
  optimizationResult?: OptimizationResult;
  progress?: { rebalanceProgressConfigMap?: string };
}

/** `approve`, `refresh` or `stop`: acted on once, then removed by the operator (Strimzi's). */
export const REBALANCE_ANNOTATION = "strimzi.io/rebalance";
/** `"true"`: a ProposalReady proposal is executed without approval (Strimzi's). */
export const AUTO_APPROVAL_ANNOTATION = "strimzi.io/rebalance-auto-approval";
/** `"true"`: the resource only holds settings for auto-rebalancing; never asked of Cruise Control (Strimzi's). */
export const TEMPLATE_ANNOTATION = "strimzi.io/rebalance-template";
/**
 * Ours: approves the proposal whose `status.sessionId` it names, and nothing
 * else. The operator never removes it, so a Git repository can hold it: applied
 * again it names a proposal that is no longer the one awaiting approval.
 */
export const GITOPS_APPROVAL_ANNOTATION = "kafka-hooks.io/approve-proposal";

export interface RebalanceProblem {
  path: string;
  message: string;
}

/** What Strimzi refuses in a KafkaRebalance that passed its schema (an IllegalArgumentException there). */
export function rebalanceProblems(spec: KafkaRebalanceSpec): RebalanceProblem[] {
  const mode = spec.mode ?? "full";
  switch (mode) {
    case "add-brokers":
    case "remove-brokers":
      return spec.brokers?.length
        ? []
        : [{ path: "spec.brokers", message: `The brokers list is mandatory when using the ${mode} rebalancing mode` }];
    case "remove-disks":
      return spec.moveReplicasOffVolumes?.length
        ? []
        : [{ path: "spec.moveReplicasOffVolumes", message: `The brokers and volume IDs list is mandatory when using the ${mode} rebalancing mode` }];
    case "full":
      return spec.rebalanceDisk && spec.goals?.length
        ? [{ path: "spec.goals", message: "The goals list should be empty when using the `rebalanceDisk: true` configuration for intra-broker disk balancing" }]
        : [];
  }
}
