// Strimzi's names of a KafkaMirrorMaker2's objects (KafkaMirrorMaker2Resources)
// and its Connect cluster's flavour: `<name>-mirrormaker2`, the
// `kafka-mirror-maker-2` component, KafkaMirrorMaker2ClusterSpec's forbidden
// options and KafkaMirrorMaker2Configuration's byte-array converters. The
// trusted-certificates Secret keeps Connect's name, `<name>-connect-tls-trusted-certs`,
// as Strimzi's does (KafkaConnectResources.internalTlsTrustedCertsSecretName).
import { CLIENT_EXCEPTIONS } from "../kafka-clients/options.js";
import type { ConnectFlavour } from "../connect/flavour.js";
import { CONNECT_METRICS_ALLOW_LIST } from "../connect/worker-properties.js";

export const mirrorMaker2Name = (mm2: string): string => `${mm2}-mirrormaker2`;
export const mirrorMaker2ApiServiceName = (mm2: string): string => `${mm2}-mirrormaker2-api`;
export const mirrorMaker2Url = (mm2: string, namespace: string, port: number): string =>
  `http://${mirrorMaker2ApiServiceName(mm2)}.${namespace}.svc:${port}`;
/** The key of a cluster's trusted certificates in the trusted-certificates Secret (KafkaMirrorMaker2Cluster.tlsCertificateKey). */
export const clusterTrustedCertsKey = (alias: string): string => `${alias}-ca.crt`;

const BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

export const MIRROR_MAKER_2_FLAVOUR: ConnectFlavour = {
  kind: "KafkaMirrorMaker2",
  componentType: "kafka-mirror-maker-2",
  componentName: mirrorMaker2Name,
  apiServiceName: mirrorMaker2ApiServiceName,
  configMapName: (mm2) => `${mm2}-mirrormaker2-config`,
  roleBindingName: (mm2) => `${mm2}-mirrormaker2-role`,
  // Unlike Connect's, the Strimzi Metrics Reporter's prefix is the user's.
  options: {
    prefixes: [
      "group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic", "ssl.", "sasl.", "security.", "listeners",
      "plugin.path", "rest.", "bootstrap.servers", "consumer.interceptor.classes", "producer.interceptor.classes",
    ],
    exceptions: CLIENT_EXCEPTIONS,
  },
  // Mirrored records are copied as bytes; in the order Strimzi's HashMap yields them (its test's expectation).
  workerDefaults: [["key.converter", BYTE_ARRAY_CONVERTER], ["header.converter", BYTE_ARRAY_CONVERTER], ["value.converter", BYTE_ARRAY_CONVERTER]],
  loggingName: "KafkaMirrorMaker2Config",
  metricsAllowList: [...CONNECT_METRICS_ALLOW_LIST, "kafka_connect_mirror_mirrorcheckpointconnector.*", "kafka_connect_mirror_mirrorsourceconnector.*"],
  operatorManagesConnectors: true,
};
