import t from "tap";
import { WorkQueue } from "../../sidecar/work-queue.js";
import { FakeTimers } from "../helpers/fake-timers.js";

t.test("a key is queued once and never worked on twice at once; a change mid-work is not lost", async (t) => {
  const timers = new FakeTimers();
  const log: string[] = [];
  let release: (() => void) | undefined;
  const queue = new WorkQueue({
    concurrency: 2,
    worker: async (key) => {
      log.push(`start ${key}`);
      if (key === "a" && !release) await new Promise<void>((resolve) => { release = resolve; });
      log.push(`end ${key}`);
    },
    onError: () => undefined,
    timers,
  });
  queue.add("ignored before start");
  queue.start();
  queue.add("a");
  queue.add("a");
  queue.add("b");
  await timers.advance(0);
  t.strictSame(log, ["start a", "start b", "end b"], "a is queued once; b runs beside it");
  queue.add("a");
  queue.add("a");
  await timers.advance(0);
  t.strictSame(log, ["start a", "start b", "end b"], "a, added while worked on, waits for its work to end");
  release?.();
  await timers.advance(0);
  await queue.stop();
  t.strictSame(log, ["start a", "start b", "end b", "end a", "start a", "end a"], "then runs once more");
});

t.test("a failing key comes back with backoff, doubling from the base delay", async (t) => {
  const timers = new FakeTimers();
  let calls = 0;
  const errors: string[] = [];
  const queue = new WorkQueue({
    concurrency: 1,
    retryBaseMs: 10,
    worker: async () => {
      calls++;
      if (calls < 3) throw new Error(`failure ${calls}`);
    },
    onError: (key, error) => errors.push(`${key}: ${(error as Error).message}`),
    timers,
  });
  queue.start();
  queue.add("k");
  await timers.advance(0);
  t.equal(calls, 1);
  await timers.advance(9);
  t.equal(calls, 1, "not before the base delay");
  await timers.advance(1);
  t.equal(calls, 2, "again at 10 ms");
  await timers.advance(19);
  t.equal(calls, 2, "the next delay is twice as long");
  await timers.advance(1);
  t.equal(calls, 3, "again 20 ms later");
  await timers.advance(60_000);
  t.equal(calls, 3, "a key that succeeded is not tried again");
  await queue.stop();
  t.strictSame(errors, ["k: failure 1", "k: failure 2"]);
});

t.test("stopping cancels a pending retry", async (t) => {
  const timers = new FakeTimers();
  let calls = 0;
  const queue = new WorkQueue({
    concurrency: 1,
    retryBaseMs: 10,
    worker: async () => {
      calls++;
      throw new Error("failure");
    },
    onError: () => undefined,
    timers,
  });
  queue.start();
  queue.add("k");
  await timers.advance(0);
  await queue.stop();
  await timers.advance(1000);
  t.equal(calls, 1);
});
