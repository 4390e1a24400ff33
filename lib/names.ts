// Strimzi's resource names. Existing dashboards, PodMonitors, clients and tools
// find a cluster's objects by these names, so they are part of the API.

export const podSetName = (cluster: string, pool: string): string => `${cluster}-${pool}`;
export const podName = (cluster: string, pool: string, nodeId: number): string => `${cluster}-${pool}-${nodeId}`;
/** Per-node ConfigMap (broker configuration) and per-node Secret (certificate) share the pod's name. */
export const nodeConfigMapName = podName;
export const nodeCertSecretName = podName;
/** A component's name, `<cluster>-<component type>` (`kafka-exporter`, `cruise-control`, …): its objects' and its `strimzi.io/name` label's. */
export const operandComponentName = (cluster: string, componentType: string): string => `${cluster}-${componentType}`;
export const componentName = (cluster: string): string => operandComponentName(cluster, "kafka");
/** A component's client certificate Secret (Strimzi's `<cluster>-kafka-exporter-certs`, …). */
export const clientCertsSecretName = (cluster: string, componentType: string): string => `${operandComponentName(cluster, componentType)}-certs`;
export const bootstrapServiceName = (cluster: string): string => `${cluster}-kafka-bootstrap`;
export const brokersServiceName = (cluster: string): string => `${cluster}-kafka-brokers`;
export const serviceAccountName = componentName;
export const podDisruptionBudgetName = componentName;
export const networkPolicyName = (cluster: string): string => `${cluster}-network-policy-kafka`;
export const clusterCaCertSecretName = (cluster: string): string => `${cluster}-cluster-ca-cert`;
export const clusterCaKeySecretName = (cluster: string): string => `${cluster}-cluster-ca`;
export const clientsCaCertSecretName = (cluster: string): string => `${cluster}-clients-ca-cert`;
export const clientsCaKeySecretName = (cluster: string): string => `${cluster}-clients-ca`;
export const trustBundleName = (cluster: string): string => `${cluster}-trustbundle`;
export const operatorCertsSecretName = (cluster: string): string => `${cluster}-cluster-operator-certs`;
/** The sidecar's unowned copy of a CA Secret, kept with `generateSecretOwnerReference: false` so the CA outlives its Kafka. */
export const retainedSecretName = (secret: string): string => `${secret}-retained`;

/** PVC names as Strimzi gives them: `data-<pod>` for a single volume, `data-<volumeId>-<pod>` inside JBOD. */
export const dataVolumeName = (volumeId: number | undefined): string =>
  volumeId === undefined ? "data" : `data-${volumeId}`;
export const persistentVolumeClaimName = (volumeId: number | undefined, pod: string): string =>
  `${dataVolumeName(volumeId)}-${pod}`;

/** Directory a data volume is mounted at; Kafka's log dir is `<mount>/kafka-log<nodeId>`. */
export const dataMountPath = (volumeId: number | undefined): string =>
  volumeId === undefined ? "/var/lib/kafka/data" : `/var/lib/kafka/data-${volumeId}`;
export const logDir = (volumeId: number | undefined, nodeId: number): string =>
  `${dataMountPath(volumeId)}/kafka-log${nodeId}`;

/** DNS name of a pod through the headless brokers Service. */
export const podDnsName = (cluster: string, namespace: string, pod: string, clusterDomain?: string): string =>
  `${pod}.${brokersServiceName(cluster)}.${namespace}.svc${clusterDomain ? `.${clusterDomain}` : ""}`;

/** The cluster's DNS domain. Kubernetes' default; clusters with another one are not supported yet. */
export const CLUSTER_DOMAIN = "cluster.local";

/** Every DNS name of a Service in its namespace: `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.<domain>`. */
export const serviceDnsNames = (service: string, namespace: string): string[] =>
  [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.${CLUSTER_DOMAIN}`];
