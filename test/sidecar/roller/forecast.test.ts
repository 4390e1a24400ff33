// Which pods will restart and why, as the Kafka status shows it before anything
// happens: from the change the hook makes now, and from what the roller recorded.
import t from "tap";
import type { Kafka } from "../../../lib/api/kafka.js";
import type { Condition, KubeObject } from "../../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../../lib/api/strimzi-podset.js";
import { typeKey, type SyncRequest } from "../../../lib/metacontroller.js";
import { rollForecast } from "../../../lib/roller/forecast.js";
import { ROLL_STATUS_ANNOTATION, type RollStatus } from "../../../lib/roller/roll-status.js";
import { syncKafka } from "../../../lib/sync/kafka-sync.js";
import { exampleCluster, settledCluster } from "../../helpers/example-cluster.js";
import { runningPods } from "../../helpers/podsets.js";
import { exampleRequest, testEnvironment } from "../../helpers/requests.js";

const NOW = "2026-11-24T12:00:00.000Z";
const before = exampleCluster("kafka/kafka-persistent.yaml");
const PODSETS = typeKey("StrimziPodSet", "core.strimzi.io/v1");
const ALL = "my-cluster-controller-3, my-cluster-controller-4, my-cluster-controller-5, my-cluster-broker-0, my-cluster-broker-1, my-cluster-broker-2";

const conditions = (request: SyncRequest): Condition[] => syncKafka(request, testEnvironment()).status.conditions ?? [];
const spec = (request: SyncRequest): Kafka["spec"] => (request.parent as Kafka).spec;

/** The settled example with an observed PodSet changed as the roller and the PodSet hook would change it. */
function observedPodSet(request: SyncRequest, name: string, change: (podSet: StrimziPodSet) => void): SyncRequest {
  const podSet = request.children[PODSETS]?.[`myproject/${name}`] as StrimziPodSet;
  change(podSet);
  return request;
}

const withRollStatus = (status: RollStatus, current: number) => (podSet: StrimziPodSet): void => {
  podSet.metadata.annotations = { ...podSet.metadata.annotations, [ROLL_STATUS_ANNOTATION]: JSON.stringify(status) };
  podSet.status = { ...podSet.status, currentPods: current };
};

t.test("a running cluster without changes has no roll conditions", async (t) => {
  t.strictSame(conditions(structuredClone(before.request)), [{ type: "Ready", status: "True", lastTransitionTime: NOW }]);
});

t.test("a configuration change: every pod will restart for it, controllers first", async (t) => {
  const request = structuredClone(before.request);
  (spec(request).kafka.config ??= {})["log.retention.hours"] = 72;
  t.strictSame(conditions(request).slice(1), [{
    type: "RollingUpdate", status: "True", lastTransitionTime: NOW, reason: "RestartsPending",
    message: `will restart ${ALL} (CONFIG_CHANGE_REQUIRES_RESTART)`,
  }]);
});

t.test("a new image and a manual rolling update, each with its reason", async (t) => {
  const request = observedPodSet(structuredClone(before.request), "my-cluster-controller", (podSet) => {
    podSet.metadata.annotations = { ...podSet.metadata.annotations, "strimzi.io/manual-rolling-update": "true" };
  });
  spec(request).kafka.image = "registry.example.com/kafka:4.3.1";
  t.strictSame(conditions(request).slice(1), [{
    type: "RollingUpdate", status: "True", lastTransitionTime: NOW, reason: "RestartsPending",
    message: "will restart my-cluster-controller-3, my-cluster-controller-4, my-cluster-controller-5 (POD_HAS_OLD_REVISION, MANUAL_ROLLING_UPDATE); "
      + "my-cluster-broker-0, my-cluster-broker-1, my-cluster-broker-2 (POD_HAS_OLD_REVISION)",
  }]);
});

t.test("what the roller recorded: the pods it still has to restart, and why it waits", async (t) => {
  const waiting = {
    reason: "AvailabilityCheckFailed" as const,
    message: "my-cluster-broker-1 cannot be restarted: orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker 1 would leave 1",
    since: "2026-11-24T11:59:00.000Z",
  };
  const status: RollStatus = { pending: ["my-cluster-broker-1"], reasons: { "my-cluster-broker-1": ["CONFIG_CHANGE_REQUIRES_RESTART"] }, generation: 1, next: "my-cluster-broker-1", waiting };
  const request = observedPodSet(structuredClone(before.request), "my-cluster-broker", withRollStatus(status, 2));
  t.strictSame(conditions(request), [
    { type: "NotReady", status: "True", lastTransitionTime: NOW, reason: "PodsNotReady", message: "waiting for my-cluster-broker 3/3 ready, 2/3 current" },
    { type: "RollingUpdate", status: "True", lastTransitionTime: NOW, reason: "RestartsPending", message: "will restart my-cluster-broker-1 (CONFIG_CHANGE_REQUIRES_RESTART)" },
    { type: "RollWaiting", status: "True", lastTransitionTime: NOW, reason: "AvailabilityCheckFailed", message: waiting.message },
  ]);

  const exceeded = { ...waiting, reason: "AvailabilityCheckTimeout" as const, message: `${waiting.message}; waiting since 2026-11-24T11:49:00.000Z, longer than ...` };
  const stuck = observedPodSet(structuredClone(before.request), "my-cluster-broker", withRollStatus({ ...status, waiting: exceeded }, 2));
  t.strictSame(conditions(stuck)[0], {
    type: "NotReady", status: "True", lastTransitionTime: NOW, reason: "AvailabilityCheckTimeout",
    message: `waiting for my-cluster-broker 3/3 ready, 2/3 current: ${exceeded.message}`,
  }, "a wait over its budget is the NotReady reason: it needs the user");
});

t.test("a CA renewal outside the maintenance windows is postponed until the next one opens", async (t) => {
  const request = structuredClone(before.request);
  const caCert = request.children[typeKey("Secret", "v1")]?.["myproject/my-cluster-cluster-ca-cert"] as KubeObject;
  caCert.metadata.annotations = { ...caCert.metadata.annotations, "strimzi.io/force-renew": "true" };
  spec(request).maintenanceTimeWindows = ["* * 2-3 ? * *"];
  t.strictSame(conditions(request).slice(1), [{
    type: "RestartPostponed", status: "True", lastTransitionTime: NOW, reason: "OutsideMaintenanceWindow",
    message: `${ALL} (CA_CERT_HAS_OLD_GENERATION) wait for the next maintenance time window, which opens at 2026-11-25T02:00:00.000Z, to restart for new certificates`,
  }]);

  spec(request).maintenanceTimeWindows = ["* * 10-13 ? * *"];
  t.strictSame(conditions(request).slice(1).map((c) => [c.type, c.message]), [["RollingUpdate", `will restart ${ALL} (CA_CERT_HAS_OLD_GENERATION)`]], "inside a window they roll");
});

t.test("pods out of date only for a postponed restart keep the cluster Ready", async (t) => {
  const status = (generation: number): RollStatus => ({
    pending: ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"],
    reasons: Object.fromEntries(["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"].map((p) => [p, ["CA_CERT_HAS_OLD_GENERATION" as const]])),
    generation,
    waiting: { reason: "OutsideMaintenanceWindow", message: "...", since: NOW, until: "2026-11-25T02:00:00.000Z" },
  });
  // The windows are the User Operator's too (STRIMZI_MAINTENANCE_TIME_WINDOWS): a cluster running with them already.
  const windowed = exampleRequest("kafka/kafka-persistent.yaml");
  spec(windowed).maintenanceTimeWindows = ["* * 2-3 ? * *"];
  const request = observedPodSet(structuredClone(settledCluster(windowed).request), "my-cluster-broker", withRollStatus(status(1), 0));
  t.strictSame(conditions(request), [
    { type: "Ready", status: "True", lastTransitionTime: NOW },
    {
      type: "RestartPostponed", status: "True", lastTransitionTime: NOW, reason: "OutsideMaintenanceWindow",
      message: "my-cluster-broker-0, my-cluster-broker-1, my-cluster-broker-2 (CA_CERT_HAS_OLD_GENERATION) wait for the next maintenance time window, which opens at 2026-11-25T02:00:00.000Z, to restart for new certificates",
    },
  ]);

  const stale = observedPodSet(structuredClone(request), "my-cluster-broker", withRollStatus(status(0), 0));
  t.strictSame(conditions(stale)[0], {
    type: "NotReady", status: "True", lastTransitionTime: NOW, reason: "PodsNotReady", message: "waiting for my-cluster-broker 3/3 ready, 0/3 current",
  }, "not on a roll status of an older generation of the PodSet");
  spec(stale).maintenanceTimeWindows = ["* * 10-13 ? * *"];
  t.equal(conditions(observedPodSet(stale, "my-cluster-broker", withRollStatus(status(1), 0)))[0]?.type, "NotReady", "nor inside a window: they restart now");
});

t.test("roll annotations that cannot be used are Warnings", async (t) => {
  const request = structuredClone(before.request);
  request.parent.metadata.annotations = { "kafka-hooks.io/roll-parallelism": "rack", "kafka-hooks.io/roll-ready-timeout-seconds": "5m" };
  t.strictSame(conditions(request).slice(1), [{
    type: "Warning", status: "True", lastTransitionTime: NOW, reason: "InvalidRollOption",
    message: "metadata.annotations: kafka-hooks.io/roll-parallelism: \"rack\" needs spec.kafka.rack; brokers restart one at a time; "
      + "metadata.annotations: kafka-hooks.io/roll-ready-timeout-seconds: \"5m\" is not a positive whole number; 300 is used",
  }]);
});

/** Every object's keys sorted, as the API server returns them. */
const sortedDeep = <T>(value: T): T => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v)
  ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
  : v))) as T;

t.test("PodSets are compared by content, not by the order of their keys", async (t) => {
  const forecast = rollForecast({ kafka: before.request.parent, desired: before.podSets, observed: sortedDeep(before.podSets), now: new Date(NOW) });
  t.strictSame(forecast.restarts, []);
});

t.test("with the pods (render --observed), the reasons the roller itself would find", async (t) => {
  const [brokers, controllers] = before.podSets as [StrimziPodSet, StrimziPodSet];
  const older = structuredClone(brokers);
  older.spec.podTemplate.spec.containers[0] = { ...older.spec.podTemplate.spec.containers[0], name: "kafka", image: "apache/kafka:4.2.0" };
  const pods = [...runningPods(brokers).filter((p) => p.metadata?.name !== "my-cluster-broker-1"), ...runningPods(older).filter((p) => p.metadata?.name === "my-cluster-broker-1"), ...runningPods(controllers)];
  const forecast = rollForecast({ kafka: before.request.parent, desired: before.podSets, observed: before.podSets, pods, now: new Date(NOW) });
  t.strictSame(forecast.restarts, [{ pod: "my-cluster-broker-1", podSet: "my-cluster-broker", reasons: ["POD_HAS_OLD_REVISION"], postponed: false }]);
});
