// The ConfigMaps of Strimzi's connector offsets management
// (AbstractConnectOperator.generateListOffsetsConfigMap, getOffsetsForAlterRequest):
// listed offsets go to `offsets.json` of the ConfigMap `spec.listOffsets.toConfigMap`,
// keeping what else it holds and adding an ownerReference to the KafkaConnector;
// offsets to set are read from `offsets.json` of `spec.alterOffsets.fromConfigMap`.
import type { KafkaConnector } from "../api/kafka-connector.js";
import type { ObjectMeta, OwnerReference } from "../api/kubernetes.js";
import { LABEL, MANAGED_BY } from "../labels.js";

export const OFFSETS_KEY = "offsets.json";

export interface OffsetsConfigMap {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

/** The ConfigMap to write, given the one that exists (if any): its data and other owners kept. */
export function listedOffsetsConfigMap(connector: Pick<KafkaConnector, "metadata" | "apiVersion" | "kind">, name: string, offsets: unknown, existing: OffsetsConfigMap | undefined): OffsetsConfigMap {
  const owner: OwnerReference = { apiVersion: connector.apiVersion, kind: connector.kind, name: connector.metadata.name, uid: connector.metadata.uid ?? "", controller: false, blockOwnerDeletion: false };
  const owners = existing?.metadata.ownerReferences ?? [];
  const owned = owners.some((o) => o.kind === owner.kind && o.name === owner.name);
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      ...existing?.metadata,
      name,
      namespace: connector.metadata.namespace,
      labels: {
        ...existing?.metadata.labels,
        [LABEL.cluster]: connector.metadata.labels?.[LABEL.cluster] ?? "",
        [LABEL.kind]: "KafkaConnector",
        [LABEL.appName]: "kafka-connector",
        [LABEL.appInstance]: connector.metadata.name,
        [LABEL.appManagedBy]: MANAGED_BY,
      },
      ownerReferences: owned ? owners : [...owners, owner],
    },
    data: { ...existing?.data, [OFFSETS_KEY]: JSON.stringify(offsets, null, 2) },
  };
}

/** The offsets to PATCH, or why they cannot be had (Strimzi's messages). */
export function offsetsToAlter(namespace: string, name: string, configMap: Pick<OffsetsConfigMap, "data"> | undefined): { offsets: unknown } | { error: string } {
  if (!configMap) return { error: `Encountered error fetching offsets to use in alter operation. ConfigMap ${namespace}/${name} does not exist.` };
  const text = configMap.data?.[OFFSETS_KEY];
  if (text === undefined) return { error: `Encountered error fetching offsets to use in alter operation. Data field ${OFFSETS_KEY} is missing.` };
  try {
    return { offsets: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `Failed to parse contents of ${OFFSETS_KEY} as JSON: ${(error as Error).message}` };
  }
}
