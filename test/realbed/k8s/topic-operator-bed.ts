// What the Topic Operator's beds share: a control plane with the KafkaTopic
// CRD, one real Kafka node over mutual TLS (tls-broker.ts), the namespace with
// the cluster CA and operator certificate Secrets, the Entity Operator's Role
// (Strimzi's entity-operator rules for KafkaTopics and Secrets) bound to its
// ServiceAccount, a KubeConfig authenticating as that ServiceAccount, the
// contract's env, and an admin client reading Kafka back.
import { join } from "node:path";
import yaml from "js-yaml";
import type { KubeConfig } from "../../../sidecar/kube/config.js";
import { KafkaClient } from "../../../sidecar/kafka/client.js";
import { repoRoot } from "../../helpers/paths.js";
import { kafkaImage } from "../real-world.js";
import { issueClientCertificate } from "./certificates.js";
import { clientKubeConfig, crdsEstablished, startCluster, type ClusterOptions, type RealCluster } from "./cluster.js";
import { startTlsBroker, type TlsBroker } from "./tls-broker.js";

export const NS = "kafka";
export const CLUSTER = "my-cluster";
export const OPERATOR_USER = `system:serviceaccount:${NS}:${CLUSTER}-entity-operator`;

export interface TopicOperatorBed {
  cluster: RealCluster;
  broker: TlsBroker;
  /** As the Entity Operator's ServiceAccount. */
  kubeConfig: KubeConfig;
  /** The client certificate behind kubeConfig, for a kubeconfig file. */
  identity: { certificate: string; key: string };
  /** The contract's env for the topic-operator container, the bootstrap aside (the node's loopback listener). */
  env: Record<string, string>;
  kafka: KafkaClient;
  stop(): Promise<void>;
}

const b64 = (text: string): string => Buffer.from(text).toString("base64");

export async function startTopicOperatorBed(options: { fullReconciliationIntervalMs: number; brokerHeap?: string } & ClusterOptions): Promise<TopicOperatorBed> {
  const cluster = await startCluster(options.apiServerArgs ? { apiServerArgs: options.apiServerArgs } : {});
  try {
    await cluster.kubectl(["apply", "-f", join(repoRoot, "manifests", "crds", "kafkatopics.kafka.strimzi.io.yaml")]);
    await crdsEstablished(cluster);
    const broker = await startTlsBroker(kafkaImage(), cluster.dir, `${CLUSTER}-entity-topic-operator`, options.brokerHeap);
    const objects = [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: `${CLUSTER}-entity-operator`, namespace: NS },
        rules: [
          { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] },
          { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics/status"], verbs: ["get", "patch", "update"] },
          { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics/finalizers"], verbs: ["update"] },
          { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch", "create", "delete", "patch", "update"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: `${CLUSTER}-entity-topic-operator-role`, namespace: NS },
        subjects: [{ kind: "User", name: OPERATOR_USER }],
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${CLUSTER}-entity-operator` },
      },
      { apiVersion: "v1", kind: "Secret", metadata: { name: `${CLUSTER}-cluster-ca-cert`, namespace: NS }, data: { "ca.crt": b64(broker.caPem) } },
      {
        apiVersion: "v1", kind: "Secret", metadata: { name: `${CLUSTER}-entity-topic-operator-certs`, namespace: NS },
        data: { "entity-operator.crt": b64(broker.client.certPem), "entity-operator.key": b64(broker.client.keyPem) },
      },
    ];
    await cluster.kubectl(["apply", "-f", "-"], objects.map((o) => yaml.dump(o)).join("---\n"));
    // A ServiceAccount's groups, so the API server's flow control treats it as it treats the operator's token in a pod.
    const identity = issueClientCertificate(cluster.dir, "entity-operator", OPERATOR_USER, ["system:serviceaccounts", `system:serviceaccounts:${NS}`]);
    const kafka = new KafkaClient({ bootstrap: broker.bootstrap, tls: { caPem: broker.caPem, ...broker.client }, connectTimeoutMs: 10_000, requestTimeoutMs: 60_000 });
    return {
      cluster,
      broker,
      kubeConfig: clientKubeConfig(cluster, identity),
      identity,
      env: {
        STRIMZI_RESOURCE_LABELS: `strimzi.io/cluster=${CLUSTER}`,
        STRIMZI_KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
        STRIMZI_NAMESPACE: NS,
        STRIMZI_CLUSTER_NAMESPACE: NS,
        STRIMZI_FULL_RECONCILIATION_INTERVAL_MS: String(options.fullReconciliationIntervalMs),
        STRIMZI_SECURITY_PROTOCOL: "SSL",
        STRIMZI_TLS_TRUSTED_CERTS_SECRET_NAME: `${CLUSTER}-cluster-ca-cert`,
        STRIMZI_TLS_SECRET_NAME: `${CLUSTER}-entity-topic-operator-certs`,
        STRIMZI_TLS_KEY_NAME: "entity-operator.key",
        STRIMZI_TLS_CERT_NAME: "entity-operator.crt",
      },
      kafka,
      async stop() {
        await kafka.close();
        await broker.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
