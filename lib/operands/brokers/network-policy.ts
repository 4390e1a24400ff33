// Who may reach the Kafka nodes: only cluster members speak on the control plane
// (9090); members, the operator's sidecar and the pods of the components the
// operands declare as replication clients (Kafka Exporter, …) on replication (9091); each listener
// is open to its networkPolicyPeers, or to everyone when it names none.
// Replication is where the operator's certificate, a Kafka super user, is
// accepted, so the operator is admitted only from the namespace the install
// labels as ours: a pod elsewhere cannot get in by carrying Strimzi's label.
import type { NetworkPolicy, NetworkPolicyPeer } from "../../api/kubernetes.js";
import { CONTROL_PLANE_PORT, METRICS_PORT, REPLICATION_PORT } from "../../kafka-files/paths.js";
import { LABEL } from "../../labels.js";
import type { KafkaClusterModel } from "../../model/types.js";
import { networkPolicyName, operandComponentName } from "../../names.js";
import { childMetadata, nodeSelectorLabels } from "../../builders/metadata.js";

type IngressRule = NonNullable<NonNullable<NetworkPolicy["spec"]>["ingress"]>[number];

const OPERATOR_PODS = { matchLabels: { [LABEL.kind]: "cluster-operator" } };

/** Pods of the operator (our Deployment carries Strimzi's label), from our namespace, or from any with the resource's annotation. */
export function operatorPeer(anyNamespace: boolean): NetworkPolicyPeer {
  return {
    namespaceSelector: anyNamespace ? {} : { matchLabels: { [LABEL.operatorNamespace]: "true" } },
    podSelector: OPERATOR_PODS,
  };
}

const rule = (port: number, from?: NetworkPolicyPeer[]): IngressRule => ({
  ports: [{ port, protocol: "TCP" }],
  ...(from ? { from } : {}),
});

/** Pods of a component of this cluster, in the Kafka's namespace, as Strimzi selects them (by `strimzi.io/name` alone). */
export const componentPeer = (cluster: string, componentType: string): NetworkPolicyPeer =>
  ({ podSelector: { matchLabels: { [LABEL.name]: operandComponentName(cluster, componentType) } } });

/** `replicationClients`: component types of the requested operands that talk to the brokers (lib/operands/operand.ts). */
export function networkPolicy(model: KafkaClusterModel, replicationClients: readonly string[]): NetworkPolicy {
  const members: NetworkPolicyPeer = { podSelector: { matchLabels: nodeSelectorLabels(model.name) } };
  const ingress: IngressRule[] = [
    rule(CONTROL_PLANE_PORT, [members]),
    rule(REPLICATION_PORT, [members, operatorPeer(model.operatorFromAnyNamespace), ...replicationClients.map((c) => componentPeer(model.name, c))]),
    ...model.listeners.map((l) => rule(l.port, l.networkPolicyPeers && l.networkPolicyPeers.length > 0 ? l.networkPolicyPeers : undefined)),
  ];
  if (model.metricsConfig) ingress.push(rule(METRICS_PORT));
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: childMetadata(model, networkPolicyName(model.name)),
    spec: {
      podSelector: { matchLabels: nodeSelectorLabels(model.name) },
      policyTypes: ["Ingress"],
      ingress,
    },
  };
}
