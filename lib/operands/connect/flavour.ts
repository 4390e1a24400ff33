// What tells a KafkaConnect's Connect cluster from a KafkaMirrorMaker2's, which
// Strimzi builds from the same model (KafkaMirrorMaker2Cluster extends
// KafkaConnectCluster): the names and labels of its objects, the worker's
// defaults and forbidden options, the default logging file's name and the
// metrics allow-list. Everything else is the same builders'.
import type { OptionRules } from "../kafka-clients/options.js";

export interface ConnectFlavour {
  /** `strimzi.io/kind` of every object: the parent's kind. */
  kind: "KafkaConnect" | "KafkaMirrorMaker2";
  /** `app.kubernetes.io/name` (Strimzi's component type). */
  componentType: string;
  /** The StrimziPodSet, its pods' prefix, the headless Service, ServiceAccount, Role, PodDisruptionBudget, NetworkPolicy and container. */
  componentName: (cluster: string) => string;
  /** The REST API's ClusterIP Service. */
  apiServiceName: (cluster: string) => string;
  configMapName: (cluster: string) => string;
  roleBindingName: (cluster: string) => string;
  /** Worker options the operator owns (the spec's FORBIDDEN_PREFIXES and exceptions). */
  options: OptionRules;
  /** Under the user's worker configuration (the configuration class's DEFAULTS), in Strimzi's order. */
  workerDefaults: ReadonlyArray<readonly [string, string]>;
  /** `name` of the default log4j2 file. */
  loggingName: string;
  /** The Strimzi Metrics Reporter's allow-list when the user gives none. */
  metricsAllowList: readonly string[];
  /** Whether the REST API's NetworkPolicy is made without `strimzi.io/use-connector-resources` (the operator manages the connectors). */
  operatorManagesConnectors: boolean;
}
