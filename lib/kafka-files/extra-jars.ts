// Jars that apache/kafka pods need beyond Kafka's own, and how they arrive: an
// init container from the kafka-extras image (images/kafka-extras) copies the
// directories of the features a node's configuration uses into an emptyDir the
// Kafka container mounts. images/kafka-extras/jars.txt pins every jar; a test
// keeps the names here equal to it.

/**
 * The image, tagged with the first 16 hex digits of the SHA-256 of jars.txt: a
 * changed list is another tag, so a node never starts on a cached image of an
 * older list (`IfNotPresent`).
 */
export const KAFKA_EXTRAS_IMAGE = "kafka-hooks-kafka-extras:6ef06beb8ad042c9";
/** Where the image keeps each feature's directory. */
export const KAFKA_EXTRAS_IMAGE_DIR = "/opt/kafka-extras";
/** The emptyDir the init container fills and the Kafka container reads. */
export const EXTRA_JARS_MOUNT = "/opt/kafka-hooks/extra";

/** The features of jars.txt: a directory each. */
export const EXTRA_JAR_FEATURE = {
  jmxPrometheusExporter: "jmx-prometheus-exporter",
  strimziMetricsReporter: "strimzi-metrics-reporter",
  /** Cruise Control itself, for its Deployment (lib/operands/cruise-control). */
  cruiseControl: "cruise-control",
  /** The reporter every broker runs while Cruise Control does. */
  cruiseControlMetricsReporter: "cruise-control-metrics-reporter",
  /** Strimzi's KubernetesSecretConfigProvider (`strimzisecrets`) and the fabric8 client it reads Secrets with. */
  kubernetesConfigProvider: "kubernetes-config-provider",
} as const;

export type ExtraJarFeature = (typeof EXTRA_JAR_FEATURE)[keyof typeof EXTRA_JAR_FEATURE];

/**
 * Features jars.txt cannot pin yet: Maven Central, as reached from here, serves neither Cruise Control
 * artifact (docs/ARCHITECTURE.md, "Cruise Control's jars"), so no checksum could be checked. Until
 * their lines are added, the image lacks their directories.
 */
export const FEATURES_AWAITING_JARS: readonly ExtraJarFeature[] = [EXTRA_JAR_FEATURE.cruiseControl, EXTRA_JAR_FEATURE.cruiseControlMetricsReporter];

/** The JMX exporter's agent, named on the JVM's command line (`-javaagent:` takes no wildcard). */
export const JMX_EXPORTER_AGENT_JAR = `${EXTRA_JARS_MOUNT}/${EXTRA_JAR_FEATURE.jmxPrometheusExporter}/jmx_prometheus_javaagent-1.0.1.jar`;

/** Every jar of a feature, as a classpath entry (the JVM expands `dir/*` to the directory's jars). */
export const featureClasspath = (feature: ExtraJarFeature): string => `${EXTRA_JARS_MOUNT}/${feature}/*`;
