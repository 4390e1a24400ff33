// Fields our schemas accept, as Strimzi's do, that nothing acts on yet. A Kafka
// written for Strimzi is never refused for them, but the status says which are
// ignored, so nobody believes JMX, a template or metrics are in force.
// test/api/unread-fields.test.ts finds the schema fields nothing reads and
// fails until each is warned about here (or in variant-fields.ts) or read.
import type { Kafka } from "./kafka.js";
import type { KafkaBridge } from "./kafka-bridge.js";
import type { KafkaConnect } from "./kafka-connect.js";
import type { KafkaMirrorMaker2 } from "./kafka-mirror-maker-2.js";
import type { KafkaNodePool } from "./kafka-nodepool.js";
import { BRIDGE_UNIONS, CONNECT_UNIONS, KAFKA_UNIONS, MIRROR_MAKER_2_UNIONS, otherVariantFields, POOL_UNIONS } from "./variant-fields.js";

export interface IgnoredField<R = Kafka> {
  /** Path under the resource (the Kafka, a pool's Kafka, the KafkaBridge), as users read it. */
  path: string;
  why: string;
  /** Ignored only in this case; always, when absent. */
  when?: (resource: R) => boolean;
}

const INIT_CONTAINER = "there is no rack init container: the Kafka hook writes each broker's rack";
const INIT_CONTAINER_TEMPLATE = "without metricsConfig there is no init container (the one there is copies the metrics jars)";
const withoutMetrics = (kafka: Kafka): boolean => kafka.spec.kafka.metricsConfig === undefined;
const TEMPLATED_VOLUMES = "templated volumes are not mounted yet";

const IGNORED_KAFKA_FIELDS: readonly IgnoredField[] = [
  { path: "spec.kafka.logging.valueFrom.configMapKeyRef.optional", why: "a missing logging ConfigMap is always tolerated: the default logging applies and ExternalLoggingNotFound says so" },
  { path: "spec.kafka.metricsConfig.valueFrom.configMapKeyRef.optional", why: "a missing metrics ConfigMap is always refused with MetricsConfigNotFound, as Strimzi refuses it" },
  { path: "spec.kafka.jmxOptions", why: "JMX is not exposed yet" },
  { path: "spec.kafka.template.jmxSecret", why: "JMX is not exposed yet, so there is no JMX Secret" },
  { path: "spec.kafka.brokerRackInitImage", why: INIT_CONTAINER },
  { path: "spec.kafka.template.initContainer", why: INIT_CONTAINER_TEMPLATE, when: withoutMetrics },
  { path: "spec.kafka.template.clusterRoleBinding", why: "there is no ClusterRoleBinding: Kafka pods never call the Kubernetes API" },
  { path: "spec.kafka.template.clusterCaCert", why: "the CA Secrets take no template yet" },
  { path: "spec.kafka.template.pod.templatedVolumes", why: TEMPLATED_VOLUMES },
  {
    path: "spec.kafka.authorization.supportsAdminApi",
    why: "it tells the User Operator whether a custom authorizer's ACLs are managed through the Admin API, and there is no User Operator",
    when: (kafka) => kafka.spec.entityOperator?.userOperator === undefined,
  },
  ...(["topicOperator", "userOperator"] as const).flatMap((part) => [
    { path: `spec.entityOperator.${part}.jvmOptions`, why: "the operator is a Node.js process: JVM options have nothing to apply to" },
    { path: `spec.entityOperator.${part}.logging.valueFrom.configMapKeyRef.optional`, why: "a missing logging ConfigMap is always tolerated: the default logging applies and ExternalLoggingNotFound says so" },
  ]),
  { path: "spec.entityOperator.template.deployment.deploymentStrategy", why: "the Entity Operator is always replaced with Recreate, as in Strimzi: two Topic Operators must never act at once" },
  { path: "spec.cruiseControl.metricsConfig", why: "Cruise Control's own metrics (the JMX exporter in its pod) are not exposed yet" },
  { path: "spec.cruiseControl.template.pod.templatedVolumes", why: TEMPLATED_VOLUMES },
  { path: "spec.cruiseControl.logging.valueFrom.configMapKeyRef.optional", why: "a missing logging ConfigMap is always tolerated: the default logging applies and ExternalLoggingNotFound says so" },
];

const IGNORED_POOL_FIELDS: readonly IgnoredField[] = [
  { path: "spec.template.initContainer", why: INIT_CONTAINER_TEMPLATE, when: withoutMetrics },
  { path: "spec.template.pod.templatedVolumes", why: TEMPLATED_VOLUMES },
];

// The Bridge's rack comes from the labels Kubernetes copies onto its pods (lib/operands/bridge/rack.ts).
const BRIDGE_INIT_CONTAINER = "there is no init container: the rack comes from the zone or region label Kubernetes copies onto the pod";

const IGNORED_BRIDGE_FIELDS: readonly IgnoredField<KafkaBridge>[] = [
  { path: "spec.clientRackInitImage", why: BRIDGE_INIT_CONTAINER },
  { path: "spec.template.initContainer", why: BRIDGE_INIT_CONTAINER },
  { path: "spec.template.clusterRoleBinding", why: "there is no ClusterRoleBinding: Bridge pods never call the Kubernetes API" },
  { path: "spec.logging.valueFrom.configMapKeyRef.optional", why: "a missing logging ConfigMap is always tolerated: the default logging applies and ExternalLoggingNotFound says so" },
  { path: "spec.metricsConfig.valueFrom.configMapKeyRef.optional", why: "the JMX exporter's rules are required, as in Strimzi" },
];

const NOT_BUILT = "is not built yet (docs/ARCHITECTURE.md, The KafkaConnect)";

/** Also a KafkaMirrorMaker2's, whose workers are a Connect cluster; none depends on the resource. */
const IGNORED_CONNECT_FIELDS: readonly IgnoredField<unknown>[] = [
  { path: "spec.clientRackInitImage", why: BRIDGE_INIT_CONTAINER },
  { path: "spec.template.clusterRoleBinding", why: "there is no ClusterRoleBinding: the rack comes from the zone or region label Kubernetes copies onto the pod" },
  { path: "spec.template.pod.templatedVolumes", why: TEMPLATED_VOLUMES },
  { path: "spec.logging.valueFrom.configMapKeyRef.optional", why: "a missing logging ConfigMap is always tolerated: the default logging applies and ExternalLoggingNotFound says so" },
  { path: "spec.metricsConfig.valueFrom.configMapKeyRef.optional", why: "the JMX exporter's rules are required, as in Strimzi" },
  { path: "spec.tracing", why: "apache/kafka has neither Strimzi's tracing agent nor the OpenTelemetry interceptors" },
  { path: "spec.jmxOptions", why: `remote JMX of the workers ${NOT_BUILT}` },
  { path: "spec.template.jmxSecret", why: `remote JMX of the workers ${NOT_BUILT}` },
  { path: "spec.plugins", why: `plugins mounted from image volumes ${NOT_BUILT}` },
];

function valueAt(object: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined), object);
}

function warnings<R>(resource: unknown, fields: readonly IgnoredField<R>[], prefix: string, root: R): Array<{ path: string; message: string }> {
  return fields.filter((field) => valueAt(resource, field.path) !== undefined && (field.when?.(root) ?? true))
    .map((field) => ({ path: `${prefix}${field.path}`, message: `is ignored: ${field.why}` }));
}

/** The ignored fields the Kafka and its pools set, as Warnings naming each. */
export function ignoredFieldWarnings(kafka: Kafka, pools: readonly KafkaNodePool[] = []): Array<{ path: string; message: string }> {
  return [
    ...warnings(kafka, IGNORED_KAFKA_FIELDS, "", kafka),
    ...otherVariantFields(kafka, KAFKA_UNIONS, ""),
    ...pools.flatMap((pool) => {
      const prefix = `KafkaNodePool/${pool.metadata.name} `;
      return [...warnings(pool, IGNORED_POOL_FIELDS, prefix, kafka), ...otherVariantFields(pool, POOL_UNIONS, prefix)];
    }),
  ];
}

/** The ignored fields a KafkaBridge sets, as Warnings naming each. */
export function ignoredBridgeFieldWarnings(bridge: KafkaBridge): Array<{ path: string; message: string }> {
  return [...warnings(bridge, IGNORED_BRIDGE_FIELDS, "", bridge), ...otherVariantFields(bridge, BRIDGE_UNIONS, "")];
}

/** The ignored fields a KafkaConnect sets, as Warnings naming each. */
export function ignoredConnectFieldWarnings(connect: KafkaConnect): Array<{ path: string; message: string }> {
  return [...warnings(connect, IGNORED_CONNECT_FIELDS, "", connect), ...otherVariantFields(connect, CONNECT_UNIONS, "")];
}

/** The ignored fields a KafkaMirrorMaker2 sets, as Warnings naming each. */
export function ignoredMirrorMaker2FieldWarnings(mm2: KafkaMirrorMaker2): Array<{ path: string; message: string }> {
  return [...warnings(mm2, IGNORED_CONNECT_FIELDS, "", mm2), ...otherVariantFields(mm2, MIRROR_MAKER_2_UNIONS, "")];
}
