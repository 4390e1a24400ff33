// Stands in for the PodSet hook (through Metacontroller) and the kubelet: a pod
// deleted from the stand-in API server comes back, after a short delay, as its
// StrimziPodSet describes it now, and becomes ready a little later.
import type { Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPod } from "../../lib/podset/expand.js";
import { withRevision } from "../../lib/podset/revision.js";
import type { FakeApiServer } from "./fake-apiserver.js";

export interface StandInTiming {
  createDelayMs: number;
  readyDelayMs: number;
}

/** A pod as the PodSet hook creates it from its PodSet, reported ready or not. */
export function podOf(podSet: StrimziPodSet, name: string, ready: boolean): Pod | undefined {
  const entry = podSet.spec.pods.find((p) => p.metadata.name === name);
  if (!entry) return undefined;
  return { ...withRevision(expandPod(podSet, entry)), status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] } };
}

function desiredPod(server: FakeApiServer, namespace: string, name: string, ready: boolean): Pod | undefined {
  for (const podSet of server.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", namespace)) {
    const pod = podOf(podSet, name, ready);
    if (pod) return pod;
  }
  return undefined;
}

/** Starts recreating deleted pods; returns the function that stops it. */
export function standInForPodSetHook(server: FakeApiServer, timing: StandInTiming): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  const unsubscribe = server.onChange(({ type, resource, object }) => {
    if (type !== "DELETED" || resource.kind !== "Pod") return;
    const { namespace, name } = object.metadata;
    if (!namespace) return;
    later(timing.createDelayMs, () => {
      if (server.get("v1", "Pod", namespace, name)) return;
      const pod = desiredPod(server, namespace, name, false);
      if (!pod) return;
      const created = server.put(pod);
      later(timing.readyDelayMs, () => {
        const current = server.get<Pod>("v1", "Pod", namespace, name);
        if (!current || current.metadata?.uid !== created.metadata?.uid) return;
        server.put({ ...current, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } });
      });
    });
  });
  return () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
  };
}
