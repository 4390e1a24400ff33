// Auto-rebalancing on scale through the whole sidecar: Strimzi's
// cruise-control/kafka-cruise-control-auto-rebalancing.yaml in the stand-in API
// server, a fake Kafka (FakeAvailability) and a fake Cruise Control built from its
// recorded answers; the test plays the Kafka hook's part on the PodSets (a broker
// added, brokers to remove). Scale-up: an add-brokers rebalance once the new
// broker is unfenced, auto-approved, executed, deleted, Idle. Scale-down: the
// broker Kafka refuses to let go becomes a remove-brokers rebalance, is cordoned,
// and is confirmed removable only once it hosts nothing. A new sidecar takes over
// at each state from the PodSets' record alone.
import t, { type Test } from "tap";
import type { KafkaRebalance } from "../../lib/api/kafka-rebalance.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { metadataFeatureLevel } from "../../lib/model/kafka-versions.js";
import { recordedAutoRebalance, type AutoRebalanceRecord } from "../../lib/rebalance/auto-rebalance-record.js";
import { stateOf } from "../../lib/rebalance/states.js";
import { nodeIdOf } from "../../lib/roller/cluster-nodes.js";
import type { Sidecar } from "../../sidecar/sidecar.js";
import { withCruiseControl } from "../helpers/cruise-control-bed.js";
import { exampleCluster } from "../helpers/example-cluster.js";
import { podOf } from "../helpers/podset-stand-in.js";
import type { FakeCruiseControl } from "../helpers/fake-cruise-control.js";
import { NAMESPACE, startHarness, until, type Harness } from "../helpers/sidecar-harness.js";

const EXAMPLE = "cruise-control/kafka-cruise-control-auto-rebalancing.yaml";
const CLUSTER = { namespace: NAMESPACE, name: "my-cluster" };
const BROKERS = "my-cluster-broker";
const NOW = new Date("2026-12-07T03:00:00.000Z");
const TEMPLATE_SPEC = { goals: ["CpuCapacityGoal", "NetworkInboundCapacityGoal"], skipHardGoalCheck: true };
const AUTO_REBALANCE = [
  { mode: "add-brokers", template: { name: "my-add-brokers-rebalancing-template" } },
  { mode: "remove-brokers", template: { name: "my-remove-brokers-rebalancing-template" } },
];

interface Bed {
  harness: Harness;
  cruiseControl: FakeCruiseControl;
  /** Each auto-rebalancing KafkaRebalance's states as stored, in order, each once in a row (`deleted` when it goes). */
  states: Map<string, string[]>;
  /** A new sidecar (stopping the one before, if any), once it leads. */
  takeOver(): Promise<Sidecar>;
  kafkaUid: string;
}

async function bed(t: Test): Promise<Bed> {
  const harness = await startHarness({ cluster: exampleCluster(EXAMPLE) });
  const { server } = harness;
  const { cruiseControl, address } = await withCruiseControl(server, CLUSTER);
  const kafka = server.get<{ apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid: string }; spec: Record<string, unknown> }>("kafka.strimzi.io/v1", "Kafka", NAMESPACE, CLUSTER.name);
  if (!kafka) throw new Error("no Kafka");
  server.put({ ...kafka, spec: { ...kafka.spec, cruiseControl: { autoRebalance: AUTO_REBALANCE } } });
  for (const { template } of AUTO_REBALANCE) {
    server.put({
      apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
      metadata: { name: template.name, namespace: NAMESPACE, labels: { "strimzi.io/cluster": CLUSTER.name }, annotations: { "strimzi.io/rebalance-template": "true" } },
      spec: TEMPLATE_SPEC,
    });
  }
  harness.kafka.metadataLevel = metadataFeatureLevel("4.3-IV0");
  for (const id of brokerIds(harness)) harness.kafka.unfenced.add(id);
  const states = new Map<string, string[]>();
  const stopWatching = server.onChange(({ type, resource, object }) => {
    if (resource.kind !== "KafkaRebalance" || !object.metadata.name.includes("-auto-rebalancing-")) return;
    const seen = states.get(object.metadata.name) ?? [];
    const state = type === "DELETED" ? "deleted" : stateOf((object as unknown as KafkaRebalance).status ?? { conditions: [] }) ?? "New";
    if (seen.at(-1) !== state) states.set(object.metadata.name, [...seen, state]);
  });
  let sidecar: Sidecar | undefined;
  let generation = 0;
  t.teardown(async () => {
    stopWatching();
    await harness.stop();
    await cruiseControl.stop();
  });
  return {
    harness,
    cruiseControl,
    states,
    kafkaUid: kafka.metadata.uid,
    async takeOver() {
      await sidecar?.stop();
      generation++;
      const next = await harness.startSidecar(`sidecar-${generation}`, { cruiseControlAddress: address, cruiseControlGateOn: true, rebalancePollIntervalMs: 50, clock: () => NOW });
      await until(`sidecar-${generation} leading`, () => next.isLeader());
      sidecar = next;
      return next;
    },
  };
}

function brokerIds(harness: Harness): number[] {
  return harness.podSet(BROKERS).spec.pods.flatMap((p) => nodeIdOf(p.metadata.name) ?? []);
}

const record = (harness: Harness): AutoRebalanceRecord | undefined =>
  recordedAutoRebalance(harness.server.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE));

const rebalance = (harness: Harness, mode: string): KafkaRebalance | undefined =>
  harness.server.get<KafkaRebalance>("kafka.strimzi.io/v1", "KafkaRebalance", NAMESPACE, `my-cluster-auto-rebalancing-${mode}`);

/** Waits for the rebalance's state; a timeout says which state and conditions it is in instead. */
async function untilState(harness: Harness, mode: string, state: string): Promise<void> {
  try {
    await until(state, () => stateOf(rebalance(harness, mode)?.status ?? { conditions: [] }) === state);
  } catch (error) {
    throw new Error(`${String(error)}; the ${mode} rebalance's status: ${JSON.stringify(rebalance(harness, mode)?.status)}`, { cause: error });
  }
}

const creates = (harness: Harness): string[] => harness.server.writes.filter((w) => w.resource === "kafkarebalances" && w.verb === "create").map((w) => w.name);

/** The Kafka hook's part: the PodSet's annotations merged (null removes one), its pods edited. */
function editPodSet(harness: Harness, name: string, annotations: Record<string, string | null>, pods?: (set: StrimziPodSet) => StrimziPodSet["spec"]["pods"]): void {
  const set = harness.podSet(name);
  const merged = Object.fromEntries(Object.entries({ ...set.metadata.annotations, ...annotations }).filter((e): e is [string, string] => e[1] !== null));
  harness.server.put({ ...set, metadata: { ...set.metadata, annotations: merged }, spec: { ...set.spec, pods: pods ? pods(set) : set.spec.pods } });
}

/** A new broker on the PodSet, as the hook adds one on a scale-up. */
const withBroker = (id: number) => (set: StrimziPodSet): StrimziPodSet["spec"]["pods"] => {
  const [first] = set.spec.pods;
  if (!first) throw new Error("an empty PodSet");
  const pod = `${BROKERS}-${id}`;
  return [...set.spec.pods, {
    ...first,
    metadata: { ...first.metadata, name: pod, labels: { ...first.metadata.labels, "strimzi.io/pod-name": pod } },
    spec: { ...first.spec, hostname: pod, volumes: first.spec.volumes.map((v) => (v.persistentVolumeClaim ? { ...v, persistentVolumeClaim: { claimName: `data-0-${pod}` } } : v)) },
  }];
};

t.test("scale-up: an add-brokers rebalance once the new broker is unfenced, auto-approved, executed, deleted; Idle; each state taken over by a new sidecar", async (t) => {
  const { harness, cruiseControl, takeOver, kafkaUid, states } = await bed(t);
  const initial = brokerIds(harness);
  const added = Math.max(...initial) + 1;
  await takeOver();
  await until("the first record", () => record(harness)?.status.state === "Idle");
  t.strictSame(record(harness), { revision: 1, status: { state: "Idle", lastTransitionTime: NOW.toISOString() }, brokers: initial, cordoned: [] }, "a new cluster: nothing added");

  editPodSet(harness, BROKERS, {}, withBroker(added));
  // The PodSet hook's part: the new broker's pod, started (ready) but not yet unfenced.
  const pod = podOf(harness.podSet(BROKERS), `${BROKERS}-${added}`, true);
  if (!pod) throw new Error("no pod for the new broker");
  harness.server.put(pod);
  await harness.reconciled("sidecar-1", 2);
  t.equal(rebalance(harness, "add-brokers"), undefined, "a broker still fenced is not added yet");
  t.strictSame(record(harness)?.brokers, initial);

  harness.kafka.unfenced.add(added);
  await until("the add-brokers rebalance", () => rebalance(harness, "add-brokers") !== undefined);
  const created = rebalance(harness, "add-brokers");
  t.strictSame(created?.metadata.labels, { "strimzi.io/cluster": "my-cluster" });
  t.strictSame(created?.metadata.annotations, { "strimzi.io/rebalance-auto-approval": "true" });
  t.strictSame(created?.metadata.finalizers, ["strimzi.io/auto-rebalancing"]);
  t.strictSame(created?.metadata.ownerReferences, [{ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "my-cluster", uid: kafkaUid, controller: false, blockOwnerDeletion: false }]);
  t.strictSame(created?.spec, { ...TEMPLATE_SPEC, mode: "add-brokers", brokers: [added] });
  await until("RebalanceOnScaleUp recorded", () => record(harness)?.status.state === "RebalanceOnScaleUp");
  t.strictSame(record(harness)?.status, { state: "RebalanceOnScaleUp", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "add-brokers", brokers: [added] }] });
  t.strictSame(record(harness)?.brokers, [...initial, added]);

  await untilState(harness, "add-brokers", "Rebalancing");
  t.ok(cruiseControl.requests.some((r) => r.startsWith("POST /kafkacruisecontrol/add_broker?") && r.includes("dryrun=false") && r.includes(`brokerid=${added}`)), "Cruise Control was asked to execute add_broker");
  await takeOver();
  cruiseControl.finishExecution();
  // Ready is followed at once by the deletion: what is waited for is the end, whose status tells Ready (NotReady keeps the broker queued).
  await until("the rebalance deleted, Idle", () => rebalance(harness, "add-brokers") === undefined && record(harness)?.status.state === "Idle");
  t.strictSame(record(harness)?.status, { state: "Idle", lastTransitionTime: NOW.toISOString() }, "nothing queued: it ended Ready");
  t.strictSame(creates(harness), ["my-cluster-auto-rebalancing-add-brokers"], "created once, over two sidecars");
  t.strictSame(states.get("my-cluster-auto-rebalancing-add-brokers")?.slice(-3), ["Rebalancing", "Ready", "deleted"]);
  t.notOk(states.get("my-cluster-auto-rebalancing-add-brokers")?.includes("NotReady"));

  const revision = record(harness)?.revision;
  await takeOver();
  await harness.reconciled("sidecar-3", 2);
  t.equal(record(harness)?.revision, revision, "a new sidecar at Idle changes nothing");
  t.strictSame(creates(harness), ["my-cluster-auto-rebalancing-add-brokers"]);
});

t.test("scale-down: the broker Kafka refuses to let go becomes a remove-brokers rebalance, cordoned, removable only once empty; each state taken over", async (t) => {
  const { harness, cruiseControl, takeOver, states } = await bed(t);
  const initial = brokerIds(harness);
  const leaving = Math.max(...initial);
  await takeOver();
  await until("the first record", () => record(harness)?.status.state === "Idle");

  // Proposals wait for finishProposals(): a sidecar is only replaced while the rebalance's state is recorded, not while a request to Cruise Control is in flight.
  cruiseControl.proposalsTakeTime = true;
  harness.kafka.hostedReplicas.set(leaving, `broker ${leaving} hosts replicas of my-topic-0`);
  editPodSet(harness, BROKERS, { [ANNOTATION.brokersToRemove]: String(leaving) });
  await until("the remove-brokers rebalance", () => rebalance(harness, "remove-brokers") !== undefined);
  t.strictSame(rebalance(harness, "remove-brokers")?.spec, { ...TEMPLATE_SPEC, mode: "remove-brokers", brokers: [leaving] });
  t.match(harness.podSet(BROKERS).metadata.annotations?.[ANNOTATION.brokerRemovalRefused], `broker ${leaving} hosts replicas of my-topic-0`);
  await until("RebalanceOnScaleDown recorded", () => record(harness)?.status.state === "RebalanceOnScaleDown");
  t.strictSame(record(harness)?.status, { state: "RebalanceOnScaleDown", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "remove-brokers", brokers: [leaving] }] });
  t.strictSame(record(harness)?.cordoned, [leaving]);
  t.equal(harness.kafka.brokerOverrides.get(leaving)?.get("cordoned.log.dirs"), "*", "cordoned before Cruise Control moves its replicas");
  t.ok(harness.kafka.questions.includes(`alter ${leaving} cordoned.log.dirs=*`));

  await untilState(harness, "remove-brokers", "PendingProposal");
  await takeOver();
  cruiseControl.finishProposals();
  await untilState(harness, "remove-brokers", "Rebalancing");
  t.ok(cruiseControl.requests.some((r) => r.startsWith("POST /kafkacruisecontrol/remove_broker?") && r.includes("dryrun=false") && r.includes(`brokerid=${leaving}`)));
  t.equal(harness.podSet(BROKERS).metadata.annotations?.[ANNOTATION.removableBrokers], undefined, "held while it hosts replicas");

  await takeOver();
  harness.kafka.hostedReplicas.delete(leaving);
  cruiseControl.finishExecution();
  await until("the rebalance deleted, Idle", () => rebalance(harness, "remove-brokers") === undefined && record(harness)?.status.state === "Idle");
  t.strictSame(record(harness)?.status, { state: "Idle", lastTransitionTime: NOW.toISOString() });
  await until("Kafka confirms the broker empty", () => harness.podSet(BROKERS).metadata.annotations?.[ANNOTATION.removableBrokers] === String(leaving));
  t.strictSame(record(harness)?.cordoned, [leaving], "still cordoned until it is gone");
  t.equal(harness.kafka.brokerOverrides.get(leaving)?.get("cordoned.log.dirs"), "*");
  t.strictSame(creates(harness), ["my-cluster-auto-rebalancing-remove-brokers"], "created once, over three sidecars");
  t.strictSame(states.get("my-cluster-auto-rebalancing-remove-brokers"), ["New", "PendingProposal", "ProposalReady", "Rebalancing", "Ready", "deleted"]);

  editPodSet(harness, BROKERS, { [ANNOTATION.brokersToRemove]: null }, (set) => set.spec.pods.filter((p) => nodeIdOf(p.metadata.name) !== leaving));
  harness.kafka.unfenced.delete(leaving);
  await until("the broker gone from the record", () => record(harness)?.brokers.join(",") === initial.filter((id) => id !== leaving).join(","));
  t.strictSame(record(harness)?.cordoned, [leaving], "Kafka keeps the id's options: uncordoned should it come back");
  t.strictSame(creates(harness), ["my-cluster-auto-rebalancing-remove-brokers"]);
});

t.test("turned off: a broker whose removal was undone is uncordoned, and the record goes, so that turning it on again starts afresh", async (t) => {
  const { harness, cruiseControl, takeOver } = await bed(t);
  const leaving = Math.max(...brokerIds(harness));
  await takeOver();
  await until("the first record", () => record(harness)?.status.state === "Idle");
  cruiseControl.proposalsTakeTime = true;
  harness.kafka.hostedReplicas.set(leaving, `broker ${leaving} hosts replicas of my-topic-0`);
  editPodSet(harness, BROKERS, { [ANNOTATION.brokersToRemove]: String(leaving) });
  await until("cordoned", () => record(harness)?.cordoned.includes(leaving) === true);
  t.equal(harness.kafka.brokerOverrides.get(leaving)?.get("cordoned.log.dirs"), "*");

  editPodSet(harness, BROKERS, { [ANNOTATION.brokersToRemove]: null });
  const kafka = harness.server.get<{ apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> }>("kafka.strimzi.io/v1", "Kafka", NAMESPACE, CLUSTER.name);
  if (!kafka) throw new Error("no Kafka");
  harness.server.put({ ...kafka, spec: { ...kafka.spec, cruiseControl: {} } });
  await until("the record gone from every PodSet", () => harness.server.list<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", NAMESPACE)
    .every((p) => p.metadata.annotations?.[ANNOTATION.autoRebalance] === undefined));
  t.equal(harness.kafka.brokerOverrides.get(leaving)?.has("cordoned.log.dirs"), false, "uncordoned");
  t.ok(harness.kafka.questions.includes(`alter ${leaving} -cordoned.log.dirs`));
});
