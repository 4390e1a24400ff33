// SCRAM-SHA-512 credentials as AlterUserScramCredentials takes them: the client
// salts the password (RFC 5802's Hi(), PBKDF2-HMAC-SHA512) and sends the salt,
// the iteration count and the salted password, never the password. PBKDF2 with
// 4,096 iterations takes milliseconds, so it runs on libuv's thread pool.
import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import type { ScramCredential } from "../../sidecar/kafka/user-requests.js";

const pbkdf2Async = promisify(pbkdf2);

// Strimzi's ScramCredentialsOperator: 4,096 iterations, the minimum Kafka accepts for SCRAM-SHA-512.
export const SCRAM_ITERATIONS = 4096;
// SHA-512's output; Kafka's ScramFormatter.saltedPassword yields as many bytes.
const SALTED_PASSWORD_BYTES = 64;
const SALT_BYTES = 32;

export interface ScramSalting {
  readonly random: (bytes: number) => Buffer;
  readonly iterations: number;
}

export async function saltedScramCredential(user: string, password: string, salting: ScramSalting): Promise<ScramCredential> {
  const salt = salting.random(SALT_BYTES);
  const saltedPassword = await pbkdf2Async(Buffer.from(password, "utf8"), salt, salting.iterations, SALTED_PASSWORD_BYTES, "sha512");
  return { user, iterations: salting.iterations, salt, saltedPassword };
}
