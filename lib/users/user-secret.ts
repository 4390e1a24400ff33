// The user Secret of a KafkaUser, exactly as Strimzi's KafkaUserModel writes it:
// for `tls` the clients CA certificate, the user's certificate and key and a
// PKCS#12 keystore with its password; for `scram-sha-512` the password and the
// client's `sasl.jaas.config`; no Secret for `tls-external` or no authentication.
// A pure function of the KafkaUser, the clients CA, the observed Secret and the
// injected clock, randomness and keys: what exists is kept byte for byte until
// it must change, so a Secret is rewritten only when its content changes.
import type { KafkaUser } from "../api/kafka-user.js";
import type { OwnerReference, Secret } from "../api/kubernetes.js";
import { CA_CERT_KEY, CA_KEY_KEY } from "../certificates/certificate-authorities.js";
import { base64, holds, pemCertificates, secretText } from "../certificates/observed-secrets.js";
import { ANNOTATION, LABEL } from "../labels.js";
import { issueUserCertificate } from "../pki/end-entity.js";
import { isSignedBy, isWithinRenewalWindow, keyMatchesCertificate, parseCertificate } from "../pki/inspect.js";
import type { IssuingEnvironment } from "../pki/issuing-environment.js";
import type { KeyPairSource } from "../pki/keys.js";
import { createKeystore, generateStorePassword } from "../pki/pkcs12.js";
import type { CertificateAuthority } from "../pki/x509.js";
import { withinMaintenanceWindows } from "../roller/maintenance-window.js";
import { userSecretName } from "./principal.js";
import { generateScramPassword, scramJaasConfig } from "./scram-password.js";

export const USER_SECRET_KEY = {
  caCertificate: "ca.crt",
  certificate: "user.crt",
  privateKey: "user.key",
  keystore: "user.p12",
  keystorePassword: "user.password",
  password: "password",
  saslJaasConfig: "sasl.jaas.config",
} as const;

/** Strimzi's KafkaUserModel.KAFKA_USER_OPERATOR_NAME, the app.kubernetes.io name and manager of user Secrets. */
export const USER_OPERATOR_NAME = "strimzi-user-operator";

// Strimzi's Labels.STRIMZI_LABELS_EXCLUSION_PATTERN default: a KafkaUser's labels pass to its Secret but these.
const EXCLUDED_LABEL = /^app\.kubernetes\.io\/(?!part-of).*|^kustomize\.toolkit\.fluxcd\.io.*/;

/** The User Operator's settings that shape a user Secret (its env, from the Kafka's `spec.clientsCa` and `spec.entityOperator.userOperator`). */
export interface UserSecretSettings {
  /** STRIMZI_SECRET_PREFIX. */
  readonly secretPrefix: string;
  /** STRIMZI_CA_VALIDITY / STRIMZI_CA_RENEWAL: the clients CA's validityDays and renewalDays. */
  readonly caValidityDays: number;
  readonly caRenewalDays: number;
  /** STRIMZI_MAINTENANCE_TIME_WINDOWS: a due certificate is renewed only inside one (any time when empty). */
  readonly maintenanceWindows: readonly string[];
  /** STRIMZI_PKCS12_KEYSTORE_GENERATION (default true): `user.p12` and `user.password` beside the PEM files. */
  readonly pkcs12: boolean;
  /** STRIMZI_SCRAM_SHA_PASSWORD_LENGTH. */
  readonly scramPasswordLength: number;
}

export interface UserSecretInput {
  /** A valid KafkaUser (lib/users/validation.ts), as stored: its uid makes the owner reference. */
  readonly user: KafkaUser;
  /** The user Secret as it is, if any. */
  readonly observed: Secret | undefined;
  /** `<cluster>-clients-ca-cert` and `<cluster>-clients-ca`; needed for `tls` users only. */
  readonly clientsCaCert: Secret | undefined;
  readonly clientsCaKey: Secret | undefined;
  /** The value of `spec.authentication.password.valueFrom.secretKeyRef`, read by the caller; undefined when the user sets none. */
  readonly providedPassword: string | undefined;
  readonly settings: UserSecretSettings;
}

export type UserSecretEnvironment = IssuingEnvironment & { readonly newPrivateKey: KeyPairSource };

/** Why a new certificate (and key) is issued; Strimzi's reasons. */
export type CertificateRenewal = "missing" | "force-renew" | "clients-ca-changed" | "expiring";

export type UserSecretResult =
  | { ok: true; secret: Secret | undefined; renewal?: CertificateRenewal }
  | { ok: false; message: string };

interface ClientsCa {
  readonly authority: CertificateAuthority;
  /** The current certificate alone, as `ca.crt` of the user Secret holds it. */
  readonly certificatePem: string;
}

function clientsCaOf(input: UserSecretInput): ClientsCa | string {
  const [certificatePem] = pemCertificates(secretText(input.clientsCaCert, CA_CERT_KEY));
  const privateKeyPem = secretText(input.clientsCaKey, CA_KEY_KEY);
  if (certificatePem === undefined || privateKeyPem === undefined) {
    return `the clients CA Secrets (${CA_CERT_KEY} and ${CA_KEY_KEY}) are missing or incomplete: the Kafka's clients CA is not created yet`;
  }
  if (!holds(() => keyMatchesCertificate(privateKeyPem, certificatePem))) return "the clients CA key does not belong to the clients CA certificate";
  return { authority: { certificatePem, privateKeyPem }, certificatePem };
}

const validityOf = (user: KafkaUser, settings: UserSecretSettings): { validityDays: number; renewalDays: number } => {
  const auth = user.spec.authentication;
  return auth?.type === "tls" && auth.validityDays !== undefined && auth.renewalDays !== undefined
    ? { validityDays: auth.validityDays, renewalDays: auth.renewalDays }
    : { validityDays: settings.caValidityDays, renewalDays: settings.caRenewalDays };
};

/**
 * Whether the user's certificate must be issued anew, and why: Strimzi's
 * maybeGenerateCertificates. Exported so that a caller can make the one key this
 * needs off its event loop before calling desiredUserSecret.
 */
export function certificateRenewal(input: UserSecretInput, now: Date): CertificateRenewal | undefined {
  if (input.user.spec.authentication?.type !== "tls") return undefined;
  const ca = clientsCaOf(input);
  if (typeof ca === "string") return undefined;
  const { observed } = input;
  if (observed?.metadata?.annotations?.[ANNOTATION.forceRenew] === "true") return "force-renew";
  const certificatePem = secretText(observed, USER_SECRET_KEY.certificate);
  const privateKeyPem = secretText(observed, USER_SECRET_KEY.privateKey);
  if (!certificatePem || !privateKeyPem) return "missing";
  // The user's ca.crt is the clients CA's when it was issued: another one means the CA was renewed or replaced.
  if (observed?.data?.[USER_SECRET_KEY.caCertificate] !== base64(ca.certificatePem)) return "clients-ca-changed";
  if (!holds(() => keyMatchesCertificate(privateKeyPem, certificatePem) && isSignedBy(certificatePem, ca.certificatePem))) return "missing";
  const { renewalDays } = validityOf(input.user, input.settings);
  // A certificate ends no later than its CA (lib/pki/x509.ts): one that ends with it cannot be made to last longer
  // from that CA, so it waits for the CA's renewal ("clients-ca-changed") instead of being issued anew at every reconcile.
  const due = holds(() => {
    const certificate = parseCertificate(certificatePem);
    return isWithinRenewalWindow(certificate, now, renewalDays) && certificate.notAfter < parseCertificate(ca.certificatePem).notAfter;
  });
  return due && withinMaintenanceWindows(input.settings.maintenanceWindows, now).within ? "expiring" : undefined;
}

function tlsData(input: UserSecretInput, ca: ClientsCa, renewal: CertificateRenewal | undefined, env: UserSecretEnvironment): Record<string, string> {
  const { observed, settings, user } = input;
  const kept = (key: string): string | undefined => (renewal === undefined ? observed?.data?.[key] : undefined);
  let certificate = kept(USER_SECRET_KEY.certificate);
  let privateKey = kept(USER_SECRET_KEY.privateKey);
  if (certificate === undefined || privateKey === undefined) {
    const privateKeyPem = env.newPrivateKey();
    const certificatePem = issueUserCertificate(ca.authority, { userName: user.metadata.name, validityDays: validityOf(user, settings).validityDays, privateKeyPem }, env);
    certificate = base64(certificatePem);
    privateKey = base64(privateKeyPem);
  }
  const data: Record<string, string> = {
    [USER_SECRET_KEY.caCertificate]: base64(ca.certificatePem),
    [USER_SECRET_KEY.certificate]: certificate,
    [USER_SECRET_KEY.privateKey]: privateKey,
  };
  if (!settings.pkcs12) return data;
  const keystore = kept(USER_SECRET_KEY.keystore);
  const keystorePassword = kept(USER_SECRET_KEY.keystorePassword);
  if (keystore && keystorePassword) return { ...data, [USER_SECRET_KEY.keystore]: keystore, [USER_SECRET_KEY.keystorePassword]: keystorePassword };
  // Strimzi's store: one PrivateKeyEntry under the user's name, its chain the certificate alone.
  const password = generateStorePassword(env.random);
  const store = createKeystore({
    alias: user.metadata.name,
    privateKeyPem: Buffer.from(privateKey, "base64").toString("utf8"),
    certificatePem: Buffer.from(certificate, "base64").toString("utf8"),
    chainPems: [],
  }, password, env.random);
  return { ...data, [USER_SECRET_KEY.keystore]: store.toString("base64"), [USER_SECRET_KEY.keystorePassword]: base64(password) };
}

function scramData(input: UserSecretInput, env: UserSecretEnvironment): Record<string, string> {
  const password = input.providedPassword ?? (secretText(input.observed, USER_SECRET_KEY.password) || generateScramPassword(env.random, input.settings.scramPasswordLength));
  return {
    [USER_SECRET_KEY.password]: base64(password),
    [USER_SECRET_KEY.saslJaasConfig]: base64(scramJaasConfig(input.user.metadata.name, password)),
  };
}

/** The KafkaUser's labels but the excluded, then `strimzi.io/kind` and the User Operator's, then the template's. */
function secretLabels(user: KafkaUser): Record<string, string> {
  const own = Object.entries(user.metadata.labels ?? {}).filter(([key]) => !EXCLUDED_LABEL.test(key));
  return {
    ...Object.fromEntries(own),
    [LABEL.kind]: "KafkaUser",
    [LABEL.appName]: USER_OPERATOR_NAME,
    [LABEL.appInstance]: user.metadata.name,
    [LABEL.appPartOf]: user.metadata.name,
    [LABEL.appManagedBy]: USER_OPERATOR_NAME,
    ...user.spec.template?.secret?.metadata?.labels,
  };
}

/** Strimzi's: the KafkaUser owns its Secret without being its controller, so deleting the user deletes the Secret. */
function ownerReference(user: KafkaUser): OwnerReference {
  return { apiVersion: user.apiVersion, kind: user.kind, name: user.metadata.name, uid: user.metadata.uid ?? "", blockOwnerDeletion: true, controller: false };
}

/** The Secret the KafkaUser should have (undefined: none), or why it cannot be made yet. */
export function desiredUserSecret(input: UserSecretInput, env: UserSecretEnvironment): UserSecretResult {
  const { user, settings } = input;
  const type = user.spec.authentication?.type;
  let data: Record<string, string>;
  let renewal: CertificateRenewal | undefined;
  if (type === "tls") {
    const ca = clientsCaOf(input);
    if (typeof ca === "string") return { ok: false, message: ca };
    renewal = certificateRenewal(input, env.now());
    data = tlsData(input, ca, renewal, env);
  } else if (type === "scram-sha-512") {
    data = scramData(input, env);
  } else {
    return { ok: true, secret: undefined };
  }
  const annotations = user.spec.template?.secret?.metadata?.annotations;
  const secret: Secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: userSecretName(settings.secretPrefix, user.metadata.name),
      namespace: user.metadata.namespace,
      labels: secretLabels(user),
      ...(annotations && { annotations }),
      ownerReferences: [ownerReference(user)],
    },
    type: "Opaque",
    data,
  };
  return { ok: true, secret, ...(renewal && { renewal }) };
}
