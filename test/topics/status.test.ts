// Strimzi's status shapes, lastTransitionTime kept while a condition holds,
// and the merge patch that writes only what changed.
import t from "tap";
import { statusPatch, topicStatus } from "../../lib/topics/status.js";

const T0 = "2026-12-06T10:00:00Z";
const T1 = "2026-12-06T11:00:00Z";

t.test("settled and failed statuses", async (t) => {
  const ready = topicStatus(undefined, { settled: "Ready", topicName: "orders", topicId: "abc" }, 3, T0);
  t.strictSame(ready, { conditions: [{ type: "Ready", status: "True", lastTransitionTime: T0 }], observedGeneration: 3, topicName: "orders", topicId: "abc" });
  t.strictSame(topicStatus(ready, { settled: "Ready", topicName: "orders", topicId: "abc" }, 4, T1).conditions?.[0]?.lastTransitionTime, T0, "still Ready: the time stays");
  const failed = topicStatus({ ...ready, replicasChange: { state: "pending", targetReplicas: 3 } }, { failure: { reason: "NotSupported", message: "Decreasing partitions not supported" }, topicName: "orders", topicId: "abc" }, 4, T1);
  t.strictSame(failed, {
    conditions: [{ type: "Ready", status: "False", lastTransitionTime: T1, reason: "NotSupported", message: "Decreasing partitions not supported" }],
    replicasChange: { state: "pending", targetReplicas: 3 },
    observedGeneration: 4, topicName: "orders", topicId: "abc",
  });
  t.strictSame(topicStatus(undefined, { settled: "Unmanaged" }, 1, T0), { conditions: [{ type: "Unmanaged", status: "True", lastTransitionTime: T0 }], observedGeneration: 1 });
});

t.test("the patch: nothing when unchanged, nulls for fields gone", async (t) => {
  const ready = topicStatus(undefined, { settled: "Ready", topicName: "orders", topicId: "abc" }, 3, T0);
  t.equal(statusPatch(ready, topicStatus(ready, { settled: "Ready", topicName: "orders", topicId: "abc" }, 3, T1)), undefined);
  t.strictSame(statusPatch(ready, topicStatus(ready, { settled: "Unmanaged" }, 4, T1)), {
    conditions: [{ type: "Unmanaged", status: "True", lastTransitionTime: T1 }], observedGeneration: 4, topicName: null, topicId: null,
  });
  t.strictSame(statusPatch(undefined, ready), ready);
});
