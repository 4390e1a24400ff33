// Which of a node's `spec.kafka.config` options Kafka takes at run time, so that
// a change of them alone restarts no pod, as Strimzi's KafkaRoller decides with
// its config model (KafkaConfigurationDiff: an option of scope `read-only` rolls,
// `per-broker` and `cluster-wide` ones are altered on the running broker).
//
// The node's server.properties keeps every option all the same: a later restart
// starts from the same values. The sidecar applies the run-time options with
// IncrementalAlterConfigs: cluster-wide ones on the cluster's default resource,
// which every broker and controller reads from the metadata log; per-broker ones
// on each broker's own resource, which only a broker answers for, so on a
// controller-only node (which the sidecar does not reach) they restart.
// `spec.kafka.quotas` of type `kafka` rides along: default user quotas, which
// the sidecar sets with AlterClientQuotas and no restart.
import type { Quotas } from "../model/client-quotas.js";
import type { KafkaNode } from "../model/types.js";
import type { BrokerProperties } from "../kafka-files/properties.js";
import type { BrokerPropertySections } from "./broker-properties.js";
import { DYNAMIC_BROKER_OPTIONS, DYNAMIC_OPTIONS_KAFKA_VERSION } from "./dynamic-options.js";
import type { DynamicScope } from "./dynamic-scope.js";

/** The run-time options of a cluster, by the scope they are altered in, and its default user quotas (absent when none). */
export type RunTimeOptions = Readonly<Record<DynamicScope, Readonly<Record<string, string>>>> & { readonly "default-user-quotas"?: Quotas };

export const NO_RUN_TIME_OPTIONS: RunTimeOptions = { "cluster-wide": {}, "per-broker": {} };

/** Options into which the operator merges values of its own (reporters, config providers): the user's part cannot be told apart at run time. */
const OPERATOR_MERGED_OPTIONS: ReadonlySet<string> = new Set(["config.providers", "metric.reporters"]);

const minor = (version: string): string => version.split(".").slice(0, 2).join(".");

/**
 * The scope in which a user option is applied at run time on this Kafka
 * version, or undefined when a change of it restarts the node. The list is
 * Kafka's own for one minor release; other versions restart for every change.
 */
export function runTimeScope(kafkaVersion: string, key: string): DynamicScope | undefined {
  if (minor(kafkaVersion) !== minor(DYNAMIC_OPTIONS_KAFKA_VERSION) || OPERATOR_MERGED_OPTIONS.has(key)) return undefined;
  return DYNAMIC_BROKER_OPTIONS.get(key);
}

/** The user's options a cluster applies at run time (the same on every node: `spec.kafka.config` is the cluster's), and its default user quotas. */
export function runTimeOptions(kafkaVersion: string, user: BrokerProperties, defaultUserQuotas: Quotas): RunTimeOptions {
  const options: Record<DynamicScope, Record<string, string>> = { "cluster-wide": {}, "per-broker": {} };
  for (const [key, value] of user) {
    const scope = runTimeScope(kafkaVersion, key);
    if (scope !== undefined) options[scope][key] = value;
  }
  // Left out when none, so a cluster without quotas keeps the annotation it had.
  return Object.keys(defaultUserQuotas).length === 0 ? options : { ...options, "default-user-quotas": defaultUserQuotas };
}

/** Whether this node takes the option of this scope at run time: cluster-wide ones every node, per-broker ones brokers only. */
const takesAtRunTime = (node: Pick<KafkaNode, "isBroker">, scope: DynamicScope | undefined): boolean =>
  scope === "cluster-wide" || (scope === "per-broker" && node.isBroker);

/**
 * The entries of a node's server.properties whose change restarts it: all but
 * the user's options it takes at run time.
 */
export function restartingProperties(kafkaVersion: string, node: Pick<KafkaNode, "isBroker">, sections: BrokerPropertySections): BrokerProperties {
  return [...sections.operator, ...sections.user.filter(([key]) => !takesAtRunTime(node, runTimeScope(kafkaVersion, key)))];
}

export const isEmptyRunTimeOptions = (options: RunTimeOptions): boolean =>
  Object.keys(options["cluster-wide"]).length === 0 && Object.keys(options["per-broker"]).length === 0 && options["default-user-quotas"] === undefined;
