// The hooks server in a process of its own, for measuring its memory as the
// container would see it: the server as main.ts assembles it (its crypto
// workers, key pool and warm-up; hooks/assemble.ts) with the test environment's
// fixed clock, and fixture keys in the pool, so a first sync signs on the
// crypto workers (as many as its first argument says: the container's, under its
// CPU limit) but never generates keys. Run with `node --expose-gc`; it tells its parent the port it
// listens on, and answers a `"heap"` message with its memory after a full
// garbage collection.
import type { AddressInfo } from "node:net";
import { assembleServer } from "../../hooks/assemble.js";
import { createSyncMemory } from "../../lib/sync/remembered.js";
import { cyclingFixtureKeys } from "./keys.js";
import { testEnvironment } from "./requests.js";

export interface HooksProcessMemory {
  /** Bytes of live heap after a full garbage collection. */
  heapUsed: number;
  /** Resident bytes after that collection. */
  rss: number;
  /** Bytes held by Buffers and other memory outside the heap. */
  external: number;
  /** What the server's remembered stages estimate they hold (lib/sync/remembered.ts), by stage. */
  remembered: Record<string, number>;
  /** The most they may hold together. */
  rememberedBound: number;
}

export type HooksProcessMessage = { port: number } | { memory: HooksProcessMemory };

const env = testEnvironment("memory");
const memory = createSyncMemory();
const fixtureKey = cyclingFixtureKeys();
const cryptoThreads = Number(process.argv[2] ?? 1);
const { app, close } = await assembleServer({ env, logLevel: "silent", memory, cryptoThreads, newKey: () => Promise.resolve(fixtureKey()) });
await app.listen({ port: 0, host: "127.0.0.1" });
const send = (message: HooksProcessMessage): void => {
  process.send?.(message);
};
send({ port: (app.server.address() as AddressInfo).port });
process.on("message", (message: unknown) => {
  if (message !== "heap") return;
  globalThis.gc?.();
  const { heapUsed, rss, external } = process.memoryUsage();
  const remembered = Object.fromEntries(memory.stages.map((s) => [s.stage, s.bytes]));
  const rememberedBound = memory.stages.reduce((sum, s) => sum + s.maxBytes, 0);
  send({ memory: { heapUsed, rss, external, remembered, rememberedBound } });
});
process.on("disconnect", () => {
  void close().then(() => process.exit(0));
});
