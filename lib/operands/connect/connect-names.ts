// Strimzi's names of a KafkaConnect's objects (KafkaConnectResources): clients,
// dashboards, tools and the sidecar find the Connect cluster by them.

/** The StrimziPodSet, its pods' prefix, the headless Service, ServiceAccount, Role, PodDisruptionBudget and NetworkPolicy. */
export const connectName = (connect: string): string => `${connect}-connect`;
/** The REST API's ClusterIP Service. */
export const connectApiServiceName = (connect: string): string => `${connect}-connect-api`;
export const connectConfigMapName = (connect: string): string => `${connect}-connect-config`;
/** The trusted certificates of `spec.tls`, gathered into one `ca.crt`. */
export const connectTrustedCertsSecretName = (connect: string): string => `${connect}-connect-tls-trusted-certs`;
/** Binds the ServiceAccount to the Role that reads the Secrets the workers' config provider loads. */
export const connectRoleBindingName = (connect: string): string => `${connect}-connect-connect-role`;
export const connectUrl = (connect: string, namespace: string, port: number): string =>
  `http://${connectApiServiceName(connect)}.${namespace}.svc:${port}`;
/** The build Pod, its container and its ServiceAccount. */
export const connectBuildName = (connect: string): string => `${connect}-connect-build`;
/** The generated Dockerfile the build Pod mounts. */
export const connectDockerfileConfigMapName = (connect: string): string => `${connect}-connect-dockerfile`;
