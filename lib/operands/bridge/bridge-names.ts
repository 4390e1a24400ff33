// Strimzi's names of a KafkaBridge's objects (KafkaBridgeResources): clients,
// dashboards and tools find the Bridge by them.

/** The Deployment, its ServiceAccount and PodDisruptionBudget. */
export const bridgeName = (bridge: string): string => `${bridge}-bridge`;
export const bridgeServiceName = (bridge: string): string => `${bridge}-bridge-service`;
export const bridgeConfigMapName = (bridge: string): string => `${bridge}-bridge-config`;
/** The trusted certificates of `spec.tls`, gathered into one `ca.crt`. */
export const bridgeTrustedCertsSecretName = (bridge: string): string => `${bridge}-bridge-tls-trusted-certs`;
export const bridgeUrl = (bridge: string, namespace: string, port: number): string =>
  `http://${bridgeServiceName(bridge)}.${namespace}.svc:${port}`;
