// The consumers' rack (`client.rack`) of a Bridge or Connect cluster for `rack.type: topology-label`.
// Strimzi reads the node's label in an init container, which needs a token and a
// ClusterRoleBinding to read Nodes. Pods of a Deployment have no names the hook
// knows in advance, so it cannot write a file per pod as it does for brokers.
// Kubernetes copies the node's `topology.kubernetes.io/zone` and `region` labels
// onto each pod when it is bound (KEP-4742, PodTopologyLabelsAdmission: alpha in
// 1.33, beta and on by default from 1.35), and the downward API projects a pod
// label into a file: the same `rack.id` file Strimzi's init container writes, with
// no API access. Other topology keys are not on the pod: they get the node
// affinity but no `client.rack`, and a Warning says so.
import type { Volume } from "../../api/kubernetes.js";
import type { Rack } from "../../api/kafka.js";

/** The file Strimzi's init container writes the rack to. */
export const RACK_KEY = "rack.id";

/** Node labels Kubernetes copies onto pods at binding. */
const POD_TOPOLOGY_LABELS: readonly string[] = ["topology.kubernetes.io/zone", "topology.kubernetes.io/region"];

/** The node label of a topology-label rack (Strimzi's default type). */
export const rackTopologyKey = (rack: Rack | undefined): string | undefined =>
  rack !== undefined && rack.type !== "environment-variable" ? rack.topologyKey : undefined;

/** The pod label that holds the rack, when Kubernetes puts it there. */
export function rackLabelOnPod(rack: Rack): string | undefined {
  const key = rackTopologyKey(rack);
  return key !== undefined && POD_TOPOLOGY_LABELS.includes(key) ? key : undefined;
}

export const RACK_VOLUME = "rack-volume";

export function rackVolume(label: string, defaultMode: number): Volume {
  return { name: RACK_VOLUME, downwardAPI: { items: [{ path: RACK_KEY, fieldRef: { apiVersion: "v1", fieldPath: `metadata.labels['${label}']` } }], defaultMode } };
}
