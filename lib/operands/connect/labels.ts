// The labels of a KafkaConnect's or KafkaMirrorMaker2's objects, as Strimzi's
// (Labels.generateDefaultLabels with the component type `kafka-connect` or
// `kafka-mirror-maker-2`): PodMonitors, dashboards and `kubectl get -l` find
// the Connect cluster by them.
import { componentLabels, LABEL } from "../../labels.js";
import type { ConnectFlavour } from "./flavour.js";

export function connectLabels(flavour: ConnectFlavour, connect: string): Record<string, string> {
  // A KafkaConnect is its own parent, not a component of a Kafka: its kind and name are its own.
  return { ...componentLabels(connect, flavour.componentType), [LABEL.kind]: flavour.kind, [LABEL.name]: flavour.componentName(connect) };
}

/** What the PodSet, the Services, the disruption budget and the network policy select the workers by (Strimzi's strimziSelectorLabels). */
export function connectSelectorLabels(flavour: ConnectFlavour, connect: string): Record<string, string> {
  return { [LABEL.cluster]: connect, [LABEL.name]: flavour.componentName(connect), [LABEL.kind]: flavour.kind };
}

/** `status.labelSelector`, which `kubectl scale` and autoscalers read through the scale subresource. */
export const connectLabelSelector = (flavour: ConnectFlavour, connect: string): string =>
  Object.entries(connectSelectorLabels(flavour, connect)).map(([k, v]) => `${k}=${v}`).join(",");
