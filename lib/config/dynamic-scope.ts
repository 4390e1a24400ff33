// How Kafka applies a broker option it updates at run time (Kafka's
// DynamicBrokerConfig, Strimzi's config model `scope`): `per-broker` options are
// altered on each broker's own config resource; `cluster-wide` ones on the
// cluster's default resource (the broker resource named ""), which every broker
// and controller reads, or per broker.
export type DynamicScope = "per-broker" | "cluster-wide";
