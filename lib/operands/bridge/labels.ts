// The labels of a KafkaBridge's objects, as Strimzi's (Labels.generateDefaultLabels
// with the component type `kafka-bridge`): PodMonitors, dashboards and
// `kubectl get -l` find the Bridge by them.
import { componentLabels, LABEL } from "../../labels.js";
import { bridgeName } from "./bridge-names.js";

const BRIDGE_KIND = "KafkaBridge";
const COMPONENT_TYPE = "kafka-bridge";

export function bridgeLabels(bridge: string): Record<string, string> {
  // A Bridge is its own parent, not a component of a Kafka: its kind and name are its own.
  return { ...componentLabels(bridge, COMPONENT_TYPE), [LABEL.kind]: BRIDGE_KIND, [LABEL.name]: bridgeName(bridge) };
}

/** What the Deployment, the Service and the disruption budget select the pods by (Strimzi's strimziSelectorLabels). */
export function bridgeSelectorLabels(bridge: string): Record<string, string> {
  return { [LABEL.cluster]: bridge, [LABEL.name]: bridgeName(bridge), [LABEL.kind]: BRIDGE_KIND };
}

/** `status.labelSelector`, which `kubectl scale` and autoscalers read through the scale subresource. */
export const bridgeLabelSelector = (bridge: string): string =>
  Object.entries(bridgeSelectorLabels(bridge)).map(([k, v]) => `${k}=${v}`).join(",");
