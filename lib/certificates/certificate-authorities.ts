// The cluster CA and the clients CA of one cluster, read back from their Secrets
// on every sync and changed only when they must be: created for a new cluster,
// renewed inside the renewal window or when forced, key replaced when the policy
// or the user says so. Never created anew for a cluster that exists.
import type { CertificateAuthority as CaSpec } from "../api/kafka.js";
import type { Secret } from "../api/kubernetes.js";
import { ANNOTATION } from "../labels.js";
import type { ModelProblem } from "../model/types.js";
import { clientsCaCertSecretName, clientsCaKeySecretName, clusterCaCertSecretName, clusterCaKeySecretName, retainedSecretName } from "../names.js";
import {
  createCertificateAuthority, DEFAULT_CA_RENEWAL_DAYS, DEFAULT_CA_VALIDITY_DAYS, issueCaCertificate,
  type CaKind, type CertificateAuthority,
} from "../pki/certificate-authority.js";
import { isPending } from "../pki/certificate-task.js";
import { isWithinRenewalWindow, keyMatchesCertificate, parseCertificate } from "../pki/inspect.js";
import { createTruststore, generateStorePassword, TRUSTSTORE_CA_ALIAS } from "../pki/pkcs12.js";
import { REASON } from "../reasons.js";
import type { Environment } from "../environment.js";
import { base64, holds, pemCertificates, secretText, type SecretsByName } from "./observed-secrets.js";

export const CA_CERT_KEY = "ca.crt";
export const CA_KEY_KEY = "ca.key";
export const CA_TRUSTSTORE_KEY = "ca.p12";
export const CA_TRUSTSTORE_PASSWORD_KEY = "ca.password";
/** Keys of the trust bundle Secret (`<cluster>-trustbundle`), each CA's trusted certificates. */
export const TRUST_BUNDLE_KEY: Record<CaKind, string> = { "cluster-ca": "cluster-ca.crt", "clients-ca": "clients-ca.crt" };

export type CaEvent = "created" | "renewed" | "key-replaced" | "old-certificates-retired";

export interface ResolvedCa {
  kind: CaKind;
  /** The current certificate and its key: what signs new certificates. */
  authority: CertificateAuthority;
  /** Every certificate in `ca.crt`: the current one first, then older keys' kept through a key replacement. */
  trusted: string[];
  certGeneration: number;
  keyGeneration: number;
  validityDays: number;
  renewalDays: number;
  /** Provided by the user (`generateCertificateAuthority: false`): read, never renewed. */
  userProvided: boolean;
  /**
   * Data of `<cluster>-<kind>-cert` and `<cluster>-<kind>`, base64; the observed bytes when
   * nothing changed; empty when the hook does not own them (a user-provided CA).
   */
  certSecretData: Record<string, string>;
  keySecretData: Record<string, string>;
  /** Force annotations acted on in this sync; the Secrets carry them back as "false". */
  acknowledged: { forceRenew: boolean; forceReplace: boolean };
  event?: CaEvent;
}

export interface CaInput {
  kind: CaKind;
  cluster: string;
  spec: CaSpec | undefined;
  secrets: SecretsByName;
  /** The cluster has nodes already: losing its CA must not silently make a new one. */
  clusterExists: boolean;
  /** The user asked for a new CA although the cluster exists (its Secrets were lost). */
  forceNew: boolean;
  env: Environment;
}

export type CaResult = { ok: true; ca: ResolvedCa } | { ok: false; problem: ModelProblem };

const SPEC_FIELD: Record<CaKind, string> = { "cluster-ca": "spec.clusterCa", "clients-ca": "spec.clientsCa" };

export function caSecretNames(kind: CaKind, cluster: string): { cert: string; key: string } {
  return kind === "cluster-ca"
    ? { cert: clusterCaCertSecretName(cluster), key: clusterCaKeySecretName(cluster) }
    : { cert: clientsCaCertSecretName(cluster), key: clientsCaKeySecretName(cluster) };
}

/** A child of the Kafka (Metacontroller sets the controller reference) rather than a Secret the user made. */
const isOwned = (secret: Secret | undefined): boolean => secret?.metadata?.ownerReferences?.some((r) => r.controller === true) ?? false;

const generation = (secret: Secret | undefined, annotation: string): number => {
  const value = Number(secret?.metadata?.annotations?.[annotation]);
  return Number.isInteger(value) && value >= 0 ? value : 0;
};

/** `ca.p12` names the current certificate `ca.crt` and each older one after its expiry, as Strimzi does. */
function truststoreAlias(pem: string, index: number): string {
  return index === 0 ? TRUSTSTORE_CA_ALIAS : `ca-${parseCertificate(pem).notAfter.toISOString().replace(/[:.]/g, "-")}.crt`;
}

function certSecretData(trusted: readonly string[], observed: Secret | undefined, env: Environment): Record<string, string> {
  const text = trusted.join("");
  const seen = observed?.data;
  if (seen?.[CA_TRUSTSTORE_KEY] && seen[CA_TRUSTSTORE_PASSWORD_KEY] && secretText(observed, CA_CERT_KEY) === text) {
    return { [CA_CERT_KEY]: seen[CA_CERT_KEY] as string, [CA_TRUSTSTORE_KEY]: seen[CA_TRUSTSTORE_KEY], [CA_TRUSTSTORE_PASSWORD_KEY]: seen[CA_TRUSTSTORE_PASSWORD_KEY] };
  }
  // A CA certificate still being issued (PreparedWork): its store comes with the run that has it.
  if (trusted.some(isPending)) return { [CA_CERT_KEY]: base64(text) };
  const password = generateStorePassword(env.random);
  const truststore = createTruststore(trusted.map((pem, i) => ({ alias: truststoreAlias(pem, i), certificatePem: pem })), password, env.random);
  return { [CA_CERT_KEY]: base64(text), [CA_TRUSTSTORE_KEY]: truststore.toString("base64"), [CA_TRUSTSTORE_PASSWORD_KEY]: base64(password) };
}

export function resolveCertificateAuthority(input: CaInput): CaResult {
  const { kind, spec, env } = input;
  const names = caSecretNames(kind, input.cluster);
  // A CA kept after its Kafka was deleted (generateSecretOwnerReference: false) is taken up again by the Kafka created in its place.
  const certSecret = input.secrets.get(names.cert) ?? input.secrets.get(retainedSecretName(names.cert));
  const keySecret = input.secrets.get(names.key) ?? input.secrets.get(retainedSecretName(names.key));
  const certificates = pemCertificates(secretText(certSecret, CA_CERT_KEY));
  const currentCert = certificates[0];
  const keyPem = secretText(keySecret, CA_KEY_KEY);
  const validityDays = spec?.validityDays ?? DEFAULT_CA_VALIDITY_DAYS;
  const renewalDays = spec?.renewalDays ?? DEFAULT_CA_RENEWAL_DAYS;
  const now = env.now();
  let certGeneration = generation(certSecret, ANNOTATION.caCertGeneration);
  let keyGeneration = generation(keySecret, ANNOTATION.caKeyGeneration);
  const problem = (reason: ModelProblem["reason"], path: string, message: string): CaResult => ({ ok: false, problem: { reason, path, message } });

  if (spec?.generateCertificateAuthority === false) {
    if (!currentCert || !keyPem) {
      return problem(REASON.certificateAuthorityMissing, `${SPEC_FIELD[kind]}.generateCertificateAuthority`,
        `is false, so the Secrets ${names.cert} (with ${CA_CERT_KEY}) and ${names.key} (with ${CA_KEY_KEY}) must be provided`);
    }
  }
  if (currentCert && !holds(() => parseCertificate(currentCert) !== undefined)) {
    return problem(REASON.certificateAuthorityInvalid, `Secret/${names.cert}`, `${CA_CERT_KEY} holds a certificate that cannot be read; restore it from a backup`);
  }
  if (currentCert && keyPem && !holds(() => keyMatchesCertificate(keyPem, currentCert))) {
    return problem(REASON.certificateAuthorityInvalid, `Secret/${names.key}`, `${CA_KEY_KEY} is not the readable key of the first certificate in ${names.cert} ${CA_CERT_KEY}`);
  }
  const base = { kind, validityDays, renewalDays, acknowledged: { forceRenew: false, forceReplace: false } };

  if (!currentCert || !keyPem) {
    if (input.clusterExists && !input.forceNew) {
      const missing = [currentCert ? undefined : names.cert, keyPem ? undefined : names.key].filter((n): n is string => !!n);
      return problem(REASON.certificateAuthorityMissing, `Secret/${missing.join(", Secret/")}`,
        `the ${kind} of this existing cluster is missing; a new CA would make its nodes and clients distrust each other. `
        + `Restore the Secret from a backup, or annotate the Kafka with ${ANNOTATION.forceNewCa}=${kind} to create a new CA (every node restarts; clients must trust the new CA)`);
    }
    // A forced new CA gets the next generations, so nothing mistakes it for the lost one.
    if (input.clusterExists) {
      certGeneration++;
      keyGeneration++;
    }
    const authority = createCertificateAuthority({ kind, keyGeneration, validityDays }, env.newPrivateKey, env);
    return {
      ok: true,
      ca: {
        ...base, authority, trusted: [authority.certificatePem], certGeneration, keyGeneration, userProvided: false, event: "created",
        certSecretData: certSecretData([authority.certificatePem], undefined, env),
        keySecretData: { [CA_KEY_KEY]: base64(authority.privateKeyPem) },
      },
    };
  }

  if (spec?.generateCertificateAuthority === false) {
    // Secrets this cluster created stay its children, unchanged: not listing them would delete them.
    const keep = (secret: Secret | undefined) => (isOwned(secret) ? { ...secret?.data } : {});
    return {
      ok: true,
      ca: {
        ...base, authority: { certificatePem: currentCert, privateKeyPem: keyPem }, trusted: certificates, certGeneration, keyGeneration, userProvided: true,
        certSecretData: keep(certSecret), keySecretData: keep(keySecret),
      },
    };
  }

  const forceReplace = keySecret?.metadata?.annotations?.[ANNOTATION.forceReplace] === "true";
  const forceRenew = certSecret?.metadata?.annotations?.[ANNOTATION.forceRenew] === "true";
  const due = isWithinRenewalWindow(parseCertificate(currentCert), now, renewalDays);
  let authority: CertificateAuthority = { certificatePem: currentCert, privateKeyPem: keyPem };
  let trusted = certificates;
  let event: CaEvent | undefined;
  if (forceReplace || (due && spec?.certificateExpirationPolicy === "replace-key")) {
    keyGeneration++;
    certGeneration++;
    authority = createCertificateAuthority({ kind, keyGeneration, validityDays }, env.newPrivateKey, env);
    // The old certificate stays trusted until every node has a certificate from the new key and has restarted with it.
    trusted = [authority.certificatePem, ...certificates];
    event = "key-replaced";
  } else if (forceRenew || due) {
    certGeneration++;
    authority = { certificatePem: issueCaCertificate({ kind, keyGeneration, validityDays, privateKeyPem: keyPem }, env), privateKeyPem: keyPem };
    // Same key and subject: whatever trusted the old certificate verifies the new one's signatures.
    trusted = [authority.certificatePem, ...certificates.slice(1)];
    event = "renewed";
  }
  return {
    ok: true,
    ca: {
      ...base,
      authority,
      certGeneration,
      keyGeneration,
      userProvided: false,
      trusted,
      ...(event ? { event } : {}),
      acknowledged: { forceRenew, forceReplace },
      certSecretData: certSecretData(trusted, certSecret, env),
      keySecretData: { [CA_KEY_KEY]: authority.privateKeyPem === keyPem && keySecret?.data?.[CA_KEY_KEY] ? keySecret.data[CA_KEY_KEY] : base64(authority.privateKeyPem) },
    },
  };
}

/**
 * The CA without the older keys' certificates it kept through a key replacement:
 * once every certificate it signs is the new key's and every pod has restarted with it.
 */
export function withoutOldCertificates(ca: ResolvedCa, secrets: SecretsByName, cluster: string, env: Environment): ResolvedCa {
  const current = [ca.authority.certificatePem];
  return { ...ca, trusted: current, event: "old-certificates-retired", certSecretData: certSecretData(current, secrets.get(caSecretNames(ca.kind, cluster).cert), env) };
}
