// The roller with the real client against the stand-in API server: pods the
// sidecar deletes come back from their PodSet (the stand-in for the PodSet hook
// and the kubelet), unready at first, ready a little later.
import t, { type Test } from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { reconfigured } from "../helpers/example-cluster.js";
import { NAMESPACE, startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const CONTROLLERS = ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"];
const BROKERS = ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];

/** The example's PodSets after a broker configuration change: every pod gets a new configuration hash. */
function withNewConfiguration(harness: Harness): StrimziPodSet[] {
  return reconfigured(harness.cluster, (spec) => {
    (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
  }).podSets;
}

/** Fails the test if a pod is deleted while another pod of the cluster is missing or not ready. */
function watchOneAtATime(t: Test, harness: Harness): void {
  const all = [...CONTROLLERS, ...BROKERS];
  const unsubscribe = harness.server.onChange(({ type, resource, object }) => {
    if (type !== "DELETED" || resource.kind !== "Pod") return;
    const others = all.filter((name) => name !== object.metadata.name);
    const down = others.filter((name) => !(harness.pod(name)?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"));
    t.strictSame(down, [], `no other pod is down when ${object.metadata.name} is deleted`);
  });
  t.teardown(unsubscribe);
}

t.test("a configuration change rolls 3 controllers and 3 brokers in order, one at a time", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
  t.strictSame(harness.rollStatus("my-cluster-broker"), { pending: [], generation: 1 });
  t.strictSame(harness.podDeletions(), [], "nothing restarts while every pod is current");

  watchOneAtATime(t, harness);
  harness.applyPodSets(withNewConfiguration(harness));
  await until("every pod to run its new configuration", () => harness.allPodsCurrent() && harness.podDeletions().length === 6);
  await until("the roll to be reported finished", () => harness.rollDone());

  t.strictSame(harness.podDeletions(), [
    "my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4",
    "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2",
  ], "controllers first, the active controller (4) last among them, then brokers");
  t.strictSame(harness.kafka.questions.filter((q) => q !== "active"), [
    "controller 3", "controller 5", "controller 4", "broker 0", "broker 1", "broker 2",
  ], "Kafka is asked before each deletion");
  t.strictSame(harness.rollStatus("my-cluster-controller"), { pending: [], generation: 2 });

  const restarts = harness.events().filter((e) => e.action === "StrimziInitiatedPodRestart");
  t.strictSame(restarts.filter((e) => e.regarding !== "my-cluster").map((e) => [e.regarding, e.reason, e.note, e.type]), [
    ...["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", ...BROKERS].map((pod) => [
      pod, "ConfigChangeRequiresRestart", "Pod needs to be restarted, because reconfiguration cannot be done dynamically", "Normal",
    ]),
  ], "one Event per restarted pod, with Strimzi's reason and note");
  t.strictSame(restarts.filter((e) => e.regarding === "my-cluster").map((e) => e.related), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", ...BROKERS], "and one on the Kafka");
  t.ok(restarts.every((e) => e.instance === "sidecar-a"));

  const [connection] = harness.kafka.connections;
  t.strictSame(
    { namespace: connection?.namespace, name: connection?.name, bootstrap: connection?.bootstrap },
    { namespace: NAMESPACE, name: "my-cluster", bootstrap: `my-cluster-kafka-brokers.${NAMESPACE}.svc:9091` },
  );
  t.match(connection?.clusterCaCertPem, /^-----BEGIN CERTIFICATE-----/);
  t.match(connection?.operatorCertPem, /^-----BEGIN CERTIFICATE-----/);
  t.match(connection?.operatorKeyPem, /^-----BEGIN PRIVATE KEY-----/);
});

t.test("a half-applied answer rolls nothing: with the brokers' PodSet written first, the controllers still go first once the status is", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);

  // Metacontroller writes an answer's children one at a time, in no set order, and the Kafka's status last.
  const podSets = withNewConfiguration(harness);
  harness.applyPodSets(podSets.filter((p) => p.metadata.name === "my-cluster-broker"), { halfApplied: true });
  await harness.reconciled("sidecar-a", 3);
  t.strictSame(harness.podDeletions(), [], "no pod restarts while the controllers' PodSet is from the previous answer");
  harness.applyPodSets(podSets, { halfApplied: true });
  await harness.reconciled("sidecar-a", 3);
  t.strictSame(harness.podDeletions(), [], "nor while the status is, with ConfigMaps and Secrets perhaps still to come");

  harness.applyPodSets(podSets);
  await until("every pod to run its new configuration", () => harness.allPodsCurrent() && harness.podDeletions().length === 6);
  t.strictSame(harness.podDeletions(), [...["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4"], ...BROKERS]);
});

t.test("a broker Kafka holds back waits, reported in the roll status and Events, and rolls once Kafka agrees", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  const reason = "partition orders-0 would have 1 in-sync replica, below min.insync.replicas=2";
  harness.kafka.brokerVerdicts.set(1, { ok: false, reason });
  await harness.startSidecar("sidecar-a");
  harness.applyPodSets(withNewConfiguration(harness));

  await until("every other pod to be restarted", () => harness.podDeletions().length === 5 && harness.pod("my-cluster-broker-2")?.status?.conditions?.[0]?.status === "True");
  await until("the wait to be reported", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "AvailabilityCheckFailed");
  t.strictSame(harness.podDeletions(), ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-2"]);
  const status = harness.rollStatus("my-cluster-broker");
  t.strictSame({ ...status, lastRestart: undefined, waiting: { ...status?.waiting, since: undefined } }, {
    pending: ["my-cluster-broker-1"],
    reasons: { "my-cluster-broker-1": ["CONFIG_CHANGE_REQUIRES_RESTART"] },
    generation: 2,
    next: "my-cluster-broker-1",
    waiting: { reason: "AvailabilityCheckFailed", message: `my-cluster-broker-1 cannot be restarted: ${reason}`, since: undefined },
    lastRestart: undefined,
  });
  t.match(status?.waiting?.since, /^\d{4}-\d\d-\d\dT/, "the wait records when it began");
  t.equal(status?.lastRestart?.pod, "my-cluster-broker-2");
  t.strictSame(harness.rollStatus("my-cluster-controller")?.pending, [], "the controllers' PodSet has nothing pending");

  const deferrals = () => harness.events().filter((e) => e.action === "DeferPodRestart");
  await until("the Events", () => deferrals().length === 2);
  t.strictSame(deferrals().map((e) => [e.regarding, e.type, e.reason, e.note]), [
    ["my-cluster", "Warning", "AvailabilityCheckFailed", `my-cluster-broker-1 cannot be restarted: ${reason}`],
    ["my-cluster-broker-1", "Warning", "AvailabilityCheckFailed", reason],
  ]);
  await harness.reconciled("sidecar-a", 3);
  t.equal(deferrals().length, 2, "not again on every resync");

  harness.kafka.brokerVerdicts.delete(1);
  await until("the held-back broker to roll", () => harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions().slice(5), ["my-cluster-broker-1"]);
});

t.test("strimzi.io/manual-rolling-update on a PodSet rolls its pods once; on a pod, that pod", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  await harness.startSidecar("sidecar-a");
  await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);

  const brokers = harness.podSet("my-cluster-broker");
  harness.server.put({ ...brokers, metadata: { ...brokers.metadata, annotations: { ...brokers.metadata.annotations, "strimzi.io/manual-rolling-update": "true" } } });
  await until("the brokers to roll", () => harness.podDeletions().length === 3 && harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions(), BROKERS);
  t.equal(harness.podSet("my-cluster-broker").metadata.annotations?.["strimzi.io/manual-rolling-update"], undefined, "the annotation is gone from the PodSet");
  t.strictSame(harness.events().filter((e) => e.action === "StrimziInitiatedPodRestart" && e.regarding !== "my-cluster").map((e) => [e.regarding, e.reason]),
    BROKERS.map((pod) => [pod, "ManualRollingUpdate"]));

  const pod = harness.pod("my-cluster-controller-5");
  harness.server.put({ ...pod, metadata: { ...pod?.metadata, name: "my-cluster-controller-5", annotations: { ...pod?.metadata?.annotations, "strimzi.io/manual-rolling-update": "true" } } });
  await until("the annotated controller to roll", () => harness.podDeletions().length === 4 && harness.allPodsCurrent());
  t.strictSame(harness.podDeletions().slice(3), ["my-cluster-controller-5"]);
  await harness.reconciled("sidecar-a", 3);
  t.equal(harness.podDeletions().length, 4, "a restarted pod comes back without the annotation and stays");
});

t.test("a certificate renewal waits for the maintenance window; nothing restarts outside it", async (t) => {
  const harness = await startHarness({ activeController: 4 });
  t.teardown(() => harness.stop());
  const kafka = harness.server.get("kafka.strimzi.io/v1", "Kafka", NAMESPACE, "my-cluster");
  // A window that never comes: 29 February of 2199 is no date.
  harness.server.put({ ...kafka, spec: { ...(kafka?.spec as object), maintenanceTimeWindows: ["* * * 29 FEB ? 2199"] } } as typeof kafka & object);
  await harness.startSidecar("sidecar-a", { clock: () => new Date("2026-11-24T12:00:00.000Z") });
  const renewed = harness.cluster.podSets.map((podSet) => ({
    ...podSet,
    spec: { ...podSet.spec, pods: podSet.spec.pods.map((p) => ({ ...p, metadata: { ...p.metadata, annotations: { ...p.metadata.annotations, "strimzi.io/cluster-ca-cert-generation": "1" } } })) },
  }));
  harness.applyPodSets(renewed);
  await until("the wait to be reported", () => harness.rollStatus("my-cluster-broker")?.waiting?.reason === "OutsideMaintenanceWindow");
  t.strictSame(harness.rollStatus("my-cluster-broker"), {
    pending: BROKERS,
    reasons: Object.fromEntries(BROKERS.map((pod) => [pod, ["CA_CERT_HAS_OLD_GENERATION"]])),
    generation: 2,
    waiting: {
      reason: "OutsideMaintenanceWindow",
      message: `${[...CONTROLLERS, ...BROKERS].join(", ")} wait for a maintenance time window to restart for new certificates; none opens within the next four years`,
      since: "2026-11-24T12:00:00.000Z",
    },
  });
  t.strictSame(harness.podDeletions(), []);
  const deferrals = () => harness.events().filter((e) => e.action === "DeferPodRestart");
  await until("the Event", () => deferrals().length > 0);
  await harness.reconciled("sidecar-a", 3);
  t.strictSame(deferrals().map((e) => [e.regarding, e.type, e.reason]), [["my-cluster", "Normal", "OutsideMaintenanceWindow"]]);
  t.strictSame(harness.podDeletions(), [], "still nothing restarted");
});
