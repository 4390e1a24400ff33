// SCRAM-SHA-512 credentials as AlterUserScramCredentials takes them: the client
// salts the password (RFC 5802's Hi(), PBKDF2-HMAC-SHA512) and sends the salt,
// the iteration count and the salted password, never the password. A salting
// is 1-3 ms of CPU, a batch's hundred of them a few hundred: the process salts
// on its lowest-priority worker threads (user-secret-workers.ts), not on
// libuv's pool, whose threads run at the event loop's priority and took the
// two CPUs from it while a batch was salted; tests salt in the calling thread.
import { pbkdf2Sync } from "node:crypto";
import type { ScramCredential } from "../../sidecar/kafka/user-requests.js";

// Strimzi's ScramCredentialsOperator: 4,096 iterations, the minimum Kafka accepts for SCRAM-SHA-512.
export const SCRAM_ITERATIONS = 4096;
// SHA-512's output; Kafka's ScramFormatter.saltedPassword yields as many bytes.
const SALTED_PASSWORD_BYTES = 64;
const SALT_BYTES = 32;

export interface ScramSalting {
  readonly random: (bytes: number) => Buffer;
  readonly iterations: number;
}

/** Salts a user's password with a new salt, wherever the implementation runs it. */
export type ScramSalter = (user: string, password: string) => Promise<ScramCredential>;

/** In the calling thread, blocking it for the salting. */
export function saltedScramCredential(user: string, password: string, salting: ScramSalting): ScramCredential {
  const salt = salting.random(SALT_BYTES);
  const saltedPassword = pbkdf2Sync(Buffer.from(password, "utf8"), salt, salting.iterations, SALTED_PASSWORD_BYTES, "sha512");
  return { user, iterations: salting.iterations, salt, saltedPassword };
}

/** A ScramSalter in the calling thread (tests, with seeded randomness). */
export function inlineScramSalting(salting: ScramSalting): ScramSalter {
  return async (user, password) => saltedScramCredential(user, password, salting);
}
