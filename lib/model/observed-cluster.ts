// The second stage of the model: the cluster as its resources say, with what only
// the other observed objects tell (where Kubernetes put each listener and broker,
// the racks of the nodes brokers run on, the user's logging and metrics files). Builders,
// configuration and certificates read this stage, so none of them can see a
// model whose observations were not resolved yet.
import { resolveListenerAddresses, type ListenerAddresses } from "./listener-addresses.js";
import type { ListenerObservations } from "./listener-observations.js";
import { nodeRackFiles } from "./node-rack.js";
import type { KafkaClusterModel } from "./types.js";

export interface ObservedClusterModel extends KafkaClusterModel {
  /** Where clients reach each listener, from the spec and what Kubernetes provided so far. */
  listenerAddresses: ListenerAddresses;
  /** Each scheduled broker's node-rack file (node-rack.ts), by pod name. */
  nodeRackFiles: ReadonlyMap<string, string>;
  /** The log4j2 properties an `external` logging configuration points at, once read from the user's ConfigMap. */
  externalLoggingProperties: string | undefined;
  /** The JMX exporter's rules as JSON, read from the user's ConfigMap when `metricsConfig` is `jmxPrometheusExporter`. */
  jmxExporterConfigJson: string | undefined;
  /** The log4j2 properties each Entity Operator operator's `external` logging points at, once read. */
  entityOperatorLoggingProperties: Readonly<Partial<Record<EntityOperatorPart, string>>>;
  /** The log4j2 properties Cruise Control's `external` logging points at, once read. */
  cruiseControlLoggingProperties: string | undefined;
}

/** The Entity Operator's operators, as `spec.entityOperator` names them. */
export type EntityOperatorPart = "topicOperator" | "userOperator";

/** What the Kafka hook read from the user's ConfigMaps. */
export type UserFiles = Partial<Pick<ObservedClusterModel, "externalLoggingProperties" | "jmxExporterConfigJson" | "entityOperatorLoggingProperties" | "cruiseControlLoggingProperties">>;

export function observedClusterModel(model: KafkaClusterModel, observed: ListenerObservations, files: UserFiles = {}): ObservedClusterModel {
  return {
    ...model,
    listenerAddresses: resolveListenerAddresses(model, observed),
    nodeRackFiles: nodeRackFiles(model, observed),
    externalLoggingProperties: files.externalLoggingProperties,
    jmxExporterConfigJson: files.jmxExporterConfigJson,
    entityOperatorLoggingProperties: files.entityOperatorLoggingProperties ?? {},
    cruiseControlLoggingProperties: files.cruiseControlLoggingProperties,
  };
}
