// A KafkaConnect's Connect cluster: Strimzi's KafkaConnectResources names,
// the `kafka-connect` component, KafkaConnectSpec's forbidden options and
// KafkaConnectConfiguration's defaults.
import { connectApiServiceName, connectConfigMapName, connectName, connectRoleBindingName } from "./connect-names.js";
import type { ConnectFlavour } from "./flavour.js";
import { CONNECT_LOGGING_NAME } from "./logging.js";
import { CONNECT_METRICS_ALLOW_LIST, CONNECT_OPTIONS, CONNECT_WORKER_DEFAULTS } from "./worker-properties.js";

export const CONNECT_FLAVOUR: ConnectFlavour = {
  kind: "KafkaConnect",
  componentType: "kafka-connect",
  componentName: connectName,
  apiServiceName: connectApiServiceName,
  configMapName: connectConfigMapName,
  roleBindingName: connectRoleBindingName,
  options: CONNECT_OPTIONS,
  workerDefaults: CONNECT_WORKER_DEFAULTS,
  loggingName: CONNECT_LOGGING_NAME,
  metricsAllowList: CONNECT_METRICS_ALLOW_LIST,
  operatorManagesConnectors: false,
};
