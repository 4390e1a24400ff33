// What a hook's answer may depend on besides its request. Injected so that tests
// and previews reproduce an answer exactly.
import { createHash, randomBytes } from "node:crypto";
import { systemKeyPairSource, type KeyPairSource } from "../pki/keys.js";

export interface Environment {
  now: () => Date;
  random: (bytes: number) => Buffer;
  /** New private keys: the one input of a certificate that cannot be seeded. */
  newPrivateKey: KeyPairSource;
}

export const systemEnvironment: Environment = {
  now: () => new Date(),
  random: (bytes) => randomBytes(bytes),
  newPrivateKey: systemKeyPairSource,
};

/**
 * Reproducible randomness: the same seed gives the same bytes. Used where an answer
 * must be repeatable, such as a GitOps preview or a test fixture.
 */
export function seededRandom(seed: string): (bytes: number) => Buffer {
  let counter = 0;
  return (bytes) => {
    const chunks: Buffer[] = [];
    let length = 0;
    while (length < bytes) {
      const chunk = createHash("sha256").update(`${seed}:${counter++}`).digest();
      chunks.push(chunk);
      length += chunk.length;
    }
    return Buffer.concat(chunks).subarray(0, bytes);
  };
}

/** What issuing a certificate draws on besides its key: the clock (validity) and randomness (serial numbers). */
export type IssuingEnvironment = Pick<Environment, "now" | "random">;
