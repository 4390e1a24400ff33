// The Services of listeners that have their own (every type not on the cluster's
// shared Services): a bootstrap Service over all brokers and one Service per
// broker, of the type the listener type says (lib/model/listener-types.ts), named
// and configured as Strimzi does.
import type { GenericKafkaListener } from "../api/kafka.js";
import type { Service } from "../api/kubernetes.js";
import { LABEL } from "../labels.js";
import { listenerBootstrapServiceName, listenerPortName, perBrokerObjectName } from "../model/listener-names.js";
import { brokerExternalIps, brokerLoadBalancerIp, brokerNodePort } from "../model/listener-templates.js";
import { LISTENER_TYPES, type ListenerTypeRules } from "../model/listener-types.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { bootstrapMetadata, perBrokerMetadata } from "./listener-metadata.js";
import { nodeSelectorLabels } from "./metadata.js";
import { tcpPort } from "./service-ports.js";

type ServiceSpec = NonNullable<Service["spec"]>;

type ServiceType = Exclude<ListenerTypeRules["services"], "shared">;

const nonEmpty = <T>(values: readonly T[] | undefined): values is readonly T[] => values !== undefined && values.length > 0;

/** What every Service of the listener shares, and the settings that depend on its type. */
function spec(
  listener: GenericKafkaListener, type: ServiceType, selector: Record<string, string>,
  addressing: { nodePort?: number; loadBalancerIP?: string; externalIPs?: string[] },
): ServiceSpec {
  const configuration = listener.configuration;
  const external = type === "NodePort" || type === "LoadBalancer";
  // A load balancer is reached through node ports too; Strimzi applies the requested ones to both types.
  const port = { ...tcpPort(listenerPortName(listener), listener.port), ...(external && addressing.nodePort !== undefined ? { nodePort: addressing.nodePort } : {}) };
  const loadBalancer = type === "LoadBalancer";
  return {
    type,
    selector,
    ports: [port],
    ...(loadBalancer && addressing.loadBalancerIP !== undefined ? { loadBalancerIP: addressing.loadBalancerIP } : {}),
    ...(loadBalancer && nonEmpty(configuration?.loadBalancerSourceRanges) ? { loadBalancerSourceRanges: [...configuration.loadBalancerSourceRanges] } : {}),
    ...(loadBalancer && configuration?.class !== undefined ? { loadBalancerClass: configuration.class } : {}),
    ...(loadBalancer && configuration?.allocateLoadBalancerNodePorts !== undefined ? { allocateLoadBalancerNodePorts: configuration.allocateLoadBalancerNodePorts } : {}),
    ...(type === "NodePort" && nonEmpty(addressing.externalIPs) ? { externalIPs: [...addressing.externalIPs] } : {}),
    // Spelled out, as Strimzi does: the API server would default it to Cluster.
    ...(external ? { externalTrafficPolicy: configuration?.externalTrafficPolicy ?? "Cluster" } : {}),
    ...(configuration?.ipFamilyPolicy ? { ipFamilyPolicy: configuration.ipFamilyPolicy } : {}),
    ...(nonEmpty(configuration?.ipFamilies) ? { ipFamilies: [...configuration.ipFamilies] } : {}),
    ...(configuration?.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: configuration.publishNotReadyAddresses } : {}),
  };
}

/** Load balancer finalizers, such as the cloud's cleanup finalizer, go on load balancer Services only. */
function withFinalizers(service: Service, listener: GenericKafkaListener): Service {
  const finalizers = listener.configuration?.finalizers;
  if (service.spec?.type !== "LoadBalancer" || !nonEmpty(finalizers)) return service;
  return { ...service, metadata: { ...service.metadata, finalizers: [...finalizers] } };
}

function bootstrapService(model: KafkaClusterModel, listener: GenericKafkaListener, type: ServiceType): Service {
  const bootstrap = listener.configuration?.bootstrap;
  return withFinalizers({
    apiVersion: "v1",
    kind: "Service",
    metadata: bootstrapMetadata(model, listenerBootstrapServiceName(model.name, listener), listener, model.template?.externalBootstrapService),
    spec: spec(listener, type, { ...nodeSelectorLabels(model.name), [LABEL.brokerRole]: "true" }, {
      ...(bootstrap?.nodePort !== undefined ? { nodePort: bootstrap.nodePort } : {}),
      ...(bootstrap?.loadBalancerIP !== undefined ? { loadBalancerIP: bootstrap.loadBalancerIP } : {}),
      ...(bootstrap?.externalIPs !== undefined ? { externalIPs: bootstrap.externalIPs } : {}),
    }),
  }, listener);
}

function perBrokerService(model: KafkaClusterModel, listener: GenericKafkaListener, type: ServiceType, node: KafkaNode): Service {
  const nodePort = brokerNodePort(listener, node.nodeId);
  const loadBalancerIP = brokerLoadBalancerIp(listener, node.nodeId);
  const externalIPs = brokerExternalIps(listener, node.nodeId);
  return withFinalizers({
    apiVersion: "v1",
    kind: "Service",
    metadata: perBrokerMetadata(model, perBrokerObjectName(model.name, node.pool, node.nodeId, listener), listener, node, "perPodService"),
    spec: spec(listener, type, { ...nodeSelectorLabels(model.name), [LABEL.podName]: node.podName }, {
      ...(nodePort !== undefined ? { nodePort } : {}),
      ...(loadBalancerIP !== undefined ? { loadBalancerIP } : {}),
      ...(externalIPs !== undefined ? { externalIPs } : {}),
    }),
  }, listener);
}

/** Bootstrap and per-broker Services of every listener with Services of its own, listener by listener. */
export function listenerServices(model: KafkaClusterModel): Service[] {
  const brokers = model.nodes.filter((n) => n.isBroker);
  return model.listeners.flatMap((listener) => {
    const type = LISTENER_TYPES[listener.type].services;
    if (type === "shared") return [];
    return [
      // A load balancer listener may do without a bootstrap load balancer: clients then start from any broker's.
      ...(type === "LoadBalancer" && listener.configuration?.createBootstrapService === false ? [] : [bootstrapService(model, listener, type)]),
      ...brokers.map((node) => perBrokerService(model, listener, type, node)),
    ];
  });
}
