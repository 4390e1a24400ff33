// What the User Operator's beds on the real API server share: a control plane
// with the KafkaUser CRD, one real Kafka node secured as a Strimzi cluster with
// `simple` authorization (../user-operator/single-broker.ts: TLS and SCRAM
// listeners, StandardAuthorizer), the namespace with the clients CA, cluster CA
// and operator certificate Secrets, the Entity Operator's Role (Strimzi's rules,
// lib/operands/entity-operator/rbac.ts) bound to its ServiceAccount, a
// KubeConfig (and a kubeconfig file, for the operator as its container runs it)
// authenticating as that ServiceAccount, the contract's env, and an admin
// client reading Kafka back.
import { join } from "node:path";
import yaml from "js-yaml";
import type { KubeConfig } from "../../../sidecar/kube/config.js";
import { ENTITY_OPERATOR_RULES } from "../../../lib/operands/entity-operator/rbac.js";
import { KafkaClient } from "../../../sidecar/kafka/client.js";
import { repoRoot } from "../../helpers/paths.js";
import { startSingleBroker, type SingleBroker } from "../user-operator/single-broker.js";
import { issueClientCertificate, writeClientKubeconfig } from "./certificates.js";
import { clientKubeConfig, crdsEstablished, startCluster, type RealCluster } from "./cluster.js";

export const NS = "kafka";
export const CLUSTER = "my-cluster";
export const OPERATOR_USER = `system:serviceaccount:${NS}:${CLUSTER}-entity-operator`;

export interface UserOperatorBed {
  cluster: RealCluster;
  broker: SingleBroker;
  /** As the Entity Operator's ServiceAccount. */
  kubeConfig: KubeConfig;
  /** The same identity as a kubeconfig file, for `node dist/entity-operator/main.js user-operator`. */
  kubeconfigFile: string;
  /** The contract's env for the user-operator container (EntityUserOperator.getEnvVars). */
  env: Record<string, string>;
  /** Kafka as the operator's super user sees it. */
  kafka: KafkaClient;
  stop(): Promise<void>;
}

const b64 = (text: string): string => Buffer.from(text).toString("base64");

export async function startUserOperatorBed(options: { fullReconciliationIntervalMs: number }): Promise<UserOperatorBed> {
  const cluster = await startCluster();
  let broker: SingleBroker | undefined;
  try {
    await cluster.kubectl(["apply", "-f", join(repoRoot, "manifests", "crds", "kafkausers.kafka.strimzi.io.yaml")]);
    await crdsEstablished(cluster);
    broker = await startSingleBroker();
    const secret = (name: string, data: Record<string, string>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: NS }, data });
    const objects = [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: `${CLUSTER}-entity-operator`, namespace: NS }, rules: ENTITY_OPERATOR_RULES },
      {
        apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: `${CLUSTER}-entity-user-operator-role`, namespace: NS },
        subjects: [{ kind: "User", name: OPERATOR_USER }],
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${CLUSTER}-entity-operator` },
      },
      secret(`${CLUSTER}-clients-ca-cert`, { "ca.crt": b64(broker.clientsCa.certificatePem) }),
      secret(`${CLUSTER}-clients-ca`, { "ca.key": b64(broker.clientsCa.privateKeyPem) }),
      secret(`${CLUSTER}-cluster-ca-cert`, { "ca.crt": b64(broker.clusterCa.certificatePem) }),
      // The broker's super user CN=user-operator stands for CN=my-cluster-entity-user-operator, O=io.strimzi here.
      secret(`${CLUSTER}-entity-user-operator-certs`, { "entity-operator.crt": b64(broker.operator.certPem), "entity-operator.key": b64(broker.operator.keyPem) }),
    ];
    await cluster.kubectl(["apply", "-f", "-"], objects.map((o) => yaml.dump(o)).join("---\n"));
    const identity = issueClientCertificate(cluster.dir, "entity-operator", OPERATOR_USER);
    const kubeconfigFile = writeClientKubeconfig(cluster.dir, "entity-operator", cluster.server, cluster.credentials.caCertificate, identity);
    const kafka = new KafkaClient({
      bootstrap: broker.tlsBootstrap, tls: { caPem: broker.clusterCa.certificatePem, certPem: broker.operator.certPem, keyPem: broker.operator.keyPem },
      connectTimeoutMs: 10_000, requestTimeoutMs: 60_000,
    });
    const started = broker;
    return {
      cluster,
      broker,
      kubeConfig: clientKubeConfig(cluster, identity),
      kubeconfigFile,
      env: {
        STRIMZI_KAFKA_BOOTSTRAP_SERVERS: broker.tlsBootstrap,
        STRIMZI_NAMESPACE: NS,
        STRIMZI_LABELS: `strimzi.io/cluster=${CLUSTER}`,
        STRIMZI_FULL_RECONCILIATION_INTERVAL_MS: String(options.fullReconciliationIntervalMs),
        STRIMZI_CA_KEY_NAME: `${CLUSTER}-clients-ca`,
        STRIMZI_CA_CERT_NAME: `${CLUSTER}-clients-ca-cert`,
        STRIMZI_CA_NAMESPACE: NS,
        STRIMZI_CA_VALIDITY: "365",
        STRIMZI_CA_RENEWAL: "30",
        STRIMZI_CLUSTER_CA_CERT_SECRET_NAME: `${CLUSTER}-cluster-ca-cert`,
        STRIMZI_EO_KEY_SECRET_NAME: `${CLUSTER}-entity-user-operator-certs`,
        STRIMZI_SECRET_PREFIX: "",
        STRIMZI_ACLS_ADMIN_API_SUPPORTED: "true",
      },
      kafka,
      async stop() {
        await kafka.close();
        await started.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await broker?.stop();
    await cluster.stop();
    throw error;
  }
}
