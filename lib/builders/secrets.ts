// The Secrets of a cluster's PKI, in Strimzi's layout: `<cluster>-cluster-ca-cert`
// and `<cluster>-cluster-ca`, the same pair for the clients CA, one Secret per
// node named after its pod, `<cluster>-cluster-operator-certs`, the trust bundle
// and each client component's `<cluster>-<component>-certs`. Data is
// always base64 `data`: `stringData` is write-only and would differ from what
// Metacontroller observes on every sync.
import type { Secret } from "../api/kubernetes.js";
import { caSecretNames, TRUST_BUNDLE_KEY, type ResolvedCa } from "../certificates/certificate-authorities.js";
import type { ListenerCertificate } from "../certificates/listener-certificates.js";
import type { ClientCertificate, EndEntityCertificate } from "../certificates/node-certificates.js";
import { base64 } from "../certificates/observed-secrets.js";
import { customListenerCertificateKeys } from "../kafka-files/paths.js";
import { ANNOTATION, LABEL } from "../labels.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { clientCertsSecretName, nodeCertSecretName, operatorCertsSecretName, trustBundleName } from "../names.js";
import { childMetadata } from "./metadata.js";
import { sortKeys } from "../sort-keys.js";

function secret(model: KafkaClusterModel, name: string, data: Record<string, string>, extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Secret {
  return { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: childMetadata(model, name, extra), data: sortKeys(data) };
}

// A force annotation the hook has acted on is written back as "false", which the
// three-way merge applies over the user's "true": the request is done once.
const acknowledged = (done: boolean, annotation: string): Record<string, string> => (done ? { [annotation]: "false" } : {});

/** The CA's certificate and key Secrets, each only if this cluster owns it (not for a CA the user provides). */
export function caSecrets(model: KafkaClusterModel, ca: ResolvedCa): Secret[] {
  const names = caSecretNames(ca.kind, model.name);
  const owned = (data: Record<string, string>) => Object.keys(data).length > 0;
  return [
    ...(owned(ca.certSecretData)
      ? [secret(model, names.cert, ca.certSecretData, {
        annotations: { [ANNOTATION.caCertGeneration]: String(ca.certGeneration), ...acknowledged(ca.acknowledged.forceRenew, ANNOTATION.forceRenew) },
      })]
      : []),
    ...(owned(ca.keySecretData)
      ? [secret(model, names.key, ca.keySecretData, {
        annotations: { [ANNOTATION.caKeyGeneration]: String(ca.keyGeneration), ...acknowledged(ca.acknowledged.forceReplace, ANNOTATION.forceReplace) },
      })]
      : []),
  ];
}

/** A node's certificate and key, and on brokers the listeners' own certificates. */
export function nodeCertSecret(model: KafkaClusterModel, node: KafkaNode, certificate: EndEntityCertificate, listenerCertificates: readonly ListenerCertificate[]): Secret {
  const listenerData = node.isBroker
    ? Object.fromEntries(listenerCertificates.flatMap(({ listener, certificatePem, privateKeyPem }) => {
      const keys = customListenerCertificateKeys(listener);
      return [[keys.certificate, base64(certificatePem)], [keys.privateKey, base64(privateKeyPem)]];
    }))
    : {};
  return secret(model, nodeCertSecretName(model.name, node.pool, node.nodeId), { ...certificate.secretData, ...listenerData }, {
    labels: { [LABEL.poolName]: node.pool, [LABEL.podName]: node.podName },
  });
}

export function operatorCertSecret(model: KafkaClusterModel, certificate: EndEntityCertificate): Secret {
  return secret(model, operatorCertsSecretName(model.name), certificate.secretData);
}

/**
 * `<cluster>-trustbundle`: every trusted certificate of each CA (Strimzi's
 * CaReconciler.reconcileTrustBundleSecret), what components outside the brokers
 * (Kafka Exporter, …) trust the brokers with.
 */
export function trustBundleSecret(model: KafkaClusterModel, clusterCa: ResolvedCa, clientsCa: ResolvedCa): Secret {
  return secret(model, trustBundleName(model.name), {
    [TRUST_BUNDLE_KEY["cluster-ca"]]: base64(clusterCa.trusted.join("")),
    [TRUST_BUNDLE_KEY["clients-ca"]]: base64(clientsCa.trusted.join("")),
  }, {
    annotations: {
      [ANNOTATION.clusterCaCertGeneration]: String(clusterCa.certGeneration),
      [ANNOTATION.clientsCaCertGeneration]: String(clientsCa.certGeneration),
    },
  });
}

/**
 * A client component's certificate Secret, `<cluster>-<component>-certs`, with the
 * component's labels and the CA certificate generation it was issued under
 * (Strimzi's; lib/certificates/node-certificates.ts re-issues it when that changes).
 */
export function clientCertSecret(model: Pick<KafkaClusterModel, "name" | "namespace">, componentType: string, certificate: ClientCertificate): Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: childMetadata(model, clientCertsSecretName(model.name, componentType), {
      component: componentType,
      annotations: { [ANNOTATION.clusterCaCertGeneration]: certificate.caCertGeneration },
    }),
    data: sortKeys(certificate.secretData),
  };
}
