// Small hand-written StrimziPodSets and the pods the PodSet hook would make of
// them, for tests of the roller and the volumes reconciler.
import type { Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPod } from "../../lib/podset/expand.js";
import { withRevision } from "../../lib/podset/revision.js";

export const NAMESPACE = "kafka";
export const CLUSTER = "my-cluster";

/** Annotations the Kafka hook puts on each pod entry. */
export const POD_ANNOTATIONS = {
  "strimzi.io/configuration-hash": "config-1",
  "strimzi.io/cluster-ca-cert-generation": "0",
  "strimzi.io/cluster-ca-key-generation": "0",
  "strimzi.io/clients-ca-cert-generation": "0",
  "strimzi.io/server-cert-hash": "cert-1",
};

export interface PoolShape {
  pool: string;
  nodeIds: readonly number[];
  roles: ReadonlyArray<"controller" | "broker">;
  image?: string;
  /** Per pod annotations on top of POD_ANNOTATIONS. */
  annotations?: (nodeId: number) => Record<string, string>;
  /** Claim names per pod; `data-0-<pod>` when omitted. */
  claims?: (pod: string) => string[];
}

export function podSet(shape: PoolShape): StrimziPodSet {
  const name = `${CLUSTER}-${shape.pool}`;
  const labels = {
    "strimzi.io/broker-role": String(shape.roles.includes("broker")),
    "strimzi.io/cluster": CLUSTER,
    "strimzi.io/controller-role": String(shape.roles.includes("controller")),
    "strimzi.io/kind": "Kafka",
    "strimzi.io/name": `${CLUSTER}-kafka`,
    "strimzi.io/pool-name": shape.pool,
  };
  return {
    apiVersion: "core.strimzi.io/v1",
    kind: "StrimziPodSet",
    metadata: { name, namespace: NAMESPACE, labels: { "strimzi.io/cluster": CLUSTER, "strimzi.io/pool-name": shape.pool } },
    spec: {
      selector: { matchLabels: { "strimzi.io/cluster": CLUSTER, "strimzi.io/pool-name": shape.pool } },
      podTemplate: {
        metadata: { labels },
        spec: { containers: [{ name: "kafka", image: shape.image ?? "apache/kafka:4.1.0" }] },
      },
      pods: shape.nodeIds.map((id) => {
        const pod = `${name}-${id}`;
        return {
          metadata: { name: pod, labels: { "strimzi.io/pod-name": pod }, annotations: { ...POD_ANNOTATIONS, ...shape.annotations?.(id) } },
          spec: {
            hostname: pod,
            volumes: (shape.claims?.(pod) ?? [`data-0-${pod}`]).map((claim, i) => ({ name: `data-${i}`, persistentVolumeClaim: { claimName: claim } })),
          },
        };
      }),
    },
  };
}

export type Readiness = "ready" | "unready";

/** The pods the PodSet hook creates, as the kubelet reports them. */
export function runningPods(set: StrimziPodSet, readiness: (pod: string) => Readiness = () => "ready"): Pod[] {
  return set.spec.pods.map((entry) => {
    const pod = withRevision(expandPod(set, entry));
    const name = entry.metadata.name;
    return {
      ...pod,
      metadata: { ...pod.metadata, uid: `uid-${name}` },
      status: { phase: "Running", conditions: [{ type: "Ready", status: readiness(name) === "ready" ? "True" : "False" }] },
    };
  });
}
