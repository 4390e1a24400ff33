// A thread of the user Secret workers (user-secret-workers.ts): makes one
// KafkaUser's Secret at a time, key generation, certificate and keystore
// included, or salts one SCRAM password, with the system's randomness.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { lowestPriorityForThisThread, RSA_KEY_OPTIONS } from "../../lib/pki/keys.js";
import type { UserSecretInput, UserSecretResult } from "../../lib/users/user-secret.js";
import { saltedScramCredential } from "./scram.js";
import { inlineUserSecrets } from "./user-secrets.js";

export type UserSecretJob =
  /** `now`: ms since the epoch, the reconciler's clock, not the thread's. */
  | { readonly kind: "secret"; readonly input: UserSecretInput; readonly now: number }
  | { readonly kind: "scram"; readonly user: string; readonly password: string; readonly iterations: number };
/** A credential's salt and salted password arrive as Uint8Arrays: structured clones do not keep Buffers. */
export type UserSecretReply =
  | { secret: UserSecretResult }
  | { scram: { salt: Uint8Array; saltedPassword: Uint8Array } }
  | { error: string };

// Two threads busy with keys on two CPUs would otherwise share them with the event loop as equals.
lowestPriorityForThisThread();

const make = inlineUserSecrets((bytes) => randomBytes(bytes), async () => generateKeyPairSync("rsa", RSA_KEY_OPTIONS).privateKey);

async function run(job: UserSecretJob): Promise<UserSecretReply> {
  if (job.kind === "secret") return { secret: await make(job.input, new Date(job.now)) };
  const { salt, saltedPassword } = saltedScramCredential(job.user, job.password, { random: (bytes) => randomBytes(bytes), iterations: job.iterations });
  // Copies: a Buffer may view a larger pooled ArrayBuffer, which the clone would copy whole.
  return { scram: { salt: Uint8Array.from(salt), saltedPassword: Uint8Array.from(saltedPassword) } };
}

parentPort?.on("message", (job: UserSecretJob) => {
  run(job).then(
    (reply) => parentPort?.postMessage(reply),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies UserSecretReply),
  );
});
