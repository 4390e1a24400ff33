// The Bridge's `application.properties`, laid out as Strimzi's
// KafkaBridgeConfigurationBuilder writes it (sections in its order, the
// security protocol last), so a Bridge configured for Strimzi reads the same.
// One difference, on purpose: no key material or password goes through the
// Kubernetes API. Strimzi 1.2 reads them with its KubernetesSecretConfigProvider
// (`${strimzisecrets:<ns>/<secret>:<key>}`), which needs a Role on the Secrets
// and a service account token in every Bridge pod; here the Secrets are mounted
// and read through Kafka's own DirectoryConfigProvider (`strimzidir`), as the
// brokers read theirs.
import type { KafkaBridge, KafkaClientAuthentication } from "../../api/kafka-bridge.js";
import { STRIMZI_CLIENT_REPORTER } from "../../config/metrics.js";
import { escapePropertyKey, escapePropertyValue, GENERATED_FILE_BANNER } from "../../kafka-files/properties.js";
import { BRIDGE_OPTIONS } from "./client-options.js";
import { customAuthenticationOptions, securityProtocol, splitOptions, type OptionRules } from "../kafka-clients/options.js";
import { rackLabelOnPod } from "../kafka-clients/rack.js";
import { CLIENT_AUTH_MOUNT, RACK_KEY, RACK_MOUNT, CONFIG_MOUNT, DEFAULT_HTTP_PORT, HTTP_CERTS_MOUNT, METRICS_CONFIG_KEY, TRUSTED_CERTS_KEY, TRUSTED_CERTS_MOUNT } from "./paths.js";

/** Strimzi's default allow-list of the Bridge's Strimzi Metrics Reporter (KafkaBridgeCluster.DEFAULT_METRICS_ALLOW_LIST). */
const DEFAULT_METRICS_ALLOW_LIST: readonly string[] = [
  "kafka_consumer_consumer_metrics.*",
  "kafka_producer_kafka_metrics_count_count",
  "kafka_producer_producer_metrics.*",
];

/** The config providers registered on each Kafka client; Strimzi's `strimzisecrets` is not (see above). */
const CONFIG_PROVIDERS = ["strimzienv", "strimzifile", "strimzidir"] as const;

/** A user key in a configuration map dropped because the operator owns it. */
export interface DroppedOption {
  path: string;
  key: string;
}

export interface ApplicationProperties {
  text: string;
  dropped: DroppedOption[];
}

type Lines = Array<readonly [string, string]>;

const directoryValue = (directory: string, key: string): string => `\${strimzidir:${directory}:${key}}`;
export const clientAuthDirectory = (secret: string): string => `${CLIENT_AUTH_MOUNT}/${secret}`;

function authenticationLines(auth: KafkaClientAuthentication): { lines: Lines; dropped: string[] } {
  switch (auth.type) {
    case "tls": {
      const { secretName, certificate, key } = auth.certificateAndKey;
      const dir = clientAuthDirectory(secretName);
      return {
        lines: [
          ["kafka.ssl.keystore.certificate.chain", directoryValue(dir, certificate)],
          ["kafka.ssl.keystore.key", directoryValue(dir, key)],
          ["kafka.ssl.keystore.type", "PEM"],
        ],
        dropped: [],
      };
    }
    case "custom": {
      const options = customAuthenticationOptions(auth.config);
      return { lines: options.accepted.map(([k, v]) => [`kafka.${k}`, v]), dropped: options.forbidden };
    }
    default: {
      const mechanism = auth.type === "plain" ? "PLAIN" : auth.type.toUpperCase();
      const module = auth.type === "plain" ? "org.apache.kafka.common.security.plain.PlainLoginModule" : "org.apache.kafka.common.security.scram.ScramLoginModule";
      const password = directoryValue(clientAuthDirectory(auth.passwordSecret.secretName), auth.passwordSecret.password);
      return {
        lines: [
          ["kafka.sasl.mechanism", mechanism],
          ["kafka.sasl.jaas.config", `${module} required username="${auth.username}" password="${password}";`],
        ],
        dropped: [],
      };
    }
  }
}

/** The config providers of one client, the user's own `config.providers` first (Strimzi's configProvider). */
function configProviderLines(prefix: string, userProviders: string | undefined): Lines {
  const ours = CONFIG_PROVIDERS.join(",");
  return [
    [`${prefix}.config.providers`, userProviders !== undefined ? `${userProviders},${ours}` : ours],
    [`${prefix}.config.providers.strimzienv.class`, "org.apache.kafka.common.config.provider.EnvVarConfigProvider"],
    [`${prefix}.config.providers.strimzienv.param.allowlist.pattern`, ".*"],
    [`${prefix}.config.providers.strimzifile.class`, "org.apache.kafka.common.config.provider.FileConfigProvider"],
    [`${prefix}.config.providers.strimzifile.param.allowed.paths`, "/opt/strimzi"],
    [`${prefix}.config.providers.strimzidir.class`, "org.apache.kafka.common.config.provider.DirectoryConfigProvider"],
    [`${prefix}.config.providers.strimzidir.param.allowed.paths`, "/opt/strimzi"],
  ];
}

/** Settings of our own config providers and, with a rack, the consumer's `client.rack`: written by the operator. */
const reservedClientKey = (rackSet: boolean) => (key: string): boolean =>
  CONFIG_PROVIDERS.some((alias) => key.startsWith(`config.providers.${alias}.`)) || (rackSet && key === "client.rack");

interface Section {
  /** Strimzi prints the rack line without a header of its own. */
  name?: string;
  lines: Lines;
  /** Strimzi ends most sections with an empty line; the TLS, HTTP and protocol sections run on. */
  blank: boolean;
}

function clientSection(
  name: string,
  prefix: string,
  config: Readonly<Record<string, string | number | boolean>> | undefined,
  rules: OptionRules,
  path: string,
  rackSet: boolean,
  dropped: DroppedOption[],
): Section[] {
  const split = splitOptions(config, rules, reservedClientKey(rackSet));
  dropped.push(...split.forbidden.map((key) => ({ path, key })));
  const userProviders = split.accepted.find(([k]) => k === "config.providers")?.[1];
  const user = split.accepted.filter(([k]) => k !== "config.providers").map(([k, v]) => [`${prefix}.${k}`, v] as const);
  return [
    { name, lines: [], blank: false },
    { name: "Config providers", lines: [...configProviderLines(prefix, userProviders), ...user], blank: true },
  ];
}

function rackLines(rack: KafkaBridge["spec"]["rack"]): Lines {
  if (rack?.type === "environment-variable") return [["kafka.consumer.client.rack", `\${strimzienv:${rack.envVarName}}`]];
  // topology-label, the default: the file Strimzi's init container writes, here projected by the downward API (rack.ts).
  if (rack && rackLabelOnPod(rack) !== undefined) return [["kafka.consumer.client.rack", directoryValue(RACK_MOUNT, RACK_KEY)]];
  return [];
}

function httpLines(spec: KafkaBridge["spec"], dropped: DroppedOption[]): Lines {
  const http = spec.http;
  const lines: Lines = [["http.host", "0.0.0.0"], ["http.port", String(http?.port ?? DEFAULT_HTTP_PORT)]];
  if (http?.tls) {
    const { secretName, certificate, key } = http.tls.certificateAndKey;
    lines.push(["http.ssl.enable", "true"]);
    lines.push(["http.ssl.certificate.location", `${HTTP_CERTS_MOUNT}/${secretName}/${certificate}`]);
    lines.push(["http.ssl.key.location", `${HTTP_CERTS_MOUNT}/${secretName}/${key}`]);
    const split = splitOptions(http.tls.config, BRIDGE_OPTIONS.httpTls);
    dropped.push(...split.forbidden.map((k) => ({ path: "spec.http.tls.config", key: k })));
    lines.push(...split.accepted.map(([k, v]) => [`http.${k}`, v] as const));
  }
  if (http?.cors) {
    lines.push(["http.cors.enabled", "true"]);
    lines.push(["http.cors.allowedOrigins", http.cors.allowedOrigins.join(",")]);
    lines.push(["http.cors.allowedMethods", http.cors.allowedMethods.join(",")]);
  } else {
    lines.push(["http.cors.enabled", "false"]);
  }
  lines.push(["http.consumer.enabled", String(spec.consumer?.enabled ?? true)]);
  lines.push(["http.timeoutSeconds", String(spec.consumer?.timeoutSeconds ?? -1)]);
  lines.push(["http.producer.enabled", String(spec.producer?.enabled ?? true)]);
  return lines;
}

function metricsSection(metrics: KafkaBridge["spec"]["metricsConfig"]): Section[] {
  if (metrics?.type === "strimziMetricsReporter") {
    const allowList = metrics.values?.allowList ?? DEFAULT_METRICS_ALLOW_LIST;
    return [{
      name: "Strimzi Metrics Reporter configuration",
      lines: [
        ["bridge.metrics", "strimziMetricsReporter"],
        ["kafka.metric.reporters", STRIMZI_CLIENT_REPORTER],
        ["kafka.prometheus.metrics.reporter.listener.enable", "false"],
        ["kafka.prometheus.metrics.reporter.allowlist", allowList.join(",")],
      ],
      blank: true,
    }];
  }
  if (metrics?.type === "jmxPrometheusExporter") {
    return [{
      name: "Prometheus JMX Exporter configuration",
      lines: [["bridge.metrics", "jmxPrometheusExporter"], ["bridge.metrics.exporter.config.path", `${CONFIG_MOUNT}/${METRICS_CONFIG_KEY}`]],
      blank: true,
    }];
  }
  return [];
}

function render(sections: readonly Section[]): string {
  const seen = new Set<string>();
  const out = [...GENERATED_FILE_BANNER];
  for (const section of sections) {
    if (section.name !== undefined) out.push("##########", `# ${section.name}`, "##########");
    for (const [key, value] of section.lines) {
      // Every user key that could repeat one of ours is dropped above; a repeat is our bug.
      if (seen.has(key)) throw new Error(`property ${key} is set twice`);
      seen.add(key);
      out.push(`${escapePropertyKey(key)}=${escapePropertyValue(value)}`);
    }
    if (section.blank) out.push("");
  }
  return `${out.join("\n")}\n`;
}

/** `application.properties` of a Bridge whose spec passed its schema (Strimzi's defaults applied). */
export function applicationProperties(bridge: Pick<KafkaBridge, "metadata" | "spec">): ApplicationProperties {
  const { spec } = bridge;
  const name = bridge.metadata.name;
  const dropped: DroppedOption[] = [];
  const rackSet = rackLines(spec.rack).length > 0;
  const sections: Section[] = [
    { name: "Bridge ID", lines: [["bridge.id", name]], blank: true },
    { name: "Kafka bootstrap servers", lines: [["kafka.bootstrap.servers", spec.bootstrapServers]], blank: true },
  ];
  if (spec.tracing) sections.push({ name: "Tracing configuration", lines: [["bridge.tracing", spec.tracing.type]], blank: true });
  if ((spec.tls?.trustedCertificates ?? []).length > 0) {
    sections.push({
      name: "TLS/SSL",
      lines: [["kafka.ssl.truststore.certificates", directoryValue(TRUSTED_CERTS_MOUNT, TRUSTED_CERTS_KEY)], ["kafka.ssl.truststore.type", "PEM"]],
      blank: false,
    });
  }
  if (spec.authentication) {
    const auth = authenticationLines(spec.authentication);
    dropped.push(...auth.dropped.map((key) => ({ path: "spec.authentication.config", key })));
    sections.push({ name: "Authentication configuration", lines: auth.lines, blank: spec.authentication.type !== "tls" });
  }
  sections.push(
    ...clientSection("Apache Kafka AdminClient", "kafka.admin", spec.adminClient?.config, BRIDGE_OPTIONS.adminClient, "spec.adminClient.config", false, dropped),
    ...clientSection("Apache Kafka Producer", "kafka.producer", spec.producer?.config, BRIDGE_OPTIONS.producer, "spec.producer.config", false, dropped),
    ...clientSection("Apache Kafka Consumer", "kafka.consumer", spec.consumer?.config, BRIDGE_OPTIONS.consumer, "spec.consumer.config", rackSet, dropped),
  );
  const rack = rackLines(spec.rack);
  if (rack.length > 0) sections.push({ lines: rack, blank: true });
  sections.push({ name: "HTTP configuration", lines: httpLines(spec, dropped), blank: false });
  const user = splitOptions(spec.config, BRIDGE_OPTIONS.bridge);
  dropped.push(...user.forbidden.map((key) => ({ path: "spec.config", key })));
  if (user.accepted.length > 0) sections.push({ name: "User provided configuration", lines: user.accepted, blank: true });
  sections.push(...metricsSection(spec.metricsConfig));
  sections.push({ name: "Kafka Security protocol", lines: [["kafka.security.protocol", securityProtocol(spec)]], blank: false });
  return { text: render(sections), dropped };
}
