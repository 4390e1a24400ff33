// KafkaAvailability over a live cluster. Every failure to find out (no broker
// reachable, TLS refused, a timeout, an error answer) becomes a refusal whose
// reason says what went wrong: the roller deletes a pod only on { ok: true }.
import type { AvailabilityVerdict, KafkaAvailability, KafkaAvailabilityFactory } from "../kafka-availability.js";
import { RUN_TIME_OPTION_NAMES, type ConfigOperation, type ReportedOption } from "../../lib/roller/run-time-update.js";
import type { QuotaChanges, Quotas } from "../../lib/model/client-quotas.js";
import type { BrokerStartup } from "../../lib/roller/recovery.js";
import { brokerStartup } from "./broker-startup.js";
import { brokersRemovalVerdict, brokersRestartVerdict, DEFAULT_MIN_INSYNC_REPLICAS } from "./broker-check.js";
import { describeFailure, KafkaClient, type TlsMaterial } from "./client.js";
import { controllerRestartVerdict, DEFAULT_QUORUM_THRESHOLDS, type QuorumThresholds } from "./quorum-check.js";

export interface KafkaAvailabilityOptions {
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly quorum?: QuorumThresholds;
}

export interface KafkaTarget {
  readonly bootstrap: string;
  readonly tls?: TlsMaterial;
}

// Long enough for a busy broker to answer Metadata for thousands of partitions,
// short enough that a roller waiting on an unreachable cluster reports it soon.
const DEFAULTS = { connectTimeoutMs: 5_000, requestTimeoutMs: 10_000 };

class ClientAvailability implements KafkaAvailability {
  readonly #client: KafkaClient | Error;
  readonly #quorum: QuorumThresholds;
  #closed = false;

  constructor(target: KafkaTarget, options: KafkaAvailabilityOptions) {
    this.#quorum = options.quorum ?? DEFAULT_QUORUM_THRESHOLDS;
    try {
      this.#client = new KafkaClient({
        bootstrap: target.bootstrap,
        ...(target.tls && { tls: target.tls }),
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      });
    } catch (error) {
      // A malformed bootstrap refuses every check with its reason instead of throwing at the factory.
      this.#client = error instanceof Error ? error : new Error(String(error));
    }
  }

  canRestartBroker(nodeId: number): Promise<AvailabilityVerdict> {
    return this.#judge(`broker ${nodeId} can restart`, (client) => this.#brokers(client, [nodeId]));
  }

  canRestartBrokers(nodeIds: readonly number[]): Promise<AvailabilityVerdict> {
    return this.#judge(`brokers ${nodeIds.join(",")} can restart`, (client) => this.#brokers(client, nodeIds));
  }

  canRemoveBrokers(nodeIds: readonly number[]): Promise<AvailabilityVerdict> {
    return this.#judge(`brokers ${nodeIds.join(",")} can be removed`, async (client) => brokersRemovalVerdict(nodeIds, await client.describePartitions()));
  }

  /** Racks unknown are no racks: brokers then restart one at a time, which is always safe. */
  async brokerRacks(): Promise<ReadonlyMap<number, string>> {
    if (this.#closed || this.#client instanceof Error) return new Map();
    try {
      const brokers = await this.#client.describeBrokers();
      return new Map(brokers.flatMap((b) => (b.rack === null ? [] : [[b.nodeId, b.rack] as const])));
    } catch {
      return new Map();
    }
  }

  canRestartController(nodeId: number): Promise<AvailabilityVerdict> {
    return this.#judge(`controller ${nodeId} can restart`, async (client) => controllerRestartVerdict(nodeId, await client.describeQuorum(), this.#quorum));
  }

  async brokerStartup(nodeId: number): Promise<BrokerStartup> {
    const unknown = (why: string): BrokerStartup => ({ recovering: false, evidence: `cannot ask Kafka whether broker ${nodeId} is recovering: ${why}` });
    if (this.#closed) return unknown("the Kafka client is closed");
    if (this.#client instanceof Error) return unknown(this.#client.message);
    try {
      const registrations = await this.#client.describeBrokerRegistrations();
      return brokerStartup(nodeId, registrations, await this.#client.describeQuorum());
    } catch (error) {
      return unknown(describeFailure(error));
    }
  }

  async unfencedBrokers(): Promise<ReadonlySet<number>> {
    const registrations = await this.#askable().describeBrokerRegistrations();
    return new Set(registrations.filter((b) => !b.fenced).map((b) => b.nodeId));
  }

  async activeController(): Promise<number | undefined> {
    if (this.#closed || this.#client instanceof Error) return undefined;
    try {
      const { leaderId } = await this.#client.describeQuorum();
      return leaderId >= 0 ? leaderId : undefined;
    } catch {
      return undefined;
    }
  }

  brokerConfigs(nodeId: number): Promise<ReadonlyMap<string, ReportedOption>> {
    return this.#askable().describeBrokerConfigs(nodeId, RUN_TIME_OPTION_NAMES);
  }

  alterBrokerConfigs(target: number | "cluster", operations: readonly ConfigOperation[]): Promise<{ refused?: string }> {
    return this.#askable().alterBrokerConfigs(target, operations);
  }

  defaultUserQuotas(): Promise<Quotas> {
    return this.#askable().describeDefaultUserQuotas();
  }

  alterDefaultUserQuotas(change: QuotaChanges): Promise<void> {
    return this.#askable().alterDefaultUserQuotas(change);
  }

  finalizedMetadataLevel(): Promise<number> {
    return this.#askable().finalizedMetadataLevel();
  }

  updateMetadataLevel(level: number, downgrade: boolean): Promise<void> {
    return this.#askable().updateMetadataLevel(level, downgrade);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!(this.#client instanceof Error)) await this.#client.close();
  }

  /** The client for a request whose failure the caller reports: throws when there is none to ask with. */
  #askable(): KafkaClient {
    if (this.#closed) throw new Error("the Kafka client is closed");
    if (this.#client instanceof Error) throw this.#client;
    return this.#client;
  }

  async #brokers(client: KafkaClient, nodeIds: readonly number[]): Promise<AvailabilityVerdict> {
    const hosted = (await client.describePartitions()).filter((p) => p.replicas.some((r) => nodeIds.includes(r)));
    if (hosted.length === 0) return { ok: true };
    const minIsr = await client.minInsyncReplicas([...new Set(hosted.map((p) => p.topic))]);
    return brokersRestartVerdict(nodeIds, hosted, (topic) => minIsr.get(topic) ?? DEFAULT_MIN_INSYNC_REPLICAS);
  }

  /** `question` completes "cannot tell whether ...", e.g. `broker 3 can restart`. */
  async #judge(question: string, check: (client: KafkaClient) => Promise<AvailabilityVerdict>): Promise<AvailabilityVerdict> {
    const refuse = (why: string): AvailabilityVerdict => ({ ok: false, reason: `cannot tell whether ${question}: ${why}` });
    if (this.#closed) return refuse("the Kafka client is closed");
    if (this.#client instanceof Error) return refuse(this.#client.message);
    try {
      return await check(this.#client);
    } catch (error) {
      return refuse(describeFailure(error));
    }
  }
}

export function connectKafkaAvailability(target: KafkaTarget, options: KafkaAvailabilityOptions = {}): KafkaAvailability {
  return new ClientAvailability(target, options);
}

/** The factory the sidecar uses: mutual TLS with the cluster CA and the operator's certificate. */
export function kafkaAvailabilityFactory(options: KafkaAvailabilityOptions = {}): KafkaAvailabilityFactory {
  return (cluster) => connectKafkaAvailability(
    { bootstrap: cluster.bootstrap, tls: { caPem: cluster.clusterCaCertPem, certPem: cluster.operatorCertPem, keyPem: cluster.operatorKeyPem } },
    options,
  );
}
