// The only module that talks to Kafka, through @platformatic/kafka's connection
// pool and its per-version request codecs. It sends one fixed version of each
// request, checks first that the broker's ApiVersions answer offers it (Kafka
// 4.0 dropped many old versions, KIP-896), and turns the library's responses
// and errors into this project's types and plain messages.
import {
  apiVersionsV3, ConfigResourceTypes, ConfigSources, ConnectionPool, describeConfigsV4, describeQuorumV2, incrementalAlterConfigsV1,
  IncrementalAlterConfigOperationTypes, metadataV12, ResponseError, type Broker, type Connection,
} from "@platformatic/kafka";
import type { ConfigOperation, ConfigSource, ReportedOption } from "../../lib/roller/run-time-update.js";
import { BootstrapAddressInvalid, KafkaAnswerIncomplete, KafkaApiUnsupported, KafkaRequestFailed } from "../errors.js";
import { describeClusterV2 } from "./describe-cluster-v2.js";
import type { BrokerRegistration, BrokerState, PartitionState, QuorumState, VoterState } from "./model.js";

/** The request versions sent, each accepted by every Kafka 4.x (and all but DescribeCluster by 3.9). */
const REQUEST_VERSIONS = {
  Metadata: { apiKey: 3, version: 12 },
  DescribeConfigs: { apiKey: 32, version: 4 },
  DescribeQuorum: { apiKey: 55, version: 2 },
  // v2 (KIP-1073) is the first to report fenced brokers: Kafka 4.0 and later.
  DescribeCluster: { apiKey: 60, version: 2 },
  // Kafka 4.0 accepts v0-v1; v1 is the flexible one.
  IncrementalAlterConfigs: { apiKey: 44, version: 1 },
} as const;

type RequestName = keyof typeof REQUEST_VERSIONS;

export interface TlsMaterial {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface KafkaClientOptions {
  /** "host:port", several separated by commas; tried in order. */
  readonly bootstrap: string;
  /** Mutual TLS; plain TCP without it (tests only: every listener of our clusters is TLS). */
  readonly tls?: TlsMaterial;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

const CLIENT_ID = "kafka-hooks-sidecar";
// Brokers only show the software name and version in their client metrics (KIP-511).
const CLIENT_SOFTWARE_VERSION = "1";
const CLUSTER_METADATA = { topicName: "__cluster_metadata", partitions: [{ partitionIndex: 0 }] };
const MIN_INSYNC_REPLICAS = "min.insync.replicas";
// A partition without a leader (or with a replica offline) still comes with its
// replicas and ISR, which is exactly what the availability check must judge.
const PARTITION_STATE_ERRORS = new Set(["LEADER_NOT_AVAILABLE", "REPLICA_NOT_AVAILABLE", "LISTENER_NOT_FOUND"]);

function parseBootstrap(bootstrap: string): Broker[] {
  return bootstrap.split(",").map((entry) => {
    const address = entry.trim();
    const colon = address.lastIndexOf(":");
    const port = Number(address.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new BootstrapAddressInvalid(address);
    }
    return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port };
  });
}

/**
 * One line for a failure, joining the messages of aggregated errors and causes:
 * the library reports "Cannot connect to any broker." with the reasons inside.
 */
export function describeFailure(error: unknown): string {
  const messages: string[] = [];
  const visit = (e: unknown): void => {
    if (!(e instanceof Error)) {
      messages.push(String(e));
      return;
    }
    const message = e.message.replace(/\.$/, "");
    if (message !== "" && !messages.includes(message)) messages.push(message);
    if (e instanceof AggregateError) for (const inner of e.errors as unknown[]) visit(inner);
    if (e.cause !== undefined) visit(e.cause);
  };
  visit(error);
  return messages.join(": ");
}

/**
 * The parsed response behind a ResponseError whose every error is a partition
 * state we can judge, or undefined when any error is a real failure.
 */
function partitionStateResponse(error: unknown): metadataV12.MetadataResponse | undefined {
  if (!(error instanceof ResponseError)) return undefined;
  const tolerable = (error.errors as unknown[]).every((e) =>
    e instanceof Error && "path" in e && typeof e.path === "string" && /^\/topics\/\d+\/partitions\/\d+$/.test(e.path)
    && "apiId" in e && typeof e.apiId === "string" && PARTITION_STATE_ERRORS.has(e.apiId));
  return tolerable ? (error as ResponseError & { response: metadataV12.MetadataResponse }).response : undefined;
}

const SOURCES: ReadonlyMap<number, ConfigSource> = new Map([
  [ConfigSources.DYNAMIC_BROKER_CONFIG, "dynamic-broker"],
  [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG, "dynamic-default-broker"],
  [ConfigSources.STATIC_BROKER_CONFIG, "static"],
  [ConfigSources.DEFAULT_CONFIG, "default"],
]);

/** Why Kafka refused an alteration, from the errors of each resource of its answer; undefined for any other failure. */
function refusal(error: unknown): string | undefined {
  if (!(error instanceof ResponseError) || !("response" in error)) return undefined;
  return (error.errors as unknown[]).map((e) => {
    const code = e instanceof Error && "apiId" in e && typeof e.apiId === "string" ? e.apiId : "ERROR";
    // Kafka's own words (serverErrorMessage) say which option and why; the library's message only names the code.
    const message = e instanceof Error && "serverErrorMessage" in e && typeof e.serverErrorMessage === "string" ? e.serverErrorMessage : e instanceof Error ? e.message : String(e);
    return `${code}: ${message}`;
  }).join("; ");
}

type OfferedVersions = ReadonlyMap<number, { readonly minVersion: number; readonly maxVersion: number }>;

export class KafkaClient {
  readonly #pool: ConnectionPool;
  readonly #bootstrap: Broker[];
  // Asked once per connection, as Kafka clients do: a reconnect may reach another broker, or an upgraded one.
  readonly #offered = new WeakMap<Connection, OfferedVersions>();

  constructor(options: KafkaClientOptions) {
    this.#bootstrap = parseBootstrap(options.bootstrap);
    this.#pool = new ConnectionPool(CLIENT_ID, {
      connectTimeout: options.connectTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      ...(options.tls && { tls: { ca: options.tls.caPem, cert: options.tls.certPem, key: options.tls.keyPem } }),
    });
  }

  /** Every partition of every topic, internal ones (__consumer_offsets, ...) included. */
  async describePartitions(): Promise<PartitionState[]> {
    const response = await this.#send("Metadata", async (connection) => {
      try {
        return await metadataV12.api.async(connection, null, false, false);
      } catch (error) {
        const judged = partitionStateResponse(error);
        if (judged === undefined) throw error;
        return judged;
      }
    });
    return response.topics.flatMap((topic) => topic.partitions.map((p) => ({
      topic: topic.name ?? "",
      partition: p.partitionIndex,
      leader: p.leaderId,
      replicas: p.replicaNodes,
      isr: p.isrNodes,
    })));
  }

  /** Every registered broker with its `broker.rack` (null without one); a Metadata request for no topics. */
  async describeBrokers(): Promise<BrokerState[]> {
    const response = await this.#send("Metadata", (connection) => metadataV12.api.async(connection, [], false, false));
    return response.brokers.map((b) => ({ nodeId: b.nodeId, rack: b.rack ?? null }));
  }

  /**
   * Every broker registered with the controller, fenced or not. A KRaft broker
   * registers before it recovers its logs and is unfenced only once recovery is
   * over (see sidecar/kafka/broker-startup.ts), so a registered, fenced broker is one
   * still starting; Metadata would leave it out altogether.
   */
  async describeBrokerRegistrations(): Promise<BrokerRegistration[]> {
    const response = await this.#send("DescribeCluster", (connection) => describeClusterV2.async(connection, true));
    return response.brokers.map((b) => ({ nodeId: b.brokerId, fenced: b.isFenced }));
  }

  /**
   * Each topic's effective min.insync.replicas. Kafka answers a topic's value
   * from the topic's own config or, without one, from the broker's (dynamic
   * cluster default, static server.properties, or its built-in default), so one
   * request covers "topic config, else broker default".
   */
  async minInsyncReplicas(topics: readonly string[]): Promise<Map<string, number | undefined>> {
    const resources = topics.map((resourceName) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName, configurationKeys: [MIN_INSYNC_REPLICAS] }));
    const response = await this.#send("DescribeConfigs", (connection) => describeConfigsV4.api.async(connection, resources, false, false));
    return new Map(response.results.map((result) => {
      const value = result.configs.find((c) => c.name === MIN_INSYNC_REPLICAS)?.value;
      const parsed = value == null ? Number.NaN : Number(value);
      return [result.resourceName, Number.isInteger(parsed) ? parsed : undefined];
    }));
  }

  /**
   * How one broker reports these options for its own resource, with where each
   * value comes from. Only the broker itself answers for its resource (Kafka's
   * ConfigHelper refuses another broker's id), so the request goes to its address.
   */
  async describeBrokerConfigs(broker: Broker, nodeId: number, names: readonly string[]): Promise<Map<string, ReportedOption>> {
    const resources = [{ resourceType: ConfigResourceTypes.BROKER, resourceName: String(nodeId), configurationKeys: [...names] }];
    const response = await this.#sendTo(broker, "DescribeConfigs", (connection) => describeConfigsV4.api.async(connection, resources, false, false));
    return new Map((response.results[0]?.configs ?? []).map((c) => [c.name, { value: c.value ?? null, source: SOURCES.get(c.configSource) ?? "other" }]));
  }

  /**
   * Alters one broker's own resource (sent to that broker: Kafka's
   * ConfigAdminManager accepts only its own id) or, without a node id, the
   * cluster's default resource (named "", through any broker). Kafka's refusal
   * is the answer; any other failure throws.
   */
  async alterBrokerConfigs(target: { broker: Broker; nodeId: number } | "cluster", operations: readonly ConfigOperation[]): Promise<{ refused?: string }> {
    const configs = operations.map((o) => (o.op === "DELETE"
      ? { name: o.name, configOperation: IncrementalAlterConfigOperationTypes.DELETE }
      : { name: o.name, configOperation: IncrementalAlterConfigOperationTypes.SET, value: o.value ?? "" }));
    const resources = [{ resourceType: ConfigResourceTypes.BROKER, resourceName: target === "cluster" ? "" : String(target.nodeId), configs }];
    const send = async (connection: Connection): Promise<{ refused?: string }> => {
      try {
        await incrementalAlterConfigsV1.api.async(connection, resources, false);
        return {};
      } catch (error) {
        const refused = refusal(error);
        if (refused === undefined) throw error;
        return { refused };
      }
    };
    return target === "cluster" ? this.#send("IncrementalAlterConfigs", send) : this.#sendTo(target.broker, "IncrementalAlterConfigs", send);
  }

  /** The metadata quorum as the active controller sees it (a broker forwards the request there). */
  async describeQuorum(): Promise<QuorumState> {
    const response = await this.#send("DescribeQuorum", (connection) => describeQuorumV2.api.async(connection, [CLUSTER_METADATA]));
    const partition = response.topics[0]?.partitions[0];
    if (partition === undefined) throw new KafkaAnswerIncomplete("DescribeQuorum answered without the __cluster_metadata partition");
    const replica = (v: (typeof partition.currentVoters)[number]): VoterState => ({
      nodeId: v.replicaId,
      logEndOffset: Number(v.logEndOffset),
      lastFetchTimestamp: Number(v.lastFetchTimestamp),
      lastCaughtUpTimestamp: Number(v.lastCaughtUpTimestamp),
    });
    return { leaderId: partition.leaderId, leaderEpoch: partition.leaderEpoch, voters: partition.currentVoters.map(replica), observers: partition.observers.map(replica) };
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /**
   * Sends `request` on a connection to the first bootstrap address that answers,
   * once that broker is known to accept the version we send; a failure names the broker.
   */
  async #send<T>(request: RequestName, send: (connection: Connection) => Promise<T>): Promise<T> {
    return this.#sendOn(await this.#pool.getFirstAvailable(this.#bootstrap), request, send);
  }

  /** As #send, to one broker. */
  async #sendTo<T>(broker: Broker, request: RequestName, send: (connection: Connection) => Promise<T>): Promise<T> {
    let connection: Connection;
    try {
      connection = await this.#pool.get(broker);
    } catch (error) {
      throw new KafkaRequestFailed(request, `${broker.host}:${broker.port}`, { cause: error });
    }
    return this.#sendOn(connection, request, send);
  }

  async #sendOn<T>(connection: Connection, request: RequestName, send: (connection: Connection) => Promise<T>): Promise<T> {
    try {
      await this.#checkVersion(connection, request);
      return await send(connection);
    } catch (error) {
      throw new KafkaRequestFailed(request, `${connection.host ?? "?"}:${connection.port ?? "?"}`, { cause: error });
    }
  }

  async #checkVersion(connection: Connection, request: RequestName): Promise<void> {
    let versions = this.#offered.get(connection);
    if (versions === undefined) {
      const { apiKeys } = await apiVersionsV3.api.async(connection, CLIENT_ID, CLIENT_SOFTWARE_VERSION);
      versions = new Map(apiKeys.map((k) => [k.apiKey, k]));
      this.#offered.set(connection, versions);
    }
    const { apiKey, version } = REQUEST_VERSIONS[request];
    const offered = versions.get(apiKey);
    if (offered === undefined) throw new KafkaApiUnsupported(`the broker does not offer ${request}`);
    if (version < offered.minVersion || version > offered.maxVersion) {
      throw new KafkaApiUnsupported(`the broker accepts ${request} v${offered.minVersion}-v${offered.maxVersion}, not v${version}`);
    }
  }
}
