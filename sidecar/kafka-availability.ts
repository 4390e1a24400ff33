// What the roller asks Kafka before it deletes a ready broker or controller, or an unready broker,
// and how the run-time configuration reads and alters the brokers' options.
// The reconcilers depend on this interface only; sidecar/kafka/ implements it with a
// Kafka client, and tests stand in for it.
import type { QuotaChanges, Quotas } from "../lib/model/client-quotas.js";
import type { BrokerStartup } from "../lib/roller/recovery.js";
import type { ConfigOperation, ReportedOption } from "../lib/roller/run-time-update.js";
import type { UnprotectedPartition } from "../lib/roller/unprotected.js";

export type AvailabilityVerdict =
  /** `unprotected`: partitions on the brokers asked about that lose availability during the restart and were let go. */
  | { ok: true; unprotected?: readonly UnprotectedPartition[] }
  | { ok: false; reason: string };

export interface KafkaAvailability {
  /** Would every partition hosted on this broker keep min.insync.replicas in sync without it? */
  canRestartBroker(nodeId: number): Promise<AvailabilityVerdict>;
  /**
   * May these brokers restart together? Every partition with a replica among
   * them must keep min.insync.replicas in sync without all of them, and a
   * replica outside them.
   */
  canRestartBrokers(nodeIds: readonly number[]): Promise<AvailabilityVerdict>;
  /** May these brokers be removed for good: does no partition have a replica on them? */
  canRemoveBrokers(nodeIds: readonly number[]): Promise<AvailabilityVerdict>;
  /** Each broker's `broker.rack`, as Kafka's Metadata reports it; brokers without one are left out. */
  brokerRacks(): Promise<ReadonlyMap<number, string>>;
  /** Are the other voters caught up, so the quorum survives this controller's restart? */
  canRestartController(nodeId: number): Promise<AvailabilityVerdict>;
  /** Is this unready broker recovering its logs? Not when Kafka cannot be asked: the evidence then says why. */
  brokerStartup(nodeId: number): Promise<BrokerStartup>;
  /** Every option Kafka updates at run time, as the broker reports it for its own resource (asked of that broker); throws when Kafka cannot be asked. */
  brokerConfigs(nodeId: number): Promise<ReadonlyMap<string, ReportedOption>>;
  /** Alters a broker's own resource, or the cluster's default one; Kafka's refusal is the answer, and it throws when Kafka cannot be asked. */
  alterBrokerConfigs(target: number | "cluster", operations: readonly ConfigOperation[]): Promise<{ refused?: string }>;
  /** The brokers Kafka has registered and unfenced (started and caught up); throws, saying why, when Kafka cannot be asked. */
  unfencedBrokers(): Promise<ReadonlySet<number>>;
  /** The default user's quotas (`spec.kafka.quotas` of type `kafka`); throws when Kafka cannot be asked. */
  defaultUserQuotas(): Promise<Quotas>;
  /** Sets or removes (null) default user quotas; throws with Kafka's reason when it refuses or cannot be asked. */
  alterDefaultUserQuotas(change: QuotaChanges): Promise<void>;
  /** The node id of the active controller, if known. */
  activeController(): Promise<number | undefined>;
  /** The `metadata.version` feature level Kafka has finalized; throws, saying why, when Kafka cannot be asked. */
  finalizedMetadataLevel(): Promise<number>;
  /** Brings `metadata.version` to `level` (a SAFE_DOWNGRADE when `downgrade`); throws with Kafka's reason when it refuses. */
  updateMetadataLevel(level: number, downgrade: boolean): Promise<void>;
  close(): Promise<void>;
}
/** One per cluster: bootstrap addresses and TLS material from the cluster's Secrets. */
export type KafkaAvailabilityFactory = (cluster: { namespace: string; name: string; bootstrap: string; clusterCaCertPem: string; operatorCertPem: string; operatorKeyPem: string }) => KafkaAvailability;
