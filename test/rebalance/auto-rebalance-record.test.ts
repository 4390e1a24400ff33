// Auto-rebalancing's record on the PodSets (lib/rebalance/auto-rebalance-record.ts):
// read back exactly, the last one wins, brokers added and blocked found from the
// cluster alone, and which brokers are cordoned and uncordoned.
import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import {
  addedBrokers, autoRebalanceAnnotation, autoRebalanceStatus, cordoning, leavingBrokers, nextRecord, parseAutoRebalanceRecord,
  recordedAutoRebalance, removingBrokers, scaleDownBlocked, type AutoRebalanceRecord,
} from "../../lib/rebalance/auto-rebalance-record.js";
import { podSet } from "../helpers/podsets.js";

const AT = "2026-12-06T12:00:00.000Z";
const RECORD: AutoRebalanceRecord = {
  revision: 3,
  status: { state: "RebalanceOnScaleDown", lastTransitionTime: AT, modes: [{ mode: "remove-brokers", brokers: [5] }, { mode: "add-brokers", brokers: [6] }] },
  brokers: [3, 4, 5, 6],
  cordoned: [5],
};

function annotated(pool: string, annotations: Record<string, string>): StrimziPodSet {
  const set = podSet({ pool, nodeIds: [3, 4, 5], roles: ["broker"] });
  return { ...set, metadata: { ...set.metadata, annotations } };
}

t.test("a record reads back as written; anything else is no record", async (t) => {
  t.strictSame(parseAutoRebalanceRecord(autoRebalanceAnnotation(RECORD)), RECORD);
  t.equal(autoRebalanceAnnotation(RECORD),
    `{"revision":3,"status":{"state":"RebalanceOnScaleDown","lastTransitionTime":"${AT}","modes":[{"mode":"remove-brokers","brokers":[5]},{"mode":"add-brokers","brokers":[6]}]},"brokers":[3,4,5,6],"cordoned":[5]}`);
  for (const raw of [undefined, "{", "null", "[]", '{"revision":1}',
    autoRebalanceAnnotation({ ...RECORD, status: { ...RECORD.status, state: "Busy" as "Idle" } }),
    autoRebalanceAnnotation({ ...RECORD, brokers: [-1] }),
    autoRebalanceAnnotation({ ...RECORD, status: { ...RECORD.status, modes: [{ mode: "full" as "add-brokers", brokers: [1] }] } })]) {
    t.equal(parseAutoRebalanceRecord(raw), undefined, String(raw));
  }
});

t.test("the PodSets' last record wins: a pass cut short leaves some with the one before", async (t) => {
  const older = { ...RECORD, revision: 2, status: { state: "Idle" as const, lastTransitionTime: AT } };
  const sets = [annotated("a", { "kafka-hooks.io/auto-rebalance": autoRebalanceAnnotation(older) }), annotated("b", { "kafka-hooks.io/auto-rebalance": autoRebalanceAnnotation(RECORD) }), annotated("c", {})];
  t.strictSame(recordedAutoRebalance(sets), RECORD);
  t.equal(recordedAutoRebalance([annotated("c", {})]), undefined);
});

t.test("the revision rises only when something changed", async (t) => {
  const { revision: _, ...same } = RECORD;
  t.equal(nextRecord(RECORD, same).revision, 3);
  t.equal(nextRecord(RECORD, { ...same, cordoned: [] }).revision, 4);
  t.equal(nextRecord(undefined, same).revision, 1);
});

t.test("blocked: brokers the check holds and Kafka refused; one not answered yet, or confirmed empty, is not", async (t) => {
  const refused = annotated("a", {
    "kafka-hooks.io/brokers-to-remove": "3,4,5",
    "kafka-hooks.io/removable-brokers": "4",
    "kafka-hooks.io/broker-removal-refused": "broker 3 hosts partition replicas; broker 5 hosts partition replicas",
  });
  const unanswered = annotated("b", { "kafka-hooks.io/brokers-to-remove": "7" });
  t.strictSame(scaleDownBlocked([refused, unanswered]), [3, 5]);
  t.strictSame(leavingBrokers([refused, unanswered]), [3, 4, 5, 7]);
});

t.test("added: brokers registered and unfenced that the record does not account for", async (t) => {
  t.strictSame(addedBrokers(undefined, [0, 1, 2], new Set([0])), { added: [], accounted: [0, 1, 2] }, "a cluster without a record added none");
  t.strictSame(addedBrokers([0, 1, 2], [0, 1, 2, 3, 4], new Set([0, 1, 2, 3])), { added: [3], accounted: [0, 1, 2, 3] }, "4 is still fenced: added once unfenced");
  t.strictSame(addedBrokers([0, 1, 2, 3], [0, 1, 3, 4], new Set([0, 1, 3, 4])), { added: [4], accounted: [0, 1, 3, 4] }, "2 is gone from the record");
});

t.test("cordoning: a remove-brokers rebalance's brokers until they are gone; a scale-down undone is uncordoned once Kafka can be asked", async (t) => {
  const scalingDown = { state: "RebalanceOnScaleDown" as const, lastTransitionTime: AT, modes: [{ mode: "remove-brokers" as const, brokers: [4, 5] }, { mode: "add-brokers" as const, brokers: [6] }] };
  t.strictSame(removingBrokers(scalingDown), [4, 5]);
  t.strictSame(removingBrokers({ state: "RebalanceOnScaleUp", lastTransitionTime: AT, modes: [{ mode: "remove-brokers", brokers: [4] }, { mode: "add-brokers", brokers: [6] }] }), [], "queued, not running");
  t.strictSame(cordoning({ removing: [4, 5], cordoned: [4], leaving: [4, 5], unfenced: new Set([3, 4, 5]) }), { cordon: [5], uncordon: [] });
  t.strictSame(cordoning({ removing: [], cordoned: [4, 5], leaving: [4, 5], unfenced: new Set([3, 4, 5]) }), { cordon: [], uncordon: [] }, "emptied, not yet removed: they stay cordoned");
  t.strictSame(cordoning({ removing: [], cordoned: [4, 5], leaving: [], unfenced: new Set([3, 4]) }), { cordon: [], uncordon: [4] }, "5 is not up: later");
  t.strictSame(cordoning({ removing: [], cordoned: [5], leaving: [], unfenced: new Set([5]) }), { cordon: [], uncordon: [5] }, "back under the id of a broker removed while cordoned");
});

t.test("the status the hook writes: the record's, the one before until the first record, none when off", async (t) => {
  const sets = [annotated("a", { "kafka-hooks.io/auto-rebalance": autoRebalanceAnnotation(RECORD) })];
  const previous = { state: "Idle" as const, lastTransitionTime: "2026-12-01T00:00:00.000Z" };
  t.strictSame(autoRebalanceStatus(true, sets, previous), RECORD.status);
  t.strictSame(autoRebalanceStatus(true, [annotated("a", {})], previous), previous);
  t.equal(autoRebalanceStatus(true, [annotated("a", {})], undefined), undefined);
  t.equal(autoRebalanceStatus(false, sets, previous), undefined);
});
