// Whether the user Secret in Kubernetes is already the desired one, so that a
// reconcile writes it only when something changed (no drift, no churn).
import type { Secret } from "../../lib/api/kubernetes.js";
import { sameData } from "../../lib/same-data.js";

export function sameSecret(desired: Secret, observed: Secret | undefined): boolean {
  if (observed === undefined) return false;
  return sameData(desired.data ?? {}, observed.data ?? {})
    && desired.type === observed.type
    && sameData(desired.metadata?.labels ?? {}, observed.metadata?.labels ?? {})
    && sameData(desired.metadata?.annotations ?? {}, observed.metadata?.annotations ?? {})
    && sameData(desired.metadata?.ownerReferences ?? [], observed.metadata?.ownerReferences ?? []);
}
