// The names a node's certificate must cover: every name a peer or a client can
// use to reach it. A change to this list re-issues the certificate.
import { CLUSTER_DOMAIN, bootstrapServiceName, brokersServiceName, podDnsName, serviceDnsNames } from "../names.js";
import { listenerAddressesOf } from "../model/listener-addresses.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { isIpAddress } from "../pki/ip-address.js";

export interface SubjectAltNames {
  dnsNames: string[];
  ipAddresses: string[];
}

export function nodeSubjectAltNames(model: KafkaClusterModel, node: KafkaNode): SubjectAltNames {
  const { name, namespace } = model;
  const names = [podDnsName(name, namespace, node.podName), podDnsName(name, namespace, node.podName, CLUSTER_DOMAIN)];
  // Clients reach brokers through the Services and the listeners' external addresses, and verify
  // the broker's name. Controllers are reached by peers only, so external changes never restart them.
  if (node.isBroker) {
    names.push(...serviceDnsNames(bootstrapServiceName(name), namespace), ...serviceDnsNames(brokersServiceName(name), namespace));
    for (const listener of listenerAddressesOf(model).listeners) {
      names.push(...listener.bootstrapNames, ...(listener.brokers.get(node.podName)?.certificateNames ?? []));
    }
  }
  const unique = [...new Set(names)].sort();
  return { dnsNames: unique.filter((n) => !isIpAddress(n)), ipAddresses: unique.filter(isIpAddress) };
}
