// The only module that talks to Kafka, through @platformatic/kafka's connection
// pool and its per-version request codecs. It sends one fixed version of each
// request, checks first that the broker's ApiVersions answer offers it (Kafka
// 4.0 dropped many old versions, KIP-896), and turns the library's responses
// and errors into this project's types and plain messages.
import {
  apiVersionsV3, ConfigResourceTypes, ConfigSources, ConnectionPool, createPartitionsV3, createTopicsV7, deleteTopicsV6, describeConfigsV4,
  describeQuorumV2, FeatureUpgradeTypes, incrementalAlterConfigsV1, IncrementalAlterConfigOperationTypes, listPartitionReassignmentsV0, metadataV12, protocolErrors, protocolErrorsCodesById,
  ResponseError, updateFeaturesV1, type Broker, type Connection,
} from "@platformatic/kafka";
import type { ConfigChange, TopicConfigEntry, TopicDescription } from "../../lib/topics/kafka-state.js";
import { reassignmentTargetFactor } from "../../lib/topics/changes.js";
import type { ConfigOperation, ReportedOption } from "../../lib/roller/run-time-update.js";
import { alterationRefusal, alterBrokerConfigsRequest, brokerConfigsRequest, reportedOptions, type BrokerConfigTarget } from "./broker-config-requests.js";
import {
  alterClientQuotasV1, alterUserScramCredentialsV0, createAclsV3, deleteAclsV3, describeAclsV3, describeClientQuotasV0, describeUserScramCredentialsV0,
} from "@platformatic/kafka";
import type { AclBinding } from "../../lib/users/acls.js";
import type { QuotaChanges, Quotas } from "../../lib/model/client-quotas.js";
import {
  aclFilter, aclOf, bindingsOf, DEFAULT_USER_QUOTAS_FILTER, defaultUserQuotasOf, quotaEntries, quotaEntry, quotasOf, SCRAM_SHA_512, USER_QUOTAS_FILTER, type ScramCredential,
} from "./user-requests.js";
import { BootstrapAddressInvalid, KafkaAnswerIncomplete, KafkaApiUnsupported, KafkaRequestFailed } from "../errors.js";
import { describeClusterV2 } from "./describe-cluster-v2.js";
import { apiVersionsWithFeatures } from "./finalized-features.js";
import type { BrokerRegistration, BrokerState, PartitionState, QuorumState, VoterState } from "./model.js";

/** The request versions sent, each accepted by every Kafka 4.x (and all but DescribeCluster by 3.9). */
const REQUEST_VERSIONS = {
  Metadata: { apiKey: 3, version: 12 },
  DescribeConfigs: { apiKey: 32, version: 4 },
  DescribeQuorum: { apiKey: 55, version: 2 },
  // v2 (KIP-1073) is the first to report fenced brokers: Kafka 4.0 and later.
  DescribeCluster: { apiKey: 60, version: 2 },
  // v3 is the first to answer the finalized features (KIP-584).
  ApiVersions: { apiKey: 18, version: 3 },
  UpdateFeatures: { apiKey: 57, version: 1 },
  // The Topic Operator's admin requests, each the newest Kafka 4.x accepts.
  CreateTopics: { apiKey: 19, version: 7 },
  DeleteTopics: { apiKey: 20, version: 6 },
  CreatePartitions: { apiKey: 37, version: 3 },
  IncrementalAlterConfigs: { apiKey: 44, version: 1 },
  ListPartitionReassignments: { apiKey: 46, version: 0 },
  // The User Operator's (entity-operator/user-operator), all in Kafka since 2.7.
  DescribeAcls: { apiKey: 29, version: 3 },
  CreateAcls: { apiKey: 30, version: 3 },
  DeleteAcls: { apiKey: 31, version: 3 },
  DescribeClientQuotas: { apiKey: 48, version: 1 },
  AlterClientQuotas: { apiKey: 49, version: 1 },
  DescribeUserScramCredentials: { apiKey: 50, version: 0 },
  AlterUserScramCredentials: { apiKey: 51, version: 0 },
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
const METADATA_VERSION_FEATURE = "metadata.version";
// How long the controller may take to apply a feature update, as Kafka's Admin client allows by default.
const UPDATE_FEATURES_TIMEOUT_MS = 60_000;
// The Admin client's default request timeout (default.api.timeout.ms is longer; this request answers from the controller's state).
const REASSIGNMENTS_TIMEOUT_MS = 30_000;
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

/** A per-topic error of an admin answer: Kafka's error name (`UNKNOWN_TOPIC_OR_PARTITION`) and its message. */
export interface TopicError {
  code: string;
  message: string;
}

export type TopicResult<T> = { ok: true; value: T } | { ok: false; error: TopicError };

/** A topic to create; -1 leaves partitions or replicas to the brokers' defaults, as Strimzi's NewTopic does. */
export interface NewTopic {
  name: string;
  partitions: number;
  replicas: number;
  configs: ReadonlyMap<string, string>;
}

/**
 * The answer behind a ResponseError: admin requests report errors per topic,
 * and the library throws for any of them with the whole answer attached.
 */
async function despiteTopicErrors<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ResponseError) return (error as ResponseError & { response: T }).response;
    throw error;
  }
}

function topicResult<T>(errorCode: number, errorMessage: string | null | undefined, value: () => T): TopicResult<T> {
  if (errorCode === 0) return { ok: true, value: value() };
  const code = protocolErrorsCodesById[errorCode] ?? `ERROR_${errorCode}`;
  return { ok: false, error: { code, message: errorMessage ?? protocolErrors[code]?.message ?? code } };
}

/** Kafka's Uuid.toString (base64url, no padding), the form Strimzi writes to status.topicId; the library reads it as hex with dashes. */
export function kafkaUuid(hex: string): string {
  return Buffer.from(hex.replaceAll("-", ""), "hex").toString("base64url");
}

type OfferedVersions = ReadonlyMap<number, { readonly minVersion: number; readonly maxVersion: number }>;

export class KafkaClient {
  readonly #pool: ConnectionPool;
  readonly #bootstrap: Broker[];
  readonly #requestTimeoutMs: number;
  // Asked once per connection, as Kafka clients do: a reconnect may reach another broker, or an upgraded one.
  readonly #offered = new WeakMap<Connection, OfferedVersions>();

  constructor(options: KafkaClientOptions) {
    this.#bootstrap = parseBootstrap(options.bootstrap);
    this.#requestTimeoutMs = options.requestTimeoutMs;
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

  /** Every registered broker with its address and `broker.rack` (null without one); a Metadata request for no topics. */
  async describeBrokers(): Promise<BrokerState[]> {
    const response = await this.#send("Metadata", (connection) => metadataV12.api.async(connection, [], false, false));
    return response.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null }));
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
   * ConfigHelper refuses another broker's id), so the request goes to it.
   */
  async describeBrokerConfigs(nodeId: number, names: readonly string[]): Promise<Map<string, ReportedOption>> {
    const response = await this.#sendToBroker(nodeId, "DescribeConfigs", (connection) => describeConfigsV4.api.async(connection, brokerConfigsRequest(nodeId, names), false, false));
    return reportedOptions(response);
  }

  /**
   * Alters one broker's own resource (sent to that broker: Kafka's
   * ConfigAdminManager accepts only its own id) or the cluster's default
   * resource (through any broker). Kafka's refusal is the answer; any other
   * failure throws.
   */
  async alterBrokerConfigs(target: BrokerConfigTarget, operations: readonly ConfigOperation[]): Promise<{ refused?: string }> {
    const send = async (connection: Connection): Promise<{ refused?: string }> => {
      try {
        await incrementalAlterConfigsV1.api.async(connection, alterBrokerConfigsRequest(target, operations), false);
        return {};
      } catch (error) {
        const refused = alterationRefusal(error);
        if (refused === undefined) throw error;
        return { refused };
      }
    };
    return target === "cluster" ? this.#send("IncrementalAlterConfigs", send) : this.#sendToBroker(target, "IncrementalAlterConfigs", send);
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

  /**
   * The `metadata.version` feature level Kafka has finalized, from the ApiVersions answer's
   * finalized features (as Kafka's Admin.describeFeatures reads it), asked afresh each time.
   */
  async finalizedMetadataLevel(): Promise<number> {
    const response = await this.#send("ApiVersions", (connection) => apiVersionsWithFeatures.async(connection, CLIENT_ID, CLIENT_SOFTWARE_VERSION));
    const feature = response.finalizedFeatures.find((f) => f.name === METADATA_VERSION_FEATURE);
    if (feature === undefined) throw new KafkaAnswerIncomplete(`ApiVersions answered without a finalized ${METADATA_VERSION_FEATURE}`);
    return feature.maxVersionLevel;
  }

  /**
   * Sets `metadata.version` to `level` with UpdateFeatures: an UPGRADE, or a SAFE_DOWNGRADE, which
   * Kafka refuses when a version above the target changed the metadata. Throws with Kafka's reason.
   */
  async updateMetadataLevel(level: number, downgrade: boolean): Promise<void> {
    const upgradeType = downgrade ? FeatureUpgradeTypes.SAFE_DOWNGRADE : FeatureUpgradeTypes.UPGRADE;
    await this.#send("UpdateFeatures", (connection) =>
      updateFeaturesV1.api.async(connection, UPDATE_FEATURES_TIMEOUT_MS, [{ feature: METADATA_VERSION_FEATURE, maxVersionLevel: level, upgradeType }], false));
  }

  /**
   * Each topic's partitions and id (Metadata) and its configuration with each
   * value's source (DescribeConfigs), in two requests for the whole list; a
   * topic Kafka does not have comes back as UNKNOWN_TOPIC_OR_PARTITION.
   */
  async describeTopics(names: readonly string[]): Promise<Map<string, TopicResult<TopicDescription>>> {
    const results = new Map<string, TopicResult<TopicDescription>>();
    if (names.length === 0) return results;
    const metadata = await this.#send("Metadata", (connection) => despiteTopicErrors(metadataV12.api.async(connection, [...names], false, false)));
    const found: string[] = [];
    for (const topic of metadata.topics) {
      const name = topic.name ?? "";
      // Partition errors (a leader being elected) still come with the replicas we read.
      const result = topicResult(topic.errorCode, null, () => ({
        name,
        topicId: kafkaUuid(topic.topicId),
        partitions: topic.partitions.map((p) => ({ partition: p.partitionIndex, replicas: p.replicaNodes })).sort((a, b) => a.partition - b.partition),
        configs: [] as TopicConfigEntry[],
      }));
      results.set(name, result);
      if (result.ok) found.push(name);
    }
    if (found.length === 0) return results;
    const resources = found.map((resourceName) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName, configurationKeys: null }));
    const configs = await this.#send("DescribeConfigs", (connection) => despiteTopicErrors(describeConfigsV4.api.async(connection, resources, false, false)));
    for (const answer of configs.results) {
      const described = results.get(answer.resourceName);
      if (!described?.ok) continue;
      results.set(answer.resourceName, topicResult(answer.errorCode, answer.errorMessage, () => ({
        ...described.value,
        configs: answer.configs.map((c) => ({ name: c.name, value: c.value ?? null, setOnTopic: c.configSource === ConfigSources.TOPIC_CONFIG })),
      })));
    }
    return results;
  }

  /** The names, of those given, whose topic the broker's metadata shows (no error): one Metadata request, no configs. */
  async shownTopics(names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const metadata = await this.#send("Metadata", (connection) => despiteTopicErrors(metadataV12.api.async(connection, [...names], false, false)));
    return new Set(metadata.topics.filter((topic) => topic.errorCode === 0).map((topic) => topic.name ?? ""));
  }

  /** Creates the topics in one request; each answer carries the new topic's id. */
  async createTopics(topics: readonly NewTopic[]): Promise<Map<string, TopicResult<{ topicId: string }>>> {
    if (topics.length === 0) return new Map();
    const request = topics.map((t) => ({
      name: t.name, numPartitions: t.partitions, replicationFactor: t.replicas, assignments: [],
      configs: [...t.configs].map(([name, value]) => ({ name, value })),
    }));
    const response = await this.#send("CreateTopics", (connection) => despiteTopicErrors(createTopicsV7.api.async(connection, request, this.#requestTimeoutMs, false)));
    return new Map(response.topics.map((t) => [t.name, topicResult(t.errorCode, t.errorMessage, () => ({ topicId: kafkaUuid(t.topicId) }))]));
  }

  /** Grows each topic to the partition count given. */
  async createPartitions(counts: ReadonlyMap<string, number>): Promise<Map<string, TopicResult<null>>> {
    if (counts.size === 0) return new Map();
    const request = [...counts].map(([name, count]) => ({ name, count, assignments: null }));
    const response = await this.#send("CreatePartitions", (connection) => despiteTopicErrors(createPartitionsV3.api.async(connection, request, this.#requestTimeoutMs, false)));
    return new Map(response.results.map((r) => [r.name, topicResult(r.errorCode, r.errorMessage, () => null)]));
  }

  /** Sets and deletes topic configuration values, each topic's changes applied together. */
  async alterTopicConfigs(changes: ReadonlyMap<string, readonly ConfigChange[]>): Promise<Map<string, TopicResult<null>>> {
    if (changes.size === 0) return new Map();
    const resources = [...changes].map(([resourceName, ops]) => ({
      resourceType: ConfigResourceTypes.TOPIC,
      resourceName,
      configs: ops.map((op) => (op.op === "set"
        ? { name: op.name, configOperation: IncrementalAlterConfigOperationTypes.SET, value: op.value }
        : { name: op.name, configOperation: IncrementalAlterConfigOperationTypes.DELETE })),
    }));
    const response = await this.#send("IncrementalAlterConfigs", (connection) => despiteTopicErrors(incrementalAlterConfigsV1.api.async(connection, resources, false)));
    return new Map(response.responses.map((r) => [r.resourceName, topicResult(r.errorCode, r.errorMessage, () => null)]));
  }

  /**
   * The reassignments under way of the given partitions (topic to partition
   * indexes), each as the replication factor it heads to; partitions not being
   * reassigned are left out. Throws when Kafka cannot be asked.
   */
  async partitionReassignments(partitions: ReadonlyMap<string, readonly number[]>): Promise<Map<string, Map<number, number>>> {
    if (partitions.size === 0) return new Map();
    const topics = [...partitions].map(([name, partitionIndexes]) => ({ name, partitionIndexes: [...partitionIndexes] }));
    const response = await this.#send("ListPartitionReassignments", (connection) => listPartitionReassignmentsV0.api.async(connection, REASSIGNMENTS_TIMEOUT_MS, topics));
    return new Map(response.topics.map((topic) => [topic.name, new Map(topic.partitions.map((p) => [p.partitionIndex, reassignmentTargetFactor(p)]))]));
  }

  /** Deletes the topics by name. */
  async deleteTopics(names: readonly string[]): Promise<Map<string, TopicResult<null>>> {
    if (names.length === 0) return new Map();
    const response = await this.#send("DeleteTopics", (connection) => despiteTopicErrors(deleteTopicsV6.api.async(connection, names.map((name) => ({ name })), this.#requestTimeoutMs)));
    return new Map(response.responses.map((r) => [r.name ?? "", topicResult(r.errorCode, r.errorMessage, () => null)]));
  }

  /** Every ACL binding of `principal` (`User:<name>`), or of every principal when null. */
  async describeAcls(principal: string | null): Promise<AclBinding[]> {
    const response = await this.#send("DescribeAcls", (connection) => describeAclsV3.api.async(connection, aclFilter(principal)));
    return bindingsOf(response.resources);
  }

  /** Creates the bindings in one request; a binding that exists already is no error to Kafka. */
  async createAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length === 0) return;
    await this.#send("CreateAcls", (connection) => createAclsV3.api.async(connection, bindings.map(aclOf)));
  }

  /** Deletes exactly these bindings, in one request. */
  async deleteAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length === 0) return;
    await this.#send("DeleteAcls", (connection) => deleteAclsV3.api.async(connection, bindings.map(aclOf)));
  }

  /** The quotas of each user entity that has any: user name to quotas. */
  async describeUserQuotas(): Promise<Map<string, Quotas>> {
    const response = await this.#send("DescribeClientQuotas", (connection) => describeClientQuotasV0.api.async(connection, USER_QUOTAS_FILTER, true));
    return quotasOf(response.entries);
  }

  /** Sets or removes (null) each user's quota keys, all users in one request. */
  async alterUserQuotas(changes: ReadonlyMap<string, QuotaChanges>): Promise<void> {
    await this.#alterQuotas(quotaEntries(changes));
  }

  /** The default user's quotas (Kafka's `<default>` user entity); none when it has none. */
  async describeDefaultUserQuotas(): Promise<Quotas> {
    const response = await this.#send("DescribeClientQuotas", (connection) => describeClientQuotasV0.api.async(connection, DEFAULT_USER_QUOTAS_FILTER, true));
    return defaultUserQuotasOf(response.entries);
  }

  /** Sets or removes (null) the default user's quota keys. */
  async alterDefaultUserQuotas(change: QuotaChanges): Promise<void> {
    await this.#alterQuotas(quotaEntry(null, change));
  }

  async #alterQuotas(entries: alterClientQuotasV1.AlterClientQuotasRequestEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#send("AlterClientQuotas", (connection) => alterClientQuotasV1.api.async(connection, entries, false));
  }

  /** The names of every user with SCRAM credentials. */
  async describeScramUsers(): Promise<string[]> {
    const response = await this.#send("DescribeUserScramCredentials", (connection) => describeUserScramCredentialsV0.api.async(connection, []));
    return response.results.filter((r) => r.credentialInfos.length > 0).map((r) => r.user);
  }

  /** Sets the given SCRAM-SHA-512 credentials (salted by the caller) and deletes those of `deletions`, in one request. */
  async alterScramCredentials(upsertions: readonly ScramCredential[], deletions: readonly string[]): Promise<void> {
    if (upsertions.length === 0 && deletions.length === 0) return;
    await this.#send("AlterUserScramCredentials", (connection) => alterUserScramCredentialsV0.api.async(
      connection,
      deletions.map((name) => ({ name, mechanism: SCRAM_SHA_512 })),
      upsertions.map((c) => ({ name: c.user, mechanism: SCRAM_SHA_512, iterations: c.iterations, salt: c.salt, saltedPassword: c.saltedPassword })),
    ));
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

  /**
   * As #send, to one broker, at the address Kafka's Metadata gives for it on the
   * listener asked (as Kafka's Admin client finds a broker by its id).
   */
  async #sendToBroker<T>(nodeId: number, request: RequestName, send: (connection: Connection) => Promise<T>): Promise<T> {
    const broker = (await this.describeBrokers()).find((b) => b.nodeId === nodeId);
    if (broker === undefined) throw new KafkaRequestFailed(request, `broker ${nodeId}`, { cause: new Error(`Kafka's metadata has no broker ${nodeId}`) });
    const address = { host: broker.host, port: broker.port };
    let connection: Connection;
    try {
      connection = await this.#pool.get(address);
    } catch (error) {
      throw new KafkaRequestFailed(request, `${address.host}:${address.port}`, { cause: error });
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
