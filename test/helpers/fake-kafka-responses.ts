// What the stand-in Kafka knows and how it answers: a scenario (brokers,
// topics, configs, the KRaft quorum) and, for each request it serves, the
// response body a Kafka 4 broker would send at that version. Field order and
// types follow the 4.0 message definitions (clients/src/main/resources/common/message).
import { createHash } from "node:crypto";
import { DYNAMIC_BROKER_OPTIONS } from "../../lib/config/dynamic-options.js";
import { Reader, Writer } from "./fake-kafka-codec.js";

export interface FakePartition {
  readonly partition: number;
  /** -1 for a partition without a leader: answered with LEADER_NOT_AVAILABLE, as Kafka does. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface FakeTopic {
  readonly name: string;
  readonly internal?: boolean;
  readonly partitions: readonly FakePartition[];
  /** Topic-level overrides (kafka-configs --entity-type topics). */
  readonly configs?: Readonly<Record<string, string>>;
}

export interface FakeVoter {
  readonly id: number;
  readonly logEndOffset: number;
  readonly lastFetchTimestamp: number;
  readonly lastCaughtUpTimestamp: number;
}

export interface FakeQuorum {
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  /** The leader's clock at the answer: Kafka reports it as the leader's own fetch and caught-up times. */
  readonly now: number;
  readonly voters: readonly FakeVoter[];
  /** Replicas of the metadata log that are not voters: brokers fetching it (Kafka's LeaderState keeps one 5 min after its last fetch). */
  readonly observers?: readonly FakeVoter[];
}

export interface FakeKafkaScenario {
  /** The brokers that are registered and unfenced; replicas elsewhere are reported offline. */
  readonly brokers: readonly number[];
  /** Brokers registered with the controller but fenced (starting, or stopped): only DescribeCluster v2 shows them, when asked to. */
  readonly fenced?: readonly number[];
  /** Each broker's `broker.rack`; none for brokers left out. */
  readonly racks?: Readonly<Record<number, string>>;
  readonly topics: readonly FakeTopic[];
  /** Broker-level values (server.properties), answered for topics without an override, and for the broker's own resource. */
  readonly brokerConfigs?: Readonly<Record<string, string>>;
  readonly quorum?: FakeQuorum;
}

/** Error codes (org.apache.kafka.common.protocol.Errors). */
export const ErrorCode = { NONE: 0, UNKNOWN_TOPIC_OR_PARTITION: 3, LEADER_NOT_AVAILABLE: 5, UNSUPPORTED_VERSION: 35, INVALID_REQUEST: 42, MISMATCHED_ENDPOINT_TYPE: 114 } as const;

/** Thrown for a request the stand-in does not serve at that version; the server closes the connection. */
export class Unimplemented extends Error {}

const CONFIG_SOURCE = { TOPIC_CONFIG: 1, DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;
const RESOURCE_TYPE = { TOPIC: 2, BROKER: 4 } as const;

/**
 * The dynamic broker configuration as Kafka keeps it in the metadata log: the
 * overrides of each broker resource, by its name ("" is the cluster default).
 */
export type DynamicOverrides = Map<string, Map<string, string>>;
const CONFIG_TYPE_INT = 3;
// The topic configs the stand-in knows, with Kafka's built-in defaults.
const KAFKA_DEFAULTS: Readonly<Record<string, string>> = { "min.insync.replicas": "1" };
const NO_AUTHORIZED_OPERATIONS = -2147483648;
const CLUSTER_ID = "fake-kafka-cluster-id";
/** DescribeCluster's EndpointType: 1 = brokers (2 = controllers). */
const BROKER_ENDPOINT = 1;
const ZERO_UUID = "00000000000000000000000000000000";

const topicId = (name: string): string => createHash("sha256").update(name).digest("hex").slice(0, 32);

/** Where a broker listens: Kafka advertises each broker's address on the listener the request came in on. */
export interface Listener {
  readonly host: string;
  readonly port: number;
}

export function metadataResponse(version: number, request: Reader, scenario: FakeKafkaScenario, listenerOf: (nodeId: number) => Listener): Buffer {
  if (version < 12) throw new Unimplemented(`Metadata v${version}`);
  const requested = request.compactNullableArray((r) => ({ id: r.uuid(), name: r.compactNullableString() }));
  request.bool(); // allow_auto_topic_creation: the stand-in never creates topics
  request.bool(); // include_topic_authorized_operations
  const names = requested?.map((t) => t.name);
  const alive = new Set(scenario.brokers);
  const topics = scenario.topics.filter((t) => names == null || names.includes(t.name));
  const w = new Writer()
    .int32(0) // throttle_time_ms
    .compactArray(scenario.brokers, (w, id) => w.int32(id).compactString(listenerOf(id).host).int32(listenerOf(id).port).compactNullableString(scenario.racks?.[id] ?? null))
    .compactNullableString(CLUSTER_ID)
    // A KRaft broker names a random live broker as "controller" for old clients; the quorum leader is in DescribeQuorum.
    .int32(Math.min(...scenario.brokers))
    .compactArray(topics, (w, t) => w
      .int16(ErrorCode.NONE).compactNullableString(t.name).uuid(topicId(t.name)).bool(t.internal ?? false)
      .compactArray(t.partitions, (w, p) => {
        const leaderless = p.leader < 0 || !alive.has(p.leader);
        w.int16(leaderless ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE)
          .int32(p.partition).int32(leaderless ? -1 : p.leader).int32(0)
          .compactInt32Array(p.replicas).compactInt32Array(p.isr)
          .compactInt32Array(p.replicas.filter((r) => !alive.has(r)));
      })
      .int32(NO_AUTHORIZED_OPERATIONS));
  if (version >= 13) w.int16(ErrorCode.NONE);
  return w.taggedFields().bytes();
}

interface ConfigAnswer {
  readonly value: string;
  readonly source: number;
}

function topicConfig(topic: FakeTopic, name: string, scenario: FakeKafkaScenario): ConfigAnswer[] {
  const chain: Array<ConfigAnswer | undefined> = [
    topic.configs?.[name] === undefined ? undefined : { value: topic.configs[name], source: CONFIG_SOURCE.TOPIC_CONFIG },
    scenario.brokerConfigs?.[name] === undefined ? undefined : { value: scenario.brokerConfigs[name], source: CONFIG_SOURCE.STATIC_BROKER_CONFIG },
    KAFKA_DEFAULTS[name] === undefined ? undefined : { value: KAFKA_DEFAULTS[name], source: CONFIG_SOURCE.DEFAULT_CONFIG },
  ];
  return chain.filter((a): a is ConfigAnswer => a !== undefined);
}

/** A broker option by Kafka's precedence (DynamicBrokerConfig): the broker's override, the cluster default, server.properties, Kafka's default. */
function brokerConfig(name: string, scenario: FakeKafkaScenario, nodeId: number, overrides: DynamicOverrides): ConfigAnswer[] {
  const own = overrides.get(String(nodeId))?.get(name);
  const cluster = overrides.get("")?.get(name);
  const chain: Array<ConfigAnswer | undefined> = [
    own === undefined ? undefined : { value: own, source: CONFIG_SOURCE.DYNAMIC_BROKER_CONFIG },
    cluster === undefined ? undefined : { value: cluster, source: CONFIG_SOURCE.DYNAMIC_DEFAULT_BROKER_CONFIG },
    scenario.brokerConfigs?.[name] === undefined ? undefined : { value: scenario.brokerConfigs[name], source: CONFIG_SOURCE.STATIC_BROKER_CONFIG },
    KAFKA_DEFAULTS[name] === undefined ? undefined : { value: KAFKA_DEFAULTS[name], source: CONFIG_SOURCE.DEFAULT_CONFIG },
  ];
  return chain.filter((a): a is ConfigAnswer => a !== undefined);
}

function writeConfigs(w: Writer, entries: ReadonlyArray<{ name: string; chain: ConfigAnswer[] }>, includeSynonyms: boolean): void {
  w.compactArray(entries, (w, { name, chain }) => {
    const [effective] = chain as [ConfigAnswer, ...ConfigAnswer[]];
    w.compactString(name).compactNullableString(effective.value).bool(false).int8(effective.source).bool(false)
      .compactArray(includeSynonyms ? chain : [], (w, s) => w.compactString(name).compactNullableString(s.value).int8(s.source))
      .int8(CONFIG_TYPE_INT).compactNullableString(null);
  });
}

/** A broker resource, as Kafka's ConfigHelper answers it: only the broker's own id, or "" for the cluster default. */
function describeBrokerResource(
  w: Writer, resource: { type: number; name: string; keys: string[] | null }, scenario: FakeKafkaScenario, nodeId: number, overrides: DynamicOverrides, includeSynonyms: boolean,
): void {
  if (resource.name !== "" && resource.name !== String(nodeId)) {
    w.int16(ErrorCode.INVALID_REQUEST).compactNullableString(`Unexpected broker id, expected ${nodeId} or empty string, but received ${resource.name}`)
      .int8(resource.type).compactString(resource.name).compactArray([], () => undefined);
    return;
  }
  const defaults = resource.name === "";
  const known = defaults
    ? [...(overrides.get("")?.keys() ?? [])]
    : [...new Set([...Object.keys(KAFKA_DEFAULTS), ...Object.keys(scenario.brokerConfigs ?? {}), ...[...overrides.values()].flatMap((o) => [...o.keys()])])];
  const entries = (resource.keys ?? known).flatMap((name) => {
    const cluster = overrides.get("")?.get(name);
    const chain: ConfigAnswer[] = defaults
      ? (cluster === undefined ? [] : [{ value: cluster, source: CONFIG_SOURCE.DYNAMIC_DEFAULT_BROKER_CONFIG }])
      : brokerConfig(name, scenario, nodeId, overrides);
    return chain.length === 0 ? [] : [{ name, chain }];
  });
  w.int16(ErrorCode.NONE).compactNullableString(null).int8(resource.type).compactString(resource.name);
  writeConfigs(w, entries, includeSynonyms);
}

/** DescribeConfigs as broker `nodeId` answers it. */
export function describeConfigsResponse(version: number, request: Reader, scenario: FakeKafkaScenario, nodeId: number, overrides: DynamicOverrides = new Map()): Buffer {
  if (version < 4) throw new Unimplemented(`DescribeConfigs v${version}`);
  const resources = request.compactArray((r) => ({ type: r.int8(), name: r.compactString(), keys: r.compactNullableStringArray() }));
  const includeSynonyms = request.bool();
  request.bool(); // include_documentation: answered with null documentation
  return new Writer()
    .int32(0)
    .compactArray(resources, (w, resource) => {
      if (resource.type === RESOURCE_TYPE.BROKER) {
        describeBrokerResource(w, resource, scenario, nodeId, overrides, includeSynonyms);
        return;
      }
      const topic = scenario.topics.find((t) => t.name === resource.name);
      if (resource.type !== RESOURCE_TYPE.TOPIC) throw new Unimplemented(`DescribeConfigs of resource type ${resource.type}`);
      if (topic === undefined) {
        w.int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).compactNullableString(`Topic ${resource.name} does not exist.`)
          .int8(resource.type).compactString(resource.name).compactArray([], () => undefined);
        return;
      }
      const keys = resource.keys ?? [...new Set([...Object.keys(KAFKA_DEFAULTS), ...Object.keys(scenario.brokerConfigs ?? {}), ...Object.keys(topic.configs ?? {})])];
      const entries = keys.flatMap((name) => {
        const chain = topicConfig(topic, name, scenario);
        return chain.length === 0 ? [] : [{ name, chain }];
      });
      w.int16(ErrorCode.NONE).compactNullableString(null).int8(resource.type).compactString(resource.name);
      writeConfigs(w, entries, includeSynonyms);
    })
    .taggedFields()
    .bytes();
}

export function describeQuorumResponse(version: number, request: Reader, scenario: FakeKafkaScenario): Buffer {
  if (version < 2) throw new Unimplemented(`DescribeQuorum v${version}`);
  const quorum = scenario.quorum;
  if (quorum === undefined) throw new Unimplemented("DescribeQuorum without a quorum in the scenario");
  const topics = request.compactArray((r) => ({ name: r.compactString(), partitions: r.compactArray((r) => r.int32()) }));
  const voterState = (w: Writer, v: FakeVoter): void => {
    const self = v.id === quorum.leaderId;
    w.int32(v.id).uuid(ZERO_UUID).int64(v.logEndOffset)
      .int64(self ? quorum.now : v.lastFetchTimestamp).int64(self ? quorum.now : v.lastCaughtUpTimestamp);
  };
  return new Writer()
    .int16(ErrorCode.NONE).compactNullableString(null)
    .compactArray(topics, (w, t) => w.compactString(t.name).compactArray(t.partitions, (w, index) => {
      const known = t.name === "__cluster_metadata" && index === 0;
      w.int32(index).int16(known ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).compactNullableString(null)
        .int32(known ? quorum.leaderId : -1).int32(known ? quorum.leaderEpoch : -1).int64(known ? quorum.highWatermark : -1)
        .compactArray(known ? quorum.voters : [], voterState)
        .compactArray(known ? quorum.observers ?? [] : [], voterState);
    }))
    .compactArray(quorum.voters, (w, v) => w.int32(v.id)
      .compactArray([{ name: "CONTROLLER", host: `controller-${v.id}`, port: 9090 }], (w, l) => w.compactString(l.name).compactString(l.host).uint16(l.port)))
    .taggedFields()
    .bytes();
}


/**
 * DescribeCluster v2 as a Kafka 4 broker answers it (KafkaApis.handleDescribeCluster
 * over AuthHelper.computeDescribeClusterResponse): every broker of its metadata
 * cache, a fenced one only when the request sets IncludeFencedBrokers, each with
 * IsFenced; a request for the controller endpoint type gets MISMATCHED_ENDPOINT_TYPE.
 * The controller id a broker reports is a random live broker (here the lowest).
 */
export function describeClusterResponse(version: number, request: Reader, scenario: FakeKafkaScenario, listenerOf: (nodeId: number) => Listener): Buffer {
  if (version < 2) throw new Unimplemented(`DescribeCluster v${version}`);
  request.bool(); // include_cluster_authorized_operations: answered with the schema's default
  const endpointType = request.int8();
  const includeFenced = request.bool();
  const w = new Writer().int32(0);
  if (endpointType !== BROKER_ENDPOINT) {
    return w.int16(ErrorCode.MISMATCHED_ENDPOINT_TYPE)
      .compactNullableString(`The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type ${endpointType === 2 ? "CONTROLLER" : "UNKNOWN"}`)
      .int8(BROKER_ENDPOINT).compactString("").int32(-1).compactArray([], () => undefined).int32(NO_AUTHORIZED_OPERATIONS).taggedFields().bytes();
  }
  const fenced = new Set(scenario.fenced ?? []);
  const brokers = [...new Set([...scenario.brokers, ...fenced])].sort((a, b) => a - b).filter((id) => includeFenced || !fenced.has(id));
  return w.int16(ErrorCode.NONE).compactNullableString(null).int8(BROKER_ENDPOINT).compactString(CLUSTER_ID)
    .int32(scenario.brokers.length > 0 ? Math.min(...scenario.brokers) : -1)
    .compactArray(brokers, (w, id) => w.int32(id).compactString(listenerOf(id).host).int32(listenerOf(id).port).compactNullableString(scenario.racks?.[id] ?? null).bool(fenced.has(id)))
    .int32(NO_AUTHORIZED_OPERATIONS)
    .taggedFields()
    .bytes();
}

const OPERATION = { SET: 0, DELETE: 1 } as const;
/** Kafka's SslConfigs.RECONFIGURABLE_CONFIGS: updated at run time only with a listener prefix. */
const SECURITY_CONFIGS: ReadonlySet<string> = new Set([
  "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password", "ssl.truststore.type",
  "ssl.truststore.location", "ssl.truststore.password", "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.truststore.certificates",
]);
/** Scala's Set#toString, as Kafka's ConfigException messages print the options. */
const scalaSet = (names: readonly string[]): string => `Set(${names.join(", ")})`;

/**
 * Why Kafka refuses these alterations of a broker resource, as its
 * ConfigAdminManager.preprocess and DynamicBrokerConfig.validateConfigs do:
 * another broker's id, options it cannot update at run time, unprefixed
 * security options, per-broker options at the cluster level. (What a
 * reconfigurable then refuses, such as a listener's immutable ssl.cipher.suites,
 * is not modelled.)
 */
function alterationRefusal(name: string, keys: readonly string[], nodeId: number): string | undefined {
  if (name !== "" && name !== String(nodeId)) return `Unexpected broker id, expected ${nodeId}, but received ${name}`;
  const readOnly = keys.filter((k) => !DYNAMIC_BROKER_OPTIONS.has(k));
  if (readOnly.length > 0) return `Cannot update these configs dynamically: ${scalaSet(readOnly)}`;
  const security = keys.filter((k) => SECURITY_CONFIGS.has(k));
  if (security.length > 0) return `These security configs can be dynamically updated only per-listener using the listener prefix: ${scalaSet(security)}`;
  const perBroker = keys.filter((k) => DYNAMIC_BROKER_OPTIONS.get(k) === "per-broker");
  if (name === "" && perBroker.length > 0) return `Cannot update these configs at default cluster level, broker id must be specified: ${scalaSet(perBroker)}`;
  return undefined;
}

/** IncrementalAlterConfigs v1 on broker resources, as broker `nodeId` answers it: a refused resource changes nothing, an accepted one SETs and DELETEs its overrides. */
export function incrementalAlterConfigsResponse(version: number, request: Reader, nodeId: number, overrides: DynamicOverrides): Buffer {
  if (version < 1) throw new Unimplemented(`IncrementalAlterConfigs v${version}`);
  const resources = request.compactArray((r) => ({
    type: r.int8(),
    name: r.compactString(),
    configs: r.compactArray((r) => ({ name: r.compactString(), op: r.int8(), value: r.compactNullableString() })),
  }));
  const validateOnly = request.bool();
  return new Writer()
    .int32(0)
    .compactArray(resources, (w, resource) => {
      if (resource.type !== RESOURCE_TYPE.BROKER) throw new Unimplemented(`IncrementalAlterConfigs of resource type ${resource.type}`);
      if (resource.configs.some((c) => c.op !== OPERATION.SET && c.op !== OPERATION.DELETE)) throw new Unimplemented("IncrementalAlterConfigs APPEND or SUBTRACT");
      const refused = alterationRefusal(resource.name, resource.configs.map((c) => c.name), nodeId);
      if (refused === undefined && !validateOnly) {
        const own = overrides.get(resource.name) ?? new Map<string, string>();
        for (const c of resource.configs) {
          if (c.op === OPERATION.SET) own.set(c.name, c.value ?? "");
          else own.delete(c.name);
        }
        overrides.set(resource.name, own);
      }
      w.int16(refused === undefined ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST).compactNullableString(refused ?? null)
        .int8(resource.type).compactString(resource.name);
    })
    .taggedFields()
    .bytes();
}
