import t from "tap";
import { newClusterId, resolveClusterId } from "../../lib/model/cluster-id.js";

const random = (bytes: number) => Buffer.alloc(bytes, 0xab);

t.test("a cluster id is 16 random bytes in URL-safe base64, as Kafka writes it", async (t) => {
  t.equal(newClusterId(random), "q6urq6urq6urq6urq6urqw");
  t.equal(newClusterId(random).length, 22);
});

t.test("generated only for a cluster that has nothing yet", async (t) => {
  t.same(resolveClusterId({ fromChildren: [], fromStatus: [], clusterExists: false }, random), { ok: true, clusterId: "q6urq6urq6urq6urq6urqw", generated: true });
});

t.test("children win over the status, and survive a status wipe", async (t) => {
  t.same(resolveClusterId({ fromChildren: [{ id: "child-id", source: "StrimziPodSet/a" }], fromStatus: ["status-id"], clusterExists: true }, random),
    { ok: true, clusterId: "child-id", generated: false });
  t.same(resolveClusterId({ fromChildren: [{ id: "child-id", source: "StrimziPodSet/a" }], fromStatus: [], clusterExists: true }, random),
    { ok: true, clusterId: "child-id", generated: false });
  t.same(resolveClusterId({ fromChildren: [], fromStatus: ["status-id"], clusterExists: true }, random),
    { ok: true, clusterId: "status-id", generated: false });
});

t.test("an existing cluster without an id, or with two, is an error", async (t) => {
  const lost = resolveClusterId({ fromChildren: [], fromStatus: [], clusterExists: true }, random);
  t.equal(lost.ok, false);
  t.match(lost, { message: /no cluster id/ });
  t.same(resolveClusterId({ fromChildren: [{ id: "x", source: "StrimziPodSet/a" }, { id: "y", source: "StrimziPodSet/b" }], fromStatus: [], clusterExists: true }, random), {
    ok: false,
    message: "the cluster's children disagree on the cluster id (StrimziPodSet/a=x, StrimziPodSet/b=y); refusing to change anything until they agree",
  });
});
