// The labels of a KafkaConnect's objects, as Strimzi's (Labels.generateDefaultLabels
// with the component type `kafka-connect`): PodMonitors, dashboards and
// `kubectl get -l` find the Connect cluster by them.
import { componentLabels, LABEL } from "../../labels.js";
import { connectName } from "./connect-names.js";

const CONNECT_KIND = "KafkaConnect";
const COMPONENT_TYPE = "kafka-connect";

export function connectLabels(connect: string): Record<string, string> {
  // A KafkaConnect is its own parent, not a component of a Kafka: its kind and name are its own.
  return { ...componentLabels(connect, COMPONENT_TYPE), [LABEL.kind]: CONNECT_KIND, [LABEL.name]: connectName(connect) };
}

/** What the PodSet, the Services, the disruption budget and the network policy select the workers by (Strimzi's strimziSelectorLabels). */
export function connectSelectorLabels(connect: string): Record<string, string> {
  return { [LABEL.cluster]: connect, [LABEL.name]: connectName(connect), [LABEL.kind]: CONNECT_KIND };
}

/** `status.labelSelector`, which `kubectl scale` and autoscalers read through the scale subresource. */
export const connectLabelSelector = (connect: string): string =>
  Object.entries(connectSelectorLabels(connect)).map(([k, v]) => `${k}=${v}`).join(",");
