// The brokers' children: a StrimziPodSet per node pool, a ConfigMap per node, the
// Secrets of the certificates, the Services, Ingresses, Routes and TLSRoutes of
// the listeners, the disruption budget, the service account and the network
// policy. (The brokers' configuration files are written by lib/config.)
import type { ConfigMap } from "../../api/kubernetes.js";
import type { StrimziPodSet } from "../../api/strimzi-podset.js";
import { caSecrets, nodeCertSecret, operatorCertSecret, trustBundleSecret } from "../../builders/secrets.js";
import { listenerChildren } from "../../builders/listener-children.js";
import type { ClusterCertificates } from "../../certificates/cluster-certificates.js";
import type { EndEntityCertificate } from "../../certificates/node-certificates.js";
import { shortHash } from "../../hash.js";
import { brokerPropertySections, type BrokerPropertySections } from "../../config/broker-properties.js";
import { restartingProperties, runTimeOptions } from "../../config/run-time-options.js";
import { LOG4J2_PROPERTIES_KEY, METADATA_VERSION_KEY, METRICS_CONFIG_KEY, SERVER_PROPERTIES_KEY } from "../../kafka-files/paths.js";
import { ANNOTATION } from "../../labels.js";
import { podsWaitingForAddresses } from "../../model/listener-addresses.js";
import { NODE_ADDRESS_KEY } from "../../model/node-addresses.js";
import { NODE_RACK_KEY } from "../../model/node-rack.js";
import type { ObservedClusterModel } from "../../model/observed-cluster.js";
import type { KafkaNode } from "../../model/types.js";
import { operatorCertsSecretName } from "../../names.js";
import { asChild, type ClusterState, type OperandChildren } from "../operand.js";
import { networkPolicy } from "./network-policy.js";
import { nodeConfigMap, serverProperties } from "./node-configmap.js";
import { podDisruptionBudget } from "./pod-disruption-budget.js";
import { podSet } from "./podset.js";
import { serviceAccount } from "./service-account.js";
import { bootstrapService, brokersService } from "./services.js";

export interface BrokersChildren extends OperandChildren {
  podSets: readonly StrimziPodSet[];
}

/**
 * The files of facts about the node a broker runs on (its addresses, its rack) are read by Kafka at start only:
 * they stay out of the configuration hash, so a pod that moves is not restarted for them.
 */
function withNodeFacts(configMap: ConfigMap, files: { address: string | undefined; rack: string | undefined }): ConfigMap {
  if (files.address === undefined && files.rack === undefined) return configMap;
  return {
    ...configMap,
    data: {
      ...configMap.data,
      ...(files.address !== undefined ? { [NODE_ADDRESS_KEY]: files.address } : {}),
      ...(files.rack !== undefined ? { [NODE_RACK_KEY]: files.rack } : {}),
    },
  };
}

/**
 * The part of a node's ConfigMap whose change restarts it: all but the logging,
 * which log4j2 re-reads by itself (monitorInterval), so that a log level changes
 * without a restart, as in Strimzi; the JMX exporter's rules, which its agent
 * re-reads when the file changes; the metadata version, which only formats new
 * storage (Kafka raises the running cluster's through UpdateFeatures, not a
 * restart); and the options the sidecar applies at run time
 * (lib/config/run-time-options.ts). Without such options server.properties
 * counts whole, so the hash of a cluster that has none is what it always was.
 */
function restartingConfiguration(model: ObservedClusterModel, node: KafkaNode, configMap: ConfigMap, sections: BrokerPropertySections): Record<string, string> {
  const { [LOG4J2_PROPERTIES_KEY]: _logging, [METRICS_CONFIG_KEY]: _metrics, [METADATA_VERSION_KEY]: _metadataVersion, ...rest } = configMap.data ?? {};
  const restarting = restartingProperties(model.kafkaVersion, node, sections);
  if (restarting.length === sections.operator.length + sections.user.length) return rest;
  return { ...rest, [SERVER_PROPERTIES_KEY]: serverProperties(model, node, restarting) };
}

/** Annotations that restart a pod when the certificates it started with change. */
function certificateAnnotations(certificates: ClusterCertificates, node: KafkaNode, own: EndEntityCertificate | undefined): Record<string, string> {
  // Brokers also serve the listeners' own certificates.
  const served = [own?.certificatePem, ...(node.isBroker ? certificates.listeners.map((l) => l.certificatePem) : [])];
  return {
    [ANNOTATION.clusterCaCertGeneration]: String(certificates.clusterCa.certGeneration),
    [ANNOTATION.clusterCaKeyGeneration]: String(certificates.clusterCa.keyGeneration),
    [ANNOTATION.clientsCaCertGeneration]: String(certificates.clientsCa.certGeneration),
    ...(own?.certificatePem ? { [ANNOTATION.serverCertHash]: shortHash(served.join("")) } : {}),
  };
}

export function brokersChildren({ model, certificates, observedPods: observedPodNames, replicationClients }: ClusterState): BrokersChildren {
  const addresses = model.listenerAddresses;
  const observedPods = new Set(observedPodNames);
  const perNode = model.nodes.map((node) => {
    const sections = brokerPropertySections(model, node);
    return { node, sections, configMap: nodeConfigMap(model, node, sections), certificate: certificates.nodes.get(node.podName) };
  });
  // A pod restarts when its configuration or certificates change: their hashes and
  // generations are part of the pod, so the pod's revision changes with them.
  const podAnnotations = new Map(perNode.map(({ node, sections, configMap, certificate }) => [node.podName, {
    [ANNOTATION.configurationHash]: shortHash(JSON.stringify(restartingConfiguration(model, node, configMap, sections))),
    // What the pod runs, as Strimzi's pods say it: how the next sync tells an upgrade from a downgrade.
    [ANNOTATION.kafkaVersion]: model.kafkaVersion,
    ...certificateAnnotations(certificates, node, certificate),
  }]));
  // A new node without a certificate could not start, and a new broker would start advertising
  // an address that is not known yet; each joins once it has what it needs.
  const waitingForAddresses = podsWaitingForAddresses(addresses);
  const heldBack = new Set(perNode
    .filter(({ node, certificate }) => (!certificate?.certificatePem || waitingForAddresses.has(node.podName)) && !observedPods.has(node.podName))
    .map(({ node }) => node.podName));
  // `spec.kafka.config` is the cluster's: every broker has the same user options.
  const runTime = runTimeOptions(model.kafkaVersion, perNode.find(({ node }) => node.isBroker)?.sections.user ?? [], model.defaultUserQuotas);
  const podSets = model.pools.map((pool) => podSet(model, pool, podAnnotations, heldBack, runTime));
  const children = [
    ...podSets,
    ...perNode.map(({ node, configMap }) => withNodeFacts(configMap, {
      address: addresses.nodeAddressFiles.get(node.podName),
      rack: model.nodeRackFiles.get(node.podName),
    })),
    ...caSecrets(model, certificates.clusterCa),
    ...caSecrets(model, certificates.clientsCa),
    trustBundleSecret(model, certificates.clusterCa, certificates.clientsCa),
    ...perNode.flatMap(({ node, certificate }) => (certificate?.certificatePem ? [nodeCertSecret(model, node, certificate, certificates.listeners)] : [])),
    ...(certificates.operator.certificatePem ? [operatorCertSecret(model, certificates.operator)] : []),
    bootstrapService(model),
    brokersService(model),
    ...listenerChildren(model),
    podDisruptionBudget(model),
    serviceAccount(model),
    networkPolicy(model, replicationClients),
  ].map(asChild);
  const pending = (c: EndEntityCertificate | undefined) => c?.state === "stale" || c?.state === "missing";
  const certificatesPending = [
    ...perNode.filter(({ certificate }) => pending(certificate)).map(({ node }) => node.podName),
    ...(pending(certificates.operator) ? [operatorCertsSecretName(model.name)] : []),
  ];
  return { children, podSets, certificatesPending };
}
