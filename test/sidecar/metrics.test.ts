// The sidecar's metrics: leadership, reconciler passes, and each cluster's roll
// and scale-down as its PodSets' annotations record them.
import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { ROLL_STATUS_ANNOTATION, serializeRollStatus, type RollStatus } from "../../lib/roller/roll-status.js";
import type { ClusterSnapshot } from "../../sidecar/cluster-cache.js";
import { clusterProgress, createSidecarMetrics } from "../../sidecar/metrics.js";
import { startHarness, until } from "../helpers/sidecar-harness.js";

const podSet = (name: string, annotations: Record<string, string>): StrimziPodSet =>
  ({ apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet", metadata: { name, annotations }, spec: { pods: [] } }) as unknown as StrimziPodSet;

const rolling = (status: RollStatus): Record<string, string> => ({ [ROLL_STATUS_ANNOTATION]: serializeRollStatus(status) });

const NOW = new Date("2026-12-01T10:00:00.000Z");

t.test("a cluster's progress: pending pods of every PodSet, the wait and since when, unconfirmed removals", async (t) => {
  const waiting = { reason: "AvailabilityCheckFailed" as const, message: "partition t-0 would fall below min.insync.replicas", since: "2026-12-01T09:45:00.000Z" };
  t.strictSame(clusterProgress([
    podSet("my-cluster-controller", rolling({ pending: ["my-cluster-controller-0"], waiting })),
    podSet("my-cluster-broker", {
      ...rolling({ pending: ["my-cluster-broker-3", "my-cluster-broker-4"], waiting }),
      [ANNOTATION.brokersToRemove]: "5-7",
      [ANNOTATION.removableBrokers]: "5",
    }),
  ], NOW), { pendingPods: 3, waiting: { reason: "AvailabilityCheckFailed", seconds: 900 }, removalsWaiting: 2 });
  t.strictSame(clusterProgress([podSet("my-cluster-broker", {})], NOW), { pendingPods: 0, removalsWaiting: 0 }, "nothing recorded: nothing to do");
  t.strictSame(clusterProgress([podSet("p", rolling({ pending: ["p-0"], waiting: { reason: "PodNotReady", message: "m" } }))], NOW),
    { pendingPods: 1, waiting: { reason: "PodNotReady", seconds: 0 }, removalsWaiting: 0 }, "a wait without its start has waited no time we know of");
  t.strictSame(clusterProgress([podSet("p", { [ROLL_STATUS_ANNOTATION]: "{not json", [ANNOTATION.brokersToRemove]: "1", [ANNOTATION.removableBrokers]: "1" })], NOW),
    { pendingPods: 0, removalsWaiting: 0 }, "an unreadable status is none; a confirmed removal waits no more");
});

t.test("the registry reads leadership and every cluster at each scrape, and counts passes", async (t) => {
  let leader = false;
  const cluster: ClusterSnapshot = {
    namespace: "kafka", name: "my-cluster", kafka: undefined, pools: [], pods: [], claims: [],
    podSets: [podSet("my-cluster-broker", {
      ...rolling({ pending: ["my-cluster-broker-0"], waiting: { reason: "OutsideMaintenanceWindow", message: "m", since: "2026-12-01T09:00:00.000Z" } }),
      [ANNOTATION.brokersToRemove]: "2",
    })],
  };
  const cached = { kafkas: 1, pods: 0 };
  const metrics = createSidecarMetrics({ isLeader: () => leader, clusters: () => [cluster], cachedObjects: () => cached, now: () => NOW });
  const ours = async (): Promise<string[]> => (await metrics.registry.metrics()).split("\n")
    .filter((line) => /^kafka_hooks_(sidecar_leader|sidecar_cached_objects|sidecar_reconciles_total|sidecar_reconcile_duration_seconds_(count|sum)|roll_|broker_removals)/.test(line));
  t.strictSame(await ours(), [
    "kafka_hooks_sidecar_leader 0",
    'kafka_hooks_sidecar_cached_objects{kind="kafkas"} 1',
    'kafka_hooks_sidecar_cached_objects{kind="pods"} 0',
    'kafka_hooks_roll_pending_pods{resource_namespace="kafka",cluster="my-cluster"} 1',
    'kafka_hooks_roll_waiting_seconds{resource_namespace="kafka",cluster="my-cluster",reason="OutsideMaintenanceWindow"} 3600',
    'kafka_hooks_broker_removals_waiting{resource_namespace="kafka",cluster="my-cluster"} 1',
  ]);
  leader = true;
  metrics.reconciled("roller", "success", 0.25);
  metrics.reconciled("roller", "failure", 1.5);
  metrics.reconciled("volumes", "success", 0.5);
  cluster.podSets = [];
  cached.pods = 3;
  t.strictSame(await ours(), [
    "kafka_hooks_sidecar_leader 1",
    'kafka_hooks_sidecar_cached_objects{kind="kafkas"} 1',
    'kafka_hooks_sidecar_cached_objects{kind="pods"} 3',
    'kafka_hooks_roll_pending_pods{resource_namespace="kafka",cluster="my-cluster"} 0',
    'kafka_hooks_broker_removals_waiting{resource_namespace="kafka",cluster="my-cluster"} 0',
    'kafka_hooks_sidecar_reconciles_total{reconciler="roller",result="success"} 1',
    'kafka_hooks_sidecar_reconciles_total{reconciler="roller",result="failure"} 1',
    'kafka_hooks_sidecar_reconciles_total{reconciler="volumes",result="success"} 1',
    'kafka_hooks_sidecar_reconcile_duration_seconds_sum{reconciler="roller"} 1.75',
    'kafka_hooks_sidecar_reconcile_duration_seconds_count{reconciler="roller"} 2',
    'kafka_hooks_sidecar_reconcile_duration_seconds_sum{reconciler="volumes"} 0.5',
    'kafka_hooks_sidecar_reconcile_duration_seconds_count{reconciler="volumes"} 1',
  ], "the roll's wait is over: its series goes");
});

t.test("a running sidecar serves them on its health port: the leader's passes, every reconciler's", async (t) => {
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const sidecar = await harness.startSidecar("sidecar-a", { healthPort: 0 });
  await until("sidecar-a to lead", () => sidecar.isLeader());
  await harness.reconciled("sidecar-a", 2);
  const response = await fetch(`http://127.0.0.1:${sidecar.healthPort ?? 0}/metrics`);
  t.equal(response.status, 200);
  const text = await response.text();
  t.match(text, /^kafka_hooks_sidecar_leader 1$/m);
  t.match(text, /^kafka_hooks_roll_pending_pods\{resource_namespace="myproject",cluster="my-cluster"\} 0$/m);
  // Once stopped, no pass is half-counted.
  await sidecar.stop();
  const counted = await sidecar.metrics();
  t.match(counted, /^kafka_hooks_sidecar_leader 0$/m, "it let go of the Lease");
  t.notMatch(counted, /result="failure"/);
  const passes = ["volumes", "broker-removal", "retained-cas", "roller"].map((reconciler) =>
    Number(new RegExp(`^kafka_hooks_sidecar_reconciles_total\\{reconciler="${reconciler}",result="success"\\} (\\d+)$`, "m").exec(counted)?.[1]));
  t.ok((passes[0] ?? 0) >= 2, `${passes[0]} passes`);
  t.strictSame(passes, passes.map(() => passes[0]), "each pass runs every reconciler once");
});
