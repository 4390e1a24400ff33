// Which keys of `spec.kafka.config` the user may set. The operator owns the
// listeners, security, node identity, KRaft quorum and storage layout; a user key
// for any of those is dropped with a warning, exactly as Strimzi drops it, so a
// Kafka resource written for Strimzi behaves the same here.

/**
 * Strimzi's forbidden prefixes for Kafka nodes (api/.../kafka/KafkaClusterSpec.java
 * FORBIDDEN_PREFIXES, Strimzi 1.2). A key is forbidden when it starts with one of them.
 */
export const STRIMZI_FORBIDDEN_PREFIXES: readonly string[] = [
  "listeners",
  "advertised.",
  "broker.",
  "listener.",
  "host.name",
  "port",
  "inter.broker.listener.name",
  "sasl.",
  "ssl.",
  "security.",
  "password.",
  "log.dir",
  "zookeeper.connect",
  "zookeeper.set.acl",
  "zookeeper.ssl",
  "zookeeper.clientCnxnSocket",
  "authorizer.",
  "super.user",
  "cruise.control.metrics.topic",
  "cruise.control.metrics.reporter.bootstrap.servers",
  "node.id",
  "process.roles",
  "controller.",
  "metadata.log.dir",
  "zookeeper.metadata.migration.enable",
  "client.quota.callback.static.kafka.admin.",
  "client.quota.callback.static.produce",
  "client.quota.callback.static.fetch",
  "client.quota.callback.static.storage.per.volume.limit.min.available.",
  "client.quota.callback.static.excluded.principal.name.list",
  "prometheus.metrics.reporter.",
  "cordoned.log.dirs",
];

/** Keys that start with a forbidden prefix but are still the user's to set (exact match). */
export const STRIMZI_FORBIDDEN_PREFIX_EXCEPTIONS: readonly string[] = [
  "zookeeper.connection.timeout.ms",
  "sasl.server.max.receive.size",
  "ssl.cipher.suites",
  "ssl.protocol",
  "ssl.enabled.protocols",
  "ssl.secure.random.implementation",
  "cruise.control.metrics.topic.num.partitions",
  "cruise.control.metrics.topic.replication.factor",
  "cruise.control.metrics.topic.retention.ms",
  "cruise.control.metrics.topic.auto.create.retries",
  "cruise.control.metrics.topic.auto.create.timeout.ms",
  "cruise.control.metrics.topic.min.insync.replicas",
  "broker.session.timeout.ms",
  "broker.heartbeat.interval.ms",
  "controller.socket.timeout.ms",
  "controller.quorum.election.backoff.max.ms",
  "controller.quorum.election.timeout.ms",
  "controller.quorum.fetch.timeout.ms",
];

/**
 * Settings the user may give each listener in `spec.kafka.config` as
 * `listener.name.<name>-<port>.<setting>` (KafkaClusterSpec.ALLOWED_PER_LISTENER_CONFIGS,
 * made exceptions per listener by KafkaConfiguration.modifyWithListeners).
 */
export const STRIMZI_ALLOWED_PER_LISTENER_CONFIGS: readonly string[] = ["connections.max.reauth.ms", "max.connections", "max.connection.creation.rate"];

/** Aliases of the config providers the operator registers on every node (see broker-properties.ts). */
export const RESERVED_CONFIG_PROVIDERS: readonly string[] = ["strimzienv", "strimzifile", "strimzidir"];

/**
 * Prefixes this operator forbids beyond Strimzi's: the settings of its own config
 * providers. Strimzi refuses the whole resource when a user reuses one of those
 * aliases; dropping the keys with the same warning as any other forbidden option
 * keeps the cluster running.
 */
export const OPERATOR_FORBIDDEN_PREFIXES: readonly string[] = RESERVED_CONFIG_PROVIDERS.map((alias) => `config.providers.${alias}.`);

// Strimzi lower-cases the key and compares it with the prefix as written, so its
// mixed-case prefix (zookeeper.clientCnxnSocket) can never match; comparing both
// lower-cased forbids what the list says. Exceptions match the key exactly, as in Strimzi.
const PREFIXES = [...STRIMZI_FORBIDDEN_PREFIXES, ...OPERATOR_FORBIDDEN_PREFIXES].map((p) => p.toLowerCase());
const EXCEPTIONS = new Set(STRIMZI_FORBIDDEN_PREFIX_EXCEPTIONS);

/** A listener as its per-listener keys name it: `<name>-<port>`, as in Kafka's listener names. */
export interface ListenerIdentity {
  name: string;
  port: number;
}

const perListenerKeys = (listeners: readonly ListenerIdentity[]): Set<string> =>
  new Set(listeners.flatMap((l) => STRIMZI_ALLOWED_PER_LISTENER_CONFIGS.map((setting) => `listener.name.${l.name}-${l.port}.${setting}`)));

export function isForbiddenOption(key: string): boolean {
  return isForbiddenKey(key, new Set());
}

function isForbiddenKey(key: string, allowedPerListener: ReadonlySet<string>): boolean {
  if (EXCEPTIONS.has(key) || allowedPerListener.has(key)) return false;
  const lower = key.toLowerCase();
  return PREFIXES.some((prefix) => lower.startsWith(prefix));
}

export interface SplitUserConfig {
  /** Allowed keys, sorted, with values as Kafka reads them. */
  accepted: Record<string, string>;
  /** Dropped keys, sorted. */
  forbidden: string[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function splitUserConfig(config: Record<string, string | number | boolean> | undefined, listeners: readonly ListenerIdentity[] = []): SplitUserConfig {
  const accepted: Record<string, string> = {};
  const forbidden: string[] = [];
  const allowedPerListener = perListenerKeys(listeners);
  for (const key of Object.keys(config ?? {}).sort(compare)) {
    const value = config?.[key];
    if (value === undefined) continue;
    if (isForbiddenKey(key, allowedPerListener)) forbidden.push(key);
    else accepted[key] = String(value);
  }
  return { accepted, forbidden };
}
