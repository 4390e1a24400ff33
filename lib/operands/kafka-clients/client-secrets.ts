// What an operand's Kafka clients (the Bridge's, Connect's) read of the user's
// Secrets (related objects the customize hook asks for): the trusted
// certificates of `spec.tls`, gathered into one `ca.crt` as Strimzi gathers them
// (ReconcilerUtils.trustedCertificates), and a hash of what the clients load at start (trusted certificates, client
// certificate and key, the password's Secret version), so that a changed Secret
// restarts the pods (Strimzi's `strimzi.io/auth-hash`). A Secret or key that is missing, or a
// certificate that does not parse, is a problem naming the field.
import { X509Certificate } from "node:crypto";
import type { CertSecretSource, KafkaClientsSpec } from "../../api/kafka-clients.js";
import type { Secret } from "../../api/kubernetes.js";
import { pemCertificates, secretText } from "../../certificates/observed-secrets.js";
import { shortHash } from "../../hash.js";

export interface ClientSecretsProblem {
  path: string;
  message: string;
}

export interface ClientSecrets {
  /** `ca.crt` of the trusted-certificates Secret; undefined without `spec.tls.trustedCertificates`. */
  trustedCertificates?: string;
  /** Changes whenever what the clients load from Secrets changes; undefined when they load nothing. */
  authHash?: string;
}

/** Java's glob (FileSystems.getPathMatcher("glob:…")) over a Secret's keys: `*`, `?`, `{a,b}` and `[…]`. */
export function globMatcher(glob: string): RegExp {
  let source = "";
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob.charAt(i);
    if (ch === "*") source += glob.charAt(i + 1) === "*" ? (i++, ".*") : "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "{") { source += "(?:"; inGroup = true; }
    else if (ch === "}" && inGroup) { source += ")"; inGroup = false; }
    else if (ch === "," && inGroup) source += "|";
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) { source += "\\["; continue; }
      const set = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
      source += `[${set}]`;
      i = end;
    } else source += ch.replace(/[.+^$|()\\\]}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Each certificate in `text` re-encoded as PEM (as Strimzi re-encodes them), or undefined if one does not parse. */
function normalizedPem(text: string): string[] | undefined {
  const pems = pemCertificates(text);
  if (pems.length === 0) return undefined;
  try {
    return pems.map((pem) => new X509Certificate(pem).toString().trim());
  } catch {
    return undefined;
  }
}

function trustedCertificate(source: CertSecretSource, secret: Secret | undefined, path: string): { pems: string[] } | ClientSecretsProblem {
  if (!secret) return { path: `${path}.secretName`, message: `Secret ${source.secretName} does not exist` };
  if (source.certificate !== undefined) {
    const text = secretText(secret, source.certificate);
    if (text === undefined) return { path: `${path}.certificate`, message: `Secret ${source.secretName} has no key ${source.certificate}` };
    const pems = normalizedPem(text);
    return pems ? { pems } : { path: `${path}.certificate`, message: `Secret ${source.secretName} key ${source.certificate} is not a PEM certificate` };
  }
  const matcher = globMatcher(source.pattern ?? "");
  const pems: string[] = [];
  for (const key of Object.keys(secret.data ?? {}).filter((k) => matcher.test(k))) {
    const parsed = normalizedPem(secretText(secret, key) ?? "");
    if (!parsed) return { path: `${path}.pattern`, message: `Secret ${source.secretName} key ${key} is not a PEM certificate` };
    pems.push(...parsed);
  }
  // Strimzi sorts the certificates a pattern matches.
  return { pems: pems.sort() };
}

/** Every entry of `spec.tls.trustedCertificates` names one certificate or a pattern (Strimzi's CRD: oneOf). */
export function trustedCertificateProblems(spec: KafkaClientsSpec): ClientSecretsProblem[] {
  return (spec.tls?.trustedCertificates ?? []).flatMap((source, i) =>
    (source.certificate === undefined) === (source.pattern === undefined)
      ? [{ path: `spec.tls.trustedCertificates[${i}]`, message: "must name exactly one of certificate or pattern" }]
      : []);
}

/** The Secrets `spec` names for the Kafka clients, by name: what the customize hook asks for. */
export function clientSecretNames(spec: KafkaClientsSpec): string[] {
  const auth = spec.authentication;
  const names = [
    ...(spec.tls?.trustedCertificates ?? []).map((s) => s.secretName),
    ...(auth?.type === "tls" ? [auth.certificateAndKey.secretName] : []),
    ...(auth && auth.type !== "tls" && auth.type !== "custom" ? [auth.passwordSecret.secretName] : []),
  ];
  return [...new Set(names)].sort();
}

export function resolveClientSecrets(
  spec: KafkaClientsSpec,
  secrets: ReadonlyMap<string, Secret>,
): { ok: true; value: ClientSecrets } | { ok: false; problems: ClientSecretsProblem[] } {
  const problems: ClientSecretsProblem[] = [];
  const hashed: string[] = [];
  const sources = spec.tls?.trustedCertificates ?? [];
  const trusted: string[] = [];
  sources.forEach((source, i) => {
    const found = trustedCertificate(source, secrets.get(source.secretName), `spec.tls.trustedCertificates[${i}]`);
    if ("pems" in found) trusted.push(...found.pems);
    else problems.push(found);
  });
  const auth = spec.authentication;
  /** What of a Secret's key goes into the hash: the material itself, or for a password which version of its Secret. */
  const keyOf = (secretName: string, key: string, path: string, hashedAs: (secret: Secret, text: string) => string): void => {
    const secret = secrets.get(secretName);
    const text = secretText(secret, key);
    if (!secret) problems.push({ path: `${path}.secretName`, message: `Secret ${secretName} does not exist` });
    else if (text === undefined) problems.push({ path, message: `Secret ${secretName} has no key ${key}` });
    else hashed.push(hashedAs(secret, text));
  };
  if (auth?.type === "tls") {
    const { secretName, certificate, key } = auth.certificateAndKey;
    keyOf(secretName, certificate, "spec.authentication.certificateAndKey", (_, text) => text);
    keyOf(secretName, key, "spec.authentication.certificateAndKey", (_, text) => text);
  } else if (auth && auth.type !== "custom") {
    // A hash of a password on the pods would let whoever reads Deployments try guesses against it offline;
    // the Secret's version changes with it (and, rarely, with no change of the password: a restart too many).
    keyOf(auth.passwordSecret.secretName, auth.passwordSecret.password, "spec.authentication.passwordSecret",
      (secret) => `${secret.metadata?.uid ?? ""}/${secret.metadata?.resourceVersion ?? ""}`);
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
  const trustedCertificates = sources.length > 0 ? `${trusted.join("\n")}\n` : undefined;
  const material = [...(trustedCertificates !== undefined ? [trustedCertificates] : []), ...hashed];
  return {
    ok: true,
    value: {
      ...(trustedCertificates !== undefined ? { trustedCertificates } : {}),
      ...(material.length > 0 ? { authHash: shortHash(material.join("\u0000")) } : {}),
    },
  };
}

function dedupe(problems: readonly ClientSecretsProblem[]): ClientSecretsProblem[] {
  const seen = new Map(problems.map((p) => [`${p.path}\n${p.message}`, p]));
  return [...seen.values()];
}
