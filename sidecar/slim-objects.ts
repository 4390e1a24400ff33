// What the sidecar's informers keep of each object. The API server adds
// `managedFields` to every object, and Metacontroller a whole copy of each child
// it applies in its last-applied annotation; the sidecar reads neither, writes
// only merge patches, and the two were most of its heap watching 100 clusters
// (make bench-sidecar, docs/BENCHMARKS.md). The informers slim lists and watch
// events as they arrive (kube/informer.ts, `transform`), so the caches never
// hold the full objects.
import type { KubernetesObject } from "../lib/api/kubernetes.js";
import { ANNOTATION } from "../lib/labels.js";

export function slim<T extends KubernetesObject>(object: T): T {
  if (!object.metadata) return object;
  const { managedFields: _managedFields, annotations, ...metadata } = object.metadata;
  if (!annotations) return { ...object, metadata };
  const { [ANNOTATION.lastAppliedByMetacontroller]: _lastApplied, ...kept } = annotations;
  return { ...object, metadata: { ...metadata, annotations: kept } };
}

