// canRestartController and activeController against the stand-in's
// DescribeQuorum answers (what a broker forwards from the active controller).
import t from "tap";
import { DEFAULT_QUORUM_THRESHOLDS } from "../../../sidecar/kafka/quorum-check.js";
import { assertOnlyKafka4Requests, NOW, standIn, threeControllers, voter } from "./scenarios.js";

t.test("a caught-up quorum of three: each controller may restart, and 3 is the active one", async (t) => {
  const { fake, kafka } = await standIn(t, threeControllers());
  for (const id of [3, 4, 5]) t.same(await kafka.canRestartController(id), { ok: true }, `controller ${id}`);
  t.equal(await kafka.activeController(), 3);
  t.same(fake.requests.filter((r) => r.api === "DescribeQuorum"), Array(4).fill({ api: "DescribeQuorum", version: 2, broker: 0 }));
  assertOnlyKafka4Requests(t, fake);
});

t.test("the leader's own timestamps are the time of its answer, whatever the sidecar's clock says", async (t) => {
  t.ok(Math.abs(Date.now() - NOW) > 100 * DEFAULT_QUORUM_THRESHOLDS.fetchTimeoutMs, "the scenario's clock is far from the test machine's");
  const { kafka } = await standIn(t, threeControllers([voter(3, 5000, 10_000_000), voter(4, 5000), voter(5, 4990, 1500)]));
  t.same(await kafka.canRestartController(4), { ok: true });
});

t.test("a lagging voter makes restarting another follower or the leader unsafe", async (t) => {
  const { kafka } = await standIn(t, threeControllers([voter(3, 5000), voter(4, 5000), voter(5, 5000, 100, 5000)]));
  t.same(await kafka.canRestartController(4), {
    ok: false,
    reason: "restarting controller 4 would leave 1 of 3 voters caught up with leader 3, fewer than the 2 needed: voter 5 last caught up 5000 ms ago",
  });
  t.same(await kafka.canRestartController(3), {
    ok: false,
    reason: "restarting controller 3 would leave 1 of 3 voters caught up with leader 3, fewer than the 2 needed: voter 5 last caught up 5000 ms ago",
  });
  t.same(await kafka.canRestartController(5), { ok: true }, "the lagging voter itself may restart: the other two are a majority");
});

t.test("each way of falling behind is named", async (t) => {
  const cases = [
    { lagging: voter(5, 5000, 2000), reason: "voter 5 last fetched 2000 ms ago" },
    { lagging: { id: 5, logEndOffset: -1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 }, reason: "voter 5 has not fetched from the leader" },
    { lagging: { ...voter(5, 5000), lastCaughtUpTimestamp: -1 }, reason: "voter 5 has not caught up with the leader" },
    { lagging: voter(5, 3999), reason: "voter 5 is at offset 3999, 1001 records behind the leader" },
  ];
  for (const { lagging, reason } of cases) {
    const { kafka } = await standIn(t, threeControllers([voter(3, 5000), voter(4, 5000), lagging]));
    t.same(await kafka.canRestartController(4), {
      ok: false, reason: `restarting controller 4 would leave 1 of 3 voters caught up with leader 3, fewer than the 2 needed: ${reason}`,
    }, reason);
  }
  const { kafka } = await standIn(t, threeControllers([voter(3, 5000), voter(4, 5000), voter(5, 4000, 1999)]));
  t.same(await kafka.canRestartController(4), { ok: true }, "1000 records and 1999 ms behind is still caught up");
});

t.test("thresholds can be widened", async (t) => {
  const { kafka } = await standIn(t, threeControllers([voter(3, 5000), voter(4, 5000), voter(5, 5000, 100, 5000)]), {
    quorum: { fetchTimeoutMs: 10_000, maxLagRecords: 1000 },
  });
  t.same(await kafka.canRestartController(4), { ok: true });
});

t.test("five voters tolerate one lagging voter beside the restart, not two", async (t) => {
  const caughtUp = [voter(3, 9000), voter(4, 9000), voter(5, 9000)];
  const { kafka } = await standIn(t, threeControllers([...caughtUp, voter(6, 9000), voter(7, 100, 60_000)]));
  t.same(await kafka.canRestartController(4), { ok: true });
  const { kafka: worse } = await standIn(t, threeControllers([...caughtUp, voter(6, 100, 60_000), voter(7, 100, 60_000)]));
  t.same(await worse.canRestartController(4), {
    ok: false,
    reason: "restarting controller 4 would leave 2 of 5 voters caught up with leader 3, fewer than the 3 needed: voter 6 last fetched 60000 ms ago; voter 7 last fetched 60000 ms ago",
  });
});

t.test("quorums of one and two follow Strimzi", async (t) => {
  const { kafka: single } = await standIn(t, threeControllers([voter(3, 10)]));
  t.same(await single.canRestartController(3), { ok: true }, "a single controller always rolls: there is no quorum to keep");
  const { kafka: pair } = await standIn(t, threeControllers([voter(3, 10), voter(4, 10)]));
  t.same(await pair.canRestartController(4), { ok: true }, "two controllers roll when the other is caught up");
  const { kafka: lagging } = await standIn(t, threeControllers([voter(3, 10), voter(4, 10, 9000)]));
  t.same(await lagging.canRestartController(3), {
    ok: false,
    reason: "restarting controller 3 would leave 0 of 2 voters caught up with leader 3, fewer than the 1 needed: voter 4 last fetched 9000 ms ago",
  });
});

t.test("during an election there is neither a safe restart nor an active controller", async (t) => {
  const { kafka } = await standIn(t, threeControllers(undefined, -1));
  t.same(await kafka.canRestartController(3), { ok: false, reason: "the controller quorum has no leader" });
  t.equal(await kafka.activeController(), undefined);
});
