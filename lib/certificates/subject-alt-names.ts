// The names a node's certificate must cover: every name a peer or a client can
// use to reach it. A change to this list re-issues the certificate.
import { CLUSTER_DOMAIN, bootstrapServiceName, brokersServiceName, podDnsName, serviceDnsNames } from "../names.js";
import type { ObservedClusterModel } from "../model/observed-cluster.js";
import type { KafkaNode } from "../model/types.js";
import { isIpAddress } from "../pki/ip-address.js";

export interface SubjectAltNames {
  dnsNames: string[];
  ipAddresses: string[];
}

export function nodeSubjectAltNames(model: Pick<ObservedClusterModel, "name" | "namespace" | "listenerAddresses">, node: KafkaNode): SubjectAltNames {
  const { name, namespace } = model;
  // Every node, controllers too, carries the pod's and the cluster Services' names, as in
  // Strimzi (KafkaCluster.buildKafkaNodeCertsSubject): tools that verify a node reached
  // through a Service accept any node's certificate.
  const names = [
    podDnsName(name, namespace, node.podName),
    podDnsName(name, namespace, node.podName, CLUSTER_DOMAIN),
    ...serviceDnsNames(bootstrapServiceName(name), namespace),
    ...serviceDnsNames(brokersServiceName(name), namespace),
  ];
  // Clients reach brokers through the listeners' external addresses too. Controllers are not
  // reached that way, so a change of external addresses never restarts them.
  if (node.isBroker) {
    for (const listener of model.listenerAddresses.listeners) {
      names.push(...listener.bootstrapNames, ...(listener.brokers.get(node.podName)?.certificateNames ?? []));
    }
  }
  const unique = [...new Set(names)].sort();
  return { dnsNames: unique.filter((n) => !isIpAddress(n)), ipAddresses: unique.filter(isIpAddress) };
}
