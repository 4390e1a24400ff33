import t from "tap";
import { assignNodeIds, parseNodeIdRanges, type PoolNodeIdInput } from "../../lib/model/node-ids.js";

const assign = (pools: PoolNodeIdInput[]) => {
  const result = assignNodeIds(pools);
  return result.ok ? Object.fromEntries(result.idsByPool) : result.problems;
};

t.test("parses Strimzi's id lists and ranges in the order given", async (t) => {
  t.same(parseNodeIdRanges("[0, 1, 10-12, 5]"), [0, 1, 10, 11, 12, 5]);
  t.same(parseNodeIdRanges("[]"), []);
  t.same(parseNodeIdRanges("3"), [3]);
  t.equal(parseNodeIdRanges("[a]"), undefined);
  t.equal(parseNodeIdRanges("[5-3]"), undefined);
});

t.test("a new cluster takes the lowest free ids, pools in name order", async (t) => {
  t.same(assign([
    { pool: "controller", replicas: 3, currentIds: [] },
    { pool: "broker", replicas: 3, currentIds: [] },
  ]), { broker: [0, 1, 2], controller: [3, 4, 5] });
});

t.test("existing ids never move", async (t) => {
  t.same(assign([
    { pool: "broker", replicas: 3, currentIds: [3, 4, 5] },
    { pool: "controller", replicas: 3, currentIds: [0, 1, 2] },
  ]), { broker: [3, 4, 5], controller: [0, 1, 2] });
});

t.test("scale-up fills the lowest free ids, then next-node-ids wins over them", async (t) => {
  t.same(assign([
    { pool: "a", replicas: 3, currentIds: [0, 2] },
    { pool: "b", replicas: 1, currentIds: [3] },
  ]), { a: [0, 1, 2], b: [3] });
  t.same(assign([
    { pool: "a", replicas: 4, currentIds: [0, 1], nextNodeIds: "[1, 10-11]" },
    { pool: "b", replicas: 1, currentIds: [2] },
  ]), { a: [0, 1, 10, 11], b: [2] });
  // Exhausted annotation falls back to the lowest free id.
  t.same(assign([{ pool: "a", replicas: 3, currentIds: [0], nextNodeIds: "[7]" }]), { a: [0, 1, 7] });
});

t.test("scale-down removes remove-node-ids first, then the highest ids", async (t) => {
  t.same(assign([{ pool: "a", replicas: 2, currentIds: [0, 1, 2, 3], removeNodeIds: "[1]" }]), { a: [0, 2] });
  t.same(assign([{ pool: "a", replicas: 1, currentIds: [0, 5, 9] }]), { a: [0] });
  t.same(assign([{ pool: "a", replicas: 0, currentIds: [4] }]), { a: [] });
});

t.test("an id being removed from one pool is not given to another in the same sync", async (t) => {
  t.same(assign([
    { pool: "a", replicas: 1, currentIds: [0, 1] },
    { pool: "b", replicas: 2, currentIds: [2] },
  ]), { a: [0], b: [2, 3] });
});

t.test("a new pool takes ids no other pool uses", async (t) => {
  t.same(assign([
    { pool: "brokers", replicas: 3, currentIds: [0, 1, 2] },
    { pool: "brokers-v2", replicas: 2, currentIds: [], nextNodeIds: "[100-199]" },
    { pool: "controllers", replicas: 3, currentIds: [3, 4, 5] },
  ]), { brokers: [0, 1, 2], "brokers-v2": [100, 101], controllers: [3, 4, 5] });
});

t.test("duplicate ids across pools and unreadable annotations are reported, not resolved", async (t) => {
  t.same(assign([
    { pool: "a", replicas: 2, currentIds: [0, 1] },
    { pool: "b", replicas: 2, currentIds: [1, 2] },
  ]), [{ path: "KafkaNodePool/b", message: "node id 1 is also used by KafkaNodePool/a" }]);
  t.same(assign([{ pool: "a", replicas: 2, currentIds: [], nextNodeIds: "ten" }]), [
    { path: 'KafkaNodePool/a metadata.annotations["strimzi.io/next-node-ids"]', message: '"ten" is not a list of node ids or ranges like [0, 1, 10-12]' },
  ]);
});
