// Customize hooks: which objects besides its children each controller must see.
// Every rule names the parent's namespace: in v2 a rule without one searches all.
import { KAFKA_API_VERSION } from "../api/kafka.js";
import { STRIMZI_PODSET_API_VERSION } from "../api/strimzi-podset.js";
import type { KubeObject } from "../api/kubernetes.js";
import { validateKafka, validateKafkaBridge, validateKafkaConnect, validateKafkaMirrorMaker2 } from "../api/validate.js";
import type { KafkaClientsSpec } from "../api/kafka-clients.js";
import type { Logging, MetricsConfig } from "../api/kafka.js";
import { LABEL } from "../labels.js";
import { advertisesNodeAddress } from "../model/listener-types.js";
import { clientSecretNames } from "../operands/kafka-clients/client-secrets.js";
import { rackTopologyKey } from "../model/node-rack.js";
import type { CustomizeResponse, RelatedResourceRule } from "../metacontroller.js";
import { clientsCaCertSecretName, clientsCaKeySecretName, clusterCaCertSecretName, clusterCaKeySecretName, retainedSecretName } from "../names.js";

const byCluster = (cluster: string) => ({ matchLabels: { [LABEL.cluster]: cluster } });

/**
 * Objects the Kafka hook reads besides its children: its pools, the user's CA Secrets and those kept
 * from an earlier Kafka of the same name, listener
 * certificates, Cruise Control's API users, logging (the Entity Operator's and Cruise Control's too) and metrics ConfigMaps, and for node port listeners the broker pods and the
 * Nodes they run on (a broker advertises its node's address). What the spec names is read
 * only from a Kafka that passes its schema: the sync refuses any other, and needs no more
 * than its pools, CA Secrets and claims to say why.
 */
export function customizeKafka(parent: KubeObject): CustomizeResponse {
  const { name } = parent.metadata;
  const namespace = parent.metadata.namespace ?? "";
  const validated = validateKafka(parent);
  const spec = validated.ok ? validated.value.spec.kafka : undefined;
  const entityOperator = validated.ok ? validated.value.spec.entityOperator : undefined;
  const cruiseControl = validated.ok ? validated.value.spec.cruiseControl : undefined;
  const caSecrets = [clusterCaCertSecretName(name), clusterCaKeySecretName(name), clientsCaCertSecretName(name), clientsCaKeySecretName(name)];
  const secrets = new Set([
    ...caSecrets,
    ...caSecrets.map(retainedSecretName),
    ...(spec?.listeners ?? []).flatMap((l) => l.configuration?.brokerCertChainAndKey?.secretName ?? []),
    ...(cruiseControl?.apiUsers?.valueFrom?.secretKeyRef?.name ? [cruiseControl.apiUsers.valueFrom.secretKeyRef.name] : []),
  ]);
  const configMaps = new Set([
    spec?.logging?.valueFrom?.configMapKeyRef?.name,
    spec?.metricsConfig?.valueFrom?.configMapKeyRef?.name,
    entityOperator?.topicOperator?.logging?.valueFrom?.configMapKeyRef?.name,
    entityOperator?.userOperator?.logging?.valueFrom?.configMapKeyRef?.name,
    cruiseControl?.logging?.valueFrom?.configMapKeyRef?.name,
  ].filter((n): n is string => !!n));
  const rules: RelatedResourceRule[] = [
    { apiVersion: KAFKA_API_VERSION, resource: "kafkanodepools", namespace, labelSelector: byCluster(name) },
    { apiVersion: "v1", resource: "secrets", namespace, names: [...secrets].sort() },
    // Claims outlive the cluster's other objects and remember its id: a Kafka re-created with the same name finds it there.
    { apiVersion: "v1", resource: "persistentvolumeclaims", namespace, labelSelector: byCluster(name) },
  ];
  if (configMaps.size > 0) rules.push({ apiVersion: "v1", resource: "configmaps", namespace, names: [...configMaps].sort() });
  // Node port listeners advertise, and topology-label racks are, facts of the nodes brokers run on.
  if ((spec?.listeners ?? []).some((l) => advertisesNodeAddress(l.type)) || (spec !== undefined && rackTopologyKey(spec) !== undefined)) {
    rules.push(
      { apiVersion: "v1", resource: "pods", namespace, labelSelector: { matchLabels: { [LABEL.cluster]: name, [LABEL.brokerRole]: "true" } } },
      // Which nodes brokers will run on is known only once they are scheduled: every Node, so a move is seen at once.
      { apiVersion: "v1", resource: "nodes", labelSelector: {} },
    );
  }
  return { relatedResources: rules };
}

/** A pool's status needs its Kafka, its sibling pools and the cluster's PodSets (for node ids). */
export function customizeKafkaNodePool(parent: KubeObject): CustomizeResponse {
  const namespace = parent.metadata.namespace ?? "";
  const cluster = parent.metadata.labels?.[LABEL.cluster];
  if (!cluster) return { relatedResources: [] };
  return {
    relatedResources: [
      { apiVersion: KAFKA_API_VERSION, resource: "kafkas", namespace, names: [cluster] },
      { apiVersion: KAFKA_API_VERSION, resource: "kafkanodepools", namespace, labelSelector: byCluster(cluster) },
      { apiVersion: STRIMZI_PODSET_API_VERSION, resource: "strimzipodsets", namespace, labelSelector: byCluster(cluster) },
    ],
  };
}

/** The Secrets an operand's Kafka clients trust and authenticate with, and its logging and metrics ConfigMaps. */
function kafkaClientsOperandRelated(namespace: string, spec: KafkaClientsSpec & { logging?: Logging; metricsConfig?: MetricsConfig }): CustomizeResponse {
  const secrets = clientSecretNames(spec);
  const configMaps = [...new Set([spec.logging?.valueFrom?.configMapKeyRef?.name, spec.metricsConfig?.valueFrom?.configMapKeyRef?.name]
    .filter((n): n is string => !!n))].sort();
  return {
    relatedResources: [
      ...(secrets.length > 0 ? [{ apiVersion: "v1", resource: "secrets", namespace, names: secrets }] : []),
      ...(configMaps.length > 0 ? [{ apiVersion: "v1", resource: "configmaps", namespace, names: configMaps }] : []),
    ],
  };
}

/**
 * A Bridge reads the Secrets its Kafka clients trust and authenticate with (to gather the trusted
 * certificates and restart the pods when one changes) and its logging and metrics ConfigMaps.
 * Only from a Bridge that passes its schema: the sync refuses any other and needs nothing to say why.
 */
export function customizeKafkaBridge(parent: KubeObject): CustomizeResponse {
  const validated = validateKafkaBridge(parent);
  return validated.ok ? kafkaClientsOperandRelated(parent.metadata.namespace ?? "", validated.value.spec) : { relatedResources: [] };
}

/** A KafkaConnect reads what a Bridge reads, for the same reasons. */
export function customizeKafkaConnect(parent: KubeObject): CustomizeResponse {
  const validated = validateKafkaConnect(parent);
  return validated.ok ? kafkaClientsOperandRelated(parent.metadata.namespace ?? "", validated.value.spec) : { relatedResources: [] };
}

/** A KafkaMirrorMaker2 reads what a KafkaConnect reads, for the target's and every source's clients. */
export function customizeKafkaMirrorMaker2(parent: KubeObject): CustomizeResponse {
  const validated = validateKafkaMirrorMaker2(parent);
  if (!validated.ok) return { relatedResources: [] };
  const { spec } = validated.value;
  const namespace = parent.metadata.namespace ?? "";
  const secrets = [...new Set([spec.target, ...spec.mirrors.map((m) => m.source)].flatMap((cluster) => clientSecretNames(cluster)))].sort();
  const workers = kafkaClientsOperandRelated(namespace, { logging: spec.logging, metricsConfig: spec.metricsConfig });
  return {
    relatedResources: [
      ...(secrets.length > 0 ? [{ apiVersion: "v1", resource: "secrets", namespace, names: secrets }] : []),
      ...workers.relatedResources,
    ],
  };
}
