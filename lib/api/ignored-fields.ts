// Fields our schemas accept, as Strimzi's do, that nothing acts on yet. A Kafka
// written for Strimzi is never refused for them, but the status says which are
// ignored, so nobody believes tiered storage or quotas are in force.
// test/api/ignored-fields.test.ts finds the schema fields nothing reads and
// fails until each is here or named there as handled otherwise.
import type { Kafka } from "./kafka.js";
import type { KafkaNodePool } from "./kafka-nodepool.js";

export interface IgnoredField {
  /** Path under the Kafka, as users read it. */
  path: string;
  why: string;
}

const INIT_CONTAINER = "there is no init container: the Kafka hook writes each broker's rack";
const TEMPLATED_VOLUMES = "templated volumes are not mounted yet";

export const IGNORED_KAFKA_FIELDS: readonly IgnoredField[] = [
  { path: "spec.kafka.tieredStorage", why: "tiered storage is not configured yet: no remote.log.* or rsm.config.* settings are written" },
  { path: "spec.kafka.quotas", why: "quotas are not applied yet: no client.quota.* settings or dynamic quotas are written" },
  { path: "spec.kafka.metricsConfig", why: "no metrics exporter runs yet (the apache/kafka image has none): port 9404 is opened but nothing serves it" },
  { path: "spec.kafka.jmxOptions", why: "JMX is not exposed yet" },
  { path: "spec.kafka.template.jmxSecret", why: "JMX is not exposed yet, so there is no JMX Secret" },
  { path: "spec.kafka.brokerRackInitImage", why: INIT_CONTAINER },
  { path: "spec.kafka.template.initContainer", why: INIT_CONTAINER },
  { path: "spec.kafka.template.clusterRoleBinding", why: "there is no ClusterRoleBinding: Kafka pods never call the Kubernetes API" },
  { path: "spec.kafka.template.clusterCaCert", why: "the CA Secrets take no template yet" },
  { path: "spec.kafka.template.pod.templatedVolumes", why: TEMPLATED_VOLUMES },
  { path: "spec.kafka.authorization.supportsAdminApi", why: "it tells the User Operator whether to manage ACLs, and there is no User Operator yet" },
];

export const IGNORED_POOL_FIELDS: readonly IgnoredField[] = [
  { path: "spec.template.initContainer", why: INIT_CONTAINER },
  { path: "spec.template.pod.templatedVolumes", why: TEMPLATED_VOLUMES },
];

function valueAt(object: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined), object);
}

function warnings(resource: unknown, fields: readonly IgnoredField[], prefix: string): Array<{ path: string; message: string }> {
  return fields.filter((field) => valueAt(resource, field.path) !== undefined)
    .map((field) => ({ path: `${prefix}${field.path}`, message: `is ignored: ${field.why}` }));
}

/** The ignored fields the Kafka and its pools set, as Warnings naming each. */
export function ignoredFieldWarnings(kafka: Kafka, pools: readonly KafkaNodePool[] = []): Array<{ path: string; message: string }> {
  return [
    ...warnings(kafka, IGNORED_KAFKA_FIELDS, ""),
    ...pools.flatMap((pool) => warnings(pool, IGNORED_POOL_FIELDS, `KafkaNodePool/${pool.metadata.name} `)),
  ];
}
