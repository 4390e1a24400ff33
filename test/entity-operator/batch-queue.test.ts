// Strimzi's batching on fake time: keys linger for company, a batch holds at
// most the batch size, one batch runs at a time until it hands off, a key
// added mid-batch waits for a batch after its own, and handed-back or failed
// keys return with backoff.
import t from "tap";
import { BatchQueue } from "../../entity-operator/topic-operator/batch-queue.js";
import { FakeTimers } from "../helpers/fake-timers.js";

function queue(worker: (keys: string[], handOff: () => void) => Promise<string[]>, maxBatchSize = 3, maxBatchesAtOnce = 1) {
  const timers = new FakeTimers();
  const errors: string[][] = [];
  const q = new BatchQueue({ maxBatchSize, maxBatchesAtOnce, lingerMs: 100, retryBaseMs: 1000, timers, worker, onError: (keys) => errors.push(keys) });
  q.start();
  return { q, timers, errors };
}

t.test("keys linger, then go in batches of at most the batch size, oldest first", async (t) => {
  const batches: string[][] = [];
  const { q, timers } = queue(async (keys) => { batches.push(keys); return []; });
  q.add("a");
  q.add("b");
  q.add("a");
  await timers.advance(99);
  t.strictSame(batches, [], "still lingering");
  await timers.advance(1);
  t.strictSame(batches, [["a", "b"]], "a key added twice goes once");
  for (const key of ["c", "d", "e", "f", "g"]) q.add(key);
  await timers.advance(0);
  t.strictSame(batches.at(-1), ["c", "d", "e"], "a full batch goes at once");
  await timers.advance(100);
  t.strictSame(batches.at(-1), ["f", "g"]);
  t.equal(q.largestBatch(), 3);
  t.ok(q.idle());
});

/** A queue whose worker holds the first batch, without handing off, until `release`. */
function firstBatchHeld(maxBatchSize?: number, maxBatchesAtOnce?: number) {
  const batches: string[][] = [];
  let release: () => void = () => undefined;
  const { q, timers } = queue(async (keys) => {
    batches.push(keys);
    if (batches.length === 1) await new Promise<void>((resolve) => { release = resolve; });
    return [];
  }, maxBatchSize, maxBatchesAtOnce);
  return { q, timers, batches, release: () => release() };
}

t.test("one batch at a time; a key added while its batch runs is worked on again after", async (t) => {
  const { q, timers, batches, release } = firstBatchHeld();
  q.add("a");
  await timers.advance(100);
  q.add("a");
  q.add("b");
  await timers.advance(500);
  t.strictSame(batches, [["a"]], "the second batch waits for the first");
  t.notOk(q.idle());
  release();
  await timers.advance(100);
  t.strictSame(batches, [["a"], ["b", "a"]], "the key of the batch that ran waits behind those added meanwhile");
});

t.test("a batch that hands off lets the next start without its keys; at most maxBatchesAtOnce under way", async (t) => {
  const batches: string[][] = [];
  const finish = new Map<string, () => void>();
  const { q, timers } = queue(async (keys, handOff) => {
    batches.push(keys);
    handOff();
    await new Promise<void>((resolve) => { finish.set(keys.join(), resolve); });
    return [];
  }, 2, 2);
  for (const key of ["a", "b", "c", "d", "e", "f"]) q.add(key);
  await timers.advance(0);
  t.strictSame(batches, [["a", "b"], ["c", "d"]], "the second batch starts once the first hands off");
  q.add("a");
  await timers.advance(1000);
  t.strictSame(batches, [["a", "b"], ["c", "d"]], "two under way: the third waits");
  finish.get("a,b")?.();
  await timers.advance(0);
  t.strictSame(batches.at(-1), ["e", "f"], "the first done: the third starts, a full batch at once");
  finish.get("c,d")?.();
  await timers.advance(100);
  t.strictSame(batches.at(-1), ["a"], "a key added while its batch wrote goes in a later batch");
  t.notOk(q.idle(), "batches still finishing");
  finish.get("e,f")?.();
  finish.get("a")?.();
  await timers.advance(0);
  t.ok(q.idle());
  t.equal(q.largestBatch(), 2);
});

t.test("without a hand-off the next batch waits for the whole of the one before", async (t) => {
  const { q, timers, batches, release } = firstBatchHeld(2, 2);
  for (const key of ["a", "b", "c"]) q.add(key);
  await timers.advance(500);
  t.strictSame(batches, [["a", "b"]]);
  release();
  await timers.advance(100);
  t.strictSame(batches, [["a", "b"], ["c"]]);
});

t.test("keys handed back and failed batches come back with doubling backoff", async (t) => {
  const batches: string[][] = [];
  let fail = true;
  const { q, timers, errors } = queue(async (keys) => {
    batches.push(keys);
    if (keys.includes("x") && fail) return ["x"];
    if (keys.includes("boom")) throw new Error("Kafka is down");
    return [];
  });
  q.add("x");
  await timers.advance(100);
  await timers.advance(1099);
  t.equal(batches.length, 1, "first retry after 1 s and the linger");
  await timers.advance(1);
  t.equal(batches.length, 2);
  await timers.advance(2099);
  t.equal(batches.length, 2, "second retry after 2 s");
  fail = false;
  await timers.advance(1);
  t.equal(batches.length, 3);
  t.ok(q.idle(), "succeeded: nothing left");
  q.add("boom");
  await timers.advance(100);
  t.strictSame(errors, [["boom"]]);
  t.equal(q.size(), 1, "the failed batch waits for its retry");
  await q.stop();
  t.equal(q.size(), 0, "stopped: nothing waits");
});
