// Which keys of an operand's configuration maps the user may set. The operator
// owns the connection to Kafka (bootstrap, TLS, SASL) and the operand's identity;
// a user key for those is dropped with a warning, as Strimzi drops it
// (AbstractConfiguration.filterForbidden).

/** Strimzi's lists of one configuration map (its `*Spec.FORBIDDEN_PREFIXES` and friends). */
export interface OptionRules {
  /** A key is forbidden when, lower-cased, it starts with one of these. */
  readonly prefixes: readonly string[];
  /** Keys that start with a forbidden prefix but are still the user's (exact match). */
  readonly exceptions?: readonly string[];
  /** Keys forbidden as a whole (lower-cased, exact match). */
  readonly options?: readonly string[];
}

/** The TLS keys a Kafka client's configuration may still set (Strimzi's FORBIDDEN_PREFIX_EXCEPTIONS). */
export const CLIENT_EXCEPTIONS: readonly string[] = ["ssl.endpoint.identification.algorithm", "ssl.cipher.suites", "ssl.protocol", "ssl.enabled.protocols"];

/** Keys a custom authentication may set (KafkaClientAuthenticationCustom.ALLOWED_PREFIXES); Strimzi drops every other. */
const CUSTOM_AUTHENTICATION_PREFIXES: readonly string[] = ["ssl.keystore.", "sasl."];

export interface SplitOptions {
  /** Allowed keys, sorted, with values as Java's String.valueOf writes them. */
  accepted: Array<[string, string]>;
  /** Dropped keys, sorted. */
  forbidden: string[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isForbidden(key: string, rules: OptionRules): boolean {
  const lower = key.toLowerCase();
  if (rules.prefixes.some((p) => lower.startsWith(p)) && !(rules.exceptions ?? []).includes(key)) return true;
  return (rules.options ?? []).includes(lower);
}

/**
 * The user's keys in order, split by `rules`; `reserved` are keys the operator writes
 * itself in this map (its config providers' settings, the consumer's rack), which a
 * user key would silently replace.
 */
export function splitOptions(
  config: Readonly<Record<string, string | number | boolean>> | undefined,
  rules: OptionRules,
  reserved: (key: string) => boolean = () => false,
): SplitOptions {
  const accepted: Array<[string, string]> = [];
  const forbidden: string[] = [];
  for (const key of Object.keys(config ?? {}).sort(compare)) {
    const value = config?.[key];
    if (value === undefined) continue;
    if (isForbidden(key, rules) || reserved(key)) forbidden.push(key);
    else accepted.push([key, String(value)]);
  }
  return { accepted, forbidden };
}

/** A custom authentication's keys: only those Strimzi passes on, sorted. */
export function customAuthenticationOptions(config: Readonly<Record<string, string | number | boolean>> | undefined): SplitOptions {
  const keys = Object.keys(config ?? {}).sort(compare);
  const allowed = (key: string): boolean => CUSTOM_AUTHENTICATION_PREFIXES.some((p) => key.toLowerCase().startsWith(p));
  return {
    accepted: keys.filter(allowed).map((key) => [key, String(config?.[key])]),
    forbidden: keys.filter((key) => !allowed(key)),
  };
}

/** The Kafka security protocol, from TLS and whether the authentication uses SASL. */
export function securityProtocol(spec: { tls?: unknown; authentication?: { type: string; sasl?: boolean } }): string {
  const tls = spec.tls !== undefined;
  const auth = spec.authentication;
  const sasl = auth !== undefined && auth.type !== "tls" && (auth.type !== "custom" || auth.sasl === true);
  if (sasl) return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
  return tls ? "SSL" : "PLAINTEXT";
}
