import t from "tap";
import { WorkQueue } from "../../sidecar/work-queue.js";

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

t.test("a key is queued once and never worked on twice at once; a change mid-work is not lost", async (t) => {
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
  });
  queue.add("ignored before start");
  queue.start();
  queue.add("a");
  queue.add("a");
  queue.add("b");
  await tick();
  queue.add("a");
  queue.add("a");
  await tick();
  release?.();
  await tick();
  await queue.stop();
  t.strictSame(log, ["start a", "start b", "end b", "end a", "start a", "end a"]);
});

t.test("a failing key comes back with backoff", async (t) => {
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
  });
  queue.start();
  queue.add("k");
  await tick(80);
  await queue.stop();
  t.equal(calls, 3);
  t.strictSame(errors, ["k: failure 1", "k: failure 2"]);
});
