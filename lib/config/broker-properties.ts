// server.properties of one KRaft node, as ordered key/value entries.
//
// Identity and quorum first, then listeners and their security, authorization,
// Cruise Control's metrics reporter, tiered storage and quotas plugins, metrics reporters, config providers, storage, and last the
// user's own `spec.kafka.config`. A user
// key never replaces an operator key: forbidden keys were dropped when the model
// was built, and any other clash is dropped here.
//
// Key material never passes through the hooks: the node reads its PEM files from
// the mounted Secrets at start, through Kafka's DirectoryConfigProvider
// (`${strimzidir:<directory>:<file>}`).
import type { GenericKafkaListener } from "../api/kafka.js";
import { kafkaListenerName, type ListenerAddresses } from "../model/listener-addresses.js";
import { isForbiddenListenerConfigKey } from "../model/listeners.js";
import { nodeRackReference, rackTopologyKey } from "../model/node-rack.js";
import type { ObservedClusterModel } from "../model/observed-cluster.js";
import type { KafkaClusterModel, KafkaNode, NodePoolModel } from "../model/types.js";
import { componentName, logDir, podDnsName } from "../names.js";
import { RESERVED_CONFIG_PROVIDERS } from "../model/forbidden-options.js";
import { fromDir, PROVIDER } from "./config-providers.js";
import { metricsEntries } from "./metrics.js";
import { cruiseControlReporterEntries, cruiseControlReporters } from "./cruise-control-reporter.js";
import { quotasEntries } from "./quotas.js";
import { tieredStorageEntries } from "./tiered-storage.js";
import {
  CLIENTS_CA_MOUNT, CLUSTER_CA_MOUNT, CONTROL_PLANE_LISTENER, customListenerCertificateKeys, CONTROL_PLANE_PORT, KAFKA_HOME, NODE_CERTS_MOUNT,
  REPLICATION_LISTENER, REPLICATION_PORT,
} from "../kafka-files/paths.js";
import type { BrokerProperties } from "../kafka-files/properties.js";

/** Every listener binds all IPv4 interfaces, as Strimzi's do; the pod network is what isolates them. */
const BIND_ADDRESS = "0.0.0.0";

export const KRAFT_AUTHORIZER_CLASS = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
const SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

const PROVIDER_CLASSES: Record<(typeof PROVIDER)[keyof typeof PROVIDER], string> = {
  strimzienv: "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
  strimzifile: "org.apache.kafka.common.config.provider.FileConfigProvider",
  strimzidir: "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
};

/** `<NAME>-<PORT>`: Strimzi's listener identifier, upper-cased as Kafka listener names are written. */
export const listenerName = kafkaListenerName;

/** Per-listener keys are `listener.name.<lower-cased listener name>.<key>`. */
const listenerKey = (name: string, key: string): string => `listener.name.${name.toLowerCase()}.${key}`;

function securityProtocol(tls: boolean, sasl: boolean): string {
  const transport = tls ? "SSL" : "PLAINTEXT";
  return sasl ? `SASL_${transport}` : transport;
}

function isSasl(listener: GenericKafkaListener): boolean {
  const auth = listener.authentication;
  if (!auth) return false;
  if (auth.type === "scram-sha-512") return true;
  return auth.type === "custom" && auth.sasl === true;
}

/** The node's own certificate and key (Secret `<pod>`), served on every TLS listener. */
function nodeKeystore(name: string, node: KafkaNode): BrokerProperties {
  return [
    [listenerKey(name, "ssl.keystore.type"), "PEM"],
    [listenerKey(name, "ssl.keystore.certificate.chain"), fromDir(NODE_CERTS_MOUNT, `${node.podName}.crt`)],
    [listenerKey(name, "ssl.keystore.key"), fromDir(NODE_CERTS_MOUNT, `${node.podName}.key`)],
  ];
}

/** The user's certificate for one listener (`brokerCertChainAndKey`), copied into the node's Secret. */
function customKeystore(name: string): BrokerProperties {
  const keys = customListenerCertificateKeys(name);
  return [
    [listenerKey(name, "ssl.keystore.type"), "PEM"],
    [listenerKey(name, "ssl.keystore.certificate.chain"), fromDir(NODE_CERTS_MOUNT, keys.certificate)],
    [listenerKey(name, "ssl.keystore.key"), fromDir(NODE_CERTS_MOUNT, keys.privateKey)],
  ];
}

/**
 * Mutual TLS on an operator listener: only holders of a certificate from the cluster CA
 * get in. A node that only connects to the listener (a broker, to the controllers) uses
 * the same certificate and trust as a client, and has no client authentication to ask for.
 */
function internalListener(name: string, node: KafkaNode, listening: boolean): BrokerProperties {
  return [
    ...nodeKeystore(name, node),
    [listenerKey(name, "ssl.truststore.type"), "PEM"],
    [listenerKey(name, "ssl.truststore.certificates"), fromDir(CLUSTER_CA_MOUNT, "ca.crt")],
    ...(listening ? [[listenerKey(name, "ssl.client.auth"), "required"] as [string, string]] : []),
  ];
}

const scalar = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;

function userListener(listener: GenericKafkaListener, node: KafkaNode): BrokerProperties {
  const name = listenerName(listener);
  const entries: BrokerProperties = [];
  if (listener.tls) entries.push(...(listener.configuration?.brokerCertChainAndKey ? customKeystore(name) : nodeKeystore(name, node)));
  const auth = listener.authentication;
  if (auth?.type === "tls" && listener.tls) {
    // Client certificates are issued by the clients CA (KafkaUsers), not the cluster CA.
    entries.push(
      [listenerKey(name, "ssl.truststore.type"), "PEM"],
      [listenerKey(name, "ssl.truststore.certificates"), fromDir(CLIENTS_CA_MOUNT, "ca.crt")],
      [listenerKey(name, "ssl.client.auth"), "required"],
    );
  } else if (auth?.type === "scram-sha-512") {
    // Credentials live in the KRaft metadata (the user operator writes them); the login module needs no options.
    entries.push(
      [listenerKey(name, "sasl.enabled.mechanisms"), "SCRAM-SHA-512"],
      [listenerKey(name, "scram-sha-512.sasl.jaas.config"), `${SCRAM_LOGIN_MODULE} required;`],
    );
  }
  const configuration = listener.configuration;
  if (configuration?.maxConnections !== undefined) {
    entries.push([listenerKey(name, "max.connections"), String(configuration.maxConnections)]);
  }
  if (configuration?.maxConnectionCreationRate !== undefined) {
    entries.push([listenerKey(name, "max.connection.creation.rate"), String(configuration.maxConnectionCreationRate)]);
  }
  if (auth?.type === "custom") {
    // Strimzi passes a custom authentication's listenerConfig through under the listener's
    // prefix, without its keystore keys (the model warns); keys set above stay the operator's.
    const taken = new Set(entries.map(([key]) => key));
    for (const key of Object.keys(auth.listenerConfig ?? {}).sort()) {
      const value = scalar(auth.listenerConfig?.[key]);
      if (value !== undefined && !isForbiddenListenerConfigKey(key) && !taken.has(listenerKey(name, key))) entries.push([listenerKey(name, key), value]);
    }
  }
  return entries;
}

function listenerEntries(model: KafkaClusterModel, node: KafkaNode, addresses: ListenerAddresses): BrokerProperties {
  const podHost = podDnsName(model.name, model.namespace, node.podName);
  const listeners: string[] = [];
  const advertised: string[] = [];
  // Every node maps the control plane listener: brokers use its security settings to reach the controllers.
  const protocols: string[] = [`${CONTROL_PLANE_LISTENER}:SSL`];
  const perListener: BrokerProperties = [...internalListener(CONTROL_PLANE_LISTENER, node, node.isController)];

  if (node.isController) {
    listeners.push(`${CONTROL_PLANE_LISTENER}://${BIND_ADDRESS}:${CONTROL_PLANE_PORT}`);
    // Kafka 3.9+ controllers advertise their listener too (the quorum learns endpoints from it).
    advertised.push(`${CONTROL_PLANE_LISTENER}://${podHost}:${CONTROL_PLANE_PORT}`);
  }
  if (node.isBroker) {
    listeners.push(`${REPLICATION_LISTENER}://${BIND_ADDRESS}:${REPLICATION_PORT}`);
    advertised.push(`${REPLICATION_LISTENER}://${podHost}:${REPLICATION_PORT}`);
    protocols.push(`${REPLICATION_LISTENER}:SSL`);
    perListener.push(...internalListener(REPLICATION_LISTENER, node, true));
    for (const { listener, brokers } of addresses.listeners) {
      // A listener whose address is not known yet, and never was, is left out rather than advertised wrong.
      const endpoint = brokers.get(node.podName)?.advertised;
      if (!endpoint) continue;
      const name = listenerName(listener);
      listeners.push(`${name}://${BIND_ADDRESS}:${listener.port}`);
      advertised.push(`${name}://${endpoint.host}:${endpoint.port}`);
      protocols.push(`${name}:${securityProtocol(listener.tls, isSasl(listener))}`);
      perListener.push(...userListener(listener, node));
    }
  }

  return [
    ["listeners", listeners.join(",")],
    ["advertised.listeners", advertised.join(",")],
    ["listener.security.protocol.map", protocols.join(",")],
    ...(node.isBroker ? [["inter.broker.listener.name", REPLICATION_LISTENER] as [string, string]] : []),
    ...perListener,
  ];
}

function kraftEntries(model: KafkaClusterModel, node: KafkaNode): BrokerProperties {
  const roles = [node.isBroker ? "broker" : undefined, node.isController ? "controller" : undefined].filter((r): r is string => !!r);
  // A static quorum: every controller, by node id. model.nodes is sorted by id, so the list is stable.
  const voters = model.nodes
    .filter((n) => n.isController)
    .map((n) => `${n.nodeId}@${podDnsName(model.name, model.namespace, n.podName)}:${CONTROL_PLANE_PORT}`);
  return [
    ["node.id", String(node.nodeId)],
    ["process.roles", roles.join(",")],
    ["controller.listener.names", CONTROL_PLANE_LISTENER],
    ["controller.quorum.voters", voters.join(",")],
  ];
}

/** The principals Strimzi makes super users: the nodes themselves and Strimzi's own components. */
export function operatorSuperUsers(cluster: string): string[] {
  return [
    `User:CN=${componentName(cluster)},O=io.strimzi`,
    `User:CN=${cluster}-entity-topic-operator,O=io.strimzi`,
    `User:CN=${cluster}-entity-user-operator,O=io.strimzi`,
    `User:CN=${cluster}-kafka-exporter,O=io.strimzi`,
    `User:CN=${cluster}-cruise-control,O=io.strimzi`,
    "User:CN=cluster-operator,O=io.strimzi",
  ];
}

// On controllers as well as brokers: in KRaft the controllers authorize the brokers' and admin clients' requests.
function authorizationEntries(model: KafkaClusterModel): BrokerProperties {
  const authorization = model.authorization;
  if (!authorization) return [];
  const authorizerClass = authorization.type === "simple" ? KRAFT_AUTHORIZER_CLASS : authorization.authorizerClass;
  const superUsers = [...operatorSuperUsers(model.name), ...(authorization.superUsers ?? []).map((u) => `User:${u}`)];
  return [
    ...(authorizerClass ? [["authorizer.class.name", authorizerClass] as [string, string]] : []),
    ["super.users", superUsers.join(";")],
  ];
}

function rackEntries(model: KafkaClusterModel, node: KafkaNode): BrokerProperties {
  const rack = model.rack;
  if (!node.isBroker) return [];
  if (rackTopologyKey(model) !== undefined) return [["broker.rack", nodeRackReference]];
  if (rack?.type !== "environment-variable" || !rack.envVarName) return [];
  return [["broker.rack", `\${${PROVIDER.env}:${rack.envVarName}}`]];
}

function configProviderEntries(model: KafkaClusterModel): BrokerProperties {
  // The user may register providers of their own; ours are added after them.
  const userAliases = (model.userConfig["config.providers"] ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a.length > 0 && !RESERVED_CONFIG_PROVIDERS.includes(a));
  const ours = [PROVIDER.env, PROVIDER.file, PROVIDER.dir];
  return [
    ["config.providers", [...userAliases, ...ours].join(",")],
    [`config.providers.${PROVIDER.env}.class`, PROVIDER_CLASSES.strimzienv],
    // Any variable of the container's environment (user env from the pod template included), as in Strimzi.
    [`config.providers.${PROVIDER.env}.param.allowlist.pattern`, ".*"],
    [`config.providers.${PROVIDER.file}.class`, PROVIDER_CLASSES.strimzifile],
    [`config.providers.${PROVIDER.file}.param.allowed.paths`, KAFKA_HOME],
    [`config.providers.${PROVIDER.dir}.class`, PROVIDER_CLASSES.strimzidir],
    // Certificates and user-mounted files live under /opt/kafka; nothing else of the filesystem is readable.
    [`config.providers.${PROVIDER.dir}.param.allowed.paths`, KAFKA_HOME],
  ];
}

function storageEntries(pool: NodePoolModel, node: KafkaNode): BrokerProperties {
  const metadataVolume = pool.volumes.find((v) => v.kraftMetadata) ?? pool.volumes[0];
  return [
    ["log.dirs", pool.volumes.map((v) => logDir(v.id, node.nodeId)).join(",")],
    ...(metadataVolume ? [["metadata.log.dir", logDir(metadataVolume.id, node.nodeId)] as [string, string]] : []),
  ];
}

/** A node's server.properties in its two parts: what the operator writes, then the user's own `spec.kafka.config`. */
export interface BrokerPropertySections {
  operator: BrokerProperties;
  user: BrokerProperties;
}

export function brokerPropertySections(model: ObservedClusterModel, node: KafkaNode): BrokerPropertySections {
  const pool = model.pools.find((p) => p.name === node.pool);
  if (!pool) throw new Error(`node ${node.nodeId} names pool ${node.pool}, which is not in the model`);
  const operator: BrokerProperties = [
    ...kraftEntries(model, node),
    ...listenerEntries(model, node, model.listenerAddresses),
    ...rackEntries(model, node),
    ...authorizationEntries(model),
    ...cruiseControlReporterEntries(model, node),
    ...tieredStorageEntries(model, node),
    ...quotasEntries(model, node),
    ...metricsEntries(model, cruiseControlReporters(model, node)),
    ...configProviderEntries(model),
    ...storageEntries(pool, node),
  ];
  const taken = new Set(operator.map(([key]) => key));
  const user = Object.keys(model.userConfig)
    .sort()
    .filter((key) => !taken.has(key))
    .map((key): [string, string] => [key, model.userConfig[key] ?? ""]);
  return { operator, user };
}

export function brokerProperties(model: ObservedClusterModel, node: KafkaNode): BrokerProperties {
  const { operator, user } = brokerPropertySections(model, node);
  return [...operator, ...user];
}
