// Pre-generated keys (test/fixtures/keys), so that certificates issued in tests
// are byte-identical on every run: key generation is the one step that cannot be seeded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixedKeyPairSource, type KeyPairSource } from "../../lib/pki/keys.js";
import { fixturesDir } from "./paths.js";

export const fixtureKeys: readonly string[] = [1, 2, 3, 4, 5, 6].map((n) =>
  readFileSync(join(fixturesDir, "keys", `rsa-2048-${n}.pem`), "utf8"));

/** A fresh source each call, handing out the six fixture keys in the same order. */
export const fixtureKeyPairSource = (): KeyPairSource => fixedKeyPairSource(fixtureKeys);

/**
 * The fixture keys round and round: for whole-cluster syncs that need more keys
 * than there are fixtures. Certificates sharing a key are still distinct (serial,
 * subject, names), which is all a sync test looks at.
 */
export function cyclingFixtureKeys(): KeyPairSource {
  let next = 0;
  return () => fixtureKeys[next++ % fixtureKeys.length] as string;
}
