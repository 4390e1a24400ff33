// Certificates the cluster CA issues to the cluster's own members: one per node,
// one for the sidecar and one per in-cluster client component (Kafka Exporter, …). Each is read back from its Secret and kept, byte for
// byte, while it is signed by the current CA, names exactly what it must, and is
// outside the renewal window; otherwise a new key and certificate are issued, as
// long as this sync's key budget lasts.
import type { Secret } from "../api/kubernetes.js";
import { ANNOTATION } from "../labels.js";
import { clientCertsSecretName, nodeCertSecretName, operandComponentName, operatorCertsSecretName, serviceDnsNames } from "../names.js";
import { isPending } from "../pki/certificate-task.js";
import { issueClientCertificate, issueNodeCertificate, issueServerCertificate, OPERATOR_COMMON_NAME } from "../pki/end-entity.js";
import { isWithinRenewalWindow, verifiedCertificate, type CertificateInfo } from "../pki/inspect.js";
import { formatIpAddress, ipAddressOctets } from "../pki/ip-address.js";
import { createKeystore, generateStorePassword } from "../pki/pkcs12.js";
import type { ObservedClusterModel } from "../model/observed-cluster.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import type { Environment } from "../environment.js";
import type { ResolvedCa } from "./certificate-authorities.js";
import { base64, holds, secretText, type SecretsByName } from "./observed-secrets.js";
import { nodeSubjectAltNames } from "./subject-alt-names.js";

/**
 * `issued` and `current` are ready to use; `stale` is still served while it waits
 * for the budget (due, naming the wrong names, or from another CA); `missing` has
 * no certificate yet.
 */
export type CertificateState = "current" | "issued" | "stale" | "missing";

export interface EndEntityCertificate {
  state: CertificateState;
  certificatePem?: string;
  /** Signed by the CA's current key (every issued one is; a kept one may be an older key's). */
  signedByCurrentKey: boolean;
  /** The Secret's data, base64; the observed bytes when the certificate is kept. */
  secretData: Record<string, string>;
}

/** New private keys this sync may still generate. */
export interface KeyBudget {
  remaining: number;
}

// DNS names compare without case, IP addresses as octets; a name added or removed re-issues the certificate, as in Strimzi.
const nameSet = (names: readonly string[]): string => names.map((n) => n.toLowerCase()).sort().join(" ");
const ipSet = (ips: readonly string[]): string => ips.map((ip) => formatIpAddress(ipAddressOctets(ip))).sort().join(" ");

interface EndEntityRequest {
  secret: Secret | undefined;
  certificateKey: string;
  privateKeyKey: string;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  clusterCa: ResolvedCa;
  /** CA certificates whose signatures keep a certificate good: the current one, and during a key replacement the older ones too. */
  issuers: readonly string[];
  budget: KeyBudget;
  env: Environment;
  issue: (privateKeyPem: string) => string;
  /** Further Secret data derived from a newly issued certificate and key, under `extraKeys`. */
  extraData?: (certificatePem: string, privateKeyPem: string) => Record<string, string>;
  extraKeys?: readonly string[];
  /** Whether one in its renewal window may be renewed now; a client's waits for a maintenance window (below). */
  mayRenew?: boolean;
  /** Issued under another certificate generation of the CA: re-issued as soon as the current key signs it. */
  otherGeneration?: boolean;
}

/** The observed data of the keys this certificate owns, nothing else the Secret may hold. */
function keptData(request: EndEntityRequest): Record<string, string> {
  const keys = [request.certificateKey, request.privateKeyKey, ...(request.extraKeys ?? [])];
  return Object.fromEntries(keys.flatMap((key) => {
    const value = request.secret?.data?.[key];
    return value === undefined ? [] : [[key, value]];
  }));
}

function endEntityCertificate(request: EndEntityRequest): EndEntityCertificate {
  const { secret, clusterCa, budget } = request;
  const certificatePem = secretText(secret, request.certificateKey);
  const privateKeyPem = secretText(secret, request.privateKeyKey);
  const now = request.env.now();
  const due = (info: CertificateInfo): boolean => now > info.notAfter || ((request.mayRenew ?? true) && isWithinRenewalWindow(info, now, clusterCa.renewalDays));
  const issuer = certificatePem === undefined || privateKeyPem === undefined ? undefined : request.issuers.find((ca) => holds(() => {
    const info = verifiedCertificate(certificatePem, privateKeyPem, ca);
    return info !== undefined && nameSet(info.dnsNames) === nameSet(request.dnsNames) && ipSet(info.ipAddresses) === ipSet(request.ipAddresses) && !due(info);
  }));
  // During a key replacement one of the old key stays good until every pod trusts the new key (lib/certificates/cluster-certificates.ts).
  const renewedCa = request.otherGeneration === true && issuer === clusterCa.authority.certificatePem;
  if (issuer !== undefined && !renewedCa) {
    return { state: "current", certificatePem, signedByCurrentKey: issuer === clusterCa.authority.certificatePem, secretData: keptData(request) };
  }
  if (budget.remaining > 0) {
    budget.remaining--;
    const newKey = request.env.newPrivateKey();
    const issued = request.issue(newKey);
    return {
      state: "issued",
      certificatePem: issued,
      signedByCurrentKey: true,
      secretData: { [request.certificateKey]: base64(issued), [request.privateKeyKey]: base64(newKey), ...request.extraData?.(issued, newKey) },
    };
  }
  // Whatever exists is kept until the budget reaches it: a 200 answer without the Secret would delete it.
  return certificatePem !== undefined && privateKeyPem !== undefined
    ? { state: "stale", certificatePem, signedByCurrentKey: false, secretData: keptData(request) }
    : { state: "missing", signedByCurrentKey: false, secretData: {} };
}

export const nodeCertificateKey = (pod: string): string => `${pod}.crt`;
export const nodePrivateKeyKey = (pod: string): string => `${pod}.key`;

export function nodeCertificate(
  model: ObservedClusterModel, node: KafkaNode, clusterCa: ResolvedCa, issuers: readonly string[], secrets: SecretsByName, budget: KeyBudget, env: Environment,
): EndEntityCertificate {
  const { dnsNames, ipAddresses } = nodeSubjectAltNames(model, node);
  return endEntityCertificate({
    secret: secrets.get(nodeCertSecretName(model.name, node.pool, node.nodeId)),
    certificateKey: nodeCertificateKey(node.podName),
    privateKeyKey: nodePrivateKeyKey(node.podName),
    dnsNames,
    ipAddresses,
    clusterCa,
    issuers,
    budget,
    env,
    issue: (privateKeyPem) => issueNodeCertificate(clusterCa.authority, { clusterName: model.name, dnsNames, ipAddresses, validityDays: clusterCa.validityDays, privateKeyPem }, env),
  });
}

export const OPERATOR_KEY = {
  certificate: `${OPERATOR_COMMON_NAME}.crt`,
  privateKey: `${OPERATOR_COMMON_NAME}.key`,
  keystore: `${OPERATOR_COMMON_NAME}.p12`,
  password: `${OPERATOR_COMMON_NAME}.password`,
} as const;

/** The sidecar's client certificate (Strimzi's `<cluster>-cluster-operator-certs`), with a PKCS#12 keystore for Java-style tools. */
export function operatorCertificate(
  model: KafkaClusterModel, clusterCa: ResolvedCa, issuers: readonly string[], secrets: SecretsByName, budget: KeyBudget, env: Environment,
): EndEntityCertificate {
  return endEntityCertificate({
    secret: secrets.get(operatorCertsSecretName(model.name)),
    certificateKey: OPERATOR_KEY.certificate,
    privateKeyKey: OPERATOR_KEY.privateKey,
    dnsNames: [],
    ipAddresses: [],
    clusterCa,
    issuers,
    budget,
    env,
    issue: (privateKeyPem) => issueClientCertificate(clusterCa.authority, { commonName: OPERATOR_COMMON_NAME, validityDays: clusterCa.validityDays, privateKeyPem }, env),
    ...keystoreData(OPERATOR_COMMON_NAME, { keystore: OPERATOR_KEY.keystore, password: OPERATOR_KEY.password }, clusterCa, env),
  });
}

/**
 * A PKCS#12 keystore of a newly issued certificate and key, under `keys`: the
 * extra Secret data of an end-entity certificate, kept with it while it stands.
 */
function keystoreData(alias: string, keys: { keystore: string; password: string }, clusterCa: ResolvedCa, env: Environment): Pick<EndEntityRequest, "extraKeys" | "extraData"> {
  return {
    extraKeys: [keys.keystore, keys.password],
    extraData: (certificatePem, privateKeyPem): Record<string, string> => {
      // A key or certificate still being prepared (PreparedWork): the keystore comes with the run that has both.
      if (isPending(certificatePem) || isPending(privateKeyPem)) return {};
      const password = generateStorePassword(env.random);
      const keystore = createKeystore({ alias, privateKeyPem, certificatePem, chainPems: [clusterCa.authority.certificatePem] }, password, env.random);
      return { [keys.keystore]: keystore.toString("base64"), [keys.password]: base64(password) };
    },
  };
}

/** A client component's certificate and key, in its Secret as Strimzi's CertSecretUtils.buildSecretData names them. */
export const clientCertificateKeys = (keyName: string): { certificate: string; privateKey: string; keystore: string; password: string } =>
  ({ certificate: `${keyName}.crt`, privateKey: `${keyName}.key`, keystore: `${keyName}.p12`, password: `${keyName}.password` });

/**
 * A client certificate an operand asks the cluster CA for: `CN=<cluster>-<component>, O=io.strimzi`
 * in `<cluster>-<component>-certs`, under `<keyName>.crt` and `.key` (the component type, but
 * both Entity Operator Secrets use `entity-operator`, as in Strimzi).
 */
export interface ClientCertificateNeed {
  readonly component: string;
  readonly keyName: string;
  /** It also serves TLS under its Service's names (`<cluster>-<component>` in its namespace, and `localhost`), as Cruise Control's REST API does. */
  readonly server?: boolean;
  /** Its Secret also holds a PKCS#12 keystore, `<keyName>.p12` with `<keyName>.password`, for a Java process that reads no PEM. */
  readonly keystore?: boolean;
}

export interface ClientCertificate extends EndEntityCertificate {
  /** The CA certificate generation it was issued under, which its Secret records. */
  caCertGeneration: string;
}

export interface ClientCertificateContext {
  cluster: string;
  namespace: string;
  clusterCa: ResolvedCa;
  issuers: readonly string[];
  secrets: SecretsByName;
  budget: KeyBudget;
  env: Environment;
  /** Now is inside one of `spec.maintenanceTimeWindows` (or there are none). */
  withinMaintenanceWindow: boolean;
}

/**
 * The client certificate of an in-cluster component that talks to the brokers
 * (`CN=<cluster>-<component>, O=io.strimzi`), renewed as Strimzi's
 * maybeCopyOrGenerateClientCert renews it: when missing, when the CA's
 * certificate generation changed, and when due only inside a maintenance window,
 * since its pods restart as soon as their certificate changes (a Deployment rolls
 * at once, with no roller to hold it until the window).
 */
export function clientCertificate({ component: componentType, keyName, server, keystore }: ClientCertificateNeed, context: ClientCertificateContext): ClientCertificate {
  const { cluster, clusterCa, secrets, env } = context;
  const commonName = operandComponentName(cluster, componentType);
  const dnsNames = server === true ? [...serviceDnsNames(commonName, context.namespace), "localhost"] : [];
  const secret = secrets.get(clientCertsSecretName(cluster, componentType));
  const keys = clientCertificateKeys(keyName);
  const current = String(clusterCa.certGeneration);
  const observedGeneration = secret?.metadata?.annotations?.[ANNOTATION.clusterCaCertGeneration];
  const certificate = endEntityCertificate({
    secret,
    certificateKey: keys.certificate,
    privateKeyKey: keys.privateKey,
    dnsNames,
    ipAddresses: [],
    clusterCa,
    issuers: context.issuers,
    budget: context.budget,
    env,
    issue: (privateKeyPem) => (server === true
      ? issueServerCertificate(clusterCa.authority, { commonName, dnsNames, ipAddresses: [], validityDays: clusterCa.validityDays, privateKeyPem }, env)
      : issueClientCertificate(clusterCa.authority, { commonName, validityDays: clusterCa.validityDays, privateKeyPem }, env)),
    ...(keystore === true ? keystoreData(componentType, keys, clusterCa, env) : {}),
    mayRenew: context.withinMaintenanceWindow,
    otherGeneration: observedGeneration !== current,
  });
  return { ...certificate, caCertGeneration: certificate.state === "issued" ? current : observedGeneration ?? current };
}
