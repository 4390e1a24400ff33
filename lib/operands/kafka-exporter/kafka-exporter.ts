// Kafka Exporter (`spec.kafkaExporter`): consumer group lag and topic offsets as
// Prometheus metrics, read over the replication listener with a client
// certificate of the cluster CA. Strimzi's KafkaExporterReconciler makes, in
// this order, its ServiceAccount, certificate Secret, NetworkPolicy, disruption
// budget and Deployment (no Service: PodMonitors scrape the pods), and the Kafka
// is Ready once the Deployment is.
import type { Deployment } from "../../api/kubernetes.js";
import { clientCertSecret } from "../../builders/secrets.js";
import { clientCertsSecretName } from "../../names.js";
import { deploymentReadiness } from "../../status/deployment-readiness.js";
import { asChild, CHILD_TYPE, registerOperand, type ChildType, type OperandChildren } from "../operand.js";
import { kafkaExporterDeployment } from "./deployment.js";
import { KAFKA_EXPORTER, type KafkaExporterInput } from "./input.js";
import { kafkaExporterNetworkPolicy, kafkaExporterPodDisruptionBudget, kafkaExporterServiceAccount } from "./objects.js";

interface KafkaExporterChildren extends OperandChildren {
  deployment: Deployment | undefined;
}

const CHILD_TYPES: readonly ChildType[] = [
  CHILD_TYPE.serviceAccount, CHILD_TYPE.secret, CHILD_TYPE.networkPolicy, CHILD_TYPE.podDisruptionBudget, CHILD_TYPE.deployment,
];

function kafkaExporterChildren(input: KafkaExporterInput): KafkaExporterChildren {
  const { cluster, certificate } = input;
  const certificatePem = certificate?.certificatePem;
  const deployment = certificatePem === undefined ? undefined : kafkaExporterDeployment(input, certificatePem);
  const children = [
    kafkaExporterServiceAccount(input),
    ...(certificate !== undefined && certificatePem !== undefined ? [clientCertSecret(cluster, KAFKA_EXPORTER, certificate)] : []),
    kafkaExporterNetworkPolicy(input),
    kafkaExporterPodDisruptionBudget(input),
    ...(deployment ? [deployment] : []),
  ].map(asChild);
  const pending = certificate === undefined || certificate.state === "stale" || certificate.state === "missing";
  return { children, deployment, certificatesPending: pending ? [clientCertsSecretName(cluster.name, KAFKA_EXPORTER)] : [] };
}

export const KAFKA_EXPORTER_OPERAND = registerOperand({
  name: KAFKA_EXPORTER,
  childTypes: CHILD_TYPES,
  clientCertificates: [{ component: KAFKA_EXPORTER, keyName: KAFKA_EXPORTER }],
  replicationClients: [KAFKA_EXPORTER],
  requested: (spec) => spec.kafkaExporter !== undefined,
  input: ({ spec, model, certificates }): KafkaExporterInput => ({
    cluster: { name: model.name, namespace: model.namespace },
    kafkaVersion: model.kafkaVersion,
    spec: spec.kafkaExporter ?? {},
    certificate: certificates.clients.get(KAFKA_EXPORTER),
    clusterCa: certificates.clusterCa,
  }),
  children: kafkaExporterChildren,
  readiness: ({ deployment }, observed) =>
    (deployment === undefined ? `Deployment of ${KAFKA_EXPORTER} waits for its certificate` : deploymentReadiness(deployment, observed.children)),
});
