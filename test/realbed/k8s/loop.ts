// The whole loop on a real control plane, shared by the scenarios that run it:
// our CRDs applied, the real hooks, and the Metacontroller stand-in reading
// through informers and writing over HTTP (metacontroller-store.ts). Rounds
// start once the informers hold what the server holds, as Metacontroller acts
// on its informers.
import type { Deployment, Pod } from "../../../lib/api/kubernetes.js";
import { join } from "node:path";
import { MetacontrollerStandIn, type MetacontrollerStore } from "../../helpers/metacontroller-standin.js";
import { repoRoot } from "../../helpers/paths.js";
import { startHooks, type HooksUnderTest } from "../../helpers/scenario.js";
import { crdsEstablished, eventually, startCluster, type ClusterOptions, type RealCluster } from "./cluster.js";
import { realStore, type RealStore } from "./metacontroller-store.js";

export interface RealLoop {
  cluster: RealCluster;
  hooks: HooksUnderTest;
  store: RealStore;
  mc: MetacontrollerStandIn;
  /** Waits until the stand-in's informers hold what the server holds. */
  caughtUp(): Promise<void>;
  /** One round: the informers caught up, every parent synced once. */
  round(): Promise<void>;
  /** Rounds, each followed by `afterRound` (what runs the pods), until `done` holds; fails with `what` at the deadline. */
  roundsUntil(what: string, done: () => Promise<boolean>, timeoutMs: number, afterRound?: () => Promise<void>): Promise<number>;
}

export interface LoopOptions extends ClusterOptions {
  /** What the stand-in reads and writes through, around the real store (a test's interference). */
  storeFor?: (store: RealStore) => MetacontrollerStore;
}

/** Starts the control plane, the hooks and the stand-in, all stopped when `t` ends. */
export async function startLoop(t: { teardown: (fn: () => unknown) => void }, options: LoopOptions = {}): Promise<RealLoop> {
  const cluster = await startCluster(options);
  const stopBeforeCluster: Array<() => Promise<void>> = [];
  // The clients first, then the server they talk to: an informer of a server that is gone tries again for ever.
  t.teardown(async () => {
    for (const stop of stopBeforeCluster) await stop();
    await cluster.stop();
  });
  await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
  await crdsEstablished(cluster);
  const hooks = await startHooks();
  stopBeforeCluster.push(() => hooks.close());
  const store = realStore(cluster);
  stopBeforeCluster.unshift(() => store.stop());
  const mc = new MetacontrollerStandIn({ hooks: hooks.url, store: options.storeFor?.(store) ?? store });
  const caughtUp = async (): Promise<void> => {
    let behind: string[] = [];
    await eventually("the informers to catch up", async () => {
      behind = await store.lagging();
      return behind.length === 0 ? true : undefined;
    }, 30_000, () => `behind: ${behind.join(", ")}`);
  };
  const round = async (): Promise<void> => {
    await caughtUp();
    await mc.syncAll();
    await deploymentsStartAtOnce(cluster);
  };
  return {
    cluster, hooks, store, mc, caughtUp, round,
    async roundsUntil(what, done, timeoutMs, afterRound) {
      let rounds = 0;
      await eventually(what, async () => {
        await round();
        await afterRound?.();
        rounds++;
        return await done() ? true : undefined;
      }, timeoutMs, () => `after ${rounds} rounds`);
      return rounds;
    },
  };
}

const isPodReady = (pod: Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * What a kubelet would do for pods whose containers start at once, without
 * running them: a new pod is reported Running and Ready through the status
 * subresource, and a pod being deleted is removed (its containers "stopped").
 */
export async function podsStartAtOnce(cluster: RealCluster, namespace: string): Promise<void> {
  await deploymentsStartAtOnce(cluster, namespace);
  for (const pod of await cluster.api.list("v1", "Pod", namespace) as unknown as Pod[]) {
    const metadata = pod.metadata ?? {};
    if (metadata.deletionTimestamp) {
      await cluster.api.request("DELETE", await cluster.api.path("v1", "Pod", namespace, metadata.name),
        { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0, preconditions: { uid: metadata.uid ?? null } });
      continue;
    }
    if (isPodReady(pod)) continue;
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const conditions = ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True", lastTransitionTime: now }));
    await cluster.api.request("PUT", `${await cluster.api.path("v1", "Pod", namespace, metadata.name)}/status`,
      { ...pod, status: { phase: "Running", conditions, startTime: now } } as never);
  }
}

/**
 * No Deployment controller runs here: each Deployment (of `namespace`, or every one) reports its
 * replicas updated and ready for its generation, as the controller would once its pods ran (the
 * Entity Operator's, whose processes this bed does not run); written through the status
 * subresource, only when it changes.
 */
async function deploymentsStartAtOnce(cluster: RealCluster, namespace?: string): Promise<void> {
  for (const deployment of await cluster.api.list("apps/v1", "Deployment", namespace) as unknown as Deployment[]) {
    const replicas = deployment.spec?.replicas ?? 1;
    const status = { observedGeneration: deployment.metadata?.generation ?? 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas };
    if (JSON.stringify(deployment.status) === JSON.stringify(status)) continue;
    const path = await cluster.api.path("apps/v1", "Deployment", deployment.metadata?.namespace, deployment.metadata?.name ?? "");
    await cluster.api.request("PUT", `${path}/status`, { ...deployment, status } as never);
  }
}
