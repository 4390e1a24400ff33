// Unions such as storage or logging are one object in our schemas, as in
// Strimzi's CRD, whose properties are every variant's; Strimzi reads each
// variant into its own class, which ignores the other variants' fields. A
// field of another variant is accepted here too, and named in an IgnoredField
// Warning, so that `size` on an ephemeral volume is not believed to be in force.

interface Union {
  /** Path of the union's objects, `[]` standing for every item of a list. */
  at: string;
  /** What the union is, for the message. */
  noun: string;
  /** The fields of each variant, by its `type`. */
  fields: Readonly<Record<string, readonly string[]>>;
  /** The variant of an object without `type`, where the type may be left out. */
  defaultType?: string;
}

const PERSISTENT_CLAIM = ["size", "class", "selector", "deleteClaim", "volumeAttributesClass"];
const EPHEMERAL = ["sizeLimit"];
// Only a volume of a JBOD storage has an id and may hold the metadata log alone; a single volume always holds it.
const IN_JBOD = ["id", "kraftMetadata"];
const LOGGING = { inline: ["loggers"], external: ["valueFrom"] };

export const KAFKA_UNIONS: readonly Union[] = [
  { at: "spec.kafka.listeners[].authentication", noun: "authentication", fields: { "tls": [], "scram-sha-512": [], "custom": ["sasl", "listenerConfig"] } },
  { at: "spec.kafka.authorization", noun: "authorization", fields: { simple: ["superUsers"], custom: ["authorizerClass", "superUsers", "supportsAdminApi"] } },
  { at: "spec.kafka.metricsConfig", noun: "metrics configuration", fields: { jmxPrometheusExporter: ["valueFrom"], strimziMetricsReporter: ["values"] } },
  { at: "spec.kafka.logging", noun: "logging", fields: LOGGING },
  { at: "spec.entityOperator.topicOperator.logging", noun: "logging", fields: LOGGING },
  { at: "spec.entityOperator.userOperator.logging", noun: "logging", fields: LOGGING },
  { at: "spec.kafka.rack", noun: "rack", fields: { "topology-label": ["topologyKey"], "environment-variable": ["envVarName"] }, defaultType: "topology-label" },
  {
    at: "spec.kafka.quotas", noun: "quotas",
    fields: {
      kafka: ["producerByteRate", "consumerByteRate", "requestPercentage", "controllerMutationRate"],
      strimzi: ["producerByteRate", "consumerByteRate", "minAvailableBytesPerVolume", "minAvailableRatioPerVolume", "excludedPrincipals"],
    },
  },
];

const SASL_PASSWORD = ["username", "passwordSecret"];

export const BRIDGE_UNIONS: readonly Union[] = [
  {
    at: "spec.authentication", noun: "authentication",
    fields: { "tls": ["certificateAndKey"], "scram-sha-256": SASL_PASSWORD, "scram-sha-512": SASL_PASSWORD, "plain": SASL_PASSWORD, "custom": ["sasl", "config"] },
  },
  { at: "spec.metricsConfig", noun: "metrics configuration", fields: { jmxPrometheusExporter: ["valueFrom"], strimziMetricsReporter: ["values"] } },
  { at: "spec.logging", noun: "logging", fields: LOGGING },
  { at: "spec.rack", noun: "rack", fields: { "topology-label": ["topologyKey"], "environment-variable": ["envVarName"] }, defaultType: "topology-label" },
];

/** A KafkaConnect's unions: the same as the Bridge's (the clients' authentication, metrics, logging, rack). */
export const CONNECT_UNIONS: readonly Union[] = BRIDGE_UNIONS;

/** A KafkaMirrorMaker2's: the Connect workers', with an authentication per cluster. */
export const MIRROR_MAKER_2_UNIONS: readonly Union[] = BRIDGE_UNIONS.flatMap((union) => union.at === "spec.authentication"
  ? [{ ...union, at: "spec.target.authentication" }, { ...union, at: "spec.mirrors[].source.authentication" }]
  : [union]);

export const POOL_UNIONS: readonly Union[] = [
  { at: "spec.storage", noun: "storage", fields: { "ephemeral": EPHEMERAL, "persistent-claim": PERSISTENT_CLAIM, "jbod": ["volumes"] } },
  { at: "spec.storage.volumes[]", noun: "volume", fields: { "ephemeral": [...EPHEMERAL, ...IN_JBOD], "persistent-claim": [...PERSISTENT_CLAIM, ...IN_JBOD] } },
];

type Found = { path: string; value: unknown };

/** Every object at a path, with its path as users read it (`spec.kafka.listeners[1].authentication`). */
function objectsAt(root: unknown, at: string): Found[] {
  return at.split(".").reduce<Found[]>((found, part) => found.flatMap(({ path, value }) => {
    const list = part.endsWith("[]");
    const key = list ? part.slice(0, -2) : part;
    const next = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    const here = path ? `${path}.${key}` : key;
    if (!list) return next === undefined ? [] : [{ path: here, value: next }];
    return Array.isArray(next) ? next.map((item, i) => ({ path: `${here}[${i}]`, value: item })) : [];
  }), [{ path: "", value: root }]);
}

/** Fields set on a union's object that its variant does not have, as Warnings naming each. */
export function otherVariantFields(resource: unknown, unions: readonly Union[], prefix: string): Array<{ path: string; message: string }> {
  return unions.flatMap((union) => objectsAt(resource, union.at).flatMap(({ path, value }) => {
    const object = value as Record<string, unknown>;
    const type = typeof object.type === "string" ? object.type : union.defaultType;
    const own = type === undefined ? undefined : union.fields[type];
    if (!own) return [];
    return Object.keys(object).filter((field) => field !== "type" && !own.includes(field) && object[field] !== undefined)
      .map((field) => ({ path: `${prefix}${path}.${field}`, message: `is ignored: it means nothing to a ${type} ${union.noun} (Strimzi ignores it too)` }));
  }));
}
