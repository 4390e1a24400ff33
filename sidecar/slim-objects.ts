// What the sidecar's informers keep of each object. The API server adds
// `managedFields` to every object, and Metacontroller a whole copy of each child
// it applies in its last-applied annotation; the sidecar reads neither, writes
// only merge patches, and the two were most of its heap watching 100 clusters
// (make bench-sidecar, docs/BENCHMARKS.md). Lists and watch events are slimmed
// as they arrive, so the caches never hold the full objects.
import { Watch, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { ANNOTATION } from "../lib/labels.js";

export function slim<T extends KubernetesObject>(object: T): T {
  if (!object.metadata) return object;
  const { managedFields: _managedFields, annotations, ...metadata } = object.metadata;
  if (!annotations) return { ...object, metadata };
  const { [ANNOTATION.lastAppliedByMetacontroller]: _lastApplied, ...kept } = annotations;
  return { ...object, metadata: { ...metadata, annotations: kept } };
}

/** A Watch whose events carry slimmed objects (a watch's ERROR event carries a Status, left as it is). */
export class SlimWatch extends Watch {
  constructor(config: KubeConfig) {
    super(config);
  }

  override watch(...[path, query, callback, done]: Parameters<Watch["watch"]>): ReturnType<Watch["watch"]> {
    return super.watch(path, query, (phase, object: KubernetesObject, watchObject?: unknown) => {
      callback(phase, phase === "ERROR" ? object : slim(object), watchObject);
    }, done);
  }
}
