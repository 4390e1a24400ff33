// The valid-edit generators make what they say, and only schema-valid resources:
// an invalid one would test the hooks' refusal, not their safety.
import t from "tap";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { settledCluster } from "../helpers/example-cluster.js";
import { exampleRequests } from "../helpers/examples.js";
import { seededGenerator } from "./mutations.js";
import { EDITS, replayEdit, schemaProblems } from "./valid-edits.js";

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";
const clusters = exampleRequests().map(({ example, request }) => ({ example, request: settledCluster(request).request }));

/** A copy whose Kafka and pools may be edited; the observed children are shared. */
const editable = (request: SyncRequest): SyncRequest => ({ ...request, parent: structuredClone(request.parent), related: structuredClone(request.related) });

const pool = (request: SyncRequest, name: string): KafkaNodePool | undefined => request.related[POOLS]?.[`myproject/${name}`] as KafkaNodePool | undefined;

t.test("every edit of every example, many times over, is schema-valid", async (t) => {
  const invalid: string[] = [];
  const applied = new Map<string, number>();
  for (const { example, request } of clusters) {
    for (const [kind, { edit }] of Object.entries(EDITS)) {
      for (let seed = 1; seed <= 10; seed++) {
        const copy = editable(request);
        const description = edit(copy, seededGenerator(seed));
        if (!description) continue;
        applied.set(kind, (applied.get(kind) ?? 0) + 1);
        const problems = schemaProblems(copy);
        if (problems.length > 0) invalid.push(`${example}: ${description}: ${problems.join("; ")}`);
      }
    }
  }
  t.same(invalid, []);
  t.same(Object.keys(EDITS).filter((kind) => (applied.get(kind) ?? 0) < 10), [], "every kind of edit applies to the examples");
});

const persistent = clusters.find((c) => c.example === "kafka/kafka-persistent.yaml")?.request;
if (!persistent) throw new Error("the persistent example is in the corpus");

t.test("a controller pool renamed: the same spec under another name", async (t) => {
  const request = editable(persistent);
  t.equal(replayEdit(request, { kind: "rename controller pool", description: "", draws: [0] }), "rename controller pool controller → controller-b");
  t.same(Object.keys(request.related[POOLS] ?? {}).sort(), ["myproject/broker", "myproject/controller-b"]);
  t.same(pool(request, "controller-b")?.spec, pool(persistent, "controller")?.spec);
});

t.test("a scale-down with the ids to remove, and a scale-up with the next ids", async (t) => {
  const down = editable(persistent);
  // The broker pool (second of two); target 1 (second candidate); remove-node-ids: yes; ids 0 and 2 drawn, 1 not.
  t.equal(replayEdit(down, { kind: "scale", description: "", draws: [0.6, 0.2, 0.1, 0.1, 0.7, 0.1] }), "scale broker pool broker 3 → 1 (remove-node-ids [0, 2])");
  t.same(pool(down, "broker")?.spec.replicas, 1);
  t.same(pool(down, "broker")?.metadata.annotations, { "strimzi.io/remove-node-ids": "[0, 2]" });
  const up = editable(persistent);
  // The controller pool (first); target 5 (fourth candidate); next-node-ids: yes, from 10, as a range.
  t.equal(replayEdit(up, { kind: "scale", description: "", draws: [0.1, 0.45, 0.2, 0.5, 0.2] }), "scale controller pool controller 3 → 5 (next-node-ids [10-15])");
  t.same(pool(up, "controller")?.metadata.annotations, { "strimzi.io/next-node-ids": "[10-15]" });
});

t.test("a jbod volume renumbered to a huge, schema-valid id", async (t) => {
  const request = editable(persistent);
  t.equal(replayEdit(request, { kind: "renumber jbod volume", description: "", draws: [0.6, 0, 0.99] }), "renumber jbod volume 0 → 1e+308 of broker pool broker");
  t.same(pool(request, "broker")?.spec.storage, { type: "jbod", volumes: [{ id: 1e308, type: "persistent-claim", size: "100Gi", kraftMetadata: "shared" }] });
  t.same(schemaProblems(request), []);
});
