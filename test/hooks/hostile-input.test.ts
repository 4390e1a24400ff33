// Parents that pass their CRD schema, observed state that someone edited, and
// statuses holding anything: every Strimzi example, as an existing cluster, is
// sent through the real server with each edit below, to the Kafka's customize
// and sync hooks, each pool's sync hook and each PodSet's sync hook. None may
// answer anything but 200 (a permanent 500 stops every status and certificate
// renewal), none may drop an observed child, and each refusal names the
// object and field.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { typeKey, type ObjectsByType, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { syncKafkaNodePool } from "../../lib/sync/nodepool-sync.js";
import { syncStrimziPodSet } from "../../lib/sync/podset-sync.js";
import { buildServer } from "../../hooks/server.js";
import { exampleRequests } from "../helpers/examples.js";
import { nextRequest, observe } from "../helpers/observe.js";
import { testEnvironment } from "../helpers/requests.js";

const POOLS = typeKey("KafkaNodePool", "kafka.strimzi.io/v1");
const PODSETS = typeKey("StrimziPodSet", "core.strimzi.io/v1");
const PODS = typeKey("Pod", "v1");

/** A value nested `levels` deep, `{"a":{"a":…}}`: JSON.stringify cannot write it, so requests are written by `requestText`. */
class Nested {
  constructor(readonly levels: number) {}
}

/** The request as JSON text, each Nested value written out. */
function requestText(request: object): string {
  const nested: string[] = [];
  const text = JSON.stringify(request, (_key, value: unknown) => {
    if (!(value instanceof Nested)) return value;
    nested.push(`${'{"a":'.repeat(value.levels)}{}${"}".repeat(value.levels)}`);
    return `\u0000nested ${nested.length - 1}\u0000`;
  });
  return text.replace(/"\\u0000nested (\d+)\\u0000"/g, (_match, index: string) => nested[Number(index)] ?? "");
}

interface Cluster {
  example: string;
  /** The Kafka sync request of the cluster after its first sync. */
  kafka: SyncRequest;
  /** The Kafka answer to it: what an unedited cluster gets. */
  baseline: { status: { conditions?: Array<{ type: string; reason?: string }> }; children: readonly KubeObject[] };
}

const podSetsOf = (request: SyncRequest): StrimziPodSet[] => Object.values(request.children[PODSETS] ?? {}) as StrimziPodSet[];
const poolsOf = (request: SyncRequest): KubeObject[] => Object.values(request.related[POOLS] ?? {});
const podSetKey = (podSet: StrimziPodSet): string => `${podSet.metadata.namespace}/${podSet.metadata.name}`;

/** A pool's sync request, as the pool's customize rules select: its Kafka, its siblings and the cluster's PodSets. */
function poolRequest(kafka: SyncRequest, pool: KubeObject): SyncRequest {
  const kafkaObject = kafka.parent;
  return {
    controller: kafka.controller,
    parent: pool,
    children: {},
    related: {
      [typeKey("Kafka", "kafka.strimzi.io/v1")]: { [`${kafkaObject.metadata.namespace}/${kafkaObject.metadata.name}`]: kafkaObject },
      [POOLS]: kafka.related[POOLS] ?? {},
      [PODSETS]: kafka.children[PODSETS] ?? {},
    },
  };
}

/** A PodSet's sync request with every pod it describes observed. */
function podSetRequest(kafka: SyncRequest, podSet: StrimziPodSet): SyncRequest {
  const pods = syncStrimziPodSet({ controller: kafka.controller, parent: podSet, children: { [PODS]: {} }, related: {} }, new Date(0)).children;
  return { controller: kafka.controller, parent: podSet, children: observe(pods, { [PODS]: {} }), related: {} };
}

const clusters: Cluster[] = exampleRequests().map(({ example, request }) => {
  const kafka = nextRequest(request, syncKafka(request, testEnvironment()));
  // Pools carry the status their own hook wrote, as in a running cluster.
  for (const pool of poolsOf(kafka)) pool.status = syncKafkaNodePool(poolRequest(kafka, pool), testEnvironment()).status;
  return { example, kafka, baseline: syncKafka(kafka, testEnvironment()) };
});

type Expectation =
  /** The answer is the one the unedited cluster gets (junk that is ignored). */
  | "baseline"
  /** Any well-formed 200 answer. */
  | "answered"
  /** NotReady with this reason and a message matching the pattern; every observed child kept. */
  | { reason: string; message: RegExp };

interface Edit {
  name: string;
  /** Changes the cluster's Kafka request in place (its parent, related pools or observed PodSets); false when it does not apply. */
  apply: (request: SyncRequest, cluster: Cluster) => boolean | void;
  kafka: Expectation;
  /** What each pool's sync answers; its Kafka, siblings and PodSets are those of the edited request. */
  pool?: Expectation;
  /** What each edited PodSet's own sync answers. */
  podSet?: Expectation;
}

const firstPodSet = (request: SyncRequest): StrimziPodSet => {
  const podSet = podSetsOf(request)[0];
  if (!podSet) throw new Error("every example has a PodSet after its first sync");
  return podSet;
};
const notReady = (reason: string, message: RegExp): Expectation => ({ reason, message });
const inconsistent = (message: RegExp): Expectation => notReady("InconsistentObservedState", message);

const EDITS: Edit[] = [
  // Free-form values nested deeper than anything recursive can copy.
  {
    name: "a spec.kafka.config value nested 2,000 levels",
    apply: (r) => { (r.parent.spec as { kafka: { config: Record<string, unknown> } }).kafka.config = { deep: new Nested(2000) }; },
    kafka: notReady("InvalidResource", /^spec\.kafka\.config\.deep: is nested deeper than 100 levels\. Nothing was changed\.$/),
  },
  {
    name: "the Kafka's pod affinity nested 10,000 levels",
    apply: (r) => { (r.parent.spec as { kafka: Record<string, unknown> }).kafka.template = { pod: { affinity: new Nested(10_000) } }; },
    kafka: notReady("InvalidResource", /^spec\.kafka\.template\.pod\.affinity\.a: is nested deeper than 100 levels\. Nothing was changed\.$/),
  },
  {
    name: "a pool's pod affinity nested 2,000 levels",
    apply: (r) => { const pool = poolsOf(r)[0]; if (pool) pool.spec = { ...(pool.spec as object), template: { pod: { affinity: new Nested(2000) } } }; },
    kafka: notReady("InvalidResource", /^KafkaNodePool\/[a-z-]+ spec\.template\.pod\.affinity\.a: is nested deeper than 100 levels\. Nothing was changed\.$/),
    // The pool whose spec it is refuses it; its siblings keep their ids.
    pool: "answered",
  },
  {
    name: "the Kafka's status holding a field nested 5,000 levels",
    apply: (r) => { r.parent.status = { ...(r.parent.status as object), deep: new Nested(5000) }; },
    kafka: "baseline",
  },
  {
    name: "a child's last-applied copy nested 5,000 levels while the Kafka is refused",
    apply: (r) => {
      (r.parent.spec as { kafka: { config: Record<string, unknown> } }).kafka.config = { deep: new Nested(200) };
      const podSet = firstPodSet(r);
      podSet.metadata.annotations = { ...podSet.metadata.annotations, "metacontroller.k8s.io/last-applied-configuration": requestText({ ...podSet, spec: new Nested(5000) }) };
    },
    kafka: notReady("InvalidResource", /^spec\.kafka\.config\.deep: is nested deeper than 100 levels\. Nothing was changed\.$/),
  },
  // Statuses anyone with access to the status subresource can write.
  {
    name: "junk among the Kafka's conditions",
    apply: (r) => { r.parent.status = { ...(r.parent.status as object), conditions: [null, 7, "Ready", {}, { type: 5, status: "True" }, { type: "Ready", status: "Maybe" }] }; },
    kafka: "baseline",
  },
  {
    name: "the Kafka's status fields of the wrong shape",
    apply: (r) => { r.parent.status = { conditions: "Ready", listeners: [null, { name: 3 }], clusterId: 5, observedGeneration: "1", operatorLastSuccessfulVersion: {}, kafkaNodePools: "x" }; },
    kafka: "answered",
  },
  {
    name: "junk in the pools' statuses",
    apply: (r) => { for (const pool of poolsOf(r)) pool.status = { conditions: [null, 1], nodeIds: ["0", null, -1, 1e20, 2 ** 31], clusterId: [] }; },
    kafka: "baseline",
    pool: "answered",
  },
  {
    name: "junk in a PodSet's status",
    apply: (r) => { firstPodSet(r).status = { conditions: [null], observedGeneration: "1", pods: null, readyPods: {}, currentPods: [] } as never; },
    kafka: "answered",
    pool: "answered",
    podSet: "answered",
  },
  // Observed PodSets whose spec contradicts its schema.
  {
    name: "a PodSet's spec null",
    apply: (r) => { (firstPodSet(r) as { spec: unknown }).spec = null; },
    kafka: inconsistent(/^StrimziPodSet\/[a-z-]+ spec: must be an object\. Nothing was changed\.$/),
    pool: inconsistent(/^StrimziPodSet\/[a-z-]+ spec: must be an object$/),
    podSet: notReady("InvalidResource", /^spec: must be an object\. No pod was changed\.$/),
  },
  {
    name: "a PodSet's pods not an array",
    apply: (r) => { (firstPodSet(r).spec as { pods: unknown }).pods = { "0": {} }; },
    kafka: inconsistent(/spec\.pods: must be an array/),
    pool: inconsistent(/spec\.pods: must be an array/),
    podSet: notReady("InvalidResource", /^spec\.pods: must be an array\. No pod was changed\.$/),
  },
  {
    name: "a null pod entry",
    apply: (r) => { (firstPodSet(r).spec.pods as unknown[]).push(null); },
    kafka: inconsistent(/spec\.pods\[\d+\]: must be an object/),
    pool: inconsistent(/spec\.pods\[\d+\]: must be an object/),
    podSet: notReady("InvalidResource", /^spec\.pods\[\d+\]: must be an object\. No pod was changed\.$/),
  },
  {
    name: "a pod entry without metadata",
    apply: (r) => { const [pod] = firstPodSet(r).spec.pods; if (pod) delete (pod as { metadata?: unknown }).metadata; },
    kafka: inconsistent(/spec\.pods\[0\]\.metadata: is required/),
    pool: inconsistent(/spec\.pods\[0\]\.metadata: is required/),
    podSet: notReady("InvalidResource", /^spec\.pods\[0\]\.metadata: is required\. No pod was changed\.$/),
  },
  {
    name: "a pod entry without a name",
    apply: (r) => { const [pod] = firstPodSet(r).spec.pods; if (pod) delete (pod.metadata as { name?: string }).name; },
    kafka: inconsistent(/spec\.pods\[0\]\.metadata\.name: is required/),
    pool: inconsistent(/spec\.pods\[0\]\.metadata\.name: is required/),
    podSet: notReady("InvalidResource", /^spec\.pods\[0\]\.metadata\.name: is required\. No pod was changed\.$/),
  },
  {
    name: "a PodSet's pod template nested 3,000 levels",
    apply: (r) => { (firstPodSet(r).spec.podTemplate as { spec: unknown }).spec = { affinity: new Nested(3000) }; },
    kafka: inconsistent(/^StrimziPodSet\/[a-z-]+ spec\.podTemplate\.spec\.affinity: is nested deeper than 100 levels\. Nothing was changed\.$/),
    pool: inconsistent(/spec\.podTemplate\.spec\.affinity: is nested deeper than 100 levels/),
    podSet: notReady("InvalidResource", /^spec\.podTemplate\.spec\.affinity: is nested deeper than 100 levels\. No pod was changed\.$/),
  },
  {
    name: "a PodSet's pod template nested 5,000 levels, and its last-applied copy removed",
    apply: (r) => {
      const podSet = firstPodSet(r);
      (podSet.spec.podTemplate as { spec: unknown }).spec = { affinity: new Nested(5000) };
      delete podSet.metadata.annotations?.["metacontroller.k8s.io/last-applied-configuration"];
    },
    // The refusal re-emits the PodSet as observed, too deep for JSON.stringify (hooks/answer-json.ts writes it).
    kafka: inconsistent(/^StrimziPodSet\/[a-z-]+ spec\.podTemplate\.spec\.affinity: is nested deeper than 100 levels\. Nothing was changed\.$/),
  },
  // Observed PodSets edited into saying something else about the cluster's nodes.
  ...([
    ["renamed", () => "evil", /evil is not a pod of pool [a-z-]+: its name must be [a-z-]+-<node id>/],
    ["given the id 1e20", (podSet: string) => `${podSet}-1e20`, /-1e20 does not end with a node id: an integer from 0 to 2147483647 without leading zeros/],
    ["given the id 10^20", (podSet: string) => `${podSet}-100000000000000000000`, /-100000000000000000000 does not end with a node id/],
    ["given the id 2^31", (podSet: string) => `${podSet}-2147483648`, /-2147483648 does not end with a node id/],
    ["given the id 007", (podSet: string) => `${podSet}-007`, /-007 does not end with a node id/],
  ] as const).map(([how, rename, message]): Edit => ({
    name: `a pod entry ${how}`,
    apply: (r) => { const podSet = firstPodSet(r); const [pod] = podSet.spec.pods; if (pod) pod.metadata.name = rename(podSet.metadata.name); },
    kafka: inconsistent(message),
    pool: inconsistent(message),
    podSet: notReady("InconsistentObservedState", message),
  })),
  {
    name: "a pod entry of another pool",
    apply: (r) => {
      const [podSet, other] = podSetsOf(r);
      const [pod] = podSet?.spec.pods ?? [];
      if (!other || !pod) return false;
      pod.metadata.name = `${other.metadata.name}-77`;
    },
    kafka: inconsistent(/-77 is not a pod of pool/),
    pool: inconsistent(/-77 is not a pod of pool/),
    podSet: notReady("InconsistentObservedState", /-77 is not a pod of pool/),
  },
  {
    name: "a pod entry listed twice",
    apply: (r) => { const { pods } = firstPodSet(r).spec; if (pods[0]) pods.push(structuredClone(pods[0])); },
    kafka: inconsistent(/ is listed twice/),
    pool: inconsistent(/ is listed twice/),
    podSet: notReady("InconsistentObservedState", / is listed twice/),
  },
  {
    name: "a PodSet's cluster id changed",
    apply: (r) => { const podSet = firstPodSet(r); podSet.metadata.annotations = { ...podSet.metadata.annotations, "strimzi.io/cluster-id": "AAAAAAAAAAAAAAAAAAAAAA" }; },
    // A single-PodSet cluster too: the Kafka's status remembers the id the volumes were formatted with.
    kafka: inconsistent(/^StrimziPodSet\/[a-z-]+ metadata\.annotations\["strimzi\.io\/cluster-id"\]: the cluster id differs between StrimziPodSet\/[a-z-]+=AAAAAAAAAAAAAAAAAAAAAA, .*Kafka\/[a-z-]+ status\.clusterId=[\w-]{22}.*Nothing was changed\.$/),
    pool: inconsistent(/the cluster id differs between StrimziPodSet\/[a-z-]+=AAAAAAAAAAAAAAAAAAAAAA/),
    podSet: "answered",
  },
  // Specs the schema refuses that still reach customize (it runs before the sync reports them).
  {
    name: "listeners of the wrong types",
    apply: (r) => { (r.parent.spec as { kafka: Record<string, unknown> }).kafka.listeners = [null, { name: 7, type: 5, port: "x", tls: "yes", configuration: null }, "plain"]; },
    kafka: notReady("InvalidResource", /^spec\.kafka\.listeners\[0\]: must be an object; .*Nothing was changed\.$/),
  },
  {
    name: "listeners not a list, logging and rack of the wrong types",
    apply: (r) => { const spec = (r.parent.spec as { kafka: Record<string, unknown> }).kafka; spec.listeners = { plain: {} }; spec.logging = "inline"; spec.rack = 3; },
    kafka: notReady("InvalidResource", /spec\.kafka\.listeners: must be an array/),
  },
  {
    name: "spec.kafka null",
    apply: (r) => { (r.parent.spec as { kafka: unknown }).kafka = null; },
    kafka: notReady("InvalidResource", /^spec\.kafka: must be an object\. Nothing was changed\.$/),
  },
];

/** Every observed child, and every pod entry of every observed PodSet, as `Kind/name`. */
function observedChildren(children: ObjectsByType): string[] {
  const names: string[] = [];
  for (const group of Object.values(children)) {
    for (const child of Object.values(group)) {
      names.push(`${child.kind}/${child.metadata.name}`);
      const pods = (child as { spec?: { pods?: unknown } }).spec?.pods;
      if (child.kind === "StrimziPodSet" && Array.isArray(pods)) {
        for (const pod of pods) names.push(`Pod/${String((pod as { metadata?: { name?: unknown } } | null)?.metadata?.name)}`);
      }
    }
  }
  return names.sort();
}

const listed = (children: readonly KubeObject[]): Set<string> => new Set(observedChildren({ answer: Object.fromEntries(children.map((c, i) => [String(i), c])) }));

interface Answer {
  status: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
  children: KubeObject[];
}

/**
 * Problems of one answer against its expectation, and children of `observed` it does not list. A refusal
 * re-emits each child as last applied, so `observed` is the cluster before the edit: an edited PodSet is
 * listed as it was, and Metacontroller's merge then changes nothing.
 */
function check(answer: Answer, expectation: Expectation, observed: ObjectsByType, baseline?: Cluster["baseline"]): string[] {
  const problems: string[] = [];
  const [first] = answer.status.conditions ?? [];
  if (expectation === "baseline") {
    if (JSON.stringify(answer.children) !== JSON.stringify(baseline?.children)) problems.push("children differ from the unedited cluster's");
    if (JSON.stringify(answer.status.conditions?.map((c) => [c.type, c.reason])) !== JSON.stringify(baseline?.status.conditions?.map((c) => [c.type, c.reason]))) {
      problems.push(`conditions ${JSON.stringify(answer.status.conditions)} differ from the unedited cluster's`);
    }
  } else if (expectation !== "answered") {
    if (first?.type !== "NotReady" || first.reason !== expectation.reason || !expectation.message.test(first.message ?? "")) {
      problems.push(`first condition ${JSON.stringify(first)}, not NotReady ${expectation.reason} ${expectation.message}`);
    }
    const kept = listed(answer.children);
    const lost = observedChildren(observed).filter((name) => !kept.has(name) && name !== "Pod/undefined" && name !== "Pod/null");
    if (lost.length > 0) problems.push(`lost ${lost.join(", ")}`);
  }
  return problems;
}

t.test("hostile but schema-valid input never fails a hook and never loses a child", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const post = async (url: string, body: object): Promise<{ statusCode: number; answer: Answer; text: string }> => {
    const reply = await app.inject({ method: "POST", url, headers: { "content-type": "application/json" }, payload: requestText(body) });
    return { statusCode: reply.statusCode, answer: (reply.statusCode === 200 ? reply.json() : {}) as Answer, text: reply.body };
  };
  const failures: string[] = [];
  let sent = 0;
  for (const edit of EDITS) {
    let applied = 0;
    for (const cluster of clusters) {
      const request = structuredClone(cluster.kafka);
      if (edit.apply(request, cluster) === false) continue;
      applied++;
      const where = `${edit.name}, ${cluster.example}`;
      const customize = await post("/kafka/customize", { controller: request.controller, parent: request.parent });
      const sync = await post("/kafka/sync", request);
      sent += 2;
      if (customize.statusCode !== 200) failures.push(`${where}: customize answered ${customize.statusCode} ${customize.text}`);
      if (sync.statusCode !== 200) {
        failures.push(`${where}: sync answered ${sync.statusCode} ${sync.text}`);
        continue;
      }
      failures.push(...check(sync.answer, edit.kafka, cluster.kafka.children, cluster.baseline).map((p) => `${where}: Kafka sync: ${p}`));
      for (const pool of edit.pool ? poolsOf(request) : []) {
        const answer = await post("/kafkanodepool/sync", poolRequest(request, pool));
        sent++;
        if (answer.statusCode !== 200) failures.push(`${where}: KafkaNodePool/${pool.metadata.name} sync answered ${answer.statusCode} ${answer.text}`);
        else if (edit.pool) failures.push(...check(answer.answer, edit.pool, {}).map((p) => `${where}: KafkaNodePool/${pool.metadata.name} sync: ${p}`));
      }
      if (edit.podSet) {
        const podSet = podSetsOf(request).find((ps) => podSetKey(ps) === podSetKey(firstPodSet(cluster.kafka))) ?? firstPodSet(request);
        const podSetSync = podSetRequest(cluster.kafka, firstPodSet(cluster.kafka));
        const answer = await post("/strimzipodset/sync", { ...podSetSync, parent: podSet });
        sent++;
        if (answer.statusCode !== 200) failures.push(`${where}: PodSet sync answered ${answer.statusCode} ${answer.text}`);
        else failures.push(...check(answer.answer, edit.podSet, podSetSync.children).map((p) => `${where}: PodSet sync: ${p}`));
      }
    }
    t.ok(applied > 0, `${edit.name} applies to some example`);
  }
  t.comment(`${sent} requests, ${EDITS.length} edits, ${clusters.length} clusters`);
  t.same(failures.slice(0, 20), [], "every hook answered 200 as expected and kept every child");
});

t.test("the nesting limit is the limit: 100 levels are read, 101 refused", async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  t.teardown(() => app.close());
  const cluster = clusters.find((c) => c.example === "kafka/kafka-persistent.yaml");
  if (!cluster) throw new Error("the persistent example is in the corpus");
  const withAffinity = async (levels: number): Promise<Answer> => {
    const request = structuredClone(cluster.kafka);
    // The Kafka is level 1 and spec.kafka.template.pod.affinity level 6; Nested(n) adds n levels below that.
    (request.parent.spec as { kafka: Record<string, unknown> }).kafka.template = { pod: { affinity: new Nested(levels - 6) } };
    return (await app.inject({ method: "POST", url: "/kafka/sync", headers: { "content-type": "application/json" }, payload: requestText(request) })).json();
  };
  const accepted = await withAffinity(100);
  t.notMatch(JSON.stringify(accepted.status), /nested deeper|InvalidResource/, "100 levels are accepted");
  const podSets = accepted.children.filter((c) => c.kind === "StrimziPodSet") as StrimziPodSet[];
  t.ok(podSets.length > 0 && podSets.every((ps) => (ps.spec.podTemplate.spec.affinity as { a?: unknown }).a !== undefined), "and reach the pods");
  t.match((await withAffinity(101)).status.conditions?.[0], { type: "NotReady", reason: "InvalidResource", message: /^spec\.kafka\.template\.pod\.affinity\.a: is nested deeper than 100 levels/ });
});
