// The workers' `kafka-connect.properties`, as Strimzi's
// KafkaConnectConfigurationBuilder writes it, section for section and in its
// order: bootstrap, group and internal topics, REST, plugins, TLS,
// authentication, rack, metrics reporter, config providers, metric reporters,
// the user's configuration with Strimzi's defaults (JSON converters) and the
// security protocol of the four clients last. Key material and passwords are
// read through Strimzi's KubernetesSecretConfigProvider
// (`${strimzisecrets:<ns>/<secret>:<key>}`), whose Role allows exactly those
// Secrets (rbac.ts).
import { GENERATED_FILE_BANNER } from "../../kafka-files/properties.js";
import type { KafkaClientAuthentication } from "../../api/kafka-clients.js";
import type { KafkaConnect } from "../../api/kafka-connect.js";
import { JMX_REPORTER, STRIMZI_KAFKA_REPORTER } from "../../config/metrics.js";
import { METRICS_PORT } from "../../kafka-files/paths.js";
import { CLIENT_EXCEPTIONS, customAuthenticationOptions, securityProtocol, splitOptions, type OptionRules } from "../kafka-clients/options.js";
import { rackLabelOnPod } from "../kafka-clients/rack.js";
import { connectTrustedCertsSecretName } from "./connect-names.js";
import type { ConnectFlavour } from "./flavour.js";
import { PLUGIN_PATH, RACK_MOUNT, REST_API_PORT, TRUSTED_CERTS_KEY } from "./paths.js";

/** `spec.config` (KafkaConnectSpec.FORBIDDEN_PREFIXES, FORBIDDEN_PREFIX_EXCEPTIONS). */
export const CONNECT_OPTIONS: OptionRules = {
  prefixes: [
    "group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic", "ssl.", "sasl.", "security.", "listeners",
    "plugin.path", "rest.", "bootstrap.servers", "consumer.interceptor.classes", "producer.interceptor.classes", "prometheus.metrics.reporter.",
  ],
  exceptions: CLIENT_EXCEPTIONS,
};

/** Strimzi's defaults under the user's configuration (KafkaConnectConfiguration.DEFAULTS). */
export const CONNECT_WORKER_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ["key.converter", "org.apache.kafka.connect.json.JsonConverter"],
  ["value.converter", "org.apache.kafka.connect.json.JsonConverter"],
];

/** Strimzi's default allow-list of Connect's Strimzi Metrics Reporter (KafkaConnectCluster.DEFAULT_METRICS_ALLOW_LIST). */
export const CONNECT_METRICS_ALLOW_LIST: readonly string[] = [
  "kafka_admin_client_admin_client_metrics_connection_count",
  "kafka_connect_connect_coordinator_metrics.*",
  "kafka_connect_connector_metrics.*",
  "kafka_connect_connector_task_metrics.*",
  "kafka_connect_connect_worker_metrics_.*",
  "kafka_connect_connect_worker_rebalance.*",
  "kafka_connect_task_error_metrics.*",
  "kafka_consumer_consumer_coordinator_metrics.*",
  "kafka_consumer_consumer_fetch_manager_metrics.*",
  "kafka_consumer_consumer_metrics.*",
  "kafka_producer_producer_metrics.*",
  "kafka_producer_producer_node_metrics_incoming_byte",
  "kafka_producer_producer_topic.*",
];

/** The worker's own clients and the three it configures for connectors, in Strimzi's order. */
const CLIENT_PREFIXES = ["", "producer.", "consumer.", "admin."] as const;

/** A user key of the configuration dropped because the operator owns it. */
export interface DroppedOption {
  path: string;
  key: string;
}

export interface WorkerProperties {
  text: string;
  dropped: DroppedOption[];
}

type Lines = Array<readonly [string, string]>;

interface Section {
  name: string;
  /** A comment line under the header. */
  comment?: string;
  lines: Lines;
}

export const secretValue = (namespace: string, secret: string, key: string): string => `\${strimzisecrets:${namespace}/${secret}:${key}}`;

const everyClient = (lines: Lines): Lines => CLIENT_PREFIXES.flatMap((prefix) => lines.map(([k, v]) => [`${prefix}${k}`, v] as const));

function authenticationLines(namespace: string, auth: KafkaClientAuthentication): { lines: Lines; dropped: string[] } {
  switch (auth.type) {
    case "tls": {
      const { secretName, certificate, key } = auth.certificateAndKey;
      return {
        lines: everyClient([
          ["ssl.keystore.certificate.chain", secretValue(namespace, secretName, certificate)],
          ["ssl.keystore.key", secretValue(namespace, secretName, key)],
          ["ssl.keystore.type", "PEM"],
        ]),
        dropped: [],
      };
    }
    case "custom": {
      const options = customAuthenticationOptions(auth.config);
      // Strimzi writes each key for the four clients before the next key.
      return { lines: options.accepted.flatMap(([k, v]) => CLIENT_PREFIXES.map((p) => [`${p}${k}`, v] as const)), dropped: options.forbidden };
    }
    default: {
      const mechanism = auth.type === "plain" ? "PLAIN" : auth.type.toUpperCase();
      const module = auth.type === "plain" ? "org.apache.kafka.common.security.plain.PlainLoginModule" : "org.apache.kafka.common.security.scram.ScramLoginModule";
      const password = secretValue(namespace, auth.passwordSecret.secretName, auth.passwordSecret.password);
      const jaas = `${module} required username="${auth.username}" password="${password}";`;
      return { lines: everyClient([["sasl.mechanism", mechanism], ["sasl.jaas.config", jaas]]), dropped: [] };
    }
  }
}

function rackSection(rack: KafkaConnect["spec"]["rack"]): Section[] {
  if (rack?.type === "environment-variable") return [{ name: "Rack ID (Environment variable)", lines: [["consumer.client.rack", `\${strimzienv:${rack.envVarName}}`]] }];
  // topology-label, the default: the file Strimzi's init container writes, here projected by the downward API.
  if (rack && rackLabelOnPod(rack) !== undefined) return [{ name: "Rack ID (Topology label)", lines: [["consumer.client.rack", `\${strimzidir:${RACK_MOUNT}:rack.id}`]] }];
  return [];
}

function metricsReporterSection(metrics: KafkaConnect["spec"]["metricsConfig"], defaultAllowList: readonly string[]): Section[] {
  if (metrics?.type !== "strimziMetricsReporter") return [];
  const allowList = (metrics.values?.allowList ?? defaultAllowList).join(",");
  return [{
    name: "Strimzi Metrics Reporter configuration",
    lines: everyClient([
      ["prometheus.metrics.reporter.listener.enable", "true"],
      ["prometheus.metrics.reporter.listener", `http://:${METRICS_PORT}`],
      ["prometheus.metrics.reporter.allowlist", allowList],
    ]),
  }];
}

/** Strimzi's printMetricReportersForKey: its reporters after the user's, once each. */
function metricReporterSections(user: Map<string, string>, metrics: KafkaConnect["spec"]["metricsConfig"]): Section[] {
  const ours = metrics?.type === "jmxPrometheusExporter" ? [JMX_REPORTER] : metrics?.type === "strimziMetricsReporter" ? [STRIMZI_KAFKA_REPORTER] : [];
  if (ours.length === 0) return [];
  return ["metric.reporters", "admin.metric.reporters", "producer.metric.reporters", "consumer.metric.reporters"].flatMap((key): Section[] => {
    const theirs = user.get(key);
    if (theirs === undefined) return [{ name: `${key} configuration`, comment: `${key} configured by Strimzi`, lines: [[key, ours.join(",")]] }];
    const missing = ours.filter((r) => !theirs.includes(r));
    if (missing.length === 0) return [];
    user.delete(key);
    return [{ name: `${key} configuration`, comment: `${key} configured by the user and by Strimzi`, lines: [[key, `${theirs},${missing.join(",")}`]] }];
  });
}

function configProviderSection(user: Map<string, string>): Section {
  const ours = "strimzienv,strimzifile,strimzidir,strimzisecrets";
  const theirs = user.get("config.providers");
  user.delete("config.providers");
  return {
    name: "Config providers",
    comment: theirs !== undefined ? "Configuration providers configured by the user and by Strimzi" : "Configuration providers configured by Strimzi",
    lines: [
      ["config.providers", theirs !== undefined ? `${theirs},${ours}` : ours],
      ["config.providers.strimzienv.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider"],
      ["config.providers.strimzienv.param.allowlist.pattern", ".*"],
      ["config.providers.strimzifile.class", "org.apache.kafka.common.config.provider.FileConfigProvider"],
      ["config.providers.strimzidir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider"],
      ["config.providers.strimzidir.param.allowed.paths", "/opt/kafka"],
      ["config.providers.strimzisecrets.class", "io.strimzi.kafka.KubernetesSecretConfigProvider"],
    ],
  };
}

/** Java's Properties escaping of what Strimzi's OrderedProperties.asPairs writes: `\`, and `=`/`:` in keys. */
const pair = ([key, value]: readonly [string, string]): string => `${key.replace(/([\\=:])/g, "\\$1")}=${value.replace(/\\/g, "\\\\")}`;

function render(sections: readonly Section[], tail: Section): string {
  const out = [...GENERATED_FILE_BANNER];
  const seen = new Set<string>();
  for (const section of [...sections, tail]) {
    out.push("##########", `# ${section.name}`, "##########");
    if (section.comment !== undefined) out.push(`# ${section.comment}`);
    for (const line of section.lines) {
      // Every user key that could repeat one of ours is dropped; a repeat is our bug.
      if (seen.has(line[0])) throw new Error(`property ${line[0]} is set twice`);
      seen.add(line[0]);
      out.push(section.name === "User provided configuration" ? pair(line) : `${line[0]}=${line[1]}`);
    }
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

/** `kafka-connect.properties` of a KafkaConnect whose spec passed its schema. */
export function workerProperties(connect: Pick<KafkaConnect, "metadata" | "spec">, flavour: ConnectFlavour): WorkerProperties {
  const { spec } = connect;
  const namespace = connect.metadata.namespace;
  const dropped: DroppedOption[] = [];
  const sections: Section[] = [
    { name: "Bootstrap servers", lines: [["bootstrap.servers", spec.bootstrapServers]] },
    {
      name: "Internal topics and group ID",
      lines: [
        ["group.id", spec.groupId], ["config.storage.topic", spec.configStorageTopic],
        ["status.storage.topic", spec.statusStorageTopic], ["offset.storage.topic", spec.offsetStorageTopic],
      ],
    },
    { name: "REST Listeners", lines: [["rest.advertised.host.name", "${strimzienv:ADVERTISED_HOSTNAME}"], ["rest.advertised.port", String(REST_API_PORT)]] },
    { name: "Plugins", lines: [["plugin.path", PLUGIN_PATH]] },
  ];
  if ((spec.tls?.trustedCertificates ?? []).length > 0) {
    const trusted = secretValue(namespace, connectTrustedCertsSecretName(connect.metadata.name), TRUSTED_CERTS_KEY);
    sections.push({ name: "TLS / SSL", lines: everyClient([["ssl.truststore.certificates", trusted], ["ssl.truststore.type", "PEM"]]) });
  }
  if (spec.authentication) {
    const auth = authenticationLines(namespace, spec.authentication);
    dropped.push(...auth.dropped.map((key) => ({ path: "spec.authentication.config", key })));
    sections.push({ name: "Authentication configuration", lines: auth.lines });
  }
  sections.push(...rackSection(spec.rack), ...metricsReporterSection(spec.metricsConfig, flavour.metricsAllowList));

  const split = splitOptions(spec.config, flavour.options);
  dropped.push(...split.forbidden.map((key) => ({ path: "spec.config", key })));
  // Strimzi's OrderedProperties: its defaults first, the user's keys after (a user key replaces a default in place).
  const user = new Map<string, string>([...flavour.workerDefaults, ...split.accepted]);
  sections.push(configProviderSection(user), ...metricReporterSections(user, spec.metricsConfig));
  if (user.size > 0) sections.push({ name: "User provided configuration", lines: [...user.entries()] });
  const protocol = securityProtocol(spec);
  const tail: Section = { name: "Kafka Security protocol", lines: CLIENT_PREFIXES.map((p) => [`${p}security.protocol`, protocol] as const) };
  return { text: render(sections, tail), dropped };
}
