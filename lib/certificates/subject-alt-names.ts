// The names a node's certificate must cover: every name a peer or a client can
// use to reach it. A change to this list re-issues the certificate.
import { CLUSTER_DOMAIN, bootstrapServiceName, brokersServiceName, podDnsName, serviceDnsNames } from "../names.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";

export function nodeDnsNames(model: KafkaClusterModel, node: KafkaNode): string[] {
  const { name, namespace } = model;
  const names = [podDnsName(name, namespace, node.podName), podDnsName(name, namespace, node.podName, CLUSTER_DOMAIN)];
  // Clients reach brokers through the Services, and verify the broker's name.
  if (node.isBroker) names.push(...serviceDnsNames(bootstrapServiceName(name), namespace), ...serviceDnsNames(brokersServiceName(name), namespace));
  return [...new Set(names)].sort();
}
