import t from "tap";
import { KeyPool, type After } from "../../hooks/key-pool.js";

/** A key generator whose keys arrive when the test releases them. */
function heldGenerator(): { generate: () => Promise<string>; started: () => number; release: (count: number) => Promise<void> } {
  const waiting: Array<(key: string) => void> = [];
  let made = 0;
  return {
    generate: () => new Promise((resolve) => waiting.push(resolve)),
    started: () => waiting.length,
    release: async (count) => {
      for (let i = 0; i < count; i++) waiting.shift()?.(`key-${++made}`);
      // Let the pool's callbacks run.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** Timers the test fires by hand. */
function manualTimers(): { after: After; fire: () => void } {
  const due: Array<() => void> = [];
  return { after: (_ms, callback) => { due.push(callback); return () => due.splice(due.indexOf(callback), 1); }, fire: () => due.splice(0).forEach((f) => f()) };
}

t.test("the pool keeps its size ready, at most `parallel` generations at once, and hands out what it has", async (t) => {
  const keys = heldGenerator();
  const pool = new KeyPool(3, keys.generate, 2);
  t.equal(pool.take(), undefined, "an empty pool hands out nothing rather than make a sync wait");
  t.equal(keys.started(), 2, "two generations at once");
  await keys.release(2);
  t.equal(keys.started(), 1, "the third of the pool's size");
  await keys.release(1);
  t.equal(pool.available, 3);
  t.equal(pool.take(), "key-1");
  t.equal(keys.started(), 1, "a take refills");
  t.equal(pool.waitedFor, 0);
});

t.test("acquire waits for the keys it lacks, first come first served, and the pool generates for the waiters too", async (t) => {
  const keys = heldGenerator();
  const pool = new KeyPool(1, keys.generate, 4);
  pool.fill();
  await keys.release(1);
  const first = pool.acquire(3);
  const second = pool.acquire(1);
  t.equal(keys.started(), 4, "three missing keys plus the pool's own");
  await keys.release(4);
  t.strictSame(await first, ["key-1", "key-2", "key-3"]);
  t.strictSame(await second, ["key-4"]);
  t.equal(pool.waitedFor, 3, "the first waited for two, the second for one");
});

t.test("acquire with a wait hands over what came in time; keys given back serve the next", async (t) => {
  const keys = heldGenerator();
  const timers = manualTimers();
  const pool = new KeyPool(0, keys.generate, 1, timers.after);
  const waiting = pool.acquire(3, 1000);
  await keys.release(1);
  timers.fire();
  t.strictSame(await waiting, ["key-1"], "the one key generated before the wait ended");
  pool.giveBack(["key-1"]);
  t.strictSame(await pool.acquire(1), ["key-1"]);
});

t.test("a failed generation is not fatal; the next fill retries", async (t) => {
  let calls = 0;
  const pool = new KeyPool(1, async () => {
    calls++;
    if (calls === 1) throw new Error("entropy ran out");
    return "retried";
  }, 1);
  pool.fill();
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(pool.available, 0);
  pool.fill();
  t.strictSame(await pool.acquire(1), ["retried"]);
});
