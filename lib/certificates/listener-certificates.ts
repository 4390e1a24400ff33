// Listeners that serve the user's own certificate (`brokerCertChainAndKey`):
// read from the user's Secret (a related object), checked, and handed to the
// brokers through their own Secrets. Kafka's PEM keystore reads PKCS#8 keys
// only, so a PKCS#1 or SEC1 key is converted here.
import { createPrivateKey } from "node:crypto";
import { listenerName } from "../config/broker-properties.js";
import type { ModelProblem } from "../model/types.js";
import type { KafkaClusterModel } from "../model/types.js";
import { keyMatchesCertificate } from "../pki/inspect.js";
import { REASON } from "../reasons.js";
import { holds, pemCertificates, secretText, type SecretsByName } from "./observed-secrets.js";

export interface ListenerCertificate {
  /** The Kafka listener name, `<NAME>-<PORT>`. */
  listener: string;
  /** The chain as the user gave it, the broker's certificate first. */
  certificatePem: string;
  privateKeyPem: string;
}

export type ListenerCertificatesResult = { ok: true; certificates: ListenerCertificate[] } | { ok: false; problems: ModelProblem[] };

function pkcs8(pem: string): string | undefined {
  try {
    return createPrivateKey(pem).export({ type: "pkcs8", format: "pem" }).toString();
  } catch {
    return undefined;
  }
}

export function listenerCertificates(model: KafkaClusterModel, secrets: SecretsByName): ListenerCertificatesResult {
  const certificates: ListenerCertificate[] = [];
  const problems: ModelProblem[] = [];
  model.listeners.forEach((listener, i) => {
    const source = listener.configuration?.brokerCertChainAndKey;
    if (!source || !listener.tls) return;
    const path = `spec.kafka.listeners[${i}].configuration.brokerCertChainAndKey`;
    const problem = (field: string, message: string) => problems.push({ reason: REASON.invalidResource, path: `${path}.${field}`, message });
    const secret = secrets.get(source.secretName);
    if (!secret) {
      problem("secretName", `Secret ${source.secretName} does not exist in namespace ${model.namespace}`);
      return;
    }
    const chain = pemCertificates(secretText(secret, source.certificate));
    const key = secretText(secret, source.key);
    const privateKeyPem = key === undefined ? undefined : pkcs8(key);
    if (chain.length === 0) problem("certificate", `Secret ${source.secretName} has no PEM certificate under the key ${source.certificate}`);
    if (privateKeyPem === undefined) problem("key", `Secret ${source.secretName} has no readable private key under the key ${source.key}`);
    if (chain[0] === undefined || privateKeyPem === undefined) return;
    const first = chain[0];
    if (!holds(() => keyMatchesCertificate(privateKeyPem, first))) {
      problem("key", `the key ${source.key} in Secret ${source.secretName} does not belong to the certificate ${source.certificate}`);
      return;
    }
    certificates.push({ listener: listenerName(listener), certificatePem: chain.join(""), privateKeyPem });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, certificates };
}
