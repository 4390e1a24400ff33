// When a request cannot be acted on (invalid custom resources, a lost cluster id),
// the hook still answers 200 so that the user sees why in the status; and because a
// 200 deletes every child it does not list, it lists every observed child exactly
// as it was last desired. Metacontroller stores that in the last-applied annotation,
// so re-emitting it makes its three-way merge a no-op: nothing is created, changed
// or deleted.
import type { KubeObject, ObjectMeta } from "../api/kubernetes.js";
import { tooDeeplyNested } from "../api/nesting.js";
import { ANNOTATION } from "../labels.js";
import type { ObjectsByType } from "../metacontroller.js";

// Fields the API server owns; a child that was never applied by Metacontroller (so
// has no last-applied annotation) is re-emitted without them.
const SERVER_METADATA: ReadonlyArray<keyof ObjectMeta> = [
  "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "ownerReferences", "selfLink",
  "deletionTimestamp", "deletionGracePeriodSeconds",
];

/** A child as Metacontroller last applied it, or as observed without what the API server owns. */
export function lastDesired(child: KubeObject): KubeObject {
  const lastApplied = child.metadata.annotations?.[ANNOTATION.lastAppliedByMetacontroller];
  if (lastApplied) {
    try {
      const parsed = JSON.parse(lastApplied) as KubeObject;
      // Metacontroller wrote what a hook answered; an annotation nested deeper than any answer was edited by hand.
      if (parsed && parsed.kind === child.kind && parsed.metadata?.name === child.metadata.name && tooDeeplyNested(parsed) === undefined) return parsed;
    } catch {
      // fall through: an unreadable annotation is treated as absent
    }
  }
  const { status: _status, ...rest } = child;
  const metadata = { ...child.metadata };
  for (const field of SERVER_METADATA) delete metadata[field];
  return { ...rest, metadata };
}

export function keepObservedChildren(children: ObjectsByType): KubeObject[] {
  return Object.keys(children).sort().flatMap((type) => {
    const group = children[type] ?? {};
    return Object.keys(group).sort().map((key) => lastDesired(group[key] as KubeObject));
  });
}
