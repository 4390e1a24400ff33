// The hooks server in a process of its own, for measuring its memory as the
// container would see it: the real server (buildServer) with the test
// environment's fixed clock and fixture keys, so a first sync signs but never
// generates keys. Run with `node --expose-gc`; it tells its parent the port it
// listens on, and answers a `"heap"` message with its memory after a full
// garbage collection.
import type { AddressInfo } from "node:net";
import { buildServer } from "../../hooks/server.js";
import { createSyncMemory } from "../../lib/sync/remembered.js";
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

const env = { ...testEnvironment("memory"), newKeysPerSync: Number.POSITIVE_INFINITY };
const memory = createSyncMemory();
const app = buildServer({ env, logLevel: "silent", memory });
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
  void app.close().then(() => process.exit(0));
});
