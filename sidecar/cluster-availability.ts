// One KafkaAvailability per cluster, built from the cluster's Secrets: the
// cluster CA certificate to trust the brokers, and the operator's certificate
// and key for mutual TLS on the replication listener. A client is made again
// when that material changes (a renewed CA or operator certificate).
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { brokersServiceName, clusterCaCertSecretName, operatorCertsSecretName } from "../lib/names.js";
import { REPLICATION_PORT } from "../lib/kafka-files/paths.js";
import { CA_CERT_KEY } from "../lib/certificates/certificate-authorities.js";
import { OPERATOR_KEY } from "../lib/certificates/node-certificates.js";
import { KafkaCredentialsMissing } from "./errors.js";
import type { KafkaAvailability, KafkaAvailabilityFactory } from "./kafka-availability.js";
import type { ClusterKey } from "./cluster-cache.js";

export type SecretReader = (namespace: string, name: string) => Promise<Record<string, string> | undefined>;

/** The replication listener through the headless brokers Service. */
export const replicationBootstrap = (cluster: ClusterKey): string =>
  `${brokersServiceName(cluster.name)}.${cluster.namespace}.svc:${REPLICATION_PORT}`;

export class ClusterAvailability {
  private readonly clients = new Map<string, { fingerprint: string; client: KafkaAvailability }>();

  constructor(private readonly factory: KafkaAvailabilityFactory, private readonly readSecret: SecretReader, private readonly logger: Logger) {}

  /**
   * The cluster's client; throws KafkaCredentialsMissing, saying which, when a
   * Secret or key is missing. Reconcilers of several lanes ask at once: the
   * client is looked up and replaced with no wait in between, so each gets the
   * one client and none is left unclosed.
   */
  async forCluster(cluster: ClusterKey): Promise<KafkaAvailability> {
    const material = await this.material(cluster);
    const key = `${cluster.namespace}/${cluster.name}`;
    const fingerprint = createHash("sha256").update(JSON.stringify(material)).digest("hex");
    const cached = this.clients.get(key);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const client = this.factory({ namespace: cluster.namespace, name: cluster.name, bootstrap: replicationBootstrap(cluster), ...material });
    this.clients.set(key, { fingerprint, client });
    if (cached) await this.close(key, cached.client);
    return client;
  }

  async release(cluster: ClusterKey): Promise<void> {
    const key = `${cluster.namespace}/${cluster.name}`;
    const cached = this.clients.get(key);
    if (cached) await this.close(key, cached.client);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.clients.entries()].map(([key, { client }]) => this.close(key, client)));
  }

  private async close(key: string, client: KafkaAvailability): Promise<void> {
    if (this.clients.get(key)?.client === client) this.clients.delete(key);
    try {
      await client.close();
    } catch (error) {
      this.logger.warn({ err: error, cluster: key }, "cannot close a Kafka client");
    }
  }

  private async material(cluster: ClusterKey): Promise<{ clusterCaCertPem: string; operatorCertPem: string; operatorKeyPem: string }> {
    const caSecret = clusterCaCertSecretName(cluster.name);
    const operatorSecret = operatorCertsSecretName(cluster.name);
    const [ca, operator] = await Promise.all([this.readSecret(cluster.namespace, caSecret), this.readSecret(cluster.namespace, operatorSecret)]);
    const need = (data: Record<string, string> | undefined, secret: string, field: string): string => {
      const value = data?.[field];
      if (!value) throw new KafkaCredentialsMissing(data ? `Secret ${secret} has no ${field}` : `Secret ${secret} does not exist`);
      return value;
    };
    return {
      clusterCaCertPem: need(ca, caSecret, CA_CERT_KEY),
      operatorCertPem: need(operator, operatorSecret, OPERATOR_KEY.certificate),
      operatorKeyPem: need(operator, operatorSecret, OPERATOR_KEY.privateKey),
    };
  }
}
