// What the connector reconcilers change in Kubernetes: a KafkaConnector's status
// (merge patch of the status subresource: the sidecar is its only writer) and
// annotations (removing Strimzi's one-shot annotations, recording GitOps
// tokens; a KafkaMirrorMaker2's restart annotations alike), and the ConfigMaps
// of listed offsets. Every write is fenced, as KubeActions' are: a replica that stopped leading writes nothing more.
import type { AsSent, ConfigMap as KubeConfigMap } from "../../lib/api/kubernetes.js";
import type { KubeConfig } from "../kube/config.js";
import { KubeHttp } from "../kube/http.js";
import { KubeObjects, tolerate } from "../kube-actions.js";

const CONNECTORS = { group: "kafka.strimzi.io", version: "v1", plural: "kafkaconnectors" } as const;
const MIRROR_MAKER_2S = { group: "kafka.strimzi.io", version: "v1", plural: "kafkamirrormaker2s" } as const;
const CONFIG_MAPS = { group: "", version: "v1", plural: "configmaps" } as const;
/** The reconciler writes one connector at a time per Connect cluster. */
const MAX_SOCKETS = 8;

export type ConfigMap = AsSent<KubeConfigMap>;

export class ConnectorKube {
  private readonly objects: KubeObjects;

  constructor(kubeConfig: KubeConfig, private readonly fence: () => void) {
    this.objects = new KubeObjects(new KubeHttp(kubeConfig, MAX_SOCKETS));
  }

  async patchStatus(namespace: string, name: string, status: Record<string, unknown>): Promise<void> {
    this.fence();
    await this.objects.mergePatch(CONNECTORS, namespace, name, { status }, "/status");
  }

  /** null removes an annotation. */
  async annotate(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.objects.mergePatch(CONNECTORS, namespace, name, { metadata: { annotations } });
  }

  /** A KafkaMirrorMaker2's connector restart annotations, removed or recorded once acted on; null removes one. */
  async annotateMirrorMaker2(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    this.fence();
    await this.objects.mergePatch(MIRROR_MAKER_2S, namespace, name, { metadata: { annotations } });
  }

  async readConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    const result = await tolerate(this.objects.read<ConfigMap>(CONFIG_MAPS, namespace, name), [404]);
    return typeof result === "number" ? undefined : result;
  }

  /** Creates the ConfigMap when none was read, else replaces the one read on condition it is unchanged (a 409 fails the write). */
  async writeConfigMap(configMap: ConfigMap, observed: ConfigMap | undefined): Promise<void> {
    this.fence();
    const namespace = configMap.metadata?.namespace ?? "";
    if (!observed) await this.objects.create(CONFIG_MAPS, { ...configMap, metadata: { ...configMap.metadata, namespace } });
    else await this.objects.replace(CONFIG_MAPS, namespace, configMap.metadata?.name ?? "", configMap);
  }
}
