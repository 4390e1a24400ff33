// A Strimzi example run through the real Kafka hook until its children are
// stable (the second sync has every certificate), for tests that need the
// StrimziPodSets, Secrets and Kafka exactly as the hooks would make them.
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { createSyncMemory } from "../../lib/sync/remembered.js";
import { nextRequest } from "./observe.js";
import { exampleRequest, testEnvironment } from "./requests.js";
import { childObjects } from "../../lib/sync/encoded-children.js";

export interface ExampleCluster {
  request: SyncRequest;
  children: readonly KubeObject[];
  podSets: StrimziPodSet[];
}

/** A first-sync request synced until its children are stable, every PodSet reporting its pods ready. */
export function settledCluster(request: SyncRequest): ExampleCluster {
  const env = testEnvironment();
  const memory = createSyncMemory();
  let current = request;
  const sync = (request: SyncRequest) => {
    const answer = syncKafka(request, env, memory);
    return { ...answer, children: childObjects(answer.children) };
  };
  let answer = sync(current);
  for (let i = 0; i < 5; i++) {
    current = nextRequest(current, answer);
    const again = sync(current);
    if (JSON.stringify(again.children) === JSON.stringify(answer.children)) break;
    answer = again;
  }
  const podSets = answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet");
  return { request: current, children: answer.children, podSets };
}

export function exampleCluster(relativePath: string): ExampleCluster {
  return settledCluster(exampleRequest(relativePath));
}

/** The same cluster after a change to its Kafka's spec, its children observed as before. */
export function reconfigured(cluster: ExampleCluster, change: (spec: Record<string, unknown>) => void): ExampleCluster {
  const request = structuredClone(cluster.request);
  change(request.parent.spec as Record<string, unknown>);
  const answer = syncKafka(request, testEnvironment());
  return { request, children: answer.children, podSets: answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet") };
}
