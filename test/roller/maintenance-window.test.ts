// A cluster CA renewal (the real hook renewing on strimzi.io/force-renew) with
// spec.maintenanceTimeWindows, through the real sidecar: outside the window
// nothing restarts, the roll status and the Kafka status say until when, and
// the Kafka stays Ready; inside the window every pod rolls.
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { DeploymentControllerStandIn } from "../helpers/deployment-controller-standin.js";
import { hookRequest, hookStatus, kafkaScenario, ManualClock, startKafka } from "../helpers/roll-scenario.js";
import { testEnvironment } from "../helpers/requests.js";
import { NAMESPACE, startHarness, until } from "../helpers/sidecar-harness.js";

const ALL = ["my-cluster-controller-3", "my-cluster-controller-5", "my-cluster-controller-4", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];
// Without a restart to ask Kafka about, the roller does not know the active controller: controllers by id.
const BY_ID = ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];
const BROKERS = ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"];
const OPENS = "2026-11-25T02:00:00.000Z";

t.test("a CA renewal outside the maintenance window waits and says until when; inside, it rolls", async (t) => {
  const clock = new ManualClock(new Date("2026-11-24T12:00:00.000Z"));
  const harness = await startHarness();
  t.teardown(() => harness.stop());
  const kafka = harness.server.get<Kafka>("kafka.strimzi.io/v1", "Kafka", NAMESPACE, "my-cluster");
  if (!kafka) throw new Error("no Kafka");
  harness.server.put({ ...kafka, spec: { ...kafka.spec, maintenanceTimeWindows: ["* * 2-3 ? * *"] } });
  const { factory } = await startKafka(t, kafkaScenario(3, [3, 4, 5], []));
  // The user asks for a renewal; the Kafka hook renews the CA and writes its children. The sidecar
  // starts after both PodSets changed, so that no pass sees one changed and not the other.
  const request = hookRequest(harness, clock.now);
  const caCert = request.children[typeKey("Secret", "v1")]?.[`${NAMESPACE}/my-cluster-cluster-ca-cert`] as KubeObject;
  caCert.metadata.annotations = { ...caCert.metadata.annotations, "strimzi.io/force-renew": "true" };
  const answer = syncKafka(request, { ...testEnvironment(), now: () => clock.now });
  for (const secret of answer.children.filter((c) => c.kind === "Secret")) harness.server.put(secret);
  // The Entity Operator's Deployment rolls for the new CA at once, windows or not (as Strimzi's does): applied, with
  // the ConfigMaps it mounts, and rolled out.
  for (const configMap of answer.children.filter((c) => c.kind === "ConfigMap")) harness.server.put(configMap);
  for (const deployment of answer.children.filter((c) => c.kind === "Deployment")) {
    const current = harness.server.get<KubeObject>("apps/v1", "Deployment", NAMESPACE, deployment.metadata.name);
    harness.server.put({ ...deployment, metadata: { ...current?.metadata, ...deployment.metadata } });
  }
  new DeploymentControllerStandIn(harness.server).tick();
  harness.applyPodSets(answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet"));
  await harness.startSidecar("sidecar-a", { availability: factory, clock: clock.read });

  // The roller writes each PodSet's roll status in turn: the Kafka status reads both.
  await until("the wait to be reported", () => ["my-cluster-broker", "my-cluster-controller"]
    .every((podSet) => harness.rollStatus(podSet)?.waiting?.reason === "OutsideMaintenanceWindow"));
  t.strictSame(harness.rollStatus("my-cluster-broker"), {
    pending: BROKERS,
    reasons: Object.fromEntries(BROKERS.map((pod) => [pod, ["CA_CERT_HAS_OLD_GENERATION"]])),
    generation: 2,
    waiting: {
      reason: "OutsideMaintenanceWindow",
      message: `${BY_ID.join(", ")} wait for a maintenance time window to restart for new certificates; the next one opens at ${OPENS}`,
      since: "2026-11-24T12:00:00.000Z",
      until: OPENS,
    },
  });
  const waiting = hookStatus(hookRequest(harness, clock.now), clock.now);
  t.strictSame(waiting.conditions, [
    { type: "Ready", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z" },
    {
      type: "RestartPostponed", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z", reason: "OutsideMaintenanceWindow",
      message: `${BY_ID.join(", ")} (CA_CERT_HAS_OLD_GENERATION) wait for the next maintenance time window, which opens at ${OPENS}, to restart for new certificates`,
    },
  ], "Ready: every pod runs and is ready, and the status says which restarts wait, and until when");
  const deferrals = () => harness.events().filter((e) => e.action === "DeferPodRestart").map((e) => [e.regarding, e.type, e.reason]);
  await until("the Event", () => deferrals().length > 0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.strictSame(deferrals(), [["my-cluster", "Normal", "OutsideMaintenanceWindow"]]);
  t.strictSame(harness.podDeletions(), [], "nothing restarts outside the window");

  clock.now = new Date("2026-11-25T02:00:05.000Z");
  await until("the roll in the window", () => harness.podDeletions().length === 6 && harness.allPodsCurrent() && harness.rollDone());
  t.strictSame(harness.podDeletions(), ALL);
  t.strictSame(hookStatus(hookRequest(harness, clock.now), clock.now).conditions?.map((c) => c.type), ["Ready"]);
});
