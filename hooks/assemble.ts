// The hooks server as the container runs it: its crypto workers, the key pool
// they fill, the warm-up before it listens, and syncs that issue off the event
// loop. main.ts assembles it from the container's environment; the memory
// scenario (test/helpers/hooks-process.ts) assembles the very same with the test
// environment's clock and fixture keys, so that what it measures is this process.
import type { FastifyInstance } from "fastify";
import type { Environment } from "../lib/environment.js";
import type { SyncMemory } from "../lib/sync/remembered.js";
import { CryptoWorkers } from "./crypto-workers.js";
import { KeyPool } from "./key-pool.js";
import { PreparedSyncs } from "./prepared-sync.js";
import { buildServer, type HookTls } from "./server.js";
import { warmUp } from "./warm-up.js";

// Enough keys ready for a few new small clusters at once; a larger one waits for the rest (prepared-sync.ts).
const KEY_POOL_SIZE = 32;
// A new sync takes at most this many new keys, and lowers that to what the pool delivers within the
// wait: a 100-node cluster is issued over two or three syncs, each well inside Metacontroller's 10 s.
const MAX_NEW_KEYS_PER_SYNC = 128;
const KEY_WAIT_MS = 2_000;

export interface AssembledServerOptions {
  env: Environment;
  logLevel: string;
  /** The serving certificate, awaited once warmed up: on a new install it may still be on its way, while keys are made. */
  tls?: Promise<HookTls | undefined>;
  /** Where the key pool's keys come from: new RSA keys from the crypto workers unless given. */
  newKey?: () => Promise<string>;
  memory?: SyncMemory;
  /** How many crypto workers: one per CPU the process may use unless given. */
  cryptoThreads?: number;
}

export interface AssembledServer {
  app: FastifyInstance;
  /** Closes the server, then its crypto workers. */
  close(): Promise<void>;
}

export async function assembleServer(options: AssembledServerOptions): Promise<AssembledServer> {
  const crypto = new CryptoWorkers(options.cryptoThreads);
  const newKey = options.newKey ?? (() => crypto.rsaKey());
  const keys = new KeyPool(KEY_POOL_SIZE, newKey, crypto.size);
  keys.fill();
  await warmUp(options.env, crypto, await newKey());
  const prepared = new PreparedSyncs(options.env, { keys, crypto, maxNewKeysPerSync: MAX_NEW_KEYS_PER_SYNC, keyWaitMs: KEY_WAIT_MS });
  const tls = await options.tls;
  const app = buildServer({
    env: options.env, prepared, keyPool: keys, logLevel: options.logLevel,
    ...(tls ? { tls } : {}), ...(options.memory ? { memory: options.memory } : {}),
  });
  return {
    app,
    close: async () => {
      await app.close();
      await crypto.close();
    },
  };
}
