// SCRAM-SHA-512 passwords of KafkaUsers: Strimzi's generated passwords and the
// client configuration line the user Secret carries.

// Strimzi's defaults (STRIMZI_SCRAM_SHA_PASSWORD_LENGTH; UserOperatorConfig): a letter first, so no
// tool reads the password as a number or an option, then letters and digits.
export const DEFAULT_SCRAM_PASSWORD_LENGTH = 32;
const FIRST_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALPHABET = `${FIRST_ALPHABET}0123456789`;

/** One character of `alphabet` per byte, skipping bytes that would make some characters likelier than others. */
function draw(alphabet: string, count: number, random: (bytes: number) => Buffer): string {
  const limit = 256 - (256 % alphabet.length);
  let drawn = "";
  while (drawn.length < count) {
    for (const byte of random(count - drawn.length)) {
      if (byte < limit) drawn += alphabet.charAt(byte % alphabet.length);
    }
  }
  return drawn;
}

export function generateScramPassword(random: (bytes: number) => Buffer, length = DEFAULT_SCRAM_PASSWORD_LENGTH): string {
  return draw(FIRST_ALPHABET, 1, random) + draw(ALPHABET, length - 1, random);
}

/** The `sasl.jaas.config` a Kafka client logs in with, exactly as Strimzi writes it. */
export const scramJaasConfig = (userName: string, password: string): string =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${userName}" password="${password}";`;
