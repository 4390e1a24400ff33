import t from "tap";
import { rackGroups } from "../../../lib/roller/rack-groups.js";
import type { AvailabilityCheck, RestartCandidate } from "../../../lib/roller/roll-plan.js";

const candidate = (nodeId: number, checks: AvailabilityCheck[] = ["broker"]): RestartCandidate =>
  ({ pod: `my-cluster-broker-${nodeId}`, podSet: "my-cluster-broker", nodeId, reasons: ["CONFIG_CHANGE_REQUIRES_RESTART"], checks });
const RACKS = new Map([0, 1, 2, 3, 4, 5, 6, 7, 8].map((id) => [id, `zone-${"abc"[id % 3]}`]));
const ids = (groups: RestartCandidate[][]): number[][] => groups.map((g) => g.map((c) => c.nodeId));

t.test("one group per rack, in the order of each rack's first candidate", async (t) => {
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((id) => candidate(id));
  t.strictSame(ids(rackGroups(all, RACKS, Infinity)), [[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
  t.strictSame(ids(rackGroups(all.slice(4), RACKS, Infinity)), [[4, 7], [5, 8]], "a rack with one candidate left is no group");
  t.strictSame(ids(rackGroups(all, RACKS, 2)), [[0, 3], [1, 4], [2, 5]], "at most roll-max-parallel at once");
  t.strictSame(ids(rackGroups(all, RACKS, 1)), [], "one at a time is no group");
});

t.test("only ready broker-only nodes with a known rack", async (t) => {
  const mixed = [candidate(0, ["controller", "broker"]), candidate(3, []), candidate(6), candidate(9), candidate(1), candidate(4)];
  t.strictSame(ids(rackGroups(mixed, RACKS, Infinity)), [[1, 4]]);
});
