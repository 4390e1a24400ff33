// One batch against a recording Kafka admin and Kubernetes: which requests go
// to Kafka (one of each kind for the whole batch), which finalizers move, the
// hand-off before the status writes, and the exact statuses written.
import t, { type Test } from "tap";
import { reconcileBatch, type TopicAdmin, type TopicCruiseControl, type TopicKube } from "../../entity-operator/topic-operator/reconcile-batch.js";
import { CruiseControlClient } from "../../sidecar/rebalance/cruise-control-client.js";
import { FakeCruiseControl } from "../helpers/fake-cruise-control.js";
import type { KafkaTopicStatus } from "../../lib/api/kafka-topic.js";
import type { ConfigChange, TopicDescription } from "../../lib/topics/kafka-state.js";
import { claimants, type StoredTopic } from "../../lib/topics/triage.js";
import type { NewTopic, TopicResult } from "../../sidecar/kafka/client.js";

const NOW = new Date("2026-12-06T12:00:00.123Z");
const FINALIZER = "strimzi.io/topic-operator";

const kt = (name: string, spec: Record<string, unknown>, meta: Partial<StoredTopic["metadata"]> = {}, status?: StoredTopic["status"]): StoredTopic => ({
  metadata: { name, namespace: "kafka", creationTimestamp: "2026-12-01T00:00:00Z", generation: 2, resourceVersion: "7", ...meta },
  spec,
  ...(status ? { status } : {}),
});

const ok = <T>(value: T): TopicResult<T> => ({ ok: true, value });
const unknown: TopicResult<never> = { ok: false, error: { code: "UNKNOWN_TOPIC_OR_PARTITION", message: "This server does not host this topic-partition." } };
const exists: TopicResult<never> = { ok: false, error: { code: "TOPIC_ALREADY_EXISTS", message: "Topic 'x' already exists." } };

/**
 * `kafka` is what the broker's Metadata shows, and topics created show at once, unless `lagging`: the broker's
 * metadata cache shows them later. `committed` are topics the controller has besides (CreateTopics answers
 * TOPIC_ALREADY_EXISTS). `reassigning` are the reassignments under way, each partition's target replication factor;
 * ListPartitionReassignments fails with `reassignmentsFailure`.
 */
function world(topics: StoredTopic[], kafka: Map<string, TopicDescription>, options: {
  clusterGone?: boolean; committed?: ReadonlySet<string>; lagging?: ReadonlySet<string>;
  reassigning?: ReadonlyMap<string, ReadonlyMap<number, number>>; reassignmentsFailure?: string; cruiseControl?: TopicCruiseControl;
} = {}) {
  const calls: string[] = [];
  const patches: [string, Record<string, unknown>][] = [];
  const finalizers: string[] = [];
  const admin: TopicAdmin = {
    async describeTopics(names) {
      calls.push(`describeTopics ${names.join(",")}`);
      return new Map(names.map((n) => [n, kafka.has(n) ? ok(kafka.get(n) as TopicDescription) : unknown]));
    },
    async createTopics(list: readonly NewTopic[]) {
      calls.push(`createTopics ${list.map((n) => `${n.name}/${n.partitions}/${n.replicas}/${[...n.configs].join(";")}`).join(",")}`);
      for (const n of list) {
        if (options.committed?.has(n.name) || options.lagging?.has(n.name)) continue;
        const partitions = n.partitions === -1 ? 1 : n.partitions;
        kafka.set(n.name, described(n.name, partitions, [...n.configs].map(([name, value]) => ({ name, value, setOnTopic: true }))));
      }
      return new Map(list.map((n) => [n.name, options.committed?.has(n.name) ? exists : ok({ topicId: `id-${n.name}` })]));
    },
    async createPartitions(counts) {
      calls.push(`createPartitions ${[...counts].join(",")}`);
      return new Map([...counts.keys()].map((n) => [n, ok(null)]));
    },
    async alterTopicConfigs(changes: ReadonlyMap<string, readonly ConfigChange[]>) {
      calls.push(`alterTopicConfigs ${JSON.stringify([...changes])}`);
      return new Map([...changes.keys()].map((n) => [n, ok(null)]));
    },
    async partitionReassignments(partitions) {
      calls.push(`partitionReassignments ${[...partitions].map(([name, indexes]) => `${name}:${indexes.join(",")}`).join(" ")}`);
      if (options.reassignmentsFailure !== undefined) throw new Error(options.reassignmentsFailure);
      return new Map([...partitions].flatMap(([name, indexes]) => {
        const under = [...options.reassigning?.get(name) ?? []].filter(([partition]) => indexes.includes(partition));
        return under.length === 0 ? [] : [[name, new Map(under)]];
      }));
    },
    async deleteTopics(names) {
      calls.push(`deleteTopics ${names.join(",")}`);
      return new Map(names.map((n) => [n, ok(null)]));
    },
  };
  const byName = new Map(topics.map((k) => [k.metadata.name, k]));
  const kube: TopicKube = {
    get: (key) => byName.get(key),
    claimants: () => claimants(byName.values()),
    async addFinalizer(topic) { finalizers.push(`+${topic.metadata.name}`); return true; },
    async removeFinalizer(topic) { finalizers.push(`-${topic.metadata.name}`); return true; },
    async patchStatus(topic, patch) { patches.push([topic.metadata.name, patch]); },
    async clusterGone() { calls.push("clusterGone"); return options.clusterGone ?? false; },
  };
  const timed = <T>(_step: string, work: () => Promise<T>): Promise<T> => work();
  const handOff = (): void => { calls.push(`handOff after ${patches.length} status writes`); };
  const deps = { admin, kube, now: () => NOW, timed, ...(options.cruiseControl ? { cruiseControl: options.cruiseControl } : {}) };
  return { run: (keys: string[]) => reconcileBatch(keys, deps, handOff), calls, patches, finalizers };
}

const described = (name: string, partitions: number, configs: TopicDescription["configs"] = []): TopicDescription => ({
  name, topicId: `id-${name}`, partitions: Array.from({ length: partitions }, (_, partition) => ({ partition, replicas: [1] })), configs,
});

t.test("a mixed batch: one request of each kind, finalizers, and exact statuses", async (t) => {
  const topics = [
    kt("new", { partitions: 2, replicas: 1, config: { "cleanup.policy": ["compact", "delete"] } }),
    kt("drift", { partitions: 4, config: { "retention.ms": 7200000 } }, { finalizers: [FINALIZER] }),
    kt("shrink", { partitions: 1 }, { finalizers: [FINALIZER] }),
    kt("gone", { partitions: 1 }, { finalizers: [FINALIZER], deletionTimestamp: "2026-12-06T11:00:00Z" }),
    kt("unmanaged", { partitions: 1 }, { annotations: { "strimzi.io/managed": "false" } }),
    kt("copy", { topicName: "drift" }, { creationTimestamp: "2026-12-02T00:00:00Z" }),
    kt("paused", { partitions: 9 }, { annotations: { "strimzi.io/pause-reconciliation": "true" } }),
  ];
  const kafka = new Map([
    ["drift", described("drift", 2, [{ name: "retention.ms", value: "1000", setOnTopic: true }, { name: "max.message.bytes", value: "5", setOnTopic: true }])],
    ["shrink", described("shrink", 3)],
  ]);
  const w = world(topics, kafka);
  const result = await w.run(topics.map((k) => k.metadata.name));
  t.strictSame(result, { retry: [], unshown: new Map(), succeeded: 4, failed: 2 }, "the deletion is no status");
  t.strictSame(w.calls, [
    "clusterGone",
    "deleteTopics gone",
    "describeTopics new,drift,shrink",
    "createTopics new/2/1/cleanup.policy,compact,delete",
    "describeTopics new",
    'alterTopicConfigs [["drift",[{"name":"retention.ms","op":"set","value":"7200000"},{"name":"max.message.bytes","op":"delete"}]]]',
    "createPartitions drift,4",
    "handOff after 0 status writes",
  ]);
  t.strictSame(w.finalizers, ["-gone", "+new"], "the deleted one released, the new one given ours; adopted ones keep theirs");
  const at = "2026-12-06T12:00:00Z";
  t.strictSame(Object.fromEntries(w.patches), {
    unmanaged: { conditions: [{ type: "Unmanaged", status: "True", lastTransitionTime: at }], observedGeneration: 2 },
    copy: { conditions: [{ type: "Ready", status: "False", lastTransitionTime: at, reason: "ResourceConflict", message: "Managed by Ref{namespace='kafka', name='drift'}" }], observedGeneration: 2, topicName: "drift" },
    paused: { conditions: [{ type: "ReconciliationPaused", status: "True", lastTransitionTime: at }], observedGeneration: 2, topicName: "paused" },
    new: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: at }], observedGeneration: 2, topicName: "new", topicId: "id-new" },
    drift: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: at }], observedGeneration: 2, topicName: "drift", topicId: "id-drift" },
    shrink: { conditions: [{ type: "Ready", status: "False", lastTransitionTime: at, reason: "NotSupported", message: "Decreasing partitions not supported" }], observedGeneration: 2, topicName: "shrink", topicId: "id-shrink" },
  });
});

t.test("a steady resync writes nothing and changes nothing in Kafka", async (t) => {
  const status = { conditions: [{ type: "Ready", status: "True" as const, lastTransitionTime: "2026-12-01T00:00:00Z" }], observedGeneration: 2, topicName: "steady", topicId: "id-steady" };
  const w = world([kt("steady", { partitions: 2, config: { "retention.ms": 1000 } }, { finalizers: [FINALIZER] }, status)],
    new Map([["steady", described("steady", 2, [{ name: "retention.ms", value: "1000", setOnTopic: true }])]]));
  t.strictSame(await w.run(["steady"]), { retry: [], unshown: new Map(), succeeded: 1, failed: 0 });
  t.strictSame(w.calls, ["deleteTopics ", "describeTopics steady", "createTopics ", "alterTopicConfigs []", "createPartitions ", "handOff after 0 status writes"]);
  t.strictSame(w.patches, []);
  t.strictSame(w.finalizers, []);
});

t.test("the cluster gone: deleted KafkaTopics are released, Kafka is not asked to delete", async (t) => {
  const w = world([kt("gone", { partitions: 1 }, { finalizers: [FINALIZER], deletionTimestamp: "2026-12-06T11:00:00Z" })], new Map(), { clusterGone: true });
  await w.run(["gone"]);
  t.strictSame(w.calls, ["clusterGone", "deleteTopics ", "handOff after 0 status writes"]);
  t.strictSame(w.finalizers, ["-gone"]);
});

t.test("created topics the broker's metadata does not show yet: no status, they wait until it shows them", async (t) => {
  const ready = { conditions: [{ type: "Ready", status: "True" as const, lastTransitionTime: "2026-12-01T00:00:00Z" }], observedGeneration: 2, topicName: "again", topicId: "id-again" };
  const topics = [
    // Created by this pass, not shown by the broker right after.
    kt("fresh", { partitions: 1 }),
    // Its first pass: someone else created the topic a moment ago, with another retention.
    kt("adopted", { partitions: 1, config: { "retention.ms": 7200000 } }),
    // A resync right after this operator created it: the status it wrote stays as it is.
    kt("again", { partitions: 1 }, { finalizers: [FINALIZER] }, ready),
  ];
  const keys = topics.map((k) => k.metadata.name);
  const lagging = world(topics, new Map(), { committed: new Set(["adopted", "again"]), lagging: new Set(["fresh"]) });
  t.strictSame(await lagging.run(keys), { retry: [], unshown: new Map([["fresh", "fresh"], ["adopted", "adopted"], ["again", "again"]]), succeeded: 0, failed: 0 });
  t.strictSame(lagging.calls, [
    "deleteTopics ",
    "describeTopics fresh,adopted,again",
    "createTopics fresh/1/-1/,adopted/1/-1/retention.ms,7200000,again/1/-1/",
    "describeTopics fresh",
    "alterTopicConfigs []",
    "createPartitions ",
    "handOff after 0 status writes",
  ]);
  t.strictSame(lagging.patches, [], "neither a Ready the broker cannot show, nor a status without the topic's id, nor one that drops it");
  t.strictSame(lagging.finalizers, ["+fresh", "+adopted"]);

  // The retry, once the broker shows all three: the adopted topic's config is set; one status each, with the id.
  const withFinalizer = (k: StoredTopic): StoredTopic => ({ ...k, metadata: { ...k.metadata, finalizers: [FINALIZER] } });
  const shown = world([withFinalizer(topics[0] as StoredTopic), withFinalizer(topics[1] as StoredTopic), topics[2] as StoredTopic], new Map([
    ["fresh", described("fresh", 1)],
    ["adopted", described("adopted", 1, [{ name: "retention.ms", value: "1000", setOnTopic: true }])],
    ["again", described("again", 1)],
  ]));
  t.strictSame(await shown.run(keys), { retry: [], unshown: new Map(), succeeded: 3, failed: 0 });
  t.strictSame(shown.calls.filter((c) => c.startsWith("alter") || c.startsWith("create")), [
    "createTopics ", 'alterTopicConfigs [["adopted",[{"name":"retention.ms","op":"set","value":"7200000"}]]]', "createPartitions ",
  ]);
  const status = (name: string) => ({
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-12-06T12:00:00Z" }], observedGeneration: 2, topicName: name, topicId: `id-${name}`,
  });
  t.strictSame(shown.patches, [["fresh", status("fresh")], ["adopted", status("adopted")]], "final at once; the resync of the other writes nothing");
});

t.test("a replication-factor change without Cruise Control: Strimzi's NotSupported status, config still applied", async (t) => {
  // Strimzi's BatchingTopicController.checkReplicasChanges when Cruise Control is not enabled.
  const w = world([kt("rf", { partitions: 2, replicas: 3, config: { "retention.ms": 1000 } }, { finalizers: [FINALIZER] })],
    new Map([["rf", described("rf", 2)]]));
  t.strictSame(await w.run(["rf"]), { retry: [], unshown: new Map(), succeeded: 0, failed: 1 });
  t.strictSame(w.calls.filter((c) => c.startsWith("alter")), ['alterTopicConfigs [["rf",[{"name":"retention.ms","op":"set","value":"1000"}]]]']);
  t.strictSame(w.patches, [["rf", {
    conditions: [{
      type: "Ready", status: "False", lastTransitionTime: "2026-12-06T12:00:00Z", reason: "NotSupported",
      message: "Replication factor change not supported, but required for partitions [0, 1]",
    }],
    observedGeneration: 2, topicName: "rf", topicId: "id-rf",
  }]]);
});

t.test("ListPartitionReassignments before NotSupported: a reassignment already heading to the spec's factor is no change to report", async (t) => {
  const topics = [
    kt("heading", { partitions: 2, replicas: 3 }, { finalizers: [FINALIZER] }),
    kt("elsewhere", { partitions: 2, replicas: 3 }, { finalizers: [FINALIZER] }),
    kt("half", { partitions: 2, replicas: 3 }, { finalizers: [FINALIZER] }),
    kt("same", { partitions: 2, replicas: 1 }, { finalizers: [FINALIZER] }),
  ];
  const w = world(topics, new Map(topics.map((k) => [k.metadata.name, described(k.metadata.name, 2)])), {
    reassigning: new Map([["heading", new Map([[0, 3], [1, 3]])], ["elsewhere", new Map([[0, 2], [1, 2]])], ["half", new Map([[1, 3]])]]),
  });
  t.strictSame(await w.run(topics.map((k) => k.metadata.name)), { retry: [], unshown: new Map(), succeeded: 2, failed: 2 });
  t.strictSame(w.calls.filter((c) => c.startsWith("partitionReassignments")), ["partitionReassignments heading:0,1 elsewhere:0,1 half:0,1"],
    "one request for the batch, naming only the partitions whose factor differs");
  const ready = (name: string) => ({
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-12-06T12:00:00Z" }], observedGeneration: 2, topicName: name, topicId: `id-${name}`,
  });
  const notSupported = (name: string) => ({
    conditions: [{
      type: "Ready", status: "False", lastTransitionTime: "2026-12-06T12:00:00Z", reason: "NotSupported",
      message: "Replication factor change not supported, but required for partitions [0, 1]",
    }],
    observedGeneration: 2, topicName: name, topicId: `id-${name}`,
  });
  t.strictSame(w.patches, [["heading", ready("heading")], ["elsewhere", notSupported("elsewhere")], ["half", notSupported("half")], ["same", ready("same")]],
    "Ready while every differing partition is being reassigned to the spec's factor; another target, or a partition left out, is NotSupported");
});

t.test("Kafka failing ListPartitionReassignments is a KafkaError for the topics asked about, the rest go on", async (t) => {
  const topics = [kt("rf", { partitions: 1, replicas: 3 }, { finalizers: [FINALIZER] }), kt("fine", { partitions: 1, replicas: 1 }, { finalizers: [FINALIZER] })];
  const w = world(topics, new Map([["rf", described("rf", 1)], ["fine", described("fine", 1)]]), { reassignmentsFailure: "Request timed out" });
  t.strictSame(await w.run(["rf", "fine"]), { retry: [], unshown: new Map(), succeeded: 1, failed: 1 });
  t.strictSame(w.patches.map(([name, patch]) => [name, (patch["conditions"] as Array<{ reason?: string; message?: string }>).map((c) => [c.reason, c.message])]), [
    ["rf", [["KafkaError", "Request timed out"]]],
    ["fine", [[undefined, undefined]]],
  ]);
});

/** A FakeCruiseControl (recorded responses, real HTTPS and basic authentication) and the sidecar's client for it. */
async function cruiseControlFor(t: Test, rackAware = false): Promise<{ fake: FakeCruiseControl; cruiseControl: TopicCruiseControl }> {
  const fake = await FakeCruiseControl.start({ serverName: "my-cluster-cruise-control.kafka.svc", user: "topic-operator", password: "fixture-password" });
  const client = new CruiseControlClient({
    address: { host: "127.0.0.1", port: fake.port, servername: "my-cluster-cruise-control.kafka.svc" },
    trustedCertificates: fake.caCertPem, credentials: { user: "topic-operator", password: "fixture-password" },
  });
  t.teardown(async () => { client.close(); await fake.stop(); });
  return { fake, cruiseControl: { send: (request) => client.send(request), rackAware } };
}

const ccStatus = (name: string, replicasChange?: KafkaTopicStatus["replicasChange"]): KafkaTopicStatus => ({
  conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-12-06T12:00:00Z" }], observedGeneration: 2, topicName: name, topicId: `id-${name}`,
  ...(replicasChange ? { replicasChange } : {}),
});
const TASK_1 = "00000000-0000-0000-0000-000000000001";

t.test("with Cruise Control a replication-factor change is asked for in one topic_configuration, then ongoing until its task completes", async (t) => {
  const { fake, cruiseControl } = await cruiseControlFor(t, true);
  const topics = [
    kt("a", { partitions: 1, replicas: 3 }, { finalizers: [FINALIZER] }),
    kt("b", { partitions: 1, replicas: 3 }, { finalizers: [FINALIZER] }),
    kt("c", { partitions: 1, replicas: 2 }, { finalizers: [FINALIZER] }),
    kt("same", { partitions: 1, replicas: 1 }, { finalizers: [FINALIZER] }),
  ];
  const kafka = new Map(topics.map((k) => [k.metadata.name, described(k.metadata.name, 1)]));
  const first = world(topics, kafka, { cruiseControl });
  t.strictSame(await first.run(topics.map((k) => k.metadata.name)), { retry: [], unshown: new Map(), succeeded: 4, failed: 0 }, "no NotSupported: a change to make");
  t.strictSame(fake.requests, ["POST /kafkacruisecontrol/topic_configuration?skip_rack_awareness_check=false&dryrun=false&json=true"]);
  t.strictSame(fake.topicConfigurations.map((b) => JSON.parse(b)), [{ replication_factor: { topic_by_replication_factor: { 3: "a|b", 2: "c" } } }],
    "Strimzi's body: the topics by target factor, |-joined");
  t.strictSame(first.patches, [
    ["a", ccStatus("a", { targetReplicas: 3, state: "ongoing", sessionId: TASK_1 })],
    ["b", ccStatus("b", { targetReplicas: 3, state: "ongoing", sessionId: TASK_1 })],
    ["c", ccStatus("c", { targetReplicas: 2, state: "ongoing", sessionId: TASK_1 })],
    ["same", ccStatus("same")],
  ]);

  // The next pass reads the statuses it wrote: the task is polled, still executing.
  const ongoing = topics.slice(0, 3).map((k, i) => ({ ...k, status: first.patches[i]?.[1] as StoredTopic["status"] }));
  const second = world(ongoing, kafka, { cruiseControl });
  await second.run(["a", "b", "c"]);
  t.strictSame(fake.requests.slice(1), [`GET /kafkacruisecontrol/user_tasks?user_task_ids=${TASK_1}&fetch_completed_task=false&json=true`]);
  t.strictSame(second.patches, [], "InExecution: still ongoing, nothing to write");

  fake.finishExecution();
  for (const name of ["a", "b"]) kafka.set(name, { ...described(name, 1), partitions: [{ partition: 0, replicas: [1, 2, 3] }] });
  kafka.set("c", { ...described("c", 1), partitions: [{ partition: 0, replicas: [1, 2] }] });
  const third = world(ongoing, kafka, { cruiseControl });
  await third.run(["a", "b", "c"]);
  t.strictSame(third.patches, ["a", "b", "c"].map((name) => [name, { replicasChange: null }]), "Completed: the change is over");
});

t.test("Cruise Control's refusals and failures: the change stays pending with Strimzi's message; a restart of Cruise Control makes ongoing changes pending again", async (t) => {
  const { fake, cruiseControl } = await cruiseControlFor(t);
  const topic = kt("rf", { partitions: 1, replicas: 3 }, { finalizers: [FINALIZER] });
  const kafka = new Map([["rf", described("rf", 1)]]);
  const cases: Array<[string, () => void, string]> = [
    ["not enough metrics", () => { fake.failNext = "NotEnoughValidWindows"; }, "Replicas change failed, Request failed (500), Cluster model not ready"],
    ["unreachable", () => { fake.failNext = "Unreachable"; }, "Replicas change failed, Connection failed"],
  ];
  for (const [what, arrange, message] of cases) {
    arrange();
    const w = world([topic], kafka, { cruiseControl });
    await w.run(["rf"]);
    t.strictSame(w.patches, [["rf", ccStatus("rf", { targetReplicas: 3, state: "pending", message })]], what);
  }
  // A pending change with a failure is asked for again at the next pass.
  const failed = { ...topic, status: ccStatus("rf", { targetReplicas: 3, state: "pending", message: "Replicas change failed, Request failed (500), Cluster model not ready" }) };
  const retried = world([failed], kafka, { cruiseControl });
  await retried.run(["rf"]);
  const ongoing = { targetReplicas: 3, state: "ongoing" as const, sessionId: TASK_1 };
  t.strictSame(retried.patches, [["rf", { replicasChange: ongoing }]], "asked again: ongoing");

  fake.restart();
  const forgotten = world([{ ...topic, status: ccStatus("rf", ongoing) }], kafka, { cruiseControl });
  await forgotten.run(["rf"]);
  t.strictSame(forgotten.patches, [["rf", { replicasChange: { targetReplicas: 3, state: "pending" } }]], "Cruise Control knows no such task (it restarted): pending again");

  fake.userTasksFail = true;
  const fetchError = world([{ ...topic, status: ccStatus("rf", ongoing) }], kafka, { cruiseControl });
  await fetchError.run(["rf"]);
  t.match(fetchError.patches, [["rf", { replicasChange: { targetReplicas: 3, state: "ongoing", message: /^Replicas change failed, Request failed \(500\), Error processing GET request '\/user_tasks' due to: 'Error happened in fetching response for task 9730e4fb/ } }]]);
});

t.test("a task completed with an error fails the change; a pending change Kafka no longer needs (reverted in the spec, or done) is ended", async (t) => {
  const { fake, cruiseControl } = await cruiseControlFor(t);
  const kafka = new Map([["rf", described("rf", 1)]]);
  const asked = world([kt("rf", { partitions: 1, replicas: 3 }, { finalizers: [FINALIZER] })], kafka, { cruiseControl });
  await asked.run(["rf"]);
  fake.failExecution();
  const ongoing = { targetReplicas: 3, state: "ongoing" as const, sessionId: TASK_1 };
  const failed = world([kt("rf", { partitions: 1, replicas: 3 }, { finalizers: [FINALIZER] }, ccStatus("rf", ongoing))], kafka, { cruiseControl });
  await failed.run(["rf"]);
  t.strictSame(failed.patches, [["rf", { replicasChange: { targetReplicas: 3, state: "ongoing", message: "Replicas change completed with error" } }]]);

  const reverted = world([kt("rf", { partitions: 1, replicas: 1 }, { finalizers: [FINALIZER] }, ccStatus("rf", { targetReplicas: 3, state: "pending", message: "Replicas change failed, x" }))], kafka, { cruiseControl });
  await reverted.run(["rf"]);
  t.strictSame(reverted.patches, [["rf", { replicasChange: null }]], "the spec back at Kafka's factor: the pending change ends");
  t.equal(fake.requests.length, 2, "Cruise Control not asked for it");
});
