// What a hook's answer may depend on besides its request. Injected so that tests
// and previews reproduce an answer exactly.
import { createHash, randomBytes } from "node:crypto";
import type { IssuingEnvironment } from "./pki/issuing-environment.js";
import { systemKeyPairSource, type KeyPairSource } from "./pki/keys.js";

export interface Environment extends IssuingEnvironment {
  /** New private keys: the one input of a certificate that cannot be seeded. */
  newPrivateKey: KeyPairSource;
  /**
   * How many new keys one sync may generate. An RSA key takes ~130 ms on a small
   * machine and a hook has 10 s; a cluster needing more gets them over several syncs.
   */
  newKeysPerSync: number;
  /** The kafka-extras image (images/kafka-extras) as the cluster's nodes pull it: the `KAFKA_EXTRAS_IMAGE` of the hooks' Deployment. */
  kafkaExtrasImage?: string;
  /**
   * A kafka-extras image that also carries Cruise Control's jars, as the nodes pull it: the `CRUISE_CONTROL_EXTRAS_IMAGE`
   * of the hooks' Deployment. Without it, no Kafka gets Cruise Control while jars.txt cannot pin them (cruise-control/gate.ts).
   */
  cruiseControlExtrasImage?: string;
  /** The image the Entity Operator runs, as the cluster's nodes pull it: the `ENTITY_OPERATOR_IMAGE` of the hooks' Deployment. */
  entityOperatorImage?: string;
}

/**
 * The project's own image as the hooks' Deployment names it (manifests/deployment.yaml):
 * the Entity Operator runs it unless ENTITY_OPERATOR_IMAGE names another.
 */
export const DEFAULT_ENTITY_OPERATOR_IMAGE = "kafka-hooks:0.1.0";

export const DEFAULT_NEW_KEYS_PER_SYNC = 16;

export const systemEnvironment: Environment = {
  now: () => new Date(),
  random: (bytes) => randomBytes(bytes),
  newPrivateKey: systemKeyPairSource,
  newKeysPerSync: DEFAULT_NEW_KEYS_PER_SYNC,
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
