// The sync request Metacontroller would send for a cluster that has no children
// yet: what `render` previews and what the curl fixtures hold.
import { KAFKA_API_VERSION } from "../api/kafka.js";
import type { KubeObject } from "../api/kubernetes.js";
import { LABEL } from "../labels.js";
import { typeKey, type ObjectsByType, type SyncRequest } from "../metacontroller.js";
import type { ChildType } from "../operands/operand.js";
import { KAFKA_BRIDGE_CHILD_TYPES, KAFKA_CHILD_TYPES, KAFKA_CONNECT_CHILD_TYPES, KAFKA_MIRROR_MAKER_2_CHILD_TYPES } from "./child-types.js";
import { customizeKafka } from "./customize.js";

const CONTROLLER_NAME = "kafka-hooks-kafka";
/** The controllers of the operands that are their own parents, and the children each declares. */
const OWN_PARENTS = {
  KafkaBridge: { controller: "kafka-hooks-kafkabridge", childTypes: KAFKA_BRIDGE_CHILD_TYPES },
  KafkaConnect: { controller: "kafka-hooks-kafkaconnect", childTypes: KAFKA_CONNECT_CHILD_TYPES },
  KafkaMirrorMaker2: { controller: "kafka-hooks-kafkamirrormaker2", childTypes: KAFKA_MIRROR_MAKER_2_CHILD_TYPES },
} as const;

export function withNamespace(object: KubeObject, namespace: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, namespace: object.metadata.namespace ?? namespace } };
}

/** The ConfigMaps among `objects` that the Kafka's customize answer asks for (logging, metrics), when it asks for any. */
function relatedConfigMaps(kafka: KubeObject, placed: readonly KubeObject[]): ObjectsByType {
  const rule = customizeKafka(kafka).relatedResources.find((r) => r.resource === "configmaps");
  if (!rule) return {};
  const found = placed.filter((o) => o.kind === "ConfigMap" && o.apiVersion === "v1"
    && o.metadata.namespace === kafka.metadata.namespace && rule.names?.includes(o.metadata.name));
  return { [typeKey("ConfigMap", "v1")]: Object.fromEntries(found.map((c) => [`${c.metadata.namespace}/${c.metadata.name}`, c])) };
}

/**
 * One request per Kafka among `objects`, its related KafkaNodePools those that
 * name it in their `strimzi.io/cluster` label, and the ConfigMaps it names. `optionalChildTypes` are declared
 * as well, as an installation with their kustomize components declares them.
 */
export function firstSyncRequests(objects: readonly KubeObject[], namespace: string, optionalChildTypes: readonly ChildType[] = []): SyncRequest[] {
  const placed = objects.map((o) => withNamespace(o, namespace));
  const kafkas = placed.filter((o) => o.kind === "Kafka" && o.apiVersion === KAFKA_API_VERSION);
  return kafkas.map((kafka) => {
    const pools = placed.filter((o) => o.kind === "KafkaNodePool"
      && o.metadata.labels?.[LABEL.cluster] === kafka.metadata.name
      && o.metadata.namespace === kafka.metadata.namespace);
    const children: ObjectsByType = Object.fromEntries([...KAFKA_CHILD_TYPES, ...optionalChildTypes].map((t) => [typeKey(t.kind, t.apiVersion), {}]));
    const related: ObjectsByType = {
      [typeKey("KafkaNodePool", KAFKA_API_VERSION)]: Object.fromEntries(pools.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p])),
      [typeKey("Secret", "v1")]: {},
      ...relatedConfigMaps(kafka, placed),
    };
    return firstRequest(CONTROLLER_NAME, kafka, children, related);
  });
}

function firstRequest(controller: string, parent: KubeObject, children: ObjectsByType, related: ObjectsByType): SyncRequest {
  return {
    controller: { apiVersion: "metacontroller.k8s.io/v1alpha1", kind: "CompositeController", metadata: { name: controller } },
    parent: { ...parent, metadata: { generation: 1, ...parent.metadata } },
    children,
    related,
  };
}

/** One request per KafkaBridge among `objects`, the Secrets and ConfigMaps among them related (a metrics ConfigMap). */
export function firstBridgeSyncRequests(objects: readonly KubeObject[], namespace: string): SyncRequest[] {
  return firstOwnParentSyncRequests(objects, namespace, "KafkaBridge");
}

/** One request per KafkaConnect among `objects`, the Secrets and ConfigMaps among them related. */
export function firstConnectSyncRequests(objects: readonly KubeObject[], namespace: string): SyncRequest[] {
  return firstOwnParentSyncRequests(objects, namespace, "KafkaConnect");
}

/** One request per KafkaMirrorMaker2 among `objects`, the Secrets and ConfigMaps among them related. */
export function firstMirrorMaker2SyncRequests(objects: readonly KubeObject[], namespace: string): SyncRequest[] {
  return firstOwnParentSyncRequests(objects, namespace, "KafkaMirrorMaker2");
}

function firstOwnParentSyncRequests(objects: readonly KubeObject[], namespace: string, kind: keyof typeof OWN_PARENTS): SyncRequest[] {
  const placed = objects.map((o) => withNamespace(o, namespace));
  const byKind = (k: string): Record<string, KubeObject> => Object.fromEntries(placed
    .filter((o) => o.kind === k && o.apiVersion === "v1")
    .map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
  const { controller, childTypes } = OWN_PARENTS[kind];
  return placed
    .filter((o) => o.kind === kind && o.apiVersion === KAFKA_API_VERSION)
    .map((parent) => firstRequest(
      controller,
      parent,
      Object.fromEntries(childTypes.map((t) => [typeKey(t.kind, t.apiVersion), {}])),
      { [typeKey("Secret", "v1")]: byKind("Secret"), [typeKey("ConfigMap", "v1")]: byKind("ConfigMap") },
    ));
}
