// The Kafka admin connection of an Entity Operator process: mutual TLS with
// the material Strimzi's operators read from the Kubernetes API, not from
// mounted files (the cluster CA certificate and the operator's own certificate
// and key, in the Secrets its env names). Nothing read here is ever logged.
import type { KubeConfig } from "../sidecar/kube/config.js";
import { KafkaClient, type TlsMaterial } from "../sidecar/kafka/client.js";
import { KubeActions } from "../sidecar/kube-actions.js";
import type { TopicOperatorConfig } from "./config.js";

const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export class TlsMaterialMissing extends Error {}

/** Every certificate of the trusted Secret (`ca.crt` in the cluster CA's), in key order. */
function trustedCertificates(data: Record<string, string>): string {
  return Object.keys(data).filter((key) => key.endsWith(".crt")).sort().map((key) => data[key]).join("\n");
}

export async function readTlsMaterial(kubeConfig: KubeConfig, config: Pick<TopicOperatorConfig, "clusterNamespace" | "tls">): Promise<TlsMaterial> {
  const secrets = new KubeActions(kubeConfig, () => undefined);
  const { trustedCertsSecret, secret, keyName, certName } = config.tls;
  const [trusted, own] = await Promise.all([trustedCertsSecret, secret].map((name) => secrets.readSecret(config.clusterNamespace, name))).finally(() => secrets.close());
  const caPem = trusted ? trustedCertificates(trusted) : "";
  if (caPem === "") throw new TlsMaterialMissing(`Secret ${config.clusterNamespace}/${trustedCertsSecret} holds no certificate`);
  const certPem = own?.[certName];
  const keyPem = own?.[keyName];
  if (!certPem || !keyPem) throw new TlsMaterialMissing(`Secret ${config.clusterNamespace}/${secret} lacks ${certName} or ${keyName}`);
  return { caPem, certPem, keyPem };
}

export async function connectKafka(kubeConfig: KubeConfig, config: Pick<TopicOperatorConfig, "bootstrapServers" | "clusterNamespace" | "tls">): Promise<KafkaClient> {
  const tls = await readTlsMaterial(kubeConfig, config);
  return new KafkaClient({ bootstrap: config.bootstrapServers, tls, connectTimeoutMs: CONNECT_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS });
}
