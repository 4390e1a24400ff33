// The sync request Metacontroller would send for a cluster that exists: a
// first-sync request (lib/sync/first-sync-request.ts) filled with the objects
// someone listed from the cluster (`kubectl get strimzipodsets,pods,secrets,
// configmaps -o yaml`). What `render --observed` runs, so that a preview shows
// the change to the children that exist, and which pods it will restart.
import type { Kafka } from "../api/kafka.js";
import type { KubeObject, Pod } from "../api/kubernetes.js";
import { LABEL } from "../labels.js";
import { typeKey, type ObjectsByType, type SyncRequest } from "../metacontroller.js";
import { customizeKafka } from "./customize.js";

/** Items of `kind: List` (what kubectl prints for several objects) and of typed lists, flattened. */
export function listItems(documents: readonly unknown[]): KubeObject[] {
  return documents.flatMap((doc): KubeObject[] => {
    if (typeof doc !== "object" || doc === null || !("kind" in doc)) return [];
    const object = doc as KubeObject & { items?: unknown };
    if (typeof object.kind === "string" && object.kind.endsWith("List") && Array.isArray(object.items)) return listItems(object.items);
    return typeof object.metadata?.name === "string" ? [object] : [];
  });
}

/** Metacontroller's children of a Kafka are the objects it controls; without owner references (hand-made input), those labelled for it. */
function childOf(kafka: KubeObject, object: KubeObject): boolean {
  if (object.metadata.namespace !== undefined && object.metadata.namespace !== kafka.metadata.namespace) return false;
  const owners = object.metadata.ownerReferences ?? [];
  if (owners.length > 0) return owners.some((o) => o.controller === true && o.kind === "Kafka" && o.name === kafka.metadata.name);
  return object.metadata.labels?.[LABEL.cluster] === kafka.metadata.name;
}

const RESOURCE_KINDS: Readonly<Record<string, string>> = { secrets: "Secret", configmaps: "ConfigMap", pods: "Pod", nodes: "Node" };

/** The related objects the Kafka's customize rules select among `observed` (pools come from the request). */
function relatedOf(kafka: Kafka, observed: readonly KubeObject[]): ObjectsByType {
  const related: ObjectsByType = {};
  for (const rule of customizeKafka(kafka).relatedResources) {
    const kind = RESOURCE_KINDS[rule.resource];
    if (!kind) continue;
    const key = typeKey(kind, rule.apiVersion);
    const selected = observed.filter((o) => o.kind === kind && o.apiVersion === rule.apiVersion
      && (rule.namespace === undefined || o.metadata.namespace === rule.namespace)
      && (rule.names ? rule.names.includes(o.metadata.name) : Object.entries(rule.labelSelector?.matchLabels ?? {}).every(([k, v]) => o.metadata.labels?.[k] === v)));
    related[key] = { ...related[key], ...Object.fromEntries(selected.map((o) => [`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o])) };
  }
  return related;
}

export interface ObservedCluster {
  request: SyncRequest;
  /** The cluster's pods among the observed objects: Metacontroller does not send them, the roll forecast reads them. */
  pods: Pod[];
}

/** `request` (a first sync) with the observed children of its Kafka and the related objects its rules select. */
export function observedSyncRequest(request: SyncRequest, observed: readonly KubeObject[]): ObservedCluster {
  const kafka = request.parent as Kafka;
  const placed = observed.map((o) => (o.metadata.namespace === undefined ? { ...o, metadata: { ...o.metadata, namespace: kafka.metadata.namespace } } : o));
  const children: ObjectsByType = Object.fromEntries(Object.keys(request.children).map((key) => [key, {}]));
  for (const object of placed) {
    const key = typeKey(object.kind, object.apiVersion);
    if (key in children && childOf(kafka, object)) children[key] = { ...children[key], [`${object.metadata.namespace ?? ""}/${object.metadata.name}`]: object };
  }
  const pods = placed.filter((o): o is KubeObject & Pod => o.kind === "Pod" && o.apiVersion === "v1"
    && o.metadata.namespace === kafka.metadata.namespace && o.metadata.labels?.[LABEL.cluster] === kafka.metadata.name);
  const related = relatedOf(kafka, placed);
  for (const [key, group] of Object.entries(request.related)) related[key] = { ...related[key], ...group };
  return { request: { ...request, children, related }, pods };
}
