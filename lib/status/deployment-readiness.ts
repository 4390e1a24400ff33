// Whether a component's Deployment has rolled out what this sync asks for, read
// from the observed Deployment as `kubectl rollout status` reads it; Strimzi waits
// for the same before the Kafka is Ready (waitForObserved, then readiness).
import type { Deployment } from "../api/kubernetes.js";
import { typeKey, type ObjectsByType } from "../metacontroller.js";
import { covers } from "../roller/canonical.js";

/** What the Deployment still waits for, or undefined when its pods are ready and current. */
export function deploymentReadiness(desired: Deployment, children: ObjectsByType): string | undefined {
  const { name, namespace } = desired.metadata ?? {};
  const observed = children[typeKey("Deployment", "apps/v1")]?.[`${namespace ?? ""}/${name ?? ""}`] as Deployment | undefined;
  // A change made now reaches the Deployment after this answer: until then it describes the old pods.
  if (observed === undefined || !covers(observed.spec, desired.spec)) return `Deployment ${name} not yet reconciled`;
  const status = observed.status;
  if (status?.observedGeneration === undefined || status.observedGeneration < (observed.metadata?.generation ?? 0)) return `Deployment ${name} not yet reconciled`;
  const want = desired.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const old = (status.replicas ?? 0) - updated;
  if (updated < want || old > 0 || ready < want) return `Deployment ${name} ${ready}/${want} ready, ${updated}/${want} updated${old > 0 ? `, ${old} old` : ""}`;
  return undefined;
}
