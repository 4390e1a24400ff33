// Where new private keys come from. Key generation is the one step of issuing a
// certificate that cannot be seeded, so it is injected: hooks use the system
// source, tests and previews a fixed list of keys, and everything else (serial
// numbers, validity, signatures, PKCS#12 salts) is then reproducible.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { setPriority } from "node:os";

/** Returns a new RSA private key as PKCS#8 PEM ("BEGIN PRIVATE KEY"), the form Kafka reads. */
export type KeyPairSource = () => string;

// Strimzi gives its CAs 4096-bit keys. Generation time is what limits a hook (10 s
// timeout): on a 2-CPU machine a 2048-bit key takes about 130 ms, a 4096-bit one 850 ms.
export const RSA_KEY_OPTIONS = {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
} as const;

export const systemKeyPairSource: KeyPairSource = () => generateKeyPairSync("rsa", RSA_KEY_OPTIONS).privateKey;

/**
 * Hands out the given keys in order, each once, and throws when they run out:
 * a test that needs more keys than it brought should fail loudly rather than
 * silently reuse one.
 */
export function fixedKeyPairSource(privateKeysPem: readonly string[]): KeyPairSource {
  let next = 0;
  return () => {
    const key = privateKeysPem[next];
    if (key === undefined) throw new Error(`the fixed key source has handed out all ${privateKeysPem.length} of its keys`);
    next++;
    return key;
  };
}

/** The SubjectPublicKeyInfo PEM of an RSA private key; throws for any other kind of key. */
export function rsaPublicKeyPem(privateKeyPem: string): string {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw new Error(`expected an RSA private key, got ${privateKey.asymmetricKeyType ?? "an unknown key type"}`);
  }
  return createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
}

/**
 * Gives the calling thread the lowest priority (Linux keeps a nice value per
 * thread), for threads that make keys and certificates beside an event loop:
 * with one CPU, or two busy with keys, the loop still runs the moment it has
 * work. Not permitted everywhere; then the thread keeps the process's priority.
 */
export function lowestPriorityForThisThread(): void {
  try {
    setPriority(19);
  } catch {
    // The priority is a courtesy to the event loop, not a requirement.
  }
}
