// What the connector reconciler changes in Kubernetes: a KafkaConnector's status
// (merge patch of the status subresource: the sidecar is its only writer) and
// annotations (removing Strimzi's one-shot annotations, recording GitOps
// tokens), and the ConfigMaps of listed offsets. Every write is fenced, as
// KubeActions' are: a replica that stopped leading writes nothing more.
import { CoreV1Api, CustomObjectsApi, type KubeConfig, type V1ConfigMap } from "@kubernetes/client-node";
import { MERGE_PATCH, tolerate } from "../kube-actions.js";

const CONNECTORS = { group: "kafka.strimzi.io", version: "v1", plural: "kafkaconnectors" } as const;

export type ConfigMap = V1ConfigMap;

export class ConnectorKube {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig, private readonly fence: () => void) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async patchStatus(namespace: string, name: string, status: Record<string, unknown>): Promise<void> {
    this.fence();
    await this.custom.patchNamespacedCustomObjectStatus({ ...CONNECTORS, namespace, name, body: { status } }, MERGE_PATCH);
  }

  /** null removes an annotation. */
  async annotate(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.custom.patchNamespacedCustomObject({ ...CONNECTORS, namespace, name, body: { metadata: { annotations } } }, MERGE_PATCH);
  }

  async readConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    const result = await tolerate(this.core.readNamespacedConfigMap({ name, namespace }), [404]);
    return typeof result === "number" ? undefined : result;
  }

  /** Creates the ConfigMap when none was read, else replaces the one read on condition it is unchanged (a 409 fails the write). */
  async writeConfigMap(configMap: ConfigMap, observed: ConfigMap | undefined): Promise<void> {
    this.fence();
    const namespace = configMap.metadata?.namespace ?? "";
    if (!observed) await this.core.createNamespacedConfigMap({ namespace, body: configMap });
    else await this.core.replaceNamespacedConfigMap({ name: configMap.metadata?.name ?? "", namespace, body: configMap });
  }
}
