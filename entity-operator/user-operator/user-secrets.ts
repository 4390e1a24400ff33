// Where a KafkaUser's Secret is made: the pure desiredUserSecret with the one
// new key it may need. A TLS user's first Secret costs an RSA-2048 key (~35 ms
// of CPU), its certificate's signature (~1 ms) and the PKCS#12 keystore (~3 ms,
// two PBKDF2 runs); a thousand of them would hold the event loop for seconds,
// so the process makes them on worker threads (user-secret-workers.ts) and
// tests make them here, in the calling thread, with seeded randomness and
// fixture keys.
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { certificateRenewal, desiredUserSecret, type UserSecretInput, type UserSecretResult } from "../../lib/users/user-secret.js";

/** The Secret a KafkaUser should have at `now` (lib/users/user-secret.ts), made wherever the implementation makes it. */
export type UserSecretMaker = (input: UserSecretInput, now: Date) => Promise<UserSecretResult>;

/** In the calling thread: a new key from `newPrivateKey` only when the certificate must be issued anew. */
export function inlineUserSecrets(random: (bytes: number) => Buffer, newPrivateKey: () => Promise<string>): UserSecretMaker {
  return async (input, now) => {
    const keys = certificateRenewal(input, now) === undefined ? [] : [await newPrivateKey()];
    return desiredUserSecret(input, { now: () => now, random, newPrivateKey: fixedKeyPairSource(keys) });
  };
}
