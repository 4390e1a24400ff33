// A thread of the user Secret workers (user-secret-workers.ts): makes one
// KafkaUser's Secret at a time, key generation, certificate and keystore
// included, with the system's randomness.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { lowestPriorityForThisThread, RSA_KEY_OPTIONS } from "../../lib/pki/keys.js";
import type { UserSecretInput, UserSecretResult } from "../../lib/users/user-secret.js";
import { inlineUserSecrets } from "./user-secrets.js";

export interface UserSecretJob {
  readonly input: UserSecretInput;
  /** ms since the epoch: the reconciler's clock, not the thread's. */
  readonly now: number;
}
export type UserSecretReply = { result: UserSecretResult } | { error: string };

// Two threads busy with keys on two CPUs would otherwise share them with the event loop as equals.
lowestPriorityForThisThread();

const make = inlineUserSecrets((bytes) => randomBytes(bytes), async () => generateKeyPairSync("rsa", RSA_KEY_OPTIONS).privateKey);

parentPort?.on("message", (job: UserSecretJob) => {
  make(job.input, new Date(job.now)).then(
    (result) => parentPort?.postMessage({ result } satisfies UserSecretReply),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies UserSecretReply),
  );
});
