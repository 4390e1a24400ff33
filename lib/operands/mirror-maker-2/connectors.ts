// A KafkaMirrorMaker2's connectors, as Strimzi's KafkaMirrorMaker2Connectors
// declares them: per mirror a MirrorSourceConnector and a
// MirrorCheckpointConnector (each only when its spec is given) named
// `<source alias>-><target alias>.<class>`, configured with both clusters'
// connections (`target.cluster.*`, `source.cluster.*`: TLS and authentication
// through the workers' `strimzisecrets` provider), the connector's own config,
// the topic and group patterns, the rack and the metrics reporter. They take a
// KafkaConnector's shape so the sidecar's connector pass reconciles them as it
// does KafkaConnectors (sidecar/connectors).
import type { KafkaConnector } from "../../api/kafka-connector.js";
import type { KafkaMirrorMaker2, MirrorConnectorSpec, MirrorMaker2ClusterSpec, MirrorSpec } from "../../api/kafka-mirror-maker-2.js";
import { KAFKA_API_VERSION } from "../../api/schemas/kafka.js";
import { STRIMZI_CLIENT_REPORTER } from "../../config/metrics.js";
import { connectTrustedCertsSecretName } from "../connect/connect-names.js";
import { RACK_MOUNT } from "../connect/paths.js";
import { secretValue } from "../connect/worker-properties.js";
import { customAuthenticationOptions, securityProtocol } from "../kafka-clients/options.js";
import { rackLabelOnPod } from "../kafka-clients/rack.js";
import { clusterTrustedCertsKey } from "./names.js";

const CONNECTOR_PACKAGE = "org.apache.kafka.connect.mirror";
/** Strimzi's CONNECTORS map (a Map.of, whose order is unspecified): source first. */
const CONNECTOR_TYPES = [
  { suffix: "MirrorSourceConnector", spec: (mirror: MirrorSpec) => mirror.sourceConnector },
  { suffix: "MirrorCheckpointConnector", spec: (mirror: MirrorSpec) => mirror.checkpointConnector },
] as const;

type Mm2 = Pick<KafkaMirrorMaker2, "metadata" | "spec">;
type Config = Record<string, unknown>;

/** `<source>-><target>.MirrorSourceConnector`: the connector's name in Connect. */
export const mirrorConnectorName = (source: string, target: string, suffix: string): string => `${source}->${target}.${suffix}`;

/** Every name mirrorConnectorName makes, whatever the aliases, and the heartbeat connector's of Strimzi's older API. */
const MIRROR_CONNECTOR_NAME = /^.+->.+\.Mirror(Source|Checkpoint|Heartbeat)Connector$/;
/** Only connectors so named are MirrorMaker 2's to delete when no mirror declares them: a connector added by hand stays. */
export const isMirrorConnectorName = (name: string): boolean => MIRROR_CONNECTOR_NAME.test(name);

/** One cluster's connection options under `prefix` (addClusterToMirrorMaker2ConnectorConfig). */
export function clusterConnectionConfig(namespace: string, mm2: string, cluster: MirrorMaker2ClusterSpec, prefix: string): Config {
  const config: Config = { [`${prefix}alias`]: cluster.alias, [`${prefix}bootstrap.servers`]: cluster.bootstrapServers };
  if ((cluster.tls?.trustedCertificates ?? []).length > 0) {
    config[`${prefix}ssl.truststore.certificates`] = secretValue(namespace, connectTrustedCertsSecretName(mm2), clusterTrustedCertsKey(cluster.alias));
    config[`${prefix}ssl.truststore.type`] = "PEM";
  }
  const auth = cluster.authentication;
  if (auth?.type === "tls") {
    const { secretName, certificate, key } = auth.certificateAndKey;
    config[`${prefix}ssl.keystore.certificate.chain`] = secretValue(namespace, secretName, certificate);
    config[`${prefix}ssl.keystore.key`] = secretValue(namespace, secretName, key);
    config[`${prefix}ssl.keystore.type`] = "PEM";
  } else if (auth?.type === "custom") {
    for (const [key, value] of customAuthenticationOptions(auth.config).accepted) config[`${prefix}${key}`] = value;
  } else if (auth) {
    const plain = auth.type === "plain";
    const module = plain ? "org.apache.kafka.common.security.plain.PlainLoginModule" : "org.apache.kafka.common.security.scram.ScramLoginModule";
    const password = secretValue(namespace, auth.passwordSecret.secretName, auth.passwordSecret.password);
    config[`${prefix}sasl.mechanism`] = plain ? "PLAIN" : auth.type.toUpperCase();
    config[`${prefix}sasl.jaas.config`] = `${module} required username="${auth.username}" password="${password}";`;
  }
  config[`${prefix}security.protocol`] = securityProtocol(cluster);
  for (const [key, value] of Object.entries(cluster.config ?? {})) config[`${prefix}${key}`] = value;
  return config;
}

/** The configuration of one connector of `mirror` (prepareMirrorMaker2ConnectorConfig): later keys win, as in Strimzi's map. */
export function mirrorConnectorConfig(mm2: Mm2, mirror: MirrorSpec, connector: MirrorConnectorSpec): Config {
  const { spec } = mm2;
  const { namespace, name } = mm2.metadata;
  const config: Config = {
    ...clusterConnectionConfig(namespace, name, spec.target, "target.cluster."),
    ...clusterConnectionConfig(namespace, name, mirror.source, "source.cluster."),
    ...connector.config,
    ...(mirror.topicsPattern !== undefined ? { topics: mirror.topicsPattern } : {}),
    ...(mirror.topicsExcludePattern !== undefined ? { "topics.exclude": mirror.topicsExcludePattern } : {}),
    ...(mirror.groupsPattern !== undefined ? { groups: mirror.groupsPattern } : {}),
    ...(mirror.groupsExcludePattern !== undefined ? { "groups.exclude": mirror.groupsExcludePattern } : {}),
  };
  // The connector makes its own consumer, so the rack goes here too; the workers read it where our pods have it
  // (Strimzi's file /tmp/strimzi-connect.properties is written by its own start script, which apache/kafka lacks).
  if (spec.rack?.type === "environment-variable") config["consumer.client.rack"] = `\${strimzienv:${spec.rack.envVarName}}`;
  else if (spec.rack && rackLabelOnPod(spec.rack) !== undefined) config["consumer.client.rack"] = `\${strimzidir:${RACK_MOUNT}:rack.id}`;
  if (spec.metricsConfig?.type === "strimziMetricsReporter") {
    // The connectors' metrics reach the workers' registry; a second listener would clash with theirs.
    const existing = config["metric.reporters"];
    config["metric.reporters"] = existing !== undefined && !String(existing).includes(STRIMZI_CLIENT_REPORTER) ? `${String(existing)},${STRIMZI_CLIENT_REPORTER}` : STRIMZI_CLIENT_REPORTER;
    config["prometheus.metrics.reporter.listener.enable"] = "false";
  }
  return config;
}

/** Every connector the KafkaMirrorMaker2 declares, in its mirrors' order, as KafkaConnectors of its namespace. */
export function mirrorMaker2Connectors(mm2: Mm2): KafkaConnector[] {
  const target = mm2.spec.target.alias;
  return mm2.spec.mirrors.flatMap((mirror) => CONNECTOR_TYPES.flatMap(({ suffix, spec }) => {
    const connector = spec(mirror);
    if (connector === undefined) return [];
    return [{
      apiVersion: KAFKA_API_VERSION,
      kind: "KafkaConnector",
      metadata: { name: mirrorConnectorName(mirror.source.alias, target, suffix), namespace: mm2.metadata.namespace },
      spec: {
        class: `${CONNECTOR_PACKAGE}.${suffix}`,
        config: mirrorConnectorConfig(mm2, mirror, connector),
        ...(connector.tasksMax !== undefined ? { tasksMax: connector.tasksMax } : {}),
        ...(connector.version !== undefined ? { version: connector.version } : {}),
        ...(connector.state !== undefined ? { state: connector.state } : {}),
        ...(connector.autoRestart !== undefined ? { autoRestart: connector.autoRestart } : {}),
        ...(connector.listOffsets !== undefined ? { listOffsets: connector.listOffsets } : {}),
        ...(connector.alterOffsets !== undefined ? { alterOffsets: connector.alterOffsets } : {}),
      },
    } as KafkaConnector];
  }));
}
